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
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import phonenumbers
import pyarrow as pa
from email_validator import EmailNotValidError, validate_email

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
}

# Above this many distinct phone numbers, parsing is spread over worker processes.
_PARALLEL_PHONES = 50_000
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
    folded = f"regexp_replace({folded}, '[''’`]', '', 'g')"
    return f"nullif(trim(regexp_replace({folded}, '[^\\p{{L}}\\p{{N}}]+', ' ', 'g')), '')"


def _strip_titles_sql(expression: str) -> str:
    titles = "|".join(TITLES)
    return f"nullif(regexp_replace({expression}, '^(({titles}) )+', ''), '')"


def _street_types_sql(expression: str) -> str:
    result = expression
    for short, long in STREET_TYPES.items():
        result = f"regexp_replace({result}, '\\b{short}\\b', '{long}', 'g')"
    return result


def _alnum_upper_sql(expression: str) -> str:
    return f"nullif(upper(regexp_replace({expression}, '[^A-Za-z0-9]', '', 'g')), '')"


def input_hash_sql(alias: str = "") -> str:
    """SQL computing the fingerprint of a customer record's identity fields."""
    prefix = f"{alias}." if alias else ""
    parts = ", ".join(
        f"coalesce(CAST({prefix}{quote_identifier(f)} AS VARCHAR), '\x01')" for f in INPUT_FIELDS
    )
    return f"md5(concat_ws('\x1f', {parts}))"


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
    regexp_extract(address_c, '\\b([0-9]+[a-z]?)\\b', 1) AS house_number,
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


def name_keys(names: Iterable[str]) -> pa.Table:
    """Nickname aliases and phonetic key of each (already cleaned) name."""
    values = list(names)
    return pa.table(
        {
            "name": pa.array(values, pa.string()),
            "aliases": pa.array([nickname_aliases(v) or None for v in values], pa.list_(pa.string())),
            "sound": pa.array([phonetic_key(v) for v in values], pa.string()),
        }
    )


def nickname_aliases(name: str) -> list[str]:
    """Names that are nicknames or formal forms of ``name`` (cleaned, lower case), sorted.

    Examples:
        >>> "william" in nickname_aliases("bill")
        True
    """
    first = name.split(" ", 1)[0]
    return sorted(_nickname_table().get(first, frozenset()) - {first})


@functools.cache
def _nickname_table() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer

    namer = NickNamer()
    table: dict[str, set[str]] = {}
    for formal, nicks in namer.nickname_lookup.items():
        for nick in nicks:
            table.setdefault(formal, set()).add(nick)
            table.setdefault(nick, set()).add(formal)
    for formal, nicks in EXTRA_NICKNAMES.items():
        for nick in nicks:
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
        if digit != "0" and digit != previous:
            code.append(digit)
        if letter not in "hw":
            previous = digit
    return ("".join(code) + "000")[:4]


def email_domains(domains: Iterable[str]) -> pa.Table:
    """Each e-mail domain as written -> its normalised form, or NULL when it is not a domain."""
    raw: list[str] = []
    normalised: list[str | None] = []
    for domain in domains:
        raw.append(domain)
        try:
            normalised.append(
                validate_email(f"x@{domain}", check_deliverability=False).domain.lower()
            )
        except EmailNotValidError:
            normalised.append(None)
    return pa.table({"raw": pa.array(raw, pa.string()), "domain": pa.array(normalised, pa.string())})


def phone_numbers(keys: Sequence[tuple[str, str]]) -> pa.Table:
    """Each (digits as written, region) -> E.164, or NULL when it cannot be a phone number.

    Large sets are parsed by worker processes, one per core.
    """
    if len(keys) > _PARALLEL_PHONES and (os.cpu_count() or 1) > 1:
        workers = os.cpu_count() or 1
        size = -(-len(keys) // (workers * 4))
        chunks = [keys[i : i + size] for i in range(0, len(keys), size)]
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            e164 = [value for part in pool.map(_phones_e164, chunks) for value in part]
    else:
        e164 = _phones_e164(keys)
    return pa.table(
        {
            "raw": pa.array([k for k, _ in keys], pa.string()),
            "region": pa.array([r for _, r in keys], pa.string()),
            "e164": pa.array(e164, pa.string()),
        }
    )


def _phones_e164(keys: Sequence[tuple[str, str]]) -> list[str | None]:
    return [phone_e164(raw, region) for raw, region in keys]


def phone_e164(raw: str, region: str) -> str | None:
    """A phone number in E.164, read in ``region`` when it has no country code.

    Returns ``None`` when ``phonenumbers`` cannot read it or its length is impossible.

    Examples:
        >>> phone_e164("07700 900123", "GB")
        '+447700900123'
    """
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
