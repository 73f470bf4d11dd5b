"""Identity resolution use cases: ``resolve_identities`` and the re-clustering it shares with
data-steward overrides.

A run standardises new and changed customer records, trains the matching model when there is
none (or when asked), scores candidate pairs (all of them in a full run; only those touching the
new and changed records otherwise), adds pairs linked by deterministic rules, re-clusters the
affected customers honouring every override, assigns stable customer IDs, recomputes their
golden records and commits everything in one transaction. The CLI and the web layer call these
functions and only render the results. Nothing here renders or parses user input.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from centric.config import read_workspace_file
from centric.identity.golden import compute_golden, write_golden
from centric.identity.ids import (
    Assignment,
    assign_ids,
    cluster_affected,
    drop_temporary,
    select_affected,
    separates_conflicts,
    write_assignment,
)
from centric.identity.linkage import LinkageEngine, open_linkage
from centric.identity.model import (
    MODEL_INPUT_COLUMNS,
    TrainedModel,
    TrainingOptions,
    load_model,
    save_model,
    train_model,
)
from centric.identity.pairs import NEW_PAIRS, combine_pairs, find_rule_pairs, score_pairs
from centric.identity.records import (
    DELTA,
    REMOVED,
    STALE,
    commit_records,
    find_delta,
    population_sql,
)
from centric.identity.schemas import IdentityConfig, ResolveResult, parse_identity_config
from centric.identity.standardise import STANDARDISER_VERSION
from centric.identity.tables import create_identity_tables, index_lookup_columns
from centric.runtime import Runtime
from centric.store import record_audit_event
from centric.warehouse import Warehouse

Progress = Callable[[str], None]

MODEL_FILE = Path("identity") / "model.json"


def identity_config(workspace: Path) -> IdentityConfig:
    """The ``[identity]`` options of a workspace (defaults when the table is absent).

    Raises:
        ConfigurationError: An option is invalid.
    """
    file = read_workspace_file(workspace)
    return parse_identity_config(file.identity, origin=str(file.path))


def model_path(runtime: Runtime) -> Path:
    """Where the workspace's trained model is saved."""
    return runtime.workspace / MODEL_FILE


def resolve_identities(
    runtime: Runtime,
    *,
    retrain: bool = False,
    full: bool = False,
    config: IdentityConfig | None = None,
    progress: Progress | None = None,
) -> ResolveResult:
    """Resolve customer records into customers with stable IDs.

    Args:
        runtime: The open workspace.
        retrain: Train a new model even if one is saved (implies a full run).
        full: Score and re-cluster every record, not only what changed.
        config: Options; default the workspace's ``[identity]``.
        progress: Called with a short description of each stage.

    Returns:
        What the run did.

    Raises:
        InvalidInputError: The records hold too little to train a model.
        ConfigurationError: ``[identity]`` is invalid.
        BackendError: The engine failed.
    """
    options = config or identity_config(runtime.workspace)
    warehouse = runtime.warehouse
    report = progress or (lambda _message: None)
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    timings: dict[str, float] = {}
    create_identity_tables(warehouse)
    clock = _Clock(timings)

    report("standardising new and changed records")
    with clock("standardise"):
        restandardise = _state(warehouse, "standardiser_version") != STANDARDISER_VERSION
        delta = find_delta(
            warehouse,
            default_region=runtime.settings.default_region,
            everything=restandardise,
        )
    path = model_path(runtime)
    train = retrain or not path.exists()
    never_resolved = not warehouse.scalar("SELECT count(*) FROM customer_links")
    threshold_changed = _state(warehouse, "threshold") not in (None, repr(options.threshold))
    # Workspaces resolved before attaching existed have no attach state: one full run attaches.
    attach_changed = _state(warehouse, "attach_threshold") != repr(options.attach_threshold)
    full_run = (
        train or full or restandardise or never_resolved or threshold_changed or attach_changed
    )
    run_id = int(warehouse.scalar("SELECT coalesce(max(run_id), 0) + 1 FROM identity_runs"))
    if not full_run and delta.touched == 0:
        customers = int(warehouse.scalar("SELECT count(*) FROM customers"))
        _drop_run_tables(warehouse)
        index_lookup_columns(warehouse)
        model_id = _model_id(path)
        return ResolveResult(
            run_id=run_id - 1,
            mode="nothing",
            engine=options.engine,
            model_id=model_id,
            trained=False,
            records=delta.population,
            records_new=0,
            records_changed=0,
            records_removed=0,
            pairs_scored=0,
            customers=customers,
            customers_created=0,
            customers_merged=0,
            customers_split=0,
            seconds=time.perf_counter() - started,
            timings=timings,
        )

    training_seconds = 0.0
    with open_linkage(warehouse, options.engine, spark_memory=options.spark_memory) as engine:
        if train:
            report("training the matching model")
            with clock("train"):
                model, training_records = _train(engine, options, delta.population)
                save_model(model, path)
            training_seconds = timings["train"]
        else:
            model = load_model(path)
            training_records = model.training_records
        model_id = _model_id(path)
        report("scoring candidate pairs")
        with clock("score"):
            score_pairs(engine, model, full=full_run, floor=options.pair_floor)
    with clock("rules"):
        find_rule_pairs(warehouse, options.rules, full=full_run, max_group=options.max_rule_group)
        pairs = combine_pairs(warehouse, model_id)
    report("clustering records into customers")
    with clock("cluster"):
        select_affected(warehouse, threshold=_seed_threshold(options), full=full_run)
        cluster_affected(
            warehouse,
            threshold=options.threshold,
            full=full_run,
            conflicts=separates_conflicts(model),
            attach_threshold=options.attach_threshold,
        )
        assignment = assign_ids(warehouse, run_id=run_id, reason="resolution run")
    report("computing golden records")
    with clock("golden"):
        compute_golden(warehouse, options)
    report("saving")
    with clock("commit"), warehouse.transaction():
        commit_records(warehouse)
        if full_run:
            warehouse.execute("DELETE FROM identity_pairs")
        else:
            warehouse.execute(
                f"DELETE FROM identity_pairs WHERE record_id_l IN (SELECT record_id FROM {STALE}) "
                f"OR record_id_r IN (SELECT record_id FROM {STALE}) "
                f"OR (record_id_l, record_id_r) IN "
                f"(SELECT (record_id_l, record_id_r) FROM {NEW_PAIRS})"
            )
        warehouse.execute(f"INSERT INTO identity_pairs BY NAME SELECT * FROM {NEW_PAIRS}")
        write_assignment(warehouse, run_id=run_id, created=assignment.created)
        write_golden(warehouse)
        _set_state(warehouse, "standardiser_version", STANDARDISER_VERSION)
        _set_state(warehouse, "threshold", repr(options.threshold))
        _set_state(warehouse, "attach_threshold", repr(options.attach_threshold))
        if train:
            _record_model(
                warehouse,
                model,
                model_id=model_id,
                engine=options.engine,
                population=delta.population,
                training_records=training_records,
                path=path,
                seconds=training_seconds,
            )
        customers = int(warehouse.scalar("SELECT count(*) FROM customers"))
        seconds = time.perf_counter() - started
        result = ResolveResult(
            run_id=run_id,
            mode="full" if full_run else "incremental",
            engine=options.engine,
            model_id=model_id,
            trained=train,
            records=delta.population,
            records_new=delta.new,
            records_changed=delta.changed,
            records_removed=delta.removed,
            pairs_scored=pairs,
            customers=customers,
            customers_created=assignment.created,
            customers_merged=assignment.merged,
            customers_split=assignment.split,
            seconds=seconds,
            timings=timings,
        )
        _record_run(warehouse, result, threshold=options.threshold, started_at=started_at)
    drop_temporary(warehouse)
    _drop_run_tables(warehouse)
    index_lookup_columns(warehouse)
    record_audit_event(
        runtime.app_db,
        actor=runtime.settings.actor,
        action="identity.resolve",
        target=f"run {run_id}",
        detail={
            "mode": result.mode,
            "records": result.records,
            "customers": result.customers,
            "created": result.customers_created,
            "merged": result.customers_merged,
            "split": result.customers_split,
            "model_id": model_id,
        },
        summary=f"Resolved {result.records:,} records into {result.customers:,} customers.",
    )
    return result


def recluster(
    runtime: Runtime,
    *,
    records_sql: str,
    reason: str,
    config: IdentityConfig | None = None,
) -> Assignment:
    """Re-cluster the customers of some records with the stored pairs and every override.

    Used after a data-steward override: nothing is re-scored, only the affected customers are
    clustered again and get their IDs by the usual rules.

    Args:
        runtime: The open workspace.
        records_sql: SQL selecting the ``record_id`` of the records concerned.
        reason: Written to the ID history, e.g. ``"override 7 (merge)"``.
        config: Options; default the workspace's ``[identity]``.

    Returns:
        What changed.
    """
    options = config or identity_config(runtime.workspace)
    warehouse = runtime.warehouse
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    _empty_run_tables(warehouse)
    run_id = int(warehouse.scalar("SELECT coalesce(max(run_id), 0) + 1 FROM identity_runs"))
    select_affected(
        warehouse, threshold=_seed_threshold(options), full=False, extra_records_sql=records_sql
    )
    path = model_path(runtime)
    model = load_model(path) if path.exists() else None
    cluster_affected(
        warehouse,
        threshold=options.threshold,
        conflicts=separates_conflicts(model),
        attach_threshold=options.attach_threshold,
    )
    assignment = assign_ids(warehouse, run_id=run_id, reason=reason)
    compute_golden(warehouse, options)
    with warehouse.transaction():
        write_assignment(warehouse, run_id=run_id, created=assignment.created)
        write_golden(warehouse)
        population = int(warehouse.scalar("SELECT count(*) FROM identity_records"))
        result = ResolveResult(
            run_id=run_id,
            mode="override",
            engine="duckdb",
            model_id=_model_id(model_path(runtime)),
            trained=False,
            records=population,
            records_new=0,
            records_changed=0,
            records_removed=0,
            pairs_scored=0,
            customers=int(warehouse.scalar("SELECT count(*) FROM customers")),
            customers_created=assignment.created,
            customers_merged=assignment.merged,
            customers_split=assignment.split,
            seconds=time.perf_counter() - started,
        )
        _record_run(warehouse, result, threshold=options.threshold, started_at=started_at)
    drop_temporary(warehouse)
    _drop_run_tables(warehouse)
    return assignment


def _train(
    engine: LinkageEngine, options: IdentityConfig, population: int
) -> tuple[TrainedModel, int]:
    warehouse = engine.warehouse
    columns = [c for c in MODEL_INPUT_COLUMNS if c != "record_id"]
    counts = warehouse.fetch_all(
        f"SELECT count(*), {', '.join(f'count({c})' for c in columns)} "
        f"FROM ({population_sql(', '.join(MODEL_INPUT_COLUMNS))})"
    )[0]
    total = int(counts[0]) or 1
    completeness = {c: int(n) / total for c, n in zip(columns, counts[1:], strict=True)}
    share = min(1.0, options.max_training_records / total)
    sample_filter = (
        "" if share >= 1 else f" WHERE hash(record_id) % 1000000 < {int(share * 1_000_000)}"
    )
    sample_sql = f"SELECT * FROM ({population_sql(', '.join(MODEL_INPUT_COLUMNS))}){sample_filter}"
    sampled = int(warehouse.scalar(f"SELECT count(*) FROM ({sample_sql})"))
    records = engine.load(sample_sql)
    model = train_model(
        records,
        completeness=completeness,
        total_records=sampled,
        options=TrainingOptions(
            max_training_records=options.max_training_records,
            u_max_pairs=options.u_max_pairs,
            min_completeness=options.min_completeness,
        ),
    )
    del population
    return model, sampled


def _model_id(path: Path) -> str:
    if not path.exists():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _record_model(
    warehouse: Warehouse,
    model: TrainedModel,
    *,
    model_id: str,
    engine: str,
    population: int,
    training_records: int,
    path: Path,
    seconds: float,
) -> None:
    warehouse.execute(
        "INSERT INTO identity_models BY NAME SELECT ? AS model_id, CAST(now() AS TIMESTAMP) AS "
        "trained_at, ? AS engine, ? AS records, ? AS training_records, ? AS comparisons, "
        "? AS blocking_rules, ? AS probability_two_random_records_match, ? AS path, "
        "? AS seconds",
        [
            model_id,
            engine,
            population,
            training_records,
            list(model.comparisons),
            list(model.blocking_rules),
            model.probability_two_random_records_match,
            str(path),
            seconds,
        ],
    )


def _seed_threshold(options: IdentityConfig) -> float:
    # New links from this probability up can change a customer: by joining records at the
    # threshold, or by attaching a lone record (see attach_lone_records).
    return min(options.threshold, options.attach_threshold)


def _record_run(
    warehouse: Warehouse, result: ResolveResult, *, threshold: float, started_at: datetime
) -> None:
    warehouse.execute(
        "INSERT INTO identity_runs BY NAME SELECT ? AS run_id, ? AS mode, ? AS engine, "
        "? AS model_id, ? AS threshold, ? AS records, ? AS records_new, ? AS records_changed, "
        "? AS records_removed, ? AS pairs_scored, ? AS customers, ? AS customers_created, "
        "? AS customers_merged, ? AS customers_split, ? AS started_at, ? AS seconds, "
        "CAST(? AS JSON) AS timings",
        [
            result.run_id,
            result.mode,
            result.engine,
            result.model_id,
            threshold,
            result.records,
            result.records_new,
            result.records_changed,
            result.records_removed,
            result.pairs_scored,
            result.customers,
            result.customers_created,
            result.customers_merged,
            result.customers_split,
            started_at,
            result.seconds,
            _json(result.timings),
        ],
    )


def _json(values: dict[str, float]) -> str:
    return json.dumps({k: round(v, 3) for k, v in values.items()})


def _state(warehouse: Warehouse, key: str) -> str | None:
    value = warehouse.scalar("SELECT value FROM identity_state WHERE key = ?", [key])
    return None if value is None else str(value)


def _set_state(warehouse: Warehouse, key: str, value: str) -> None:
    warehouse.execute("DELETE FROM identity_state WHERE key = ?", [key])
    warehouse.execute("INSERT INTO identity_state VALUES (?, ?)", [key, value])


def _empty_run_tables(warehouse: Warehouse) -> None:
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {DELTA} AS SELECT * FROM identity_records LIMIT 0"
    )
    for name in (STALE, REMOVED):
        warehouse.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT CAST(NULL AS BIGINT) AS record_id "
            "WHERE false"
        )
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {NEW_PAIRS} AS SELECT * FROM identity_pairs LIMIT 0"
    )


def _drop_run_tables(warehouse: Warehouse) -> None:
    for name in (DELTA, STALE, REMOVED, NEW_PAIRS):
        warehouse.drop_staging(name)


class _Clock:
    """Times the stages of a run."""

    def __init__(self, timings: dict[str, float]) -> None:
        self._timings = timings
        self._stage = ""
        self._started = 0.0

    def __call__(self, stage: str) -> _Clock:
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self._timings[self._stage] = time.perf_counter() - self._started
