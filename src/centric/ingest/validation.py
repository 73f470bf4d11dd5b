"""Compiles per-row validation and typing of canonical columns into SQL.

For every canonical column the mapped text becomes a typed value, and every way the text can be
wrong becomes a reason naming the column, the offending value and the expectation. A row with
any reason is quarantined, never silently dropped or half-loaded. This module builds SQL strings
only; it must not run them.
"""

from __future__ import annotations

from dataclasses import dataclass

from centric.warehouse.engine import quote_identifier, quote_literal
from centric.warehouse.schema import Column, Table

MAX_TEXT_CHARS = 1_000
MAX_FREE_TEXT_CHARS = 100_000
TRUE_WORDS = ("true", "t", "yes", "y", "1", "si", "sí", "s", "x", "on")
FALSE_WORDS = ("false", "f", "no", "n", "0", "off")
# A function call (=SUM(, @SUM(, +HYPERLINK() or a DDE link (+cmd|' /C calc'!A0).
FORMULA_PATTERN = r"^\s*(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[(|!])"
FORMULA_REASON = " looks like a spreadsheet formula; formulas are not accepted in data fields"
NUL_REASON = "holds a NUL character (byte 0), which text cannot contain"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"\+?[ ()./\-]*([0-9][ ()./\-]*){6,20}(\s*(x|ext\.?)\s*[0-9]{1,6})?"

# Defaults that depend on other columns of the same row, per table.
SCALE_DEFAULTS = {
    "scale_min": "CASE lower(t_survey_type) WHEN 'nps' THEN 0 WHEN 'csat' THEN 1 "
    "WHEN 'ces' THEN 1 END",
    "scale_max": "CASE lower(t_survey_type) WHEN 'nps' THEN 10 WHEN 'csat' THEN 5 "
    "WHEN 'ces' THEN 7 END",
}
ENGAGEMENT_SCALE_DEFAULTS = {
    "scale_min": "CASE lower(t_question) WHEN 'enps' THEN 0 END",
    "scale_max": "CASE lower(t_question) WHEN 'enps' THEN 10 END",
}


# A check is a SQL condition that is true when a value is wrong, and the SQL text of the reason.
Check = tuple[str, str]


@dataclass(frozen=True)
class CompiledValidation:
    """SQL that types a row (``typed``) and explains what is wrong with it (``reason``)."""

    typed: dict[str, str]
    reason: str


def text_alias(column: str) -> str:
    """Name of the column holding a canonical column's mapped text in the inner query."""
    return f"t_{column}"


def compile_validation(
    table: Table, texts: dict[str, str], formats: dict[str, tuple[str, ...]]
) -> CompiledValidation:
    """Build the typing and reason expressions of a table.

    The expressions read the inner query's text aliases (see :func:`text_alias`).

    Args:
        table: The canonical table fed.
        texts: Canonical column -> mapped text expression (unmapped columns are absent).
        formats: Canonical column -> strptime formats declared in the mapping.

    Returns:
        Typed expressions for every business column and one combined reason expression.
    """
    defaults = _row_defaults(table)
    typed: dict[str, str] = {}
    reasons: list[Check] = []
    for column in table.business_columns:
        if column.name not in texts:
            default = defaults.get(column.name)
            typed[column.name] = f"CAST({default} AS {column.type})" if default else "NULL"
            if column.required:
                reasons.append(("true", quote_literal(f"{column.name} is missing")))
            continue
        value = text_alias(column.name)
        if column.name in defaults:
            value = f"coalesce({value}, CAST({defaults[column.name]} AS VARCHAR))"
        expr, problems = _type_column(column, value, formats.get(column.name))
        typed[column.name] = expr
        reasons.extend(problems)
        if column.required:
            reasons.append((f"{value} IS NULL", quote_literal(column.name + " is missing")))
    reasons.extend(_row_checks(table, typed))
    return CompiledValidation(typed, _combine(reasons))


def _row_defaults(table: Table) -> dict[str, str]:
    if table.name == "feedback":
        return SCALE_DEFAULTS
    if table.name == "engagement_responses":
        return ENGAGEMENT_SCALE_DEFAULTS
    return {}


def _shown(value: str) -> str:
    # Quote the offending value in the reason, shortened so a huge field stays readable.
    return (
        f"'''' || CASE WHEN length({value}) > 60 THEN left({value}, 57) || '...' "
        f"ELSE {value} END || ''''"
    )


def _problem(condition: str, column: str, value: str, expectation: str) -> Check:
    return (
        condition,
        f"{quote_literal(column + ': ')} || {_shown(value)} || {quote_literal(' ' + expectation)}",
    )


def _combine(checks: list[Check]) -> str:
    # Most rows are clean: test every condition first and build the message only for rows that
    # fail one, which costs far less than concatenating empty reasons for every row.
    if not checks:
        return "NULL"
    failing = " OR ".join(f"({condition})" for condition, _ in checks)
    messages = ", ".join(
        f"CASE WHEN {condition} THEN {message} END" for condition, message in checks
    )
    return f"CASE WHEN {failing} THEN nullif(concat_ws('; ', {messages}), '') END"


def _type_column(
    column: Column, value: str, formats: tuple[str, ...] | None
) -> tuple[str, list[Check]]:
    name = column.name
    problems: list[Check] = []
    # Hygiene checks share one condition: each is cheap, but every separate check costs a pass
    # over the column, and almost every value passes all of them.
    limit = MAX_FREE_TEXT_CHARS if column.role == "free_text" else MAX_TEXT_CHARS
    formula = (
        f"ascii({value}) IN (61, 43, 45, 64) AND "  # = + - @ come first in a formula
        f"regexp_matches({value}, {quote_literal(FORMULA_PATTERN)})"
        if column.role != "free_text"
        else "false"
    )
    too_long = f"strlen({value}) > {limit} AND length({value}) > {limit}"
    # A NUL byte is never part of a real value: it marks a corrupt export.
    has_nul = f"contains({value}, chr(0))"
    problems.append(
        (
            f"({formula}) OR ({too_long}) OR ({has_nul})",
            f"CASE WHEN {formula} THEN {quote_literal(name + ': ')} || {_shown(value)} || "
            f"{quote_literal(FORMULA_REASON)} "
            f"WHEN {too_long} THEN {quote_literal(f'{name}: value of ')} || length({value}) || "
            f"{quote_literal(f' characters is longer than the limit of {limit:,}')} "
            f"ELSE {quote_literal(f'{name}: {NUL_REASON}')} END",
        )
    )
    sql_type = column.type
    if sql_type in ("DATE", "TIMESTAMP"):
        expr = _temporal(value, sql_type, formats)
        expected = (
            f"does not match the format(s) {', '.join(formats)}"
            if formats
            else "is not an ISO date/time (YYYY-MM-DD[ HH:MM:SS]); declare the source's "
            "format in the mapping, e.g. format = '%d/%m/%Y'"
        )
        problems.append(_problem(f"{value} IS NOT NULL AND {expr} IS NULL", name, value, expected))
    elif sql_type in ("INTEGER", "BIGINT", "DOUBLE", "DECIMAL(18,2)"):
        cleaned = f"regexp_replace({value}, '^[£$€]\\s*|\\s*[£$€]$', '', 'g')"
        expr = f"TRY_CAST({cleaned} AS {sql_type})"
        if sql_type in ("INTEGER", "BIGINT"):
            # A plain cast rounds 2.5 to 3: a whole-number column must not invent units.
            expr = (
                f"CASE WHEN NOT contains({cleaned}, '.') "
                f"OR TRY_CAST({cleaned} AS DOUBLE) % 1 = 0 THEN {expr} END"
            )
        kind = "a whole number" if sql_type in ("INTEGER", "BIGINT") else "a number"
        problems.append(
            _problem(f"{value} IS NOT NULL AND {expr} IS NULL", name, value, f"is not {kind}")
        )
        if column.minimum is not None:
            problems.append(
                _problem(
                    f"{expr} < {column.minimum}",
                    name,
                    value,
                    f"is below the minimum {column.minimum:g}",
                )
            )
        if column.maximum is not None:
            problems.append(
                _problem(
                    f"{expr} > {column.maximum}",
                    name,
                    value,
                    f"is above the maximum {column.maximum:g}",
                )
            )
    elif sql_type == "BOOLEAN":
        true_words = ", ".join(quote_literal(w) for w in TRUE_WORDS)
        false_words = ", ".join(quote_literal(w) for w in FALSE_WORDS)
        expr = (
            f"(CASE WHEN lower({value}) IN ({true_words}) THEN true "
            f"WHEN lower({value}) IN ({false_words}) THEN false END)"
        )
        problems.append(
            _problem(
                f"{value} IS NOT NULL AND {expr} IS NULL",
                name,
                value,
                "is not yes/no (true/false, 1/0)",
            )
        )
    else:
        expr = value
        if column.allowed is not None:
            expr = f"lower({value})"
            allowed = ", ".join(quote_literal(a) for a in column.allowed)
            problems.append(
                _problem(
                    f"lower({value}) NOT IN ({allowed})",
                    name,
                    value,
                    "is not one of " + ", ".join(column.allowed),
                )
            )
        if column.role == "email":
            problems.append(
                _problem(
                    f"NOT regexp_full_match({value}, {quote_literal(EMAIL_PATTERN)})",
                    name,
                    value,
                    "is not an e-mail address",
                )
            )
        if column.role == "phone":
            # One expression checks the characters and counts 6-20 digits; string functions
            # such as translate() cost several times more per value than this match.
            problems.append(
                _problem(
                    f"NOT regexp_full_match({value}, {quote_literal(PHONE_PATTERN)})",
                    name,
                    value,
                    "is not a phone number",
                )
            )
    return expr, problems


def _temporal(value: str, sql_type: str, formats: tuple[str, ...] | None) -> str:
    if formats:
        listed = ", ".join(quote_literal(f) for f in formats)
        return f"CAST(try_strptime({value}, [{listed}]) AS {sql_type})"
    # A plain cast ignores a UTC offset, so values that carry one (Z, +hh:mm, -hh:mm after the
    # date part) go through TIMESTAMPTZ; with the session in UTC they land as UTC.
    tail = f"substr({value}, 11)"
    has_offset = f"(ends_with({value}, 'Z') OR contains({tail}, '+') OR contains({tail}, '-'))"
    return (
        f"(CASE WHEN {has_offset} THEN CAST(TRY_CAST(TRY_CAST({value} AS TIMESTAMPTZ) AS "
        f"TIMESTAMP) AS {sql_type}) ELSE TRY_CAST({value} AS {sql_type}) END)"
    )


def _row_checks(table: Table, typed: dict[str, str]) -> list[Check]:
    names = {c.name for c in table.business_columns}
    if {"score", "scale_min", "scale_max"} <= names:
        score, low, high = typed["score"], typed["scale_min"], typed["scale_max"]
        return [
            (
                f"{score} < {low} OR {score} > {high}",
                f"'score: ' || {score} || ' is outside the scale ' || {low} || '-' || {high}",
            ),
            (
                f"{low} >= {high}",
                f"'scale_min ' || {low} || ' is not below scale_max ' || {high}",
            ),
        ]
    return []


def quoted_alias(column: str) -> str:
    """The quoted text alias of a canonical column."""
    return quote_identifier(text_alias(column))
