"""Online resolution: which customer is this record, answered for one record at a time.

``resolve_record(fields)`` standardises the fields exactly as a batch would, finds candidate
records with the model's blocking rules and the deterministic rules, scores them with the saved
model and answers with the best customer (if the match reaches the threshold, or the attach
threshold when that customer is the only likely one, as a batch run attaches a lone record),
its probability and the evidence. Nothing is written, and no table is created: the record joins
the population when it is ingested and resolved. A resolver is opened once and answers many
records in milliseconds each.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from centric.errors import InvalidInputError
from centric.identity.ids import plainly_different_sql
from centric.identity.model import BLOCKING_RULES, MODEL_INPUT_COLUMNS, choose_rules
from centric.identity.schemas import Explanation, IdentityConfig, OnlineMatch
from centric.identity.scoring import PairScorer, open_scorer
from centric.identity.service import identity_config
from centric.identity.standardise import INPUT_FIELDS, standardise_record
from centric.identity.tables import require_identity_tables
from centric.ingest.validation import TRUE_WORDS
from centric.runtime import Runtime
from centric.warehouse.schema import TABLES_BY_NAME

# Candidates scored for one record: those sharing the most blocking keys with it.
ONLINE_CANDIDATES = 50


class IdentityResolver:
    """Resolves single records against the resolved population; keep it open and reuse it."""

    def __init__(self, runtime: Runtime, scorer: PairScorer, config: IdentityConfig) -> None:
        self.runtime = runtime
        self.scorer = scorer
        self.config = config
        fields = set(MODEL_INPUT_COLUMNS)
        self.rules = [
            rule
            for rule in choose_rules(BLOCKING_RULES, fields)
            if all(item in fields for item in rule)
        ]
        self._types = {c.name: c.type for c in TABLES_BY_NAME["customer_records"].columns}
        scorer.index_for_lookups(sorted({column for rule in self.rules for column in rule}))

    def resolve(self, fields: Mapping[str, Any]) -> OnlineMatch:
        """Find the customer of one record.

        Args:
            fields: Values by customer_records column name (first_name, last_name,
                date_of_birth, email, phone, postcode, ...); unknown names are rejected.

        Returns:
            The customer (``None`` below the threshold, unless it is the only likely one; see
            ``attach_threshold``), the probability and the evidence.

        Raises:
            InvalidInputError: A field name is not a customer_records column.
        """
        unknown = sorted(set(fields) - set(INPUT_FIELDS) - {"source", "source_key"})
        if unknown:
            raise InvalidInputError(
                f"Unknown field(s) {', '.join(unknown)}.",
                hint="Use customer_records column names: " + ", ".join(INPUT_FIELDS) + ".",
            )
        probe = self._standardise(fields)
        candidates = self._candidates_sql(probe)
        if candidates is None:
            return OnlineMatch(None, 0.0, None, 0)
        rows = self.scorer.score_candidates(probe, candidates)
        if not rows:
            return OnlineMatch(None, 0.0, None, 0)
        best = max(rows, key=lambda r: (r["match_probability"], -r["record_id_r"]))
        probability = float(best["match_probability"])
        link = self.runtime.warehouse.fetch_all(
            "SELECT customer_id, source || ':' || source_key FROM customer_links "
            "WHERE record_id = ?",
            [best["record_id_r"]],
        )
        customer_id, reference = link[0] if link else (None, "")
        if probability >= self.config.threshold:
            chosen = customer_id
        elif probability >= self._attach and customer_id is not None:
            # As a batch run would attach the record were it left alone (attach_lone_records).
            likely = [r["record_id_r"] for r in rows if r["match_probability"] >= self._attach]
            chosen = self._attachable(probe, customer_id, likely)
        else:
            chosen = None
        explanation = Explanation(
            record_a="(new record)",
            record_b=str(reference),
            match_probability=probability,
            match_weight=float(best["match_weight"]),
            prior_weight=round(self.scorer.prior_weight, 2),
            evidence=self.scorer.evidence(best),
            rule=None,
            override=None,
            same_customer=chosen is not None,
            customer_a=None,
            customer_b=customer_id,
        )
        return OnlineMatch(chosen, probability, explanation, len(rows))

    @property
    def _attach(self) -> float:
        return min(self.config.attach_threshold, self.config.threshold)

    def _attachable(
        self, probe: Mapping[str, Any], customer_id: str, likely: list[int]
    ) -> str | None:
        # The customer, when no likely candidate belongs to another, it has two or more records
        # and none of them is plainly another person.
        listed = ", ".join(str(int(record_id)) for record_id in likely)
        others, records, conflicts = self.runtime.warehouse.fetch_all(
            f"""SELECT
    (SELECT count(*) FROM customer_links
        WHERE record_id IN ({listed}) AND customer_id <> ?),
    count(*),
    count(*) FILTER (WHERE {plainly_different_sql("p", "m")})
FROM customer_links l JOIN identity_records m USING (record_id),
    (SELECT CAST(? AS VARCHAR) AS first_name, CAST(? AS VARCHAR) AS first_name_aliases,
        CAST(? AS VARCHAR) AS last_name, CAST(? AS DATE) AS date_of_birth) p
WHERE l.customer_id = ?""",
            [
                customer_id,
                probe.get("first_name"),
                probe.get("first_name_aliases"),
                probe.get("last_name"),
                probe.get("date_of_birth"),
                customer_id,
            ],
        )[0]
        return customer_id if not others and records >= 2 and not conflicts else None

    def _standardise(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        typed: dict[str, Any] = {}
        for column in INPUT_FIELDS:
            value = fields.get(column)
            if value is None or value == "":
                continue
            kind = self._types[column]
            if kind == "DATE" and isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value.strip())
                except ValueError as exc:
                    raise InvalidInputError(
                        f"{column} {value!r} is not a date (YYYY-MM-DD).",
                        hint="Give dates as YYYY-MM-DD.",
                    ) from exc
            elif kind == "BOOLEAN" and isinstance(value, str):
                value = value.strip().lower() in TRUE_WORDS
            typed[column] = value
        return standardise_record(typed, default_region=self.runtime.settings.default_region)

    def _candidates_sql(self, probe: Mapping[str, Any]) -> str | None:
        # Candidates agree with the record on every column of at least one blocking rule; the
        # scorer's in-memory index finds them without scanning the population. Only the
        # ONLINE_CANDIDATES sharing the most blocking keys with the record are scored (ties:
        # lowest record id), so that a common surname does not flood the answer with strangers.
        shared: Counter[int] = Counter()
        for rule in self.rules:
            values = {column: probe.get(column) for column in rule}
            if any(v is None for v in values.values()):
                continue
            shared.update(self.scorer.ids_agreeing(values))
        if not shared:
            return None
        best = heapq.nsmallest(ONLINE_CANDIDATES, shared.items(), key=lambda kv: (-kv[1], kv[0]))
        listed = ", ".join(str(record_id) for record_id, _count in best)
        return self.scorer.population_select(f"r.record_id IN ({listed})")


def _literal(value: Any) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    if hasattr(value, "isoformat"):
        return f"DATE '{value.isoformat()}'"
    text = str(value).replace("'", "''")
    return f"'{text}'"


@contextmanager
def open_resolver(
    runtime: Runtime, *, config: IdentityConfig | None = None
) -> Iterator[IdentityResolver]:
    """Open a resolver for many :meth:`IdentityResolver.resolve` calls.

    Raises:
        NotFoundError: Identities have not been resolved yet (no model or no tables).
    """
    require_identity_tables(runtime.warehouse)
    options = config or identity_config(runtime.workspace)
    with open_scorer(runtime) as scorer:
        yield IdentityResolver(runtime, scorer, options)


def population_version(runtime: Runtime) -> int:
    """The last resolution run that changed the resolved population (its records or the model).

    A resolver opened before a later run answers against an outdated population; keepers of a
    long-lived resolver compare this number to decide when to open it again.

    Raises:
        NotFoundError: Identities have not been resolved yet.
    """
    require_identity_tables(runtime.warehouse)
    return int(
        runtime.warehouse.scalar(
            "SELECT coalesce(max(run_id), 0) FROM identity_runs "
            "WHERE mode IN ('full', 'incremental')"
        )
        or 0
    )


def resolve_record(runtime: Runtime, fields: Mapping[str, Any]) -> OnlineMatch:
    """Which customer is this record? One-off form of :class:`IdentityResolver`.

    Opening a resolver costs more than answering; for many records use :func:`open_resolver`.

    Args:
        runtime: The open workspace, resolved at least once.
        fields: Values by customer_records column name.

    Returns:
        ``OnlineMatch(customer_id | None, probability, explanation, candidates)``.
    """
    with open_resolver(runtime) as resolver:
        return resolver.resolve(fields)
