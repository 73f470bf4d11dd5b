"""The canonical data model of the warehouse, declared as data.

Every table, column, type and meaning is written here once. The warehouse creates tables from
it, ingest derives its validation from it, and ``docs/data-model.md`` is generated from it (a test
keeps them in step). This module describes; it must not execute SQL or import an engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SqlType = Literal[
    "VARCHAR",
    "BIGINT",
    "INTEGER",
    "DOUBLE",
    "DECIMAL(18,2)",
    "BOOLEAN",
    "DATE",
    "TIMESTAMP",
    "JSON",
    "VARCHAR[]",
]
# What a value means, which decides how ingest validates it.
Role = Literal[
    "key", "code", "name", "email", "phone", "text", "free_text", "number", "flag", "date", "time"
]


@dataclass(frozen=True)
class Column:
    """One column of a canonical table."""

    name: str
    type: SqlType
    doc: str
    role: Role = "text"
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    """One canonical table: its columns and what a row is."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    ingestible: bool = True
    lineage: bool = True
    extra_columns: tuple[Column, ...] = field(default=())

    @property
    def business_columns(self) -> tuple[Column, ...]:
        """The columns a source supplies (not lineage)."""
        return self.columns

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Business columns, then lineage columns and missing_since_batch, in storage order."""
        lineage = LINEAGE_COLUMNS + PRESENCE_COLUMNS if self.lineage else ()
        return self.columns + lineage + self.extra_columns

    def column(self, name: str) -> Column:
        """The column called ``name``; ``KeyError`` when absent."""
        for column in self.all_columns:
            if column.name == name:
                return column
        raise KeyError(name)


CHANNELS = ("store", "web", "app", "phone", "chat", "email", "social", "post", "other")

SOURCE = Column("source", "VARCHAR", "Name of the source system this row came from.", "code", True)
SOURCE_KEY = Column(
    "source_key",
    "VARCHAR",
    "The row's own identifier in its source system; unique per source. A re-ingested row with "
    "the same key replaces this row and its previous version goes to record_history.",
    "key",
    True,
)
CUSTOMER_SOURCE = Column(
    "customer_source",
    "VARCHAR",
    "Source system of the customer record this row belongs to; defaults to this row's source.",
    "code",
)
CUSTOMER_KEY = Column(
    "customer_key",
    "VARCHAR",
    "source_key of the customer record (in customer_source) this row belongs to.",
    "key",
)
TEAM_ID = Column(
    "team_id", "VARCHAR", "Team (teams.source_key) that owns the touchpoint or case.", "code"
)
AGENT_ID = Column(
    "agent_id", "VARCHAR", "Employee (employees.source_key) who handled it, if any.", "code"
)
CHANNEL = Column(
    "channel",
    "VARCHAR",
    "Channel, lower case: " + ", ".join(CHANNELS) + ".",
    "code",
    allowed=CHANNELS,
)
TOUCHPOINT = Column(
    "touchpoint",
    "VARCHAR",
    "Where in the service the contact happened, e.g. 'checkout', 'delivery', 'returns desk'.",
    "code",
)
JOURNEY_STAGE = Column(
    "journey_stage",
    "VARCHAR",
    "Customer-journey stage, e.g. 'discover', 'buy', 'receive', 'use', 'get help', 'leave'.",
    "code",
)
LANGUAGE = Column(
    "language",
    "VARCHAR",
    "ISO 639-1 language code of the text when the source states it (e.g. 'en', 'es').",
    "code",
)

LINEAGE_COLUMNS: tuple[Column, ...] = (
    Column("batch_id", "BIGINT", "Ingest batch (source_batches.batch_id) that wrote this version."),
    Column("source_file", "VARCHAR", "File (or SQL source) the row was read from."),
    Column(
        "source_row",
        "BIGINT",
        "1-based position of the record among the data records of source_file (header excluded; "
        "a quoted multi-line field counts once).",
    ),
    Column("ingested_at", "TIMESTAMP", "When this version was written (UTC)."),
)
# Set on rows of sources declared full_extract; NULL otherwise, unlike the lineage columns.
PRESENCE_COLUMNS: tuple[Column, ...] = (
    Column(
        "missing_since_batch",
        "BIGINT",
        "For a source declared full_extract: the first full extract (source_batches.batch_id) "
        "that no longer carried this row's key. The row is kept; NULL while the source sends it.",
    ),
)

CUSTOMER_RECORDS = Table(
    "customer_records",
    "One row per customer as one source system knows them: the raw material of the single "
    "customer view. The same person usually appears in several sources, with variations.",
    (
        SOURCE,
        SOURCE_KEY,
        Column(
            "customer_number",
            "VARCHAR",
            "Customer or account number the source shares with other systems (e.g. the CRM id "
            "quoted in the web shop).",
            "code",
        ),
        Column("loyalty_id", "VARCHAR", "Loyalty-card number, if the source knows it.", "code"),
        Column("title", "VARCHAR", "Title as written (Mr, Ms, Dr, Sra, ...).", "name"),
        Column("first_name", "VARCHAR", "Given name as written in the source.", "name"),
        Column("middle_name", "VARCHAR", "Middle name(s) as written.", "name"),
        Column("last_name", "VARCHAR", "Family name(s) as written.", "name"),
        Column(
            "full_name", "VARCHAR", "The whole name as written, when the source has it.", "name"
        ),
        Column("date_of_birth", "DATE", "Date of birth.", "date"),
        Column("gender", "VARCHAR", "Gender as recorded by the source.", "code"),
        Column("email", "VARCHAR", "E-mail address as written (trimmed).", "email"),
        Column(
            "email_verified",
            "BOOLEAN",
            "Whether the source verified the e-mail (e.g. by a confirmation link).",
            "flag",
        ),
        Column("phone", "VARCHAR", "Phone number as written.", "phone"),
        Column("address_line1", "VARCHAR", "First address line (street and number).", "text"),
        Column("address_line2", "VARCHAR", "Second address line (flat, building).", "text"),
        Column("city", "VARCHAR", "Town or city.", "text"),
        Column("region", "VARCHAR", "County, state or province.", "text"),
        Column("postcode", "VARCHAR", "Postal code as written.", "code"),
        Column("country", "VARCHAR", "Country (ISO code or name as written).", "code"),
        Column("marketing_consent", "BOOLEAN", "Whether the customer agreed to marketing.", "flag"),
        Column(
            "segment",
            "VARCHAR",
            "Customer segment the source assigns, e.g. a loyalty tier (Gold, Silver, Bronze) or a "
            "value band; metrics break down by it through the resolved customer.",
            "code",
        ),
        Column("created_at", "TIMESTAMP", "When the source created the record.", "time"),
        Column("updated_at", "TIMESTAMP", "When the source last changed the record.", "time"),
    ),
)

ORDERS = Table(
    "orders",
    "One row per order line or order, from any sales channel (store tills, web shop, app).",
    (
        SOURCE,
        SOURCE_KEY,
        CUSTOMER_SOURCE,
        CUSTOMER_KEY,
        Column("order_id", "VARCHAR", "Order number shared by the lines of one order.", "code"),
        Column("ordered_at", "TIMESTAMP", "When the order was placed.", "time", True),
        CHANNEL,
        Column("store_id", "VARCHAR", "Store or fulfilment site.", "code"),
        Column("product", "VARCHAR", "Product name or SKU.", "text"),
        Column("category", "VARCHAR", "Product category.", "code"),
        Column("quantity", "INTEGER", "Units ordered.", "number", minimum=0),
        Column("amount", "DECIMAL(18,2)", "Value of the row in currency.", "number", True),
        Column("currency", "VARCHAR", "ISO 4217 currency code.", "code"),
        Column(
            "status",
            "VARCHAR",
            "Order status (placed, delivered, returned, cancelled, ...).",
            "code",
        ),
    ),
)

INTERACTIONS = Table(
    "interactions",
    "One row per contact between a customer and the company in any channel: store visits with "
    "service, calls, chats, e-mails, social replies, self-service sessions.",
    (
        SOURCE,
        SOURCE_KEY,
        CUSTOMER_SOURCE,
        CUSTOMER_KEY,
        Column("occurred_at", "TIMESTAMP", "When the contact started.", "time", True),
        CHANNEL,
        TOUCHPOINT,
        JOURNEY_STAGE,
        TEAM_ID,
        AGENT_ID,
        Column("reason", "VARCHAR", "Why the customer got in touch (contact reason code).", "code"),
        Column(
            "subject", "VARCHAR", "Subject or description written by the customer.", "free_text"
        ),
        Column(
            "handle_time_seconds",
            "DOUBLE",
            "Agent handle time (talk + hold + wrap-up) in seconds; for AHT.",
            "number",
            minimum=0,
        ),
        Column(
            "first_response_seconds",
            "DOUBLE",
            "Seconds from the customer's first message to the first human reply; for FRT.",
            "number",
            minimum=0,
        ),
        Column(
            "first_contact_resolved",
            "BOOLEAN",
            "Whether the need was resolved in this first contact, without a repeat; for FCR.",
            "flag",
        ),
        Column(
            "self_service",
            "BOOLEAN",
            "Whether the contact started in a self-service channel (IVR, bot, help centre).",
            "flag",
        ),
        Column(
            "escalated",
            "BOOLEAN",
            "Whether a self-service contact was handed to an agent; for containment.",
            "flag",
        ),
        Column("resolved_at", "TIMESTAMP", "When the contact or ticket was resolved.", "time"),
    ),
)

FEEDBACK = Table(
    "feedback",
    "One row per answer to a survey question (score and/or verbatim comment) from a customer.",
    (
        SOURCE,
        SOURCE_KEY,
        CUSTOMER_SOURCE,
        CUSTOMER_KEY,
        Column("survey", "VARCHAR", "Survey name, e.g. 'post-purchase NPS'.", "text", True),
        Column(
            "survey_type",
            "VARCHAR",
            "nps (0-10 likelihood to recommend), csat (satisfaction), ces (effort), or other.",
            "code",
            allowed=("nps", "csat", "ces", "other"),
        ),
        Column("question", "VARCHAR", "Question code or text.", "text"),
        Column("score", "DOUBLE", "Numeric answer, on the scale scale_min..scale_max.", "number"),
        Column("scale_min", "DOUBLE", "Lowest possible score (0 for NPS, 1 for CSAT).", "number"),
        Column("scale_max", "DOUBLE", "Highest possible score (10 for NPS, 5 for CSAT).", "number"),
        Column("verbatim", "VARCHAR", "Free-text comment, exactly as written.", "free_text"),
        LANGUAGE,
        Column("responded_at", "TIMESTAMP", "When the answer was given.", "time", True),
        CHANNEL,
        TOUCHPOINT,
        JOURNEY_STAGE,
        TEAM_ID,
        AGENT_ID,
        Column(
            "interaction_key",
            "VARCHAR",
            "source_key of the interaction the survey asked about, if any.",
            "key",
        ),
        Column(
            "weight",
            "DOUBLE",
            "Optional survey weight (e.g. post-stratification); 1 when absent.",
            "number",
            minimum=0,
        ),
    ),
)

TEAMS = Table(
    "teams",
    "One row per team, store or department, forming a hierarchy through parent_team_id.",
    (
        SOURCE,
        SOURCE_KEY,
        Column("name", "VARCHAR", "Team name.", "text", True),
        Column(
            "parent_team_id",
            "VARCHAR",
            "source_key of the parent team; empty for the top of the hierarchy.",
            "code",
        ),
        Column(
            "team_type",
            "VARCHAR",
            "What the team is, e.g. 'store', 'contact centre', 'digital', 'region'.",
            "code",
        ),
        Column("region", "VARCHAR", "Region the team belongs to.", "text"),
        Column(
            "manager_id", "VARCHAR", "Employee (employees.source_key) leading the team.", "code"
        ),
    ),
)

EMPLOYEES = Table(
    "employees",
    "One row per employee, for team membership and linking engagement to customer outcomes.",
    (
        SOURCE,
        SOURCE_KEY,
        Column("first_name", "VARCHAR", "Given name.", "name"),
        Column("last_name", "VARCHAR", "Family name.", "name"),
        Column("email", "VARCHAR", "Work e-mail.", "email"),
        TEAM_ID,
        Column("job_title", "VARCHAR", "Role, e.g. 'store assistant', 'agent'.", "text"),
        Column("hired_on", "DATE", "Start date.", "date"),
        Column("left_on", "DATE", "Leaving date; empty while employed.", "date"),
        Column("manager_id", "VARCHAR", "Employee (source_key) they report to.", "code"),
    ),
)

ENGAGEMENT_RESPONSES = Table(
    "engagement_responses",
    "One row per answer to an employee engagement or eNPS survey question. Rows carry the team, "
    "and the employee only where the survey is not anonymous.",
    (
        SOURCE,
        SOURCE_KEY,
        Column(
            "employee_id",
            "VARCHAR",
            "Employee (employees.source_key); empty for anonymous surveys.",
            "code",
        ),
        Column("team_id", "VARCHAR", "Team of the respondent.", "code", True),
        Column("survey", "VARCHAR", "Survey name, e.g. 'engagement 2026 Q3'.", "text", True),
        Column(
            "question",
            "VARCHAR",
            "Question code; 'enps' is the 0-10 likelihood to recommend the company as a place to "
            "work.",
            "text",
            True,
        ),
        Column("score", "DOUBLE", "Numeric answer.", "number"),
        Column("scale_min", "DOUBLE", "Lowest possible score.", "number"),
        Column("scale_max", "DOUBLE", "Highest possible score.", "number"),
        Column("verbatim", "VARCHAR", "Free-text comment, exactly as written.", "free_text"),
        LANGUAGE,
        Column("responded_at", "TIMESTAMP", "When the answer was given.", "time", True),
    ),
)

SOCIAL_POSTS = Table(
    "social_posts",
    "One row per public post or review about the company (social networks, review sites).",
    (
        SOURCE,
        SOURCE_KEY,
        CUSTOMER_SOURCE,
        CUSTOMER_KEY,
        Column(
            "platform", "VARCHAR", "Network or site, e.g. 'x', 'facebook', 'trustpilot'.", "code"
        ),
        Column("author_handle", "VARCHAR", "Public handle of the author.", "code"),
        Column("posted_at", "TIMESTAMP", "When it was posted.", "time", True),
        Column("text", "VARCHAR", "The post, exactly as written.", "free_text", True),
        LANGUAGE,
        Column("rating", "DOUBLE", "Star rating where the platform has one.", "number"),
        Column("url", "VARCHAR", "Link to the post.", "text"),
        Column(
            "reach", "BIGINT", "Followers or views, as a measure of exposure.", "number", minimum=0
        ),
        Column(
            "in_reply_to",
            "VARCHAR",
            "source_key of the post this one answers, for threads.",
            "key",
        ),
    ),
)

SURVEY_INVITATIONS = Table(
    "survey_invitations",
    "One row per survey invitation sent (a survey tool's send log), the denominator of the "
    "survey response rate.",
    (
        SOURCE,
        SOURCE_KEY,
        CUSTOMER_SOURCE,
        CUSTOMER_KEY,
        Column("survey", "VARCHAR", "Survey name, as in feedback.survey.", "text", True),
        Column(
            "survey_type",
            "VARCHAR",
            "nps, csat, ces or other, as in feedback.survey_type.",
            "code",
            allowed=("nps", "csat", "ces", "other"),
        ),
        Column("sent_at", "TIMESTAMP", "When the invitation was sent.", "time", True),
        Column(
            "delivered",
            "BOOLEAN",
            "False when the invitation bounced or was not delivered; such invitations are left "
            "out of the response rate. Empty counts as delivered.",
            "flag",
        ),
        Column(
            "responded_at",
            "TIMESTAMP",
            "When the invitation was answered; empty while unanswered.",
            "time",
        ),
        Column(
            "responded",
            "BOOLEAN",
            "Whether the invitation was answered, for logs that record a status but no time; "
            "an invitation counts as answered when this is true or responded_at is set.",
            "flag",
        ),
        Column(
            "sent_via",
            "VARCHAR",
            "How the invitation reached the customer, e.g. 'email', 'sms', 'receipt', 'app'.",
            "code",
        ),
        CHANNEL,
        TOUCHPOINT,
        JOURNEY_STAGE,
        TEAM_ID,
        LANGUAGE,
    ),
)

CANONICAL_TABLES: tuple[Table, ...] = (
    CUSTOMER_RECORDS,
    ORDERS,
    INTERACTIONS,
    FEEDBACK,
    TEAMS,
    EMPLOYEES,
    ENGAGEMENT_RESPONSES,
    SOCIAL_POSTS,
    SURVEY_INVITATIONS,
)

SOURCE_BATCHES = Table(
    "source_batches",
    "One row per committed ingest batch: one file (or SQL query) read for one source. A batch is "
    "written in the same transaction as its rows, so a batch listed here landed completely.",
    (
        Column("batch_id", "BIGINT", "Sequential batch number."),
        Column("source", "VARCHAR", "Source system name."),
        Column("kind", "VARCHAR", "Canonical table the batch fed."),
        Column("source_file", "VARCHAR", "File path or SQL source description."),
        Column(
            "file_sha256", "VARCHAR", "SHA-256 of the file's bytes (of the query text for SQL)."
        ),
        Column("file_bytes", "BIGINT", "Size of the file in bytes."),
        Column("format", "VARCHAR", "csv, parquet, json, ndjson, excel or sql."),
        Column(
            "reader_options", "JSON", "Options the reader used (detected delimiter, encoding, ...)."
        ),
        Column("mapping_sha256", "VARCHAR", "SHA-256 of the mapping applied."),
        Column("rows_read", "BIGINT", "Records read from the file."),
        Column("rows_inserted", "BIGINT", "Records that created a canonical row."),
        Column("rows_updated", "BIGINT", "Records that changed an existing canonical row."),
        Column("rows_unchanged", "BIGINT", "Records identical to their canonical row."),
        Column("rows_quarantined", "BIGINT", "Records set aside in quarantine."),
        Column(
            "rows_missing",
            "BIGINT",
            "For a full extract: canonical rows of the source it no longer carried, flagged in "
            "missing_since_batch (NULL for other batches).",
        ),
        Column("started_at", "TIMESTAMP", "When reading began (UTC)."),
        Column("committed_at", "TIMESTAMP", "When the batch was committed (UTC)."),
        Column("centric_version", "VARCHAR", "Centric version that wrote the batch."),
    ),
    ingestible=False,
    lineage=False,
)

QUARANTINE = Table(
    "quarantine",
    "Rows that could not be accepted, with the original values and every reason, so that nothing "
    "is lost: fix the source or the mapping and ingest again.",
    (
        Column("batch_id", "BIGINT", "Batch that read the row."),
        Column("source", "VARCHAR", "Source system name."),
        Column("kind", "VARCHAR", "Canonical table the row was meant for."),
        Column("source_file", "VARCHAR", "File the row came from."),
        Column("source_row", "BIGINT", "1-based record number in the file (header excluded)."),
        Column("source_key", "VARCHAR", "The row's key, when one could be read."),
        Column("reason", "VARCHAR", "Every problem found, separated by '; '."),
        Column("original", "JSON", "The row as read, column by column (or the raw line)."),
        Column("quarantined_at", "TIMESTAMP", "When it was set aside (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

RECORD_HISTORY = Table(
    "record_history",
    "Previous versions of canonical rows: when a re-ingested row with a known source key "
    "differs, the old version is kept here before the new one replaces it.",
    (
        Column("kind", "VARCHAR", "Canonical table of the row."),
        Column("source", "VARCHAR", "Source system name."),
        Column("source_key", "VARCHAR", "The row's key in its source."),
        Column("previous", "JSON", "The replaced version, all business and lineage columns."),
        Column("changed_columns", "VARCHAR[]", "Columns whose value changed."),
        Column("replaced_by_batch", "BIGINT", "Batch that wrote the new version."),
        Column("replaced_at", "TIMESTAMP", "When the version was replaced (UTC)."),
    ),
    ingestible=False,
    lineage=False,
)

BOOKKEEPING_TABLES: tuple[Table, ...] = (SOURCE_BATCHES, QUARANTINE, RECORD_HISTORY)
ALL_TABLES: tuple[Table, ...] = CANONICAL_TABLES + BOOKKEEPING_TABLES
TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in ALL_TABLES}
INGESTIBLE_KINDS: tuple[str, ...] = tuple(t.name for t in CANONICAL_TABLES)
