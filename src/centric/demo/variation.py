"""How each source system writes the same person's contact details in its own way.

Phone numbers in national or international form with spaces, dashes or a bracketed trunk zero;
e-mail addresses in other letter case, with Gmail's ignored dots moved or a ``+tag`` added;
abbreviated street types and re-spaced postcodes; upper-case legacy entries; fields left empty.
Functions work on numpy object arrays and draw only from the generator they are given; they
must not decide which people a source holds.
"""

from __future__ import annotations

import numpy as np

from centric.demo.names import (
    apply_where,
    fold_accents,
    misspell_many,
    nickname_many,
    respell_many,
)
from centric.demo.population import Population

UK_PHONE_STYLES = 8
_STREET_ABBREVIATIONS = (
    ("Road", "Rd"), ("Street", "St"), ("Avenue", "Ave"), ("Lane", "Ln"), ("Drive", "Dr"),
    ("Close", "Cl"), ("Crescent", "Cres"), ("Gardens", "Gdns"), ("Place", "Pl"),
    ("Terrace", "Terr"), ("Court", "Ct"), ("Calle de ", "C/ "), ("Calle ", "C/ "),
    ("Avenida de ", "Avda. "), ("Paseo de ", "Pº "), ("Plaza de ", "Pza. "),
)  # fmt: skip
_PLUS_TAGS = ("shop", "larkfield", "orders", "promo", "online", "compras")


def format_phones(
    digits: np.ndarray,
    country: np.ndarray,
    styles: np.ndarray,
    *,
    international_only: np.ndarray | None = None,
) -> np.ndarray:
    """Write national phone digits in one of several styles each.

    Args:
        digits: National digits (``07700900123``, ``02079460000``, ``612345678``); None stays None.
        country: ``GB`` or ``ES`` per number.
        styles: Style per number, ``0..UK_PHONE_STYLES-1``.
        international_only: Where set, only styles with the country code are used (a Spanish
            number kept by a British system must carry +34 to be dialled).

    Returns:
        The numbers as written.
    """
    forced = (
        international_only.tolist() if international_only is not None else [False] * digits.size
    )
    out: list[str | None] = []
    for number, where, style, force in zip(
        digits.tolist(), country.tolist(), styles.tolist(), forced, strict=True
    ):
        if number is None:
            out.append(None)
            continue
        written = (2, 3, 5, 6)[style % 4] if force and style in (0, 1, 4, 7) else style
        out.append(_spanish(number, written) if where == "ES" else _british(number, written))
    return np.array(out, dtype=object)


def _british(number: str, style: int) -> str:
    # Area codes: 07xxx mobiles, 02x cities, 011x and 01x1 large towns, 01xxx elsewhere.
    if number.startswith("02"):
        split = 3
    elif number.startswith("01") and "1" in (number[2], number[3]):
        split = 4
    else:
        split = 5
    head, tail = number[:split], number[split:]
    national = number[1:]
    if style == 0:
        return f"{head} {tail}"
    if style == 1:
        return number
    if style == 2:
        return f"+44 {head[1:]} {tail}"
    if style == 3:
        return f"+44{national}"
    if style == 4:
        return f"(0){head[1:]}-{tail[:3]}-{tail[3:]}"
    if split == 3:
        return f"{head} {tail[:4]} {tail[4:]}"
    if style == 5:
        return f"+44 (0){head[1:]} {tail}"
    if style == 6:
        return f"0044 {head[1:]} {tail}"
    return f"{head} {tail[:3]} {tail[3:]}"


def _spanish(number: str, style: int) -> str:
    a, b, c = number[:3], number[3:6], number[6:]
    if style == 0:
        return f"{a} {b} {c}"
    if style == 1:
        return number
    if style == 2:
        return f"+34 {a} {b} {c}"
    if style == 3:
        return f"+34{number}"
    if style == 4:
        return f"{a}-{number[3:5]}-{number[5:7]}-{number[7:]}"
    if style == 5:
        return f"+34 {a} {number[3:5]} {number[5:7]} {number[7:]}"
    if style == 6:
        return f"0034 {number}"
    return f"{a} {number[3:5]} {number[5:7]} {number[7:]}"


def vary_emails(
    emails: np.ndarray,
    rng: np.random.Generator,
    *,
    case: float | np.ndarray = 0.0,
    gmail_dots: float | np.ndarray = 0.0,
    plus_tag: float | np.ndarray = 0.0,
) -> np.ndarray:
    """E-mail addresses as a source holds them.

    Args:
        emails: Addresses (None stays None).
        rng: The random stream.
        case: Share written with capitals (``John.Smith@Gmail.com``).
        gmail_dots: Share of Gmail addresses whose dots are moved or dropped (Gmail ignores them).
        plus_tag: Share given a ``+tag`` sub-address (delivered to the same mailbox). Each share
            may also be given per address.

    Returns:
        The varied addresses.
    """
    count = emails.size
    out = emails.copy()
    is_gmail = np.array(
        [isinstance(e, str) and e.endswith("@gmail.com") for e in out.tolist()], dtype=bool
    )
    out = apply_where(out, is_gmail & (rng.random(count) < gmail_dots), _move_gmail_dots)
    tags = rng.integers(0, len(_PLUS_TAGS), count)
    tagged = np.flatnonzero(rng.random(count) < plus_tag)
    for i in tagged.tolist():
        if isinstance(out[i], str):
            local, domain = out[i].split("@", 1)
            out[i] = f"{local}+{_PLUS_TAGS[tags[i]]}@{domain}"
    return apply_where(out, rng.random(count) < case, _capitalise_email)


def _move_gmail_dots(email: str) -> str:
    local, domain = email.split("@", 1)
    bare = local.replace(".", "")
    if "." in local or len(bare) < 4:
        return f"{bare}@{domain}"
    return f"{bare[:2]}.{bare[2:]}@{domain}"


def _capitalise_email(email: str) -> str:
    local, domain = email.split("@", 1)
    parts = [p[:1].upper() + p[1:] for p in local.split(".")]
    return ".".join(parts) + "@" + domain[:1].upper() + domain[1:]


def vary_case(
    values: np.ndarray, rng: np.random.Generator, *, upper: float = 0.0, lower: float = 0.0
) -> np.ndarray:
    """Values with some written all in capitals or all in lower case."""
    roll = rng.random(values.size)
    out = apply_where(values, roll < upper, str.upper)
    return apply_where(out, (roll >= upper) & (roll < upper + lower), str.lower)


def strip_accents(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Values without accents where ``mask`` is set (systems that only take plain ASCII)."""
    return apply_where(values, mask, fold_accents)


def abbreviate_streets(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Street lines with the street type abbreviated where ``mask`` is set."""
    return apply_where(values, mask, _abbreviate)


def _abbreviate(line: str) -> str:
    for long, short in _STREET_ABBREVIATIONS:
        if long.endswith(" "):
            if line.startswith(long):
                return short + line[len(long) :]
        elif line.endswith(long) or f" {long}," in line:
            return line.replace(long, short, 1)
    return line


def vary_postcodes(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """Postcodes with the space dropped or letters in lower case, for ``share`` of them."""
    roll = rng.random(values.size)
    out = apply_where(values, roll < share / 2, lambda p: p.replace(" ", ""))
    return apply_where(out, (roll >= share / 2) & (roll < share), str.lower)


def written_names(
    people: Population,
    person: np.ndarray,
    rng: np.random.Generator,
    *,
    nickname: float | np.ndarray = 0.0,
    respell: float | np.ndarray = 0.0,
    typo: float | np.ndarray = 0.0,
    both_families: float | np.ndarray = 1.0,
    plain: float | np.ndarray = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Given and family names of ``person`` as a system wrote them.

    Args:
        people: The population.
        person: Person index per record.
        rng: The random stream.
        nickname: Share written with a nickname (Bill for William) where one exists; this and
            the other shares may be one per record.
        respell: Share written with another common spelling (Jon, Thomson) where one exists.
        typo: Share with a one-letter typing error in the given or the family name.
        both_families: Share of Spanish people recorded with both family names (the others
            with the first only, as systems with one surname field do).
        plain: Share written without accents.

    Returns:
        Given names and family names.
    """
    count = person.size
    first = nickname_many(people.first[person], rng.random(count) < nickname, rng)
    first = respell_many(first, rng.random(count) < respell, rng)
    family1 = respell_many(people.family1[person], rng.random(count) < respell, rng)
    keep_second = rng.random(count) < both_families
    family = np.array(
        [
            a if b is None or not keep else f"{a} {b}"
            for a, b, keep in zip(
                family1.tolist(), people.family2[person].tolist(), keep_second.tolist(), strict=True
            )
        ],
        dtype=object,
    )
    roll = rng.random(count)
    first = misspell_many(first, roll < typo / 2, rng)
    family = misspell_many(family, (roll >= typo / 2) & (roll < typo), rng)
    unaccented = rng.random(count) < plain
    return strip_accents(first, unaccented), strip_accents(family, unaccented)
