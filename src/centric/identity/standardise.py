"""Standardisation of identity fields from any source, for matching; originals are never changed.

Names lose case, accents, punctuation and titles and gain their nickname forms (bill <-> william)
and a phonetic key; e-mails are trimmed and lower-cased, with a separate canonical form (no plus
tag, no Gmail dots) that is only ever a comparison level; phones become E.164 with
``phonenumbers`` (records without a country use ``default_region``); addresses have their street
types spelled out; postcodes, countries, genders and shared numbers are normalised.

The row-wise work is SQL run by the warehouse (fast, parallel, and identical for a million
records in a batch and one record looked up online); what needs a library (phone numbers,
nickname table, e-mail domains, phonetic keys) is computed in Python once per distinct value and
joined back. This module writes only the scratch tables it is given names for; it must not
decide anything about matches.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import phonenumbers
import pyarrow as pa
from email_validator import EmailNotValidError, validate_email
from nicknames import NickNamer

from centric.warehouse import Warehouse, quote_identifier, quote_literal

STANDARDISER_VERSION = "1"

# Identity fields of customer_records whose change means a record must be standardised again.
INPUT_FIELDS: tuple[str, ...] = (
    "customer_number",
    "loyalty_id",
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "date_of_birth",
    "gender",
    "email",
    "email_verified",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postcode",
    "country",
)

TITLES: tuple[str, ...] = (
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "sir",
    "dame",
    "rev",
    "lord",
    "lady",
    "sr",
    "sra",
    "srta",
    "don",
    "dona",
    "mme",
    "mlle",
    "m",
    "herr",
    "frau",
)

# Street types written short -> spelled out (English and Spanish), applied on whole words.
STREET_TYPES: dict[str, str] = {
    "st": "street",
    "str": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "cres": "crescent",
    "cl": "close",
    "gdns": "gardens",
    "tce": "terrace",
    "ter": "terrace",
    "hwy": "highway",
    "blvd": "boulevard",
    "pde": "parade",
    "pk": "park",
    "cir": "circuit",
    "avda": "avenida",
    "pza": "plaza",
    "pso": "paseo",
    "ctra": "carretera",
}

COUNTRY_NAMES: dict[str, str] = {
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "ireland": "IE",
    "eire": "IE",
    "spain": "ES",
    "espana": "ES",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "france": "FR",
    "germany": "DE",
    "deutschland": "DE",
    "italy": "IT",
    "italia": "IT",
    "portugal": "PT",
    "netherlands": "NL",
    "mexico": "MX",
    "australia": "AU",
    "canada": "CA",
}

GENDERS: dict[str, str] = {
    "f": "f",
    "female": "f",
    "woman": "f",
    "w": "f",
    "mujer": "f",
    "femenino": "f",
    "m": "m",
    "male": "m",
    "man": "m",
    "hombre": "m",
    "h": "m",
    "masculino": "m",
    "x": "x",
    "other": "x",
    "non binary": "x",
    "nonbinary": "x",
    "otro": "x",
}

# Spanish and other common forms missing from the English nickname table.
EXTRA_NICKNAMES: dict[str, tuple[str, ...]] = {
    "jose": ("pepe", "pepito", "chema"),
    "francisco": ("paco", "pancho", "curro", "fran", "quico"),
    "manuel": ("manolo", "manu", "lolo"),
    "ignacio": ("nacho",),
    "enrique": ("quique",),
    "dolores": ("lola", "loli"),
    "concepcion": ("concha", "conchi", "chon"),
    "rosario": ("charo",),
    "guadalupe": ("lupe",),
    "antonio": ("toni", "tono", "antonito"),
    "jesus": ("chus", "chucho"),
    "mercedes": ("merche",),
    "alejandro": ("alex", "ale"),
    "guillermo": ("guille", "memo"),
    "roberto": ("beto", "rober"),
    "eduardo": ("edu", "lalo"),
    "fernando": ("nando", "fer"),
    "maria": ("mari", "maruja"),
    "isabel": ("isa", "chabela"),
    "cristina": ("cris",),
    "margarita": ("marga",),
    "josefa": ("pepa", "pepita", "fina"),
    "jose luis": ("pepelu", "joselu"),
    "jose maria": ("chema", "josema"),
    "catherine": ("kate", "cathy", "cath", "katie"),
    "katherine": ("kate", "kathy", "katie"),
    "nicola": ("nicky", "nikki"),
    "anthony": ("ant", "tony"),
    "antonia": ("toni",),
}

_SOUNDEX = str.maketrans(
    "abcdefghijklmnopqrstuvwxyz", "01230120022455012623010202", ""
)  # letter -> soundex digit ('0' = vowel-like, dropped)
_NON_LETTERS = re.compile(r"[^a-z]")


def clean_text_sql(expression: str) -> str:
    """SQL that lower-cases text, removes accents and apostrophes, and keeps words only.

    Punctuation and runs of spaces become one space; empty results are NULL.
    """
    folded = f"strip_accents(lower({expression}))"
    for letter, replacement in (("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("œ", "oe"), ("ł", "l")):
        folded = f"replace({folded}, '{letter}', '{replacement}')"
    for apostrophe in ("''", "\u2019", "`"):
        folded = f"replace({folded}, '{apostrophe}', '')"
    return f"nullif(trim(regexp_replace({folded}, '[^\\p{{L}}\\p{{N}}]+', ' ', 'g')), '')"


def _strip_titles_sql(expression: str) -> str:
    titles = "|".join(TITLES)
    return f"nullif(regexp_replace({expression}, '^(({titles}) )+', ''), '')"


def _street_types_sql(expression: str) -> str:
    # One map lookup per word: far cheaper than one regular expression per street type.
    entries = ", ".join(f"'{short}': '{long}'" for short, long in STREET_TYPES.items())
    return (
        f"array_to_string(list_transform(string_split({expression}, ' '), "
        f"lambda w: coalesce(MAP {{{entries}}}[w], w)), ' ')"
    )


def _alnum_upper_sql(expression: str) -> str:
    return f"nullif(upper(regexp_replace({expression}, '[^A-Za-z0-9]', '', 'g')), '')"


def input_hash_sql(alias: str = "") -> str:
    """SQL computing the fingerprint of a customer record's identity fields."""
    prefix = f"{alias}." if alias else ""
    columns = ", ".join(f"{prefix}{quote_identifier(f)}" for f in INPUT_FIELDS)
    return f"CAST(hash({columns}) AS VARCHAR)"


def stage_cleaned_sql(source: str, *, default_region: str) -> str:
    """SQL for the row-wise part of standardisation over ``source``.

    ``source`` must have the columns of customer_records plus ``record_id``, ``input_hash`` and
    ``record_time``. The result keeps keys for the distinct-value lookups (phone, names, e-mail
    domain) that :func:`standardise_into` joins back.
    """
    titles = "|".join(TITLES)
    full = clean_text_sql("full_name")
    countries = ", ".join(
        f"{quote_literal(name)}: {quote_literal(code)}" for name, code in COUNTRY_NAMES.items()
    )
    genders = ", ".join(f"{quote_literal(k)}: {quote_literal(v)}" for k, v in GENDERS.items())
    region = quote_literal(default_region.upper())
    return f"""
WITH base AS (
    SELECT
        record_id, source, source_key, input_hash, record_time,
        {clean_text_sql("title")} AS title_c,
        {clean_text_sql("first_name")} AS first_c,
        {clean_text_sql("middle_name")} AS middle_c,
        {clean_text_sql("last_name")} AS last_c,
        {full} AS full_c,
        contains(coalesce(full_name, ''), ',') AS full_has_comma,
        date_of_birth,
        {clean_text_sql("gender")} AS gender_c,
        lower(trim(regexp_replace(email, '^\\s*mailto:', '', 'i'))) AS email_c,
        email_verified,
        phone,
        {clean_text_sql("concat_ws(' ', address_line1, address_line2)")} AS address_c,
        {clean_text_sql("city")} AS city_c,
        {_alnum_upper_sql("postcode")} AS postcode_c,
        {clean_text_sql("country")} AS country_c,
        {_alnum_upper_sql("customer_number")} AS customer_number_c,
        {_alnum_upper_sql("loyalty_id")} AS loyalty_id_c
    FROM {source}
), names AS (
    SELECT *,
        -- A full name is used only where the parts are missing: 'Smith, John' or 'John Smith'.
        CASE WHEN first_c IS NULL AND last_c IS NULL AND full_c IS NOT NULL THEN
            CASE WHEN full_has_comma
                THEN split_part(trim(split_part(full_c, ' ', 2)), ' ', 1)
                ELSE split_part({_strip_titles_sql("full_c")}, ' ', 1) END
        END AS first_from_full,
        CASE WHEN first_c IS NULL AND last_c IS NULL AND full_c IS NOT NULL THEN
            CASE WHEN full_has_comma
                THEN split_part(full_c, ' ', 1)
                ELSE nullif(regexp_extract({_strip_titles_sql("full_c")}, ' (\\S+)$', 1), '') END
        END AS last_from_full,
        regexp_extract(first_c, '^(({titles}) )+', 0) AS title_in_first
    FROM base
)
SELECT
    record_id, source, source_key, input_hash, record_time,
    coalesce(title_c, nullif(trim(title_in_first), '')) AS title,
    coalesce({_strip_titles_sql("first_c")}, first_from_full) AS first_name,
    middle_c AS middle_name,
    coalesce(last_c, last_from_full) AS last_name,
    date_of_birth,
    map_extract(MAP {{{genders}}}, gender_c)[1] AS gender,
    CASE WHEN regexp_full_match(email_c, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')
        THEN split_part(email_c, '@', 1) END AS email_user,
    CASE WHEN regexp_full_match(email_c, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')
        THEN split_part(email_c, '@', 2) END AS email_domain,
    coalesce(email_verified, false) AS email_verified,
    nullif(regexp_replace(regexp_replace(trim(phone), '\\s*(ext\\.?|x|#)\\s*[0-9]+$', '', 'i'),
        '[^0-9+]', '', 'g'), '') AS phone_key,
    coalesce(
        CASE WHEN length(country_c) = 2 THEN upper(country_c) END,
        map_extract(MAP {{{countries}}}, country_c)[1],
        {region}
    ) AS phone_region,
    nullif(regexp_extract(address_c, '\\b([0-9]+[a-z]?)\\b', 1), '') AS house_number,
    {_street_types_sql("address_c")} AS address,
    city_c AS city,
    postcode_c AS postcode,
    coalesce(
        CASE WHEN length(country_c) = 2 THEN upper(country_c) END,
        map_extract(MAP {{{countries}}}, country_c)[1]
    ) AS country,
    customer_number_c AS customer_number,
    loyalty_id_c AS loyalty_id
FROM names
"""


def standardise_into(
    warehouse: Warehouse,
    *,
    source: str,
    target: str,
    default_region: str,
) -> int:
    """Standardise the records of ``source`` into a new temporary table ``target``.

    Args:
        warehouse: Where the records are.
        source: A table or view with customer_records' columns plus ``record_id``,
            ``input_hash`` and ``record_time``.
        target: Name of the temporary table to create, with identity_records' columns.
        default_region: Region for phones written without a country code.

    Returns:
        Number of records standardised.
    """
    cleaned = f"{target}_cleaned"
    q_cleaned = quote_identifier(cleaned)
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {q_cleaned} AS "
        f"{stage_cleaned_sql(source, default_region=default_region)}"
    )
    names = [
        row[0]
        for row in warehouse.fetch_all(
            f"SELECT DISTINCT v FROM (SELECT first_name AS v FROM {q_cleaned} "
            f"UNION ALL SELECT last_name FROM {q_cleaned}) WHERE v IS NOT NULL"
        )
    ]
    domains = [
        row[0]
        for row in warehouse.fetch_all(
            f"SELECT DISTINCT email_domain FROM {q_cleaned} WHERE email_domain IS NOT NULL"
        )
    ]
    phones = warehouse.fetch_all(
        f"SELECT DISTINCT phone_key, phone_region FROM {q_cleaned} WHERE phone_key IS NOT NULL"
    )
    lookups = {
        f"{target}_names": name_keys(names),
        f"{target}_domains": email_domains(domains),
        f"{target}_phones": phone_numbers(phones),
    }
    for name, table in lookups.items():
        warehouse.stage_arrow(name, table.append_column("_row", pa.array([0] * table.num_rows)))
    q_names = quote_identifier(f"{target}_names")
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {quote_identifier(target)} AS
SELECT
    c.record_id, c.source, c.source_key, c.input_hash, c.title,
    c.first_name,
    fn.aliases AS first_name_aliases,
    c.middle_name,
    c.last_name,
    fn.sound AS first_name_sound,
    ln.sound AS last_name_sound,
    c.date_of_birth, c.gender,
    CASE WHEN d.domain IS NOT NULL THEN c.email_user || '@' || d.domain END AS email,
    CASE WHEN d.domain IS NOT NULL THEN
        CASE WHEN d.domain IN ('gmail.com', 'googlemail.com')
            THEN replace(regexp_replace(c.email_user, '\\+.*$', ''), '.', '') || '@gmail.com'
            ELSE regexp_replace(c.email_user, '\\+.*$', '') || '@' || d.domain END
    END AS email_canonical,
    CASE WHEN d.domain IS NOT NULL THEN c.email_user END AS email_user,
    c.email_verified AND d.domain IS NOT NULL AS email_verified,
    p.e164 AS phone,
    c.house_number, c.address, c.city, c.postcode, c.country,
    c.customer_number, c.loyalty_id, c.record_time,
    CAST(now() AS TIMESTAMP) AS standardised_at
FROM {q_cleaned} c
LEFT JOIN {q_names} fn ON fn.name = c.first_name
LEFT JOIN {q_names} ln ON ln.name = c.last_name
LEFT JOIN {quote_identifier(f"{target}_domains")} d ON d.raw = c.email_domain
LEFT JOIN {quote_identifier(f"{target}_phones")} p
    ON p.raw = c.phone_key AND p.region = c.phone_region
"""
    )
    for name in (cleaned, *lookups):
        warehouse.drop_staging(name)
    return int(warehouse.scalar(f"SELECT count(*) FROM {quote_identifier(target)}"))


_FOLDS = (("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("œ", "oe"), ("ł", "l"))
_APOSTROPHES = ("'", "\u2019", "`")
_TITLE_PREFIX = re.compile(r"^((" + "|".join(TITLES) + r") )+")
_EMAIL = re.compile(r"[^@\t\n\f\r ]+@[^@\t\n\f\r ]+\.[^@\t\n\f\r ]+")
_EXTENSION = re.compile(r"[\t\n\f\r ]*(ext\.?|x|#)[\t\n\f\r ]*[0-9]+$", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\b([0-9]+[a-z]?)\b", re.ASCII)


def clean_text(value: str | None) -> str | None:
    """Python twin of :func:`clean_text_sql`, for one value (online resolution)."""
    if value is None:
        return None
    folded = "".join(
        c for c in unicodedata.normalize("NFD", value.lower()) if unicodedata.category(c) != "Mn"
    )
    for letter, replacement in _FOLDS:
        folded = folded.replace(letter, replacement)
    for apostrophe in _APOSTROPHES:
        folded = folded.replace(apostrophe, "")
    words = "".join(c if c.isalpha() or c.isnumeric() else " " for c in folded).split(" ")
    return " ".join(w for w in words if w) or None


def _strip_titles(value: str | None) -> str | None:
    if value is None:
        return None
    return _TITLE_PREFIX.sub("", value, count=1) or None


def _alnum_upper(value: str | None) -> str | None:
    if value is None:
        return None
    return "".join(c for c in value if c.isascii() and c.isalnum()).upper() or None


def _country(cleaned: str | None) -> str | None:
    if cleaned is None:
        return None
    if len(cleaned) == 2:
        return cleaned.upper()
    return COUNTRY_NAMES.get(cleaned)


def standardise_record(fields: Mapping[str, Any], *, default_region: str) -> dict[str, Any]:
    """Standardise one record in Python, exactly as :func:`standardise_into` does in SQL.

    Online resolution uses this twin to answer in milliseconds; a test keeps both in step on
    thousands of generated records.

    Args:
        fields: customer_records columns (text, or dates/booleans already typed).
        default_region: Region for phones written without a country code.

    Returns:
        identity_records' standardised columns (without record_id and bookkeeping).
    """

    def text(name: str) -> str | None:
        value = fields.get(name)
        return None if value is None else str(value)

    first_c = clean_text(text("first_name"))
    last_c = clean_text(text("last_name"))
    full_c = clean_text(text("full_name"))
    first_from_full = last_from_full = None
    if first_c is None and last_c is None and full_c is not None:
        if "," in (text("full_name") or ""):
            parts = full_c.split(" ")
            first_from_full = parts[1] if len(parts) > 1 else ""
            last_from_full = parts[0]
        else:
            stripped = _strip_titles(full_c)
            first_from_full = stripped.split(" ")[0] if stripped is not None else None
            tail = re.search(r" (\S+)$", stripped or "")
            last_from_full = tail.group(1) if tail else None
    title_match = _TITLE_PREFIX.match(first_c) if first_c else None
    title_in_first = title_match.group(0) if title_match else ""
    first_name = _strip_titles(first_c) if first_c is not None else first_from_full
    last_name = last_c if last_c is not None else last_from_full
    email_c = text("email")
    user = domain = None
    if email_c is not None:
        email_c = (
            re.sub(r"^[\t\n\f\r ]*mailto:", "", email_c, flags=re.IGNORECASE).strip(" ").lower()
        )
        if _EMAIL.fullmatch(email_c):
            user, domain = email_c.split("@")[0], email_c.split("@")[1]
    normalised_domain = _email_domain(domain) if domain is not None else None
    email = email_canonical = None
    if normalised_domain is not None and user is not None:
        email = f"{user}@{normalised_domain}"
        plain = re.sub(r"\+.*$", "", user)
        if normalised_domain in ("gmail.com", "googlemail.com"):
            email_canonical = plain.replace(".", "") + "@gmail.com"
        else:
            email_canonical = f"{plain}@{normalised_domain}"
    country_c = clean_text(text("country"))
    region = _country(country_c) or default_region.upper()
    phone = text("phone")
    phone_key = None
    if phone is not None:
        phone_key = re.sub(r"[^0-9+]", "", _EXTENSION.sub("", phone.strip(" "))) or None
    address_c = clean_text(" ".join(v for v in (text("address_line1"), text("address_line2")) if v))
    house = _HOUSE_NUMBER.search(address_c) if address_c else None
    verified = fields.get("email_verified")
    return {
        "title": clean_text(text("title")) or (title_in_first.strip(" ") or None),
        "first_name": first_name,
        "first_name_aliases": _aliases_text(first_name) if first_name else None,
        "middle_name": clean_text(text("middle_name")),
        "last_name": last_name,
        "first_name_sound": phonetic_key(first_name) if first_name else None,
        "last_name_sound": phonetic_key(last_name) if last_name else None,
        "date_of_birth": fields.get("date_of_birth"),
        "gender": GENDERS.get(clean_text(text("gender")) or ""),
        "email": email,
        "email_canonical": email_canonical,
        "email_user": user if normalised_domain is not None else None,
        "email_verified": bool(verified) and normalised_domain is not None,
        "phone": phone_e164(phone_key, region) if phone_key else None,
        "house_number": house.group(1) if house else None,
        "address": " ".join(STREET_TYPES.get(w, w) for w in address_c.split(" "))
        if address_c
        else None,
        "city": clean_text(text("city")),
        "postcode": _alnum_upper(text("postcode")),
        "country": _country(country_c),
        "customer_number": _alnum_upper(text("customer_number")),
        "loyalty_id": _alnum_upper(text("loyalty_id")),
    }


@functools.lru_cache(maxsize=65_536)
def _email_domain(domain: str) -> str | None:
    try:
        return validate_email(f"x@{domain}", check_deliverability=False).domain.lower()
    except EmailNotValidError:
        return None


def name_keys(names: Iterable[str]) -> pa.Table:
    """Nickname aliases and phonetic key of each (already cleaned) name."""
    values = list(names)
    return pa.table(
        {
            "name": pa.array(values, pa.string()),
            "aliases": pa.array([_aliases_text(v) for v in values], pa.string()),
            "sound": pa.array([phonetic_key(v) for v in values], pa.string()),
        }
    )


def _aliases_text(name: str) -> str | None:
    # Stored as '|bill|will|' so that a comparison can test membership with one string search.
    aliases = nickname_aliases(name)
    return "|" + "|".join(aliases) + "|" if aliases else None


def nickname_aliases(name: str) -> list[str]:
    """Names that are nicknames or formal forms of ``name`` (cleaned, lower case), sorted.

    Examples:
        >>> "william" in nickname_aliases("bill")
        True
    """
    table = _nickname_table()
    first = name.split(" ", 1)[0]
    aliases = table.get(name, frozenset()) | table.get(first, frozenset())
    return sorted(aliases - {name, first})


@functools.cache
def _nickname_table() -> dict[str, frozenset[str]]:
    namer = NickNamer()
    table: dict[str, set[str]] = {}
    pairs = [(formal, nick) for formal, nicks in namer.nickname_lookup.items() for nick in nicks]
    pairs += [(formal, nick) for formal, nicks in EXTRA_NICKNAMES.items() for nick in nicks]
    for formal, nick in pairs:
        table.setdefault(formal, set()).add(nick)
        table.setdefault(nick, set()).add(formal)
    return {name: frozenset(aliases) for name, aliases in table.items()}


def phonetic_key(name: str) -> str | None:
    """Soundex code of a cleaned name (spaces ignored); ``None`` without letters.

    Examples:
        >>> phonetic_key("robert"), phonetic_key("rupert")
        ('R163', 'R163')
    """
    letters = _NON_LETTERS.sub("", name)
    if not letters:
        return None
    digits = letters.translate(_SOUNDEX)
    code = [letters[0].upper()]
    previous = digits[0]
    for letter, digit in zip(letters[1:], digits[1:], strict=True):
        if digit not in ("0", previous):
            code.append(digit)
        if letter not in "hw":
            previous = digit
    return ("".join(code) + "000")[:4]


def email_domains(domains: Iterable[str]) -> pa.Table:
    """Each e-mail domain as written -> its normalised form, or NULL when it is not a domain."""
    raw = list(domains)
    normalised = [_email_domain(domain) for domain in raw]
    return pa.table(
        {"raw": pa.array(raw, pa.string()), "domain": pa.array(normalised, pa.string())}
    )


def phone_numbers(keys: Sequence[tuple[str, str]]) -> pa.Table:
    """Each (digits as written, region) -> E.164, or NULL when it cannot be a phone number."""
    return pa.table(
        {
            "raw": pa.array([k for k, _ in keys], pa.string()),
            "region": pa.array([r for _, r in keys], pa.string()),
            "e164": pa.array([phone_e164(raw, region) for raw, region in keys], pa.string()),
        }
    )


def phone_e164(raw: str, region: str) -> str | None:
    """A phone number in E.164, read in ``region`` when it has no country code.

    The result is exactly ``phonenumbers``' (parse, then format as E.164), or ``None`` when it
    cannot parse the number or its length is impossible. Plain digit strings, with or without
    a leading ``+``, take a shortcut through the same metadata and rules, several times faster;
    anything else goes through ``phonenumbers.parse``.

    Examples:
        >>> phone_e164("07700 900123", "GB")
        '+447700900123'
    """
    region = region.upper()
    shortcut = _plain_e164(raw, region)
    if shortcut is not _LIBRARY:
        return shortcut if isinstance(shortcut, str) else None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_LIBRARY = object()  # the shortcut cannot decide: ask phonenumbers
_DIGITS = re.compile(r"\+?[0-9]+")
_TOO_SHORT, _LOCAL_ONLY, _TOO_LONG, _INVALID_LENGTH, _POSSIBLE = range(5)
_MIN_NSN, _MAX_NSN = 2, 17


@functools.cache
def _region_metadata(region: str) -> phonenumbers.PhoneMetadata | None:
    return phonenumbers.PhoneMetadata.metadata_for_region(region, None)


@functools.cache
def _calling_code_metadata(code: int) -> phonenumbers.PhoneMetadata | None:
    region = phonenumbers.region_code_for_country_code(code)
    return phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)


@functools.cache
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def _plain_e164(raw: str, region: str) -> object:
    # Mirrors phonenumbers.parse + is_possible_number + E.164 formatting for digit strings,
    # using its public metadata; returns _LIBRARY wherever a rule it does not mirror applies.
    if not _DIGITS.fullmatch(raw):
        return _LIBRARY
    home = _region_metadata(region)
    if home is None:
        return _LIBRARY
    if raw.startswith("+"):
        digits = raw[1:]
        if len(digits) <= _MIN_NSN or digits[0] == "0":
            return _LIBRARY
        code = 0
        for size in range(1, min(len(digits), 3) + 1):
            if int(digits[:size]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                code = int(digits[:size])
                break
        if code == 0:
            return _LIBRARY
        national = digits[len(str(code)) :]
        metadata = _calling_code_metadata(code)
    else:
        idd = home.international_prefix
        if (idd and _pattern(idd).match(raw)) or raw.startswith(str(home.country_code)):
            return _LIBRARY
        if home.country_code is None:
            return _LIBRARY
        code, national, metadata = int(home.country_code), raw, home
    if metadata is None or len(national) < _MIN_NSN:
        return _LIBRARY if metadata is None else None
    prefix = metadata.national_prefix_for_parsing
    if prefix:
        if metadata.national_prefix_transform_rule:
            return _LIBRARY
        found = _pattern(prefix).match(national)
        if found:
            if found.groups():
                return _LIBRARY
            general = (
                metadata.general_desc.national_number_pattern if metadata.general_desc else None
            )
            stripped = national[found.end() :]
            viable = bool(general) and _pattern(general).fullmatch(national) is not None
            keeps = viable and not (bool(general) and _pattern(general).fullmatch(stripped))
            candidate = national if keeps else stripped
            if _length(candidate, metadata) not in (_TOO_SHORT, _LOCAL_ONLY, _INVALID_LENGTH):
                national = candidate
    if len(national) < _MIN_NSN or len(national) > _MAX_NSN:
        return None
    if _length(national, metadata) not in (_POSSIBLE, _LOCAL_ONLY):
        return None
    return f"+{code}{national}"


def _length(national: str, metadata: phonenumbers.PhoneMetadata) -> int:
    general = metadata.general_desc
    possible = general.possible_length if general is not None else ()
    if general is None or not possible:
        return _INVALID_LENGTH
    size = len(national)
    if size in (general.possible_length_local_only or ()):
        return _LOCAL_ONLY
    if possible[0] == size:
        return _POSSIBLE
    if possible[0] > size:
        return _TOO_SHORT
    if possible[-1] < size:
        return _TOO_LONG
    return _POSSIBLE if size in possible[1:] else _INVALID_LENGTH
