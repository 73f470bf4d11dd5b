"""Evaluation of alert rules over recent feedback: each match opens one case.

Each enabled rule becomes one query over the canonical ``feedback`` table (joined to the
customer's order value when the rule asks for high-value customers, and to the text
annotations when it asks for warning signals). Rules run most urgent first and a feedback row
opens at most one case, ever, so re-running is safe and cheap. Opening a case records its
event, its audit entry and its notifications in the same transaction. This module must not
change cases after they are opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from centric.cases.history import record_audit, record_case_change
from centric.cases.notifications import Recipients, queue_case_notifications
from centric.cases.routing import route
from centric.cases.rules import enabled_rules
from centric.cases.schemas import EvaluationResult, RuleSpec
from centric.cases.tables import Case
from centric.runtime import Runtime
from centric.warehouse import Warehouse

_CHUNK = 500
SYSTEM_ACTOR = "centric"


@dataclass(frozen=True)
class Match:
    """A feedback row that satisfied a rule."""

    source: str
    source_key: str
    customer_source: str | None
    customer_key: str | None
    survey_type: str | None
    score: float | None
    verbatim: str | None
    channel: str | None
    touchpoint: str | None
    team_id: str | None
    responded_at: datetime | None
    customer_value: float | None
    warnings: tuple[str, ...]
    evidence: str | None = None
    customer_id: str | None = None


def evaluate_rules(
    runtime: Runtime, *, now: datetime | None = None, actor: str = SYSTEM_ACTOR
) -> EvaluationResult:
    """Open a case for every recent feedback row that matches an enabled rule.

    Args:
        runtime: The open stores.
        now: The current time; rules look back ``within_days`` from it (tests pass one).
        actor: Recorded as who opened the cases.

    Returns:
        Counts of rules evaluated, rows matched and cases opened (per rule), and the rules that
        could not be evaluated, with why.
    """
    now = now or datetime.now(UTC)
    with Session(runtime.app_db) as session:
        rules = enabled_rules(session)
    claimed: set[tuple[str, str]] = set()
    opened_by_rule: dict[str, int] = {}
    skipped: dict[str, str] = {}
    matched = 0
    for rule_id, spec in rules:
        reason = unsupported_reason(runtime.warehouse, spec)
        if reason:
            skipped[spec.name] = reason
            continue
        matches = [
            m
            for m in find_matches(runtime.warehouse, spec, now=now)
            if (m.source, m.source_key) not in claimed
        ]
        matched += len(matches)
        claimed.update((m.source, m.source_key) for m in matches)
        opened_by_rule[spec.name] = _open_cases(runtime, rule_id, spec, matches, now, actor)
    opened = sum(opened_by_rule.values())
    if opened:
        with Session(runtime.app_db) as session, session.begin():
            record_audit(
                session,
                actor=actor,
                action="rules.evaluate",
                target="rules",
                at=now,
                summary=f"Alert rules opened {opened} case(s).",
                detail={"opened_by_rule": opened_by_rule, "skipped": skipped},
            )
    return EvaluationResult(
        rules=len(rules),
        matched=matched,
        opened=opened,
        opened_by_rule=opened_by_rule,
        skipped_rules=skipped,
    )


def unsupported_reason(warehouse: Warehouse, spec: RuleSpec) -> str | None:
    """Why a rule cannot be evaluated on this warehouse yet, or ``None`` when it can."""
    needs_text = spec.warnings or spec.sentiment_at_most is not None
    if needs_text and not (
        warehouse.table_exists(SIGNALS_TABLE) and warehouse.table_exists(ANNOTATIONS_TABLE)
    ):
        return (
            "it asks for warning signals or sentiment, but feedback has not been annotated "
            "yet (run the text analysis first)"
        )
    return None


# Written by the text domain: one row per annotated verbatim, and one per signal found in it.
ANNOTATIONS_TABLE = "feedback_annotations"
SIGNALS_TABLE = "feedback_signals"
# Written by identity resolution: every customer record and the customer it belongs to.
LINKS_TABLE = "customer_links"


def has_rows(warehouse: Warehouse, table: str) -> bool:
    """Whether ``table`` exists and holds at least one row."""
    return warehouse.table_exists(table) and (
        warehouse.scalar(f"SELECT 1 FROM {table} LIMIT 1") is not None
    )


def resolved_customer(warehouse: Warehouse, source: str | None, key: str | None) -> str | None:
    """The resolved customer of a source record, once identities have been resolved."""
    if not source or not key or not has_rows(warehouse, LINKS_TABLE):
        return None
    found = warehouse.scalar(
        f"SELECT customer_id FROM {LINKS_TABLE} WHERE source = ? AND source_key = ?",
        [source, key],
    )
    return str(found) if found is not None else None


def find_matches(warehouse: Warehouse, spec: RuleSpec, *, now: datetime) -> list[Match]:
    """The feedback rows of the last ``within_days`` that satisfy every condition of ``spec``."""
    since = (now - timedelta(days=spec.within_days)).astimezone(UTC).replace(tzinfo=None)
    where = ["f.responded_at >= ?"]
    params: list[Any] = [since]
    join_params: list[Any] = []  # placeholders in JOINs come before those of WHERE
    joins: list[str] = []
    value = "NULL"
    warnings = "CAST(NULL AS VARCHAR[])"
    evidence = "CAST(NULL AS VARCHAR)"
    customer = "CAST(NULL AS VARCHAR)"
    if spec.survey_type:
        where.append("f.survey_type = ?")
        params.append(spec.survey_type)
    if spec.score_at_most is not None:
        where.append("f.score <= ?")
        params.append(spec.score_at_most)
    if spec.score_at_least is not None:
        where.append("f.score >= ?")
        params.append(spec.score_at_least)
    for column, values in (
        ("channel", spec.channels),
        ("team_id", spec.teams),
        ("touchpoint", spec.touchpoints),
    ):
        if values:
            where.append(f"f.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    resolved = has_rows(warehouse, LINKS_TABLE)
    if resolved:
        # The resolved customer, so that value and the 360 follow the person across sources.
        joins.append(
            f"LEFT JOIN {LINKS_TABLE} lf ON lf.source = coalesce(f.customer_source, f.source) "
            "AND lf.source_key = f.customer_key"
        )
        customer = "lf.customer_id"
    if spec.customer_value_at_least is not None:
        if resolved:
            joins.append(
                f"JOIN (SELECT l.customer_id, sum(o.amount) AS value FROM orders o JOIN "
                f"{LINKS_TABLE} l ON l.source = coalesce(o.customer_source, o.source) "
                "AND l.source_key = o.customer_key GROUP BY l.customer_id) v "
                "ON v.customer_id = lf.customer_id"
            )
        else:
            joins.append(
                "JOIN (SELECT coalesce(customer_source, source) AS customer_source, "
                "customer_key, sum(amount) AS value FROM orders WHERE customer_key IS NOT NULL "
                "GROUP BY 1, 2) v ON v.customer_source = coalesce(f.customer_source, f.source) "
                "AND v.customer_key = f.customer_key"
            )
        where.append("v.value >= ?")
        params.append(spec.customer_value_at_least)
        value = "CAST(v.value AS DOUBLE)"
    if spec.warnings:
        wanted = (
            ""
            if "any" in spec.warnings
            else (f" AND signal IN ({', '.join('?' for _ in spec.warnings)})")
        )
        joins.append(
            "JOIN (SELECT source, source_key, list(DISTINCT signal ORDER BY signal) AS warnings, "
            f"min(evidence) AS evidence FROM {SIGNALS_TABLE} WHERE kind = 'feedback' "
            f"AND category = 'warning'{wanted} GROUP BY source, source_key) w "
            "ON w.source = f.source AND w.source_key = f.source_key"
        )
        if "any" not in spec.warnings:
            join_params.extend(spec.warnings)
        warnings = "w.warnings"
        evidence = "w.evidence"
    if spec.sentiment_at_most is not None:
        joins.append(
            f"JOIN {ANNOTATIONS_TABLE} a ON a.kind = 'feedback' AND a.source = f.source "
            "AND a.source_key = f.source_key"
        )
        where.append("a.sentiment_score <= ?")
        params.append(spec.sentiment_at_most)
    sql = (
        "SELECT f.source, f.source_key, coalesce(f.customer_source, f.source), f.customer_key, "
        "f.survey_type, f.score, f.verbatim, f.channel, f.touchpoint, f.team_id, "
        f"f.responded_at, {value}, {warnings}, {evidence}, {customer} "
        f"FROM feedback f {' '.join(joins)} WHERE {' AND '.join(where)} "
        "ORDER BY f.responded_at, f.source, f.source_key"
    )
    return [
        Match(
            source=str(row[0]),
            source_key=str(row[1]),
            customer_source=row[2] if row[3] is not None else None,
            customer_key=row[3],
            survey_type=row[4],
            score=row[5],
            verbatim=row[6],
            channel=row[7],
            touchpoint=row[8],
            team_id=row[9],
            responded_at=row[10].replace(tzinfo=UTC) if row[10] is not None else None,
            customer_value=row[11],
            warnings=tuple(row[12] or ()),
            evidence=row[13],
            customer_id=row[14],
        )
        for row in warehouse.fetch_all(sql, join_params + params)
    ]


def _open_cases(
    runtime: Runtime,
    rule_id: int,
    spec: RuleSpec,
    matches: list[Match],
    now: datetime,
    actor: str,
) -> int:
    opened = 0
    recipients = Recipients(runtime.app_db)
    for chunk in _chunks(matches, _CHUNK):
        with Session(runtime.app_db) as session, session.begin():
            pairs = [(m.source, m.source_key) for m in chunk]
            rows = session.execute(
                select(Case.feedback_source, Case.feedback_key).where(
                    tuple_(Case.feedback_source, Case.feedback_key).in_(pairs)
                )
            )
            taken = {(str(source), str(key)) for source, key in rows}
            for match in chunk:
                if (match.source, match.source_key) in taken:
                    continue
                case = _new_case(rule_id, spec, match, now, actor)
                session.add(case)
                session.flush()
                summary = f"Opened by rule {spec.name}: {case.title}."
                record_case_change(
                    session,
                    case,
                    kind="opened",
                    actor=actor,
                    at=now,
                    summary=summary,
                    detail={
                        "rule": spec.name,
                        "team_id": case.team_id,
                        "due_at": case.due_at.isoformat(),
                    },
                )
                queue_case_notifications(
                    session,
                    runtime,
                    case,
                    "opened",
                    at=now,
                    summary=summary,
                    extra_recipients=spec.notify,
                    recipients=recipients,
                )
                opened += 1
    return opened


def _new_case(rule_id: int, spec: RuleSpec, match: Match, now: datetime, actor: str) -> Case:
    sla = spec.effective_sla_hours
    trigger: dict[str, Any] = {"rule": spec.name, "conditions": spec.describe()}
    if match.customer_value is not None:
        trigger["customer_value"] = round(match.customer_value, 2)
    if match.warnings:
        trigger["warnings"] = list(match.warnings)
        trigger["evidence"] = match.evidence
    return Case(
        rule_id=rule_id,
        rule_name=spec.name,
        title=_title(spec, match),
        priority=spec.priority,
        status="open",
        team_id=route(spec, match.team_id),
        feedback_source=match.source,
        feedback_key=match.source_key,
        customer_source=match.customer_source,
        customer_key=match.customer_key,
        customer_id=match.customer_id,
        survey_type=match.survey_type,
        score=match.score,
        channel=match.channel,
        touchpoint=match.touchpoint,
        verbatim=match.verbatim,
        warnings=",".join(match.warnings) or None,
        responded_at=match.responded_at,
        trigger=trigger,
        opened_at=now,
        opened_by=actor,
        sla_hours=sla,
        due_at=now + timedelta(hours=sla),
        escalation_level=0,
        updated_at=now,
    )


def _title(spec: RuleSpec, match: Match) -> str:
    what = spec.description or spec.name.replace("-", " ").replace("_", " ").capitalize()
    facts: list[str] = []
    if match.score is not None:
        facts.append(f"{(match.survey_type or 'score').upper()} {match.score:g}")
    if match.warnings:
        facts.append("warning: " + ", ".join(match.warnings))
    if match.channel:
        facts.append(match.channel)
    return f"{what} ({', '.join(facts)})"[:300] if facts else what[:300]


def _chunks(items: list[Match], size: int) -> Iterable[list[Match]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
