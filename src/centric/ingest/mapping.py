"""Compiles a source's column mapping into SQL text expressions over its staging table.

Each canonical column becomes one expression yielding trimmed text (or NULL); typing and
validation happen afterwards in :mod:`centric.ingest.validation`. Canonical columns the mapping
does not name are taken from a same-named (or commonly named) source column. This module builds
SQL strings only; it must not run them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from centric.errors import InvalidInputError
from centric.ingest.schemas import FieldMapping
from centric.warehouse.engine import quote_identifier, quote_literal
from centric.warehouse.schema import Table

# Column names that sources commonly use for a canonical column, compared after normalising
# (lower case, letters and digits only).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_key": ("id", "key", "recordid", "rowid"),
    "customer_key": ("customerid", "customer", "custid", "clientid", "contactid"),
    "customer_number": ("customerno", "accountnumber", "accountno", "crmid"),
    "loyalty_id": ("loyaltynumber", "loyaltycard", "cardnumber", "memberid", "membershipnumber"),
    "first_name": ("firstname", "givenname", "forename", "fname", "nombre"),
    "last_name": ("lastname", "surname", "familyname", "lname", "apellidos", "apellido"),
    "full_name": ("name", "fullname", "customername", "nombrecompleto"),
    "date_of_birth": ("dob", "birthdate", "dateofbirth", "birthday", "fechanacimiento"),
    "email": ("emailaddress", "mail", "email", "correo"),
    "phone": ("phonenumber", "telephone", "tel", "mobile", "mobilephone", "telefono"),
    "address_line1": ("address", "street", "address1", "addressline1", "direccion"),
    "address_line2": ("address2", "addressline2"),
    "city": ("town", "city", "ciudad", "localidad"),
    "region": ("county", "state", "province", "provincia"),
    "postcode": ("zip", "zipcode", "postalcode", "postcode", "codigopostal", "cp"),
    "country": ("countrycode", "pais"),
    "ordered_at": ("orderdate", "orderedat", "date", "purchasedate"),
    "occurred_at": ("date", "timestamp", "createdat", "startedat"),
    "responded_at": ("date", "submittedat", "responsedate", "completedat"),
    "posted_at": ("date", "createdat", "publishedat"),
    "verbatim": ("comment", "comments", "feedback", "text", "answer"),
    "score": ("rating", "value"),
}


# The record's own identifier goes by the entity's name in most extracts.
KEY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_records": ("customerid", "custid", "clientid", "contactid", "customerno"),
    "employees": ("employeeid", "staffid", "employeeno", "staffno"),
    "teams": ("teamid", "teamcode"),
    "orders": ("orderlineid", "lineid"),
    "interactions": ("interactionid", "ticketid", "contactid", "caseid"),
    "feedback": ("responseid", "answerid"),
    "engagement_responses": ("responseid", "answerid"),
    "social_posts": ("postid", "tweetid", "reviewid"),
}


@dataclass(frozen=True)
class CompiledMapping:
    """Text expressions per canonical column, and what the mapping could not find."""

    texts: dict[str, str]
    formats: dict[str, tuple[str, ...]]
    mapped_from: dict[str, str]


def compile_mapping(
    table: Table,
    mapping: dict[str, FieldMapping],
    staged_columns: tuple[str, ...],
    *,
    source: str,
    file_label: str,
) -> CompiledMapping:
    """Turn a mapping into one SQL text expression per canonical column.

    Args:
        table: The canonical table fed.
        mapping: Declared mappings (canonical column -> how).
        staged_columns: Columns of the staged file, as named in the file.
        source: Source name, written into the ``source`` column.
        file_label: The file, for error messages.

    Returns:
        The compiled mapping.

    Raises:
        InvalidInputError: The mapping names an unknown canonical column or a column the file
            does not have, or a required column cannot be found.
    """
    names = {c.name for c in table.business_columns}
    unknown = sorted(set(mapping) - names)
    if unknown:
        raise InvalidInputError(
            f"The mapping for {table.name} names unknown column(s) {', '.join(unknown)}.",
            hint=f"Canonical columns of {table.name}: {', '.join(sorted(names - {'source'}))}.",
        )
    resolve = _column_resolver(staged_columns, file_label)
    texts: dict[str, str] = {"source": quote_literal(source)}
    formats: dict[str, tuple[str, ...]] = {}
    mapped_from: dict[str, str] = {}
    claimed = {col for spec in mapping.values() for col in spec.source_columns}
    for column in table.business_columns:
        if column.name == "source":
            continue
        spec = mapping.get(column.name)
        if spec is None:
            found = _auto_column(column.name, staged_columns, claimed, table.name)
            if found is None:
                continue
            spec = FieldMapping(column=found)
            claimed.add(found)
        texts[column.name] = _text_expression(spec, resolve)
        mapped_from[column.name] = ", ".join(spec.source_columns) or "constant"
        if spec.format is not None:
            if column.type not in ("DATE", "TIMESTAMP"):
                raise InvalidInputError(
                    f"The mapping gives a date format for {table.name}.{column.name}, which is "
                    f"not a date or time column ({column.type}).",
                    hint=f"Remove format from the mapping of {column.name}.",
                )
            formats[column.name] = (spec.format,) if isinstance(spec.format, str) else spec.format
    if "customer_source" in names and "customer_source" not in texts:
        texts["customer_source"] = quote_literal(source)
    missing = [c.name for c in table.business_columns if c.required and c.name not in texts]
    if missing:
        raise InvalidInputError(
            f"'{file_label}' cannot feed {table.name}: no column for required field(s) "
            f"{', '.join(missing)}. The file has: {', '.join(staged_columns) or 'no columns'}.",
            hint="Map them in the source's mapping, e.g. "
            + ", ".join(f'{m} = "<column in file>"' for m in missing)
            + ".",
        )
    return CompiledMapping(texts, formats, mapped_from)


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _auto_column(target: str, staged: tuple[str, ...], claimed: set[str], table: str) -> str | None:
    by_norm: dict[str, str] = {}
    for column in staged:
        if column not in claimed:
            by_norm.setdefault(_normalise(column), column)
    synonyms = SYNONYMS.get(target, ())
    if target == "source_key":
        synonyms = (*synonyms, *KEY_SYNONYMS.get(table, ()))
    for candidate in (_normalise(target), *synonyms):
        if candidate in by_norm:
            return by_norm[candidate]
    return None


def _column_resolver(staged: tuple[str, ...], file_label: str) -> Callable[[str], str]:
    folded: dict[str, list[str]] = {}
    for column in staged:
        folded.setdefault(column.strip().lower(), []).append(column)

    def resolve(name: str) -> str:
        if name in staged:
            return name
        matches = folded.get(name.strip().lower(), [])
        if len(matches) == 1:
            return matches[0]
        raise InvalidInputError(
            f"The mapping reads column '{name}', which is not in '{file_label}'. "
            f"The file has: {', '.join(staged) or 'no columns'}.",
            hint="Correct the column name in the mapping (names are matched exactly, "
            "then ignoring case).",
        )

    return resolve


def _text_expression(spec: FieldMapping, resolve: Callable[[str], str]) -> str:
    if spec.constant is not None:
        constant = spec.constant
        expr = quote_literal(str(constant).lower() if isinstance(constant, bool) else str(constant))
    elif spec.columns is not None:
        parts = ", ".join(_cell(resolve(c)) for c in spec.columns)
        expr = f"nullif(concat_ws({quote_literal(spec.separator)}, {parts}), '')"
    else:
        assert spec.column is not None  # noqa: S101  # guaranteed by FieldMapping's validator
        expr = _cell(resolve(spec.column))
    if spec.split is not None:
        expr = _name_part(expr, spec.split)
    if spec.values:
        cases = " ".join(
            f"WHEN {quote_literal(key.strip().lower())} THEN {quote_literal(value)}"
            for key, value in spec.values.items()
        )
        expr = f"(CASE lower({expr}) {cases} ELSE {expr} END)"
    if spec.default is not None:
        expr = f"coalesce({expr}, {quote_literal(str(spec.default))})"
    return expr


def _cell(column: str) -> str:
    # Leading and trailing spaces go; inner white space (line breaks in free text) stays.
    # Trimming only values that need it is several times cheaper than trimming every value, and
    # other edge white space (tabs, no-break spaces) is left to standardisation.
    value = f"CAST({quote_identifier(column)} AS VARCHAR)"
    return (
        f"nullif(CASE WHEN starts_with({value}, ' ') OR ends_with({value}, ' ') "
        f"THEN trim({value}) ELSE {value} END, '')"
    )


_TITLES = "mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|sr|sra|srta|dn|dna|don|doña"


def _name_part(expr: str, part: str) -> str:
    whole = f"regexp_replace({expr}, '\\s+', ' ', 'g')"
    comma = f"strpos({whole}, ',') > 0"
    body = (
        f"(CASE WHEN {comma} THEN trim(substr({whole}, strpos({whole}, ',') + 1)) ELSE {whole} END)"
    )
    title = f"regexp_extract({body}, '^((?i:{_TITLES}))\\.?\\s+', 1)"
    rest = f"regexp_replace({body}, '^(?i:{_TITLES})\\.?\\s+', '')"
    if part == "title":
        return f"nullif({title}, '')"
    if part == "first":
        return f"nullif(split_part({rest}, ' ', 1), '')"
    if part == "last":
        return (
            f"nullif(CASE WHEN {comma} THEN trim(split_part({whole}, ',', 1)) "
            f"ELSE regexp_extract({rest}, '\\s(\\S+)$', 1) END, '')"
        )
    return (
        f"nullif(CASE WHEN {comma} THEN regexp_extract({rest}, '^\\S+\\s+(.+)$', 1) "
        f"ELSE regexp_extract({rest}, '^\\S+\\s+(.+)\\s+\\S+$', 1) END, '')"
    )
