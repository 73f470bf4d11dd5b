"""Compiles per-row validation and typing of canonical columns into SQL.

For every canonical column the mapped text becomes a typed value, and every way the text can be
wrong becomes a reason naming the column, the offending value and the expectation. A row with
any reason is quarantined, never silently dropped or half-loaded. This module builds SQL strings
only; it must not run them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

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


class Check(NamedTuple):
    """A SQL condition that is true when a value is wrong, and the SQL text of the reason."""

    condition: str
    message: str
    # False when the condition only ever holds together with another check of the same value
    # (a yes/no or listed-values column fails every formula, NUL or overlong text anyway): its
    # reason is still given, but it is not tested again to decide whether the row fails.
    decides: bool = True


@dataclass(frozen=True)
class CompiledValidation:
    """SQL that types a row (``typed``) and explains what is wrong with it (``reason``).

    ``typed`` reads the text aliases (:func:`text_alias`); ``reason`` reads the text aliases and
    the typed values under their typed aliases (:func:`typed_alias`), so that a query computes
    each typed value once and every check reuses it.
    """

    typed: dict[str, str]
    reason: str


def text_alias(column: str) -> str:
    """Name of the column holding a canonical column's mapped text in the inner query."""
    return f"t_{column}"


def typed_alias(column: str) -> str:
    """Name of the column holding a canonical column's typed value in the inner query."""
    return f"v_{column}"


def compile_validation(
    table: Table, texts: dict[str, str], formats: dict[str, tuple[str, ...]]
) -> CompiledValidation:
    """Build the typing and reason expressions of a table.

    The typed expressions read the inner query's text aliases (see :func:`text_alias`); the
    reason also reads the typed values under their typed aliases (see :func:`typed_alias`).

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
                reasons.append(Check("true", quote_literal(f"{column.name} is missing")))
            continue
        value = text_alias(column.name)
        if column.name in defaults:
            value = f"coalesce({value}, CAST({defaults[column.name]} AS VARCHAR))"
        expr, problems = _type_column(
            column, value, formats.get(column.name), quote_identifier(typed_alias(column.name))
        )
        typed[column.name] = expr
        reasons.extend(problems)
        if column.required:
            reasons.append(Check(f"{value} IS NULL", quote_literal(column.name + " is missing")))
    reasons.extend(
        _row_checks(
            table, {c.name: quote_identifier(typed_alias(c.name)) for c in table.business_columns}
        )
    )
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
    return Check(
        condition,
        f"{quote_literal(column + ': ')} || {_shown(value)} || {quote_literal(' ' + expectation)}",
    )


def _combine(checks: list[Check]) -> str:
    # Most rows are clean: test every condition first and build the message only for rows that
    # fail one, which costs far less than concatenating empty reasons for every row.
    if not checks:
        return "NULL"
    failing = " OR ".join(f"({check.condition})" for check in checks if check.decides) or "false"
    messages = ", ".join(
        f"CASE WHEN {check.condition} THEN {check.message} END" for check in checks
    )
    return f"CASE WHEN {failing} THEN nullif(concat_ws('; ', {messages}), '') END"


def _type_column(
    column: Column, value: str, formats: tuple[str, ...] | None, ref: str
) -> tuple[str, list[Check]]:
    # Returns the typed expression over ``value``; the checks read the typed value as ``ref``,
    # computed once in the query's inner projection instead of again in every check.
    name = column.name
    problems: list[Check] = []
    # Hygiene checks share one condition: each is cheap, but every separate check costs a pass
    # over the column, and almost every value passes all of them.
    limit = MAX_FREE_TEXT_CHARS if column.role == "free_text" else MAX_TEXT_CHARS
    # = + - @ come first in a formula. Two range comparisons (+ , - and = > ? @) pass those
    # first characters to the pattern at a third of the cost of decoding the first character.
    formula = (
        f"(({value} >= '+' AND {value} < '.') OR ({value} >= '=' AND {value} < 'A')) AND "
        f"regexp_matches({value}, {quote_literal(FORMULA_PATTERN)})"
        if column.role != "free_text"
        else "false"
    )
    too_long = f"strlen({value}) > {limit} AND length({value}) > {limit}"
    # A NUL byte is never part of a real value: it marks a corrupt export.
    has_nul = f"contains({value}, chr(0))"
    problems.append(
        Check(
            # The cheapest tests first: most values pass all three.
            f"({too_long}) OR ({has_nul}) OR ({formula})",
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
        problems.append(_problem(f"{value} IS NOT NULL AND {ref} IS NULL", name, value, expected))
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
            _problem(f"{value} IS NOT NULL AND {ref} IS NULL", name, value, f"is not {kind}")
        )
        if column.minimum is not None:
            problems.append(
                _problem(
                    f"{ref} < {column.minimum}",
                    name,
                    value,
                    f"is below the minimum {column.minimum:g}",
                )
            )
        if column.maximum is not None:
            problems.append(
                _problem(
                    f"{ref} > {column.maximum}",
                    name,
                    value,
                    f"is above the maximum {column.maximum:g}",
                )
            )
    elif sql_type == "BOOLEAN":
        expr = (
            f"(CASE WHEN {_is_one_of(f'lower({value})', TRUE_WORDS)} THEN true "
            f"WHEN {_is_one_of(f'lower({value})', FALSE_WORDS)} THEN false END)"
        )
        problems.append(
            _problem(
                f"{value} IS NOT NULL AND {ref} IS NULL",
                name,
                value,
                "is not yes/no (true/false, 1/0)",
            )
        )
    else:
        expr = value
        if column.allowed is not None:
            expr = f"lower({value})"
            problems.append(
                _problem(
                    f"NOT {_is_one_of(ref, column.allowed)}",
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
    if sql_type == "BOOLEAN" or column.allowed is not None:
        problems[0] = problems[0]._replace(decides=False)
    return expr, problems


def _is_one_of(expr: str, words: tuple[str, ...]) -> str:
    # Equalities joined by OR, not IN: the engine turns a long IN list into a join against the
    # list, which costs several times more per row on a wide staging table.
    return "(" + " OR ".join(f"{expr} = {quote_literal(word)}" for word in words) + ")"


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
            Check(
                f"{score} < {low} OR {score} > {high}",
                f"'score: ' || {score} || ' is outside the scale ' || {low} || '-' || {high}",
            ),
            Check(
                f"{low} >= {high}",
                f"'scale_min ' || {low} || ' is not below scale_max ' || {high}",
            ),
        ]
    return []


def quoted_alias(column: str) -> str:
    """The quoted text alias of a canonical column."""
    return quote_identifier(text_alias(column))
