"""Scores candidate pairs of records with the model and finds pairs linked by deterministic rules.

A full run scores every candidate pair of the population; an incremental run scores only pairs
with at least one new or changed record (new against existing, and new against new). Model
scores keep the evidence of every field (comparison level and match weight), so that every
link can be explained later. Results go to the temporary table ``identity_new_pairs``; the run
commits them. This module must not cluster or assign customer IDs.
"""

from __future__ import annotations

from collections.abc import Sequence

from splink.internals.splink_dataframe import SplinkDataFrame

from centric.identity.linkage import LinkageEngine
from centric.identity.model import MODEL_INPUT_COLUMNS, TrainedModel, term_frequency_sql
from centric.identity.records import DELTA, population_sql, unchanged_sql
from centric.identity.schemas import DeterministicRule
from centric.identity.tables import COMPARISONS
from centric.warehouse import Warehouse, quote_identifier

NEW_PAIRS = "identity_new_pairs"
_SCORED = "identity_scored"
_RULE_PAIRS = "identity_rule_pairs"


def score_pairs(
    engine: LinkageEngine,
    model: TrainedModel,
    *,
    full: bool,
    floor: float,
) -> int:
    """Score candidate pairs into the temporary table ``identity_scored``.

    Args:
        engine: Splink on the chosen engine.
        model: The trained model.
        full: Score the whole population (else only pairs touching the delta).
        floor: Pairs below this probability are discarded.

    Returns:
        Pairs kept.
    """
    columns = ", ".join(MODEL_INPUT_COLUMNS)
    warehouse = engine.warehouse
    tf = _term_frequencies(engine, model)
    delta_count = int(warehouse.scalar(f"SELECT count(*) FROM {DELTA}"))
    frames: list[SplinkDataFrame] = []
    if full:
        population = engine.load(population_sql(columns))
        frames.append(engine.score_within(population, model, tf, floor=floor))
    elif delta_count:
        new = engine.load(f"SELECT {columns} FROM {DELTA}")
        existing = engine.load(unchanged_sql(columns))
        if int(warehouse.scalar(f"SELECT count(*) FROM ({unchanged_sql('record_id')})")):
            frames.append(engine.score_between(new, existing, model, tf, floor=floor))
        if delta_count > 1:
            frames.append(engine.score_within(new, model, tf, floor=floor))
    wanted = _prediction_columns(model)
    parts = []
    for index, frame in enumerate(frames):
        target = f"{_SCORED}_{index}"
        engine.save(frame, wanted, target)
        parts.append(target)
    evidence = ", ".join(_evidence_sql(model, name) for name in COMPARISONS)
    if parts:
        union = " UNION ALL ".join(f"SELECT * FROM {quote_identifier(p)}" for p in parts)
        warehouse.execute(
            f"""CREATE OR REPLACE TEMP TABLE {_SCORED} AS
SELECT least(record_id_l, record_id_r) AS record_id_l,
    greatest(record_id_l, record_id_r) AS record_id_r,
    match_weight, match_probability, {evidence}
FROM ({union})"""
        )
        for part in parts:
            warehouse.drop_staging(part)
    else:
        empty = ", ".join(f"CAST(NULL AS DOUBLE) AS weight_{name}" for name in COMPARISONS)
        warehouse.execute(
            f"""CREATE OR REPLACE TEMP TABLE {_SCORED} AS
SELECT CAST(NULL AS BIGINT) AS record_id_l, CAST(NULL AS BIGINT) AS record_id_r,
    CAST(NULL AS DOUBLE) AS match_weight, CAST(NULL AS DOUBLE) AS match_probability, {empty}
WHERE false"""
        )
    return int(warehouse.scalar(f"SELECT count(*) FROM {_SCORED}"))


def _term_frequencies(engine: LinkageEngine, model: TrainedModel) -> dict[str, SplinkDataFrame]:
    used = set(_tf_columns_of(model))
    frames = {}
    for column in sorted(used):
        records = population_sql(", ".join(sorted({column, "first_name"})))
        frames[column] = engine.load(term_frequency_sql(column, records))
    return frames


def _tf_columns_of(model: TrainedModel) -> list[str]:
    columns = []
    for comparison in model.settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column:
                columns.append(str(column).strip('"'))
    return columns


def _tf_comparisons(model: TrainedModel) -> set[str]:
    names = set()
    for comparison in model.settings["comparisons"]:
        if any(level.get("tf_adjustment_column") for level in comparison["comparison_levels"]):
            names.add(str(comparison["output_column_name"]))
    return names


def _prediction_columns(model: TrainedModel) -> list[str]:
    columns = ["record_id_l", "record_id_r", "match_weight", "match_probability"]
    tf = _tf_comparisons(model)
    for name in model.comparisons:
        columns.append(f"mw_{name}")
        if name in tf:
            columns.append(f"mw_tf_adj_{name}")
    return columns


def _evidence_sql(model: TrainedModel, name: str) -> str:
    if name not in model.comparisons:
        return f"CAST(NULL AS DOUBLE) AS weight_{name}"
    if name in _tf_comparisons(model):
        return f"mw_{name} + coalesce(mw_tf_adj_{name}, 0) AS weight_{name}"
    return f"mw_{name} AS weight_{name}"


def find_rule_pairs(
    warehouse: Warehouse, rules: Sequence[DeterministicRule], *, full: bool, max_group: int
) -> int:
    """Pairs linked by deterministic rules, into the temporary table ``identity_rule_pairs``.

    Records sharing a rule's key are linked in a star to the group's first record (enough to
    cluster them, without a quadratic number of pairs). Keys shared by more than ``max_group``
    records are placeholders and ignored. An incremental run looks only at groups holding a new
    or changed record.

    Returns:
        Pairs found.
    """
    selects = []
    for rule in rules:
        present = " AND ".join(
            [f"{f} IS NOT NULL" for f in rule.fields]
            + [f"coalesce({f}, false)" for f in rule.flags]
        )
        columns = ", ".join(sorted({"record_id", *rule.fields, *rule.flags, *rule.consistent}))
        in_delta = "" if full else f" AND bool_or(record_id IN (SELECT record_id FROM {DELTA}))"
        agree = "".join(f" AND {_consistent_sql(f)}" for f in rule.consistent)
        records = f"(SELECT * FROM ({population_sql(columns)}) WHERE {present})"
        selects.append(
            f"""SELECT '{rule.name}' AS rule, g.first, m.record_id
FROM (
    SELECT {_rule_key(rule, "")} AS k, min(record_id) AS first FROM {records}
    GROUP BY k HAVING count(*) BETWEEN 2 AND {int(max_group)}{agree}{in_delta}
) g
JOIN {records} m ON {_rule_key(rule, "m.")} = g.k
WHERE m.record_id <> g.first"""
        )
    if selects:
        warehouse.execute(
            f"""CREATE OR REPLACE TEMP TABLE {_RULE_PAIRS} AS
SELECT least(first, record_id) AS record_id_l, greatest(first, record_id) AS record_id_r,
    min(rule) AS rule
FROM ({" UNION ALL ".join(selects)}) GROUP BY ALL"""
        )
    else:
        warehouse.execute(
            f"CREATE OR REPLACE TEMP TABLE {_RULE_PAIRS} AS SELECT CAST(NULL AS BIGINT) AS "
            "record_id_l, CAST(NULL AS BIGINT) AS record_id_r, CAST(NULL AS VARCHAR) AS rule "
            "WHERE false"
        )
    return int(warehouse.scalar(f"SELECT count(*) FROM {_RULE_PAIRS}"))


# Fields whose values are names: consistent when they are the same name as written by people
# (a typo, a double-barrelled surname given in part), not only when identical.
NAME_FIELDS = ("first_name", "last_name")


def _consistent_sql(field: str) -> str:
    # Every filled-in value of a consistent field must agree across the group: be equal, or for
    # names, differ by one typo in a name of five letters or more, or be a word of the other.
    if field not in NAME_FIELDS:
        return f"count(DISTINCT {field}) <= 1"
    values = f"list_distinct(list({field}))"
    return (
        f"CASE WHEN count(DISTINCT {field}) <= 1 THEN true ELSE "
        f"len(list_filter({values}, lambda a: len(list_filter({values}, "
        f"lambda b: NOT {same_name_sql('a', 'b')})) > 0)) = 0 END"
    )


def same_name_sql(left: str, right: str) -> str:
    """SQL true when two cleaned names are the same name as people write it.

    Equal; one typo (an edit or a swap of neighbours) in names of five letters or more; or one
    is a whole word of the other (``garcia`` and ``garcia lopez``).
    """
    return (
        f"CASE WHEN {left} = {right} "
        f"OR contains(' ' || {left} || ' ', ' ' || {right} || ' ') "
        f"OR contains(' ' || {right} || ' ', ' ' || {left} || ' ') THEN true "
        f"WHEN least(length({left}), length({right})) >= 5 "
        f"AND levenshtein({left}, {right}) <= 2 "
        f"THEN damerau_levenshtein({left}, {right}) <= 1 ELSE false END"
    )


def _rule_key(rule: DeterministicRule, alias: str) -> str:
    return " || chr(31) || ".join(f"CAST({alias}{f} AS VARCHAR)" for f in rule.fields)


def combine_pairs(warehouse: Warehouse, model_id: str) -> int:
    """Join model scores and rule pairs into ``identity_new_pairs`` (identity_pairs' shape)."""
    evidence = ", ".join(f"s.weight_{n}" for n in COMPARISONS)
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {NEW_PAIRS} AS
SELECT coalesce(s.record_id_l, r.record_id_l) AS record_id_l,
    coalesce(s.record_id_r, r.record_id_r) AS record_id_r,
    s.match_weight, s.match_probability, r.rule,
    CASE WHEN s.record_id_l IS NOT NULL THEN '{model_id}' END AS model_id,
    {evidence},
    CAST(now() AS TIMESTAMP) AS scored_at
FROM {_SCORED} s
FULL OUTER JOIN {_RULE_PAIRS} r
    ON s.record_id_l = r.record_id_l AND s.record_id_r = r.record_id_r"""
    )
    warehouse.drop_staging(_SCORED)
    warehouse.drop_staging(_RULE_PAIRS)
    return int(warehouse.scalar(f"SELECT count(*) FROM {NEW_PAIRS}"))
