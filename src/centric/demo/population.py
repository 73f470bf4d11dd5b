"""The demo's ground truth about people: who each customer really is, where they live, and how.

Customers are drawn in households (shared address and landline, often a shared family name,
sometimes one family e-mail; now and then twins), about a fifth speak Spanish (most living in
Spain, with two family names and +34 phones), some moved house during the period, and a few
share their full name with an unrelated person. Every array is drawn with numpy from the seed,
so a million people take seconds. Source systems later copy these facts with their own
variations; this module must not model any source system or write files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from centric.demo.columns import label, shared_strings
from centric.demo.names import ascii_token, name_book
from centric.demo.retailer import CITIES, PERIOD_END, PERIOD_START, STORES

SPANISH_SHARE = 0.2
SPANISH_IN_SPAIN = 0.75
MOVER_SHARE = 0.1
FAMILY_EMAIL_SHARE = 0.12
NAMESAKE_SHARE = 0.004
TWIN_SHARE = 0.2  # of households with two or more children
OLD_EMAIL_SHARE = 0.18
LANDLINE_SHARE = 0.25
_HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5])
_HOUSEHOLD_WEIGHTS = np.array([0.5, 0.3, 0.1, 0.07, 0.03])
_POSTCODE_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"), dtype=object)
_UK_STEMS = (
    "High", "Church", "Station", "Mill", "Park", "Victoria", "Queen's", "King's", "Manor",
    "Green", "School", "North", "South", "West", "Albert", "Grange", "Chapel", "Springfield",
    "Windsor", "Orchard", "Meadow", "Oak", "Elm", "Beech", "Cedar", "Willow", "Ash",
    "Hawthorn", "Riverside", "Castle", "Market", "Bridge", "Alexandra", "York", "Clarence",
)  # fmt: skip
_UK_SUFFIXES = (
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Gardens", "Crescent",
    "Grove", "Place", "Terrace", "Court", "Walk", "Row", "Hill", "Rise", "Mews",
)  # fmt: skip
_ES_PREFIXES = (
    "Calle de", "Calle", "Avenida de", "Paseo de", "Plaza de", "Camino de", "Ronda de",
    "Travesía de",
)  # fmt: skip
_ES_PLACES = (
    "Alcalá", "Toledo", "Goya", "Serrano", "Atocha", "Valencia", "Aragón", "Mallorca",
    "Andalucía", "Castilla", "Galicia", "Extremadura", "la Paz", "la Constitución", "Colón",
    "Cervantes", "Velázquez", "Murillo", "Goya", "San Vicente", "Santa Ana", "los Olivos",
    "las Flores", "la Estación", "la Iglesia", "Miguel Hernández", "Blasco Ibáñez",
)  # fmt: skip
_UK_DOMAINS = (
    ("gmail.com", 0.34), ("hotmail.co.uk", 0.14), ("outlook.com", 0.1), ("yahoo.co.uk", 0.08),
    ("btinternet.com", 0.06), ("icloud.com", 0.08), ("live.co.uk", 0.05), ("sky.com", 0.04),
    ("aol.com", 0.03), ("virginmedia.com", 0.04), ("protonmail.com", 0.04),
)  # fmt: skip
_ES_DOMAINS = (
    ("gmail.com", 0.45), ("hotmail.es", 0.18), ("hotmail.com", 0.1), ("yahoo.es", 0.08),
    ("outlook.es", 0.07), ("telefonica.net", 0.05), ("icloud.com", 0.07),
)  # fmt: skip


@dataclass(frozen=True)
class Addresses:
    """One address per person, column-wise."""

    line1: np.ndarray
    line2: np.ndarray
    city: np.ndarray
    region: np.ndarray
    postcode: np.ndarray
    country: np.ndarray
    city_index: np.ndarray

    def take(self, index: np.ndarray) -> Addresses:
        """The addresses of the people at ``index``."""
        return Addresses(*(getattr(self, f)[index] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Population:
    """The true people behind every customer record, one array element per person."""

    person_id: np.ndarray
    language: np.ndarray  # "en" | "es"
    sex: np.ndarray  # "F" | "M"
    title: np.ndarray
    first: np.ndarray
    middle: np.ndarray  # None when none
    family1: np.ndarray
    family2: np.ndarray  # second Spanish family name, None otherwise
    dob: np.ndarray  # datetime64[D]
    email: np.ndarray
    old_email: np.ndarray  # an address they used before, None when none
    mobile: np.ndarray  # national digits, e.g. 07700900123 or 612345678
    mobile_country: np.ndarray  # "GB" | "ES": the network the mobile belongs to
    landline: np.ndarray  # national digits of the household's fixed line, None when none
    household: np.ndarray
    home: Addresses  # where they live at the end of the period
    previous: Addresses  # where they lived before moving (same as home if they did not move)
    moved_at: np.ndarray  # datetime64[s], NaT when they did not move
    home_store: np.ndarray  # index into STORES
    activity: np.ndarray  # how much they shop and get in touch, relative (mean about 1)
    mood: np.ndarray  # how satisfied they tend to be, standard normal

    @property
    def size(self) -> int:
        """Number of people."""
        return int(self.person_id.size)

    @property
    def family(self) -> np.ndarray:
        """The full family name: both Spanish family names when there are two."""
        return np.array(
            [
                a if b is None else f"{a} {b}"
                for a, b in zip(self.family1.tolist(), self.family2.tolist(), strict=True)
            ],
            dtype=object,
        )

    def address_at(self, index: np.ndarray, when: np.ndarray) -> Addresses:
        """Where the people at ``index`` lived at the times ``when`` (datetime64[s])."""
        moved = self.moved_at[index]
        before = ~np.isnat(moved) & (when < moved)
        current = self.home.take(index)
        old = self.previous.take(index)
        return Addresses(
            *(
                np.where(before, getattr(old, f), getattr(current, f))
                for f in Addresses.__dataclass_fields__
            )
        )


def draw_population(rng: np.random.Generator, size: int, *, first_id: int = 1) -> Population:
    """Draw ``size`` people in households.

    Args:
        rng: The random stream.
        size: How many people.
        first_id: Number of the first person (ids are ``P`` + 7 digits).

    Returns:
        The people, in household order.
    """
    sizes = rng.choice(_HOUSEHOLD_SIZES, size=size, p=_HOUSEHOLD_WEIGHTS)
    sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), size)) + 1]
    sizes[-1] -= int(sizes.sum()) - size
    households = sizes.size
    household = np.repeat(np.arange(households), sizes)
    role = np.arange(size) - np.repeat(np.cumsum(sizes) - sizes, sizes)

    h_spanish = rng.random(households) < SPANISH_SHARE
    h_in_spain = h_spanish & (rng.random(households) < SPANISH_IN_SPAIN)
    h_home = _draw_addresses(rng, h_in_spain)
    h_moved = rng.random(households) < MOVER_SHARE
    h_previous = _draw_previous(rng, h_home, h_in_spain, h_moved)
    span = int((PERIOD_END - PERIOD_START).total_seconds())
    h_moved_at = np.where(
        h_moved,
        np.datetime64(PERIOD_START, "s") + rng.integers(30 * 86400, span - 30 * 86400, households),
        np.datetime64("NaT", "s"),
    )
    h_landline = np.full(households, None, dtype=object)
    has_landline = rng.random(households) < LANDLINE_SHARE
    h_landline[has_landline] = _landlines(rng, h_home.city_index[has_landline])
    h_twins = (sizes >= 4) & (rng.random(households) < TWIN_SHARE)

    spanish = h_spanish[household]
    language = label(spanish, "es", "en")
    sex = label(rng.random(size) < 0.51, "F", "M")
    first = _draw_given(rng, language, sex)
    # Siblings and partners rarely share a given name; draw again when they do.
    head_first = first[np.cumsum(sizes) - sizes][household]
    clash = (role > 0) & (first == head_first)
    first[clash] = _draw_given(rng, language[clash], sex[clash])
    middle = np.full(size, None, dtype=object)
    has_middle = (language == "en") & (rng.random(size) < 0.3)
    middle[has_middle] = _draw_given(rng, language[has_middle], sex[has_middle])
    middle[has_middle & (middle == first)] = None

    family1, family2 = _draw_family_names(rng, household, role, sizes, spanish)
    dob = _draw_birth_dates(rng, household, role, sizes, h_twins)
    title = _titles(rng, language, sex)
    namesake = rng.random(size) < NAMESAKE_SHARE
    if namesake.any():
        # An unrelated person with the same full name: same language and sex, drawn at random.
        others = rng.integers(0, size, int(namesake.sum()))
        fits = (language[others] == language[namesake]) & (sex[others] == sex[namesake])
        targets = np.flatnonzero(namesake)[fits]
        first[targets] = first[others[fits]]
        family1[targets] = family1[others[fits]]
        family2[targets] = family2[others[fits]]

    home = h_home.take(household)
    previous = h_previous.take(household)
    in_spain = h_in_spain[household]
    mobile_country = label(in_spain | (spanish & (rng.random(size) < 0.5)), "ES", "GB")
    mobile = _mobiles(rng, mobile_country)
    email = _emails(rng, first, family1, family2, dob, language)
    shares_family_email = (
        (role == 1) & (sizes[household] >= 2) & (rng.random(size) < FAMILY_EMAIL_SHARE)
    )
    heads = np.cumsum(sizes) - sizes
    email[shares_family_email] = email[heads[household[shares_family_email]]]
    email = _make_unique(email, shares_family_email)
    old_email = np.full(size, None, dtype=object)
    has_old = rng.random(size) < OLD_EMAIL_SHARE
    old_email[has_old] = _emails(
        rng, first[has_old], family1[has_old], family2[has_old], dob[has_old], language[has_old]
    )
    old_email[has_old & (old_email == email)] = None
    store_of_city = _stores_by_city(rng, home.city_index)

    return Population(
        person_id=np.array([f"P{first_id + i:07d}" for i in range(size)], dtype=object),
        language=language,
        sex=sex,
        title=title,
        first=first,
        middle=middle,
        family1=family1,
        family2=family2,
        dob=dob,
        email=email,
        old_email=old_email,
        mobile=mobile,
        mobile_country=mobile_country,
        landline=h_landline[household],
        household=household,
        home=home,
        previous=previous,
        moved_at=h_moved_at[household],
        home_store=store_of_city,
        activity=rng.lognormal(-0.18, 0.6, size),
        mood=rng.standard_normal(size),
    )


def _draw_given(rng: np.random.Generator, language: np.ndarray, sex: np.ndarray) -> np.ndarray:
    out = np.empty(language.size, dtype=object)
    for (lang, sx), pool in name_book().given.items():
        where = np.flatnonzero((language == lang) & (sex == sx))
        out[where] = pool.names[pool.draw(rng, where.size)]
    return out


def _draw_family_names(
    rng: np.random.Generator,
    household: np.ndarray,
    role: np.ndarray,
    sizes: np.ndarray,
    spanish: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    pools = name_book().family
    size = household.size
    own1 = np.empty(size, dtype=object)
    own2 = np.full(size, None, dtype=object)
    for lang, pool in pools.items():
        where = np.flatnonzero(spanish == (lang == "es"))
        own1[where] = pool.names[pool.draw(rng, where.size)]
        if lang == "es":
            own2[where] = pool.names[pool.draw(rng, where.size)]
    heads = (np.cumsum(sizes) - sizes)[household]
    partners = np.minimum(heads + 1, size - 1)
    family1 = own1.copy()
    family2 = own2.copy()
    # British partners usually share the family name; Spanish partners keep their own names.
    shares = (~spanish) & (role == 1) & (rng.random(size) < 0.7)
    family1[shares] = own1[heads[shares]]
    children = role >= 2
    en_child = children & ~spanish & (rng.random(size) < 0.9)
    family1[en_child] = own1[heads[en_child]]
    es_child = children & spanish
    family1[es_child] = own1[heads[es_child]]
    with_partner = es_child & (sizes[household] >= 2)
    family2[with_partner] = own1[partners[with_partner]]
    return family1, family2


def _draw_birth_dates(
    rng: np.random.Generator,
    household: np.ndarray,
    role: np.ndarray,
    sizes: np.ndarray,
    twins: np.ndarray,
) -> np.ndarray:
    size = household.size
    heads = (np.cumsum(sizes) - sizes)[household]
    head_age = np.clip(18 + rng.gamma(2.4, 11.0, size), 18, 94)[heads]
    age = np.where(role == 1, np.clip(head_age + rng.normal(0, 4, size), 18, 96), head_age)
    child_age = np.clip(head_age - rng.uniform(22, 36, size), 18, 60)
    age = np.where(role >= 2, child_age, age)
    reference = np.datetime64("2026-06-30", "D")
    dob = (
        reference
        - (age * 365.25).astype("timedelta64[D]")
        - rng.integers(0, 365, size).astype("timedelta64[D]")
    )
    # Twins: the third and fourth members of a twin household share a birthday.
    twin_second = twins[household] & (role == 3)
    dob[twin_second] = dob[np.flatnonzero(twin_second) - 1]
    result: np.ndarray = dob
    return result


def _titles(rng: np.random.Generator, language: np.ndarray, sex: np.ndarray) -> np.ndarray:
    roll = rng.random(language.size)
    english_f = np.where(roll < 0.45, "Mrs", np.where(roll < 0.8, "Ms", "Miss"))
    english = np.where(sex == "F", english_f, "Mr")
    english = np.where(roll > 0.975, "Dr", english)
    spanish = np.where(sex == "F", "Sra", "Sr")
    return shared_strings(np.where(language == "es", spanish, english))


def _draw_addresses(rng: np.random.Generator, in_spain: np.ndarray) -> Addresses:
    count = in_spain.size
    city_index = np.empty(count, dtype=np.int64)
    for country in ("GB", "ES"):
        where = np.flatnonzero(in_spain == (country == "ES"))
        options = [i for i, c in enumerate(CITIES) if c.country == country]
        weights = np.array([CITIES[i].weight for i in options])
        city_index[where] = np.array(options)[
            rng.choice(len(options), size=where.size, p=weights / weights.sum())
        ]
    return _addresses_in(rng, city_index)


def _draw_previous(
    rng: np.random.Generator, home: Addresses, in_spain: np.ndarray, moved: np.ndarray
) -> Addresses:
    fresh = _draw_addresses(rng, in_spain)
    # Most movers stay in their city: keep the city, change street and postcode.
    same_city = rng.random(in_spain.size) < 0.6
    local = _addresses_in(rng, home.city_index)
    chosen = Addresses(
        *(
            np.where(same_city, getattr(local, f), getattr(fresh, f))
            for f in Addresses.__dataclass_fields__
        )
    )
    return Addresses(
        *(
            np.where(moved, getattr(chosen, f), getattr(home, f))
            for f in Addresses.__dataclass_fields__
        )
    )


def _addresses_in(rng: np.random.Generator, city_index: np.ndarray) -> Addresses:
    count = city_index.size
    country = np.array([CITIES[i].country for i in range(len(CITIES))], dtype=object)[city_index]
    spain = country == "ES"
    uk_streets, es_streets = _street_pools()
    number = rng.integers(1, 240, count)
    uk_street = uk_streets[rng.integers(0, uk_streets.size, count)]
    es_street = es_streets[rng.integers(0, es_streets.size, count)]
    line1 = np.array(
        [
            f"{s}, {n}" if sp else f"{n} {u}"
            for s, u, n, sp in zip(
                es_street.tolist(), uk_street.tolist(), number.tolist(), spain.tolist(), strict=True
            )
        ],
        dtype=object,
    )
    flat = rng.integers(1, 40, count)
    floor = rng.integers(1, 9, count)
    door = np.array(list("ABCDEF"), dtype=object)[rng.integers(0, 6, count)]
    roll = rng.random(count)
    line2 = np.full(count, None, dtype=object)
    uk_flat = ~spain & (roll < 0.15)
    line2[uk_flat] = [
        ("Flat " if r < 0.1 else "Apartment ") + str(f)
        for r, f in zip(roll[uk_flat].tolist(), flat[uk_flat].tolist(), strict=True)
    ]
    es_flat = spain & (roll < 0.75)
    line2[es_flat] = [
        f"{p}º {d}" for p, d in zip(floor[es_flat].tolist(), door[es_flat].tolist(), strict=True)
    ]
    postcode = _postcodes(rng, city_index)
    city = np.array([c.name for c in CITIES], dtype=object)[city_index]
    region = np.array([c.region for c in CITIES], dtype=object)[city_index]
    return Addresses(line1, line2, city, region, postcode, country, city_index)


@cache
def _street_pools() -> tuple[np.ndarray, np.ndarray]:
    book = name_book()
    family = book.family["en"].names[:220].tolist()
    uk = [f"{stem} {suffix}" for stem in [*_UK_STEMS, *family] for suffix in _UK_SUFFIXES]
    given = [*book.given[("es", "F")].names[:40].tolist(), *book.given[("es", "M")].names[:40]]
    es_family = book.family["es"].names[:60].tolist()
    people = [f"{g} {f}" for g in given[::3] for f in es_family[::4]]
    es = [f"{prefix} {place}" for prefix in _ES_PREFIXES for place in [*_ES_PLACES, *people]]
    return np.array(uk, dtype=object), np.array(es, dtype=object)


def _postcodes(rng: np.random.Generator, city_index: np.ndarray) -> np.ndarray:
    count = city_index.size
    pick = rng.random(count)
    district = rng.integers(1, 21, count)
    sector = rng.integers(1, 10, count)
    first = _POSTCODE_LETTERS[rng.integers(0, _POSTCODE_LETTERS.size, count)]
    second = _POSTCODE_LETTERS[rng.integers(0, _POSTCODE_LETTERS.size, count)]
    spanish_tail = rng.integers(1, 60, count)
    out: list[str] = []
    for c, p, d, s, a, b, tail in zip(
        city_index.tolist(), pick.tolist(), district.tolist(), sector.tolist(), first.tolist(),
        second.tolist(), spanish_tail.tolist(), strict=True,
    ):  # fmt: skip
        city = CITIES[c]
        area = city.postcode_areas[int(p * len(city.postcode_areas))]
        out.append(f"{area}{tail:03d}" if city.country == "ES" else f"{area}{d} {s}{a}{b}")
    return np.array(out, dtype=object)


def _landlines(rng: np.random.Generator, city_index: np.ndarray) -> np.ndarray:
    lead = rng.integers(2, 9, city_index.size)
    body = rng.integers(0, 10**9, city_index.size)
    out = np.empty(city_index.size, dtype=object)
    for i, (c, first, rest) in enumerate(
        zip(city_index.tolist(), lead.tolist(), body.tolist(), strict=True)
    ):
        code = CITIES[c].landline
        # Spanish numbers have nine digits in all; British ones eleven with the leading 0.
        digits = (9 if CITIES[c].country == "ES" else 11) - len(code)
        out[i] = f"{code}{first}{rest:09d}"[: len(code) + digits]
    return out


def _mobiles(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    count = country.size
    second = np.array(list("12345789"), dtype=object)[rng.integers(0, 8, count)]
    body = rng.integers(0, 100_000_000, count)
    spanish_lead = np.where(rng.random(count) < 0.85, "6", "7")
    return np.array(
        [
            f"{lead}{b:08d}" if c == "ES" else f"07{s}{b:08d}"
            for c, s, b, lead in zip(
                country.tolist(), second.tolist(), body.tolist(), spanish_lead.tolist(), strict=True
            )
        ],
        dtype=object,
    )


def _emails(
    rng: np.random.Generator,
    first: np.ndarray,
    family1: np.ndarray,
    family2: np.ndarray,
    dob: np.ndarray,
    language: np.ndarray,
) -> np.ndarray:
    count = first.size
    pattern = rng.integers(0, 10, count)
    number = rng.integers(1, 99, count)
    years = dob.astype("datetime64[Y]").astype(int) + 1970
    uk_domains = np.array([d for d, _ in _UK_DOMAINS], dtype=object)
    uk_p = np.array([w for _, w in _UK_DOMAINS])
    es_domains = np.array([d for d, _ in _ES_DOMAINS], dtype=object)
    es_p = np.array([w for _, w in _ES_DOMAINS])
    domain = np.where(
        language == "es",
        es_domains[rng.choice(es_domains.size, count, p=es_p / es_p.sum())],
        uk_domains[rng.choice(uk_domains.size, count, p=uk_p / uk_p.sum())],
    )
    out: list[str] = []
    for f, l1, l2, p, n, y, d in zip(
        first.tolist(), family1.tolist(), family2.tolist(), pattern.tolist(), number.tolist(),
        years.tolist(), domain.tolist(), strict=True,
    ):  # fmt: skip
        out.append(f"{_local_part(p, ascii_token(f), ascii_token(l1), l2, n, y)}@{d}")
    return np.array(out, dtype=object)


def _local_part(pattern: int, g: str, s: str, second: str | None, n: int, year: int) -> str:
    if pattern == 0:
        return f"{g}.{s}"
    if pattern == 1:
        return f"{g}{s}"
    if pattern == 2:
        return f"{g[0]}{s}"
    if pattern == 3:
        return f"{g}_{s}"
    if pattern == 4:
        return f"{g}.{s}{year % 100:02d}"
    if pattern == 5:
        return f"{s}.{g}"
    if pattern == 6:
        return f"{g}{s[0]}{n}"
    if pattern == 7:
        return f"{g}.{s}{n}"
    if pattern == 8:
        return f"{g[0]}.{s}"
    return f"{g}.{s}.{ascii_token(second)}" if second else f"{g}{year}"


def _make_unique(email: np.ndarray, shared: np.ndarray) -> np.ndarray:
    # Two people never own the same address unless a family shares it on purpose.
    seen: set[str] = set()
    out = email.tolist()
    for i, (value, is_shared) in enumerate(zip(out, shared.tolist(), strict=True)):
        if is_shared:
            continue
        candidate, suffix = value, 1
        while candidate in seen:
            suffix += 1
            local, domain = value.split("@", 1)
            candidate = f"{local}{suffix}@{domain}"
        seen.add(candidate)
        out[i] = candidate
    return np.array(out, dtype=object)


def _stores_by_city(rng: np.random.Generator, city_index: np.ndarray) -> np.ndarray:
    by_city: dict[int, list[int]] = {}
    city_of = {city.name: index for index, city in enumerate(CITIES)}
    for index, store in enumerate(STORES):
        assert store.city is not None  # noqa: S101  # every store has a city
        by_city.setdefault(city_of[store.city], []).append(index)
    pick = rng.random(city_index.size)
    return np.array(
        [
            by_city[c][int(p * len(by_city[c]))]
            for c, p in zip(city_index.tolist(), pick.tolist(), strict=True)
        ],
        dtype=np.int64,
    )
