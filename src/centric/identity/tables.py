"""The warehouse tables of the single customer view, declared as data and created idempotently.

Standardised records, scored record pairs with their per-field evidence, record-to-customer
links, the golden records with provenance, the history of retired customer IDs, data-steward
overrides, and the bookkeeping of models and runs. Creation adds missing tables and columns and
never drops anything, as the canonical schema does; it happens when identities are resolved or
overridden, never on a read: reads only require the tables, and say to resolve when they are
missing. This module describes and creates tables; it must not compute anything about
identities.
"""

from __future__ import annotations

import weakref

from centric.errors import NotFoundError
from centric.warehouse import Warehouse, create_tables, quote_identifier
from centric.warehouse.schema import Column, SqlType, Table

# Every comparison the model may use, in the order evidence is shown. A model uses the subset
# whose fields the data actually hold; the others stay NULL in identity_pairs.
COMPARISONS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "customer_number",
    "loyalty_id",
    "gender",
)

IDENTITY_RECORDS = Table(
    "identity_records",
    "One row per customer record, standardised for matching. Originals stay in "
    "customer_records; a record is standardised again when its source row changes.",
    (
        Column("record_id", "BIGINT", "Centric's number for the record, stable for its life."),
        Column("source", "VARCHAR", "Source system of the record."),
        Column("source_key", "VARCHAR", "The record's key in its source."),
        Column("input_hash", "VARCHAR", "MD5 of the identity fields as ingested."),
        Column("title", "VARCHAR", "Title, lower case without punctuation (mr, dr, sra)."),
        Column("first_name", "VARCHAR", "Given name: lower case, accents and titles removed."),
        Column(
            "first_name_aliases",
            "VARCHAR",
            "Names that are nicknames or formal forms of first_name (bill <-> william), "
            "written |bill|will|.",
        ),
        Column("middle_name", "VARCHAR", "Middle name(s), standardised like first_name."),
        Column("last_name", "VARCHAR", "Family name(s): lower case, accents removed."),
        Column("first_name_sound", "VARCHAR", "Phonetic key of first_name (for blocking)."),
        Column("last_name_sound", "VARCHAR", "Phonetic key of last_name (for blocking)."),
        Column("date_of_birth", "DATE", "Date of birth."),
        Column("gender", "VARCHAR", "f, m or x."),
        Column("email", "VARCHAR", "E-mail, trimmed and lower case; NULL when not an address."),
        Column(
            "email_canonical",
            "VARCHAR",
            "E-mail without plus-tag (and without dots for Gmail): a comparison level only.",
        ),
        Column("email_user", "VARCHAR", "Part of the e-mail before the @."),
        Column("email_verified", "BOOLEAN", "Whether the source verified the e-mail."),
        Column("phone", "VARCHAR", "Phone in E.164 (+447700900123); NULL when not a number."),
        Column("house_number", "VARCHAR", "First number of the address (house or flat)."),
        Column(
            "address",
            "VARCHAR",
            "Address lines 1 and 2: lower case, accents removed, street types spelled out.",
        ),
        Column("city", "VARCHAR", "Town or city, lower case, accents removed."),
        Column("postcode", "VARCHAR", "Postal code, upper case, letters and digits only."),
        Column("country", "VARCHAR", "ISO 3166 alpha-2 country code."),
        Column("customer_number", "VARCHAR", "Shared customer number, upper case alphanumerics."),
        Column("loyalty_id", "VARCHAR", "Loyalty-card number, upper case alphanumerics."),
        Column(
            "record_time",
            "TIMESTAMP",
            "When the source last changed the record (updated_at, created_at or ingestion).",
        ),
        Column("standardised_at", "TIMESTAMP", "When this row was written (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

_EVIDENCE: tuple[Column, ...] = tuple(
    Column(
        f"weight_{name}",
        "DOUBLE",
        f"Match weight (log2 Bayes factor, term frequency included) of the level reached on "
        f"{name}; NULL when the model does not compare {name}.",
    )
    for name in COMPARISONS
)

IDENTITY_PAIRS = Table(
    "identity_pairs",
    "Scored pairs of records found by blocking or by a deterministic rule, with the evidence "
    "of every field. Pairs below the storage floor are not kept.",
    (
        Column("record_id_l", "BIGINT", "Record with the smaller record_id."),
        Column("record_id_r", "BIGINT", "Record with the larger record_id."),
        Column("match_weight", "DOUBLE", "Total match weight (log2 of the odds of a match)."),
        Column("match_probability", "DOUBLE", "Probability that both are the same person."),
        Column("rule", "VARCHAR", "Deterministic rule that links the pair, if any."),
        Column("model_id", "VARCHAR", "Model that scored the pair."),
        *_EVIDENCE,
        Column("scored_at", "TIMESTAMP", "When the pair was scored (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

CUSTOMER_LINKS = Table(
    "customer_links",
    "Every customer record and the customer it belongs to, with the strongest link that put "
    "it there; its evidence is in identity_pairs.",
    (
        Column("source", "VARCHAR", "Source system of the record."),
        Column("source_key", "VARCHAR", "The record's key in its source."),
        Column("record_id", "BIGINT", "identity_records.record_id."),
        Column("customer_id", "VARCHAR", "The customer."),
        Column(
            "match_probability",
            "DOUBLE",
            "Probability of the record's strongest link inside its customer; NULL when alone.",
        ),
        Column(
            "linked_by",
            "VARCHAR",
            "What linked it: model, a rule name, must_link (a steward), attached (a record "
            "left alone joined its one likely customer), or alone.",
        ),
        Column("linked_via", "BIGINT", "record_id at the other end of that link."),
        Column("linked_at", "TIMESTAMP", "When the record was last assigned (UTC)."),
        Column("run_id", "BIGINT", "Resolution run that assigned it."),
    ),
    ingestible=False,
    lineage=False,
)

GOLDEN_FIELDS: tuple[str, ...] = (
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "date_of_birth",
    "gender",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postcode",
    "country",
    "customer_number",
    "loyalty_id",
    "marketing_consent",
)

_GOLDEN_TYPES: dict[str, SqlType] = {"date_of_birth": "DATE", "marketing_consent": "BOOLEAN"}

CUSTOMERS = Table(
    "customers",
    "The golden record of every customer: one value per field chosen from its records by the "
    "survivorship rules, with the record that supplied each value in provenance.",
    (
        Column("customer_id", "VARCHAR", "Stable customer ID (C followed by digits)."),
        Column("full_name", "VARCHAR", "First, middle and last name of the golden record."),
        *(
            Column(name, _GOLDEN_TYPES.get(name, "VARCHAR"), f"Golden {name.replace('_', ' ')}.")
            for name in GOLDEN_FIELDS
        ),
        Column(
            "provenance",
            "JSON",
            "For each field: the rule used and the source record (source:source_key) that "
            "supplied the value.",
        ),
        Column("record_count", "BIGINT", "Number of source records of the customer."),
        Column("sources", "VARCHAR[]", "Source systems the customer appears in."),
        Column("created_at", "TIMESTAMP", "When the customer ID was issued (UTC)."),
        Column("updated_at", "TIMESTAMP", "When the golden record was last computed (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

CUSTOMER_ID_HISTORY = Table(
    "customer_id_history",
    "Every change of customer IDs: a retired ID and its successor after a merge, the new ID of "
    "records split off, or an ID whose records all disappeared. Follow successor_id to find "
    "where a retired ID went.",
    (
        Column("customer_id", "VARCHAR", "The ID concerned."),
        Column("successor_id", "VARCHAR", "Where its records went; NULL when removed."),
        Column("event", "VARCHAR", "merged, split or removed."),
        Column("records", "BIGINT", "How many records moved."),
        Column("reason", "VARCHAR", "What caused it: resolution run or a steward override."),
        Column("run_id", "BIGINT", "Resolution run or override application that did it."),
        Column("changed_at", "TIMESTAMP", "When (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

IDENTITY_OVERRIDES = Table(
    "identity_overrides",
    "Data-steward decisions, honoured by every later run and retraining: must_link (these "
    "records are one customer), cannot_link (these two groups are never one customer), and "
    "unmerge (records taken out of a customer).",
    (
        Column("override_id", "BIGINT", "Sequential number."),
        Column("kind", "VARCHAR", "must_link, cannot_link or unmerge."),
        Column("records_a", "VARCHAR[]", "First group of records (source:source_key)."),
        Column("records_b", "VARCHAR[]", "Second group of records (source:source_key)."),
        Column("customer_id", "VARCHAR", "Customer named by the steward, if any."),
        Column("reason", "VARCHAR", "Why, in the steward's words."),
        Column("actor", "VARCHAR", "Who decided."),
        Column("created_at", "TIMESTAMP", "When (UTC)."),
        Column("active", "BOOLEAN", "False once a later decision contradicted it."),
        Column("superseded_by", "BIGINT", "The override that contradicted it."),
    ),
    ingestible=False,
    lineage=False,
)

IDENTITY_MODELS = Table(
    "identity_models",
    "Every trained matching model: when, on how many records, and where its file is.",
    (
        Column("model_id", "VARCHAR", "SHA-256 (first 16 hex digits) of the model file."),
        Column("trained_at", "TIMESTAMP", "When (UTC)."),
        Column("engine", "VARCHAR", "duckdb or spark."),
        Column("records", "BIGINT", "Records in the population when trained."),
        Column("training_records", "BIGINT", "Records in the training sample."),
        Column("comparisons", "VARCHAR[]", "Fields compared by the model."),
        Column("blocking_rules", "VARCHAR[]", "Blocking rules used to find candidate pairs."),
        Column("probability_two_random_records_match", "DOUBLE", "The model's prior probability."),
        Column("path", "VARCHAR", "Model file (Splink JSON) in the workspace."),
        Column("seconds", "DOUBLE", "Training time."),
    ),
    ingestible=False,
    lineage=False,
)

IDENTITY_RUNS = Table(
    "identity_runs",
    "One row per resolution run or applied override, with what it changed.",
    (
        Column("run_id", "BIGINT", "Sequential number."),
        Column("mode", "VARCHAR", "full, incremental, override or nothing."),
        Column("engine", "VARCHAR", "duckdb or spark."),
        Column("model_id", "VARCHAR", "Model used."),
        Column("threshold", "DOUBLE", "Clustering threshold used."),
        Column("records", "BIGINT", "Records in the population."),
        Column("records_new", "BIGINT", "Records standardised for the first time."),
        Column("records_changed", "BIGINT", "Records whose source row changed."),
        Column("records_removed", "BIGINT", "Records no longer in customer_records."),
        Column("pairs_scored", "BIGINT", "Pairs scored and kept."),
        Column("customers", "BIGINT", "Customers after the run."),
        Column("customers_created", "BIGINT", "New customer IDs issued."),
        Column("customers_merged", "BIGINT", "IDs retired by a merge."),
        Column("customers_split", "BIGINT", "IDs that gave records to a new ID."),
        Column("started_at", "TIMESTAMP", "Start (UTC)."),
        Column("seconds", "DOUBLE", "Wall time."),
        Column("timings", "JSON", "Seconds per stage."),
    ),
    ingestible=False,
    lineage=False,
)

IDENTITY_STATE = Table(
    "identity_state",
    "Counters and markers of the identity domain (next customer number, standardiser version).",
    (
        Column("key", "VARCHAR", "Name."),
        Column("value", "VARCHAR", "Value."),
    ),
    ingestible=False,
    lineage=False,
)

IDENTITY_TABLES: tuple[Table, ...] = (
    IDENTITY_RECORDS,
    IDENTITY_PAIRS,
    CUSTOMER_LINKS,
    CUSTOMERS,
    CUSTOMER_ID_HISTORY,
    IDENTITY_OVERRIDES,
    IDENTITY_MODELS,
    IDENTITY_RUNS,
    IDENTITY_STATE,
)


# Columns that a customer 360 reads by key: one customer's links, golden record and source
# records, and the orders, interactions, feedback and social posts of its records. Indexed
# after each resolution so that a 360 finds its few rows without scanning millions.
LOOKUP_INDEXES: tuple[tuple[str, str], ...] = (
    ("customers", "customer_id"),
    ("customer_links", "customer_id"),
    ("customer_links", "record_id"),
    ("customer_links", "source_key"),
    ("customer_records", "source_key"),
    ("orders", "customer_key"),
    ("interactions", "customer_key"),
    ("feedback", "customer_key"),
    ("social_posts", "customer_key"),
)

# Warehouses known to hold the identity tables: tables are never dropped, so one look suffices.
_PRESENT: weakref.WeakSet[Warehouse] = weakref.WeakSet()


def create_identity_tables(warehouse: Warehouse) -> None:
    """Create every missing identity table and column; existing data are kept.

    Args:
        warehouse: The warehouse to prepare.
    """
    create_tables(warehouse, IDENTITY_TABLES)


def index_lookup_columns(warehouse: Warehouse) -> None:
    """Index the columns a customer 360 reads by key (:data:`LOOKUP_INDEXES`), if missing.

    Does nothing on engines without indexes. Existing indexes are kept, and the engine keeps
    them up to date as rows are ingested and resolved.

    Args:
        warehouse: The warehouse, with its identity tables.
    """
    if "indexes" not in warehouse.capabilities:
        return
    for table, column in LOOKUP_INDEXES:
        name = quote_identifier(f"{table}_by_{column}")
        warehouse.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {quote_identifier(table)} "
            f"({quote_identifier(column)})"
        )


def require_identity_tables(warehouse: Warehouse) -> None:
    """Check, once per open warehouse, that identities have been resolved into it.

    Reads call this instead of creating tables, so that they do no schema work: the first call
    looks the tables up, later calls on the same warehouse return at once.

    Args:
        warehouse: The warehouse about to be read.

    Raises:
        NotFoundError: An identity table is missing (nothing has been resolved yet).
    """
    if warehouse in _PRESENT:
        return
    missing = [table.name for table in IDENTITY_TABLES if not warehouse.table_exists(table.name)]
    if missing:
        raise NotFoundError(
            f"The warehouse has no single customer view yet (missing {', '.join(missing)}).",
            hint="Run 'centric resolve' to resolve customer records into customers first.",
        )
    _PRESENT.add(warehouse)
