"""The voice-of-customer metrics, their measures and the dimensions they break down by, as data.

Every metric Centric reports is declared here once: which canonical table it reads, which rows
count, what each row contributes, which statistic gives its interval and which suppression
threshold protects it. The SQL builder, the statistics, the CLI and ``docs/metrics.md`` all read
these declarations (a test keeps the documentation in step). This module describes; it must not
run queries or compute statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from centric.errors import InvalidInputError
from centric.warehouse.schema import TABLES_BY_NAME

# How a measure's interval and tests are computed:
#   nps          share of promoters minus share of detractors (trinomial variance)
#   proportion   share of rows meeting a condition (Wilson interval, Newcombe difference)
#   mean         mean of a roughly symmetric score (t interval, Welch difference)
#   skewed_mean  mean of a right-skewed duration (BCa bootstrap interval, Welch difference)
MeasureKind = Literal["nps", "proportion", "mean", "skewed_mean"]
Population = Literal["customer", "employee"]
Grain = Literal["day", "week", "month", "quarter"]

GRAINS: tuple[Grain, ...] = ("day", "week", "month", "quarter")
"""Time grains a breakdown can use; weeks start on Monday (ISO 8601), all in UTC."""


@dataclass(frozen=True)
class Measure:
    """One figure a metric reports.

    Attributes:
        name: Short name, unique within the metric (``nps``, ``top2box``, ``mean``).
        label: Column heading for people.
        kind: Which statistics apply (see ``MeasureKind``).
        value_sql: DuckDB-dialect expression over the metric's table (alias ``t``): the number a
            row contributes (score or duration), or for a proportion the condition it meets.
            ``NULL`` leaves the row out of this measure.
        unit: What the reported figure is in.
        scale: Factor from the natural statistic to the reported figure (100 for shares and NPS,
            reported in percent and points).
        definition: The formula in words, for people and the documentation.
    """

    name: str
    label: str
    kind: MeasureKind
    value_sql: str
    unit: str
    scale: float
    definition: str


@dataclass(frozen=True)
class Metric:
    """A metric over one canonical table.

    Attributes:
        name: Name used on the command line and in the API (``nps``, ``response-rate``).
        title: Human name.
        table: Canonical table it reads.
        time_column: Timestamp that places a row in a period.
        population: ``customer`` or ``employee``; decides the suppression threshold.
        filter_sql: DuckDB-dialect condition over ``t`` selecting the rows that count.
        measures: The figures reported; the first is the headline.
        weight_column: Column holding optional survey weights, if the table has one.
        summary: One sentence saying what it tells you.
        references: Where the definition and the statistics come from.
    """

    name: str
    title: str
    table: str
    time_column: str
    population: Population
    filter_sql: str
    measures: tuple[Measure, ...]
    weight_column: str | None
    summary: str
    references: tuple[str, ...]

    def measure(self, name: str) -> Measure:
        """The measure called ``name``.

        Raises:
            InvalidInputError: The metric has no such measure.
        """
        for measure in self.measures:
            if measure.name == name:
                return measure
        known = ", ".join(m.name for m in self.measures)
        raise InvalidInputError(
            f"Metric '{self.name}' has no measure '{name}'.",
            hint=f"Choose one of: {known}.",
        )


@dataclass(frozen=True)
class Dimension:
    """A column a metric can be broken down (or filtered) by.

    Attributes:
        name: Name used in ``--by`` and the API.
        column: Column of the metric's table, of ``teams`` when ``from_teams``, or of
            ``customer_records`` when ``from_customer``.
        doc: What a value is.
        from_teams: Read from the ``teams`` row whose ``source_key`` is the row's ``team_id``.
        from_customer: Read from the customer the row belongs to (its ``customer_source`` and
            ``customer_key``), across every record linked to that customer once identities are
            resolved; see :func:`centric.voc.queries.build_aggregate_query`.
    """

    name: str
    column: str
    doc: str
    from_teams: bool = False
    from_customer: bool = False

    @property
    def key_column(self) -> str:
        """The column of the metric's table this dimension needs: its own column, ``team_id``
        for team attributes, ``customer_key`` for customer attributes."""
        if self.from_teams:
            return "team_id"
        if self.from_customer:
            return "customer_key"
        return self.column


_NPS_SCALE = (
    "t.score BETWEEN 0 AND 10 AND coalesce(t.scale_min, 0) = 0 AND coalesce(t.scale_max, 10) = 10"
)
_CSAT_MIN = "coalesce(t.scale_min, 1)"
_CSAT_MAX = "coalesce(t.scale_max, 5)"
_CES_MIN = "coalesce(t.scale_min, 1)"
_CES_MAX = "coalesce(t.scale_max, 7)"


def _nps_measure(subject: str) -> Measure:
    return Measure(
        name="nps",
        label="NPS",
        kind="nps",
        value_sql="t.score",
        unit="points (-100 to 100)",
        scale=100.0,
        definition=f"100 x (share of {subject} scoring 9-10 - share scoring 0-6), "
        "on the 0-10 likelihood-to-recommend question",
    )


NPS = Metric(
    name="nps",
    title="Net Promoter Score",
    table="feedback",
    time_column="responded_at",
    population="customer",
    filter_sql=f"t.survey_type = 'nps' AND {_NPS_SCALE}",
    measures=(_nps_measure("respondents"),),
    weight_column="weight",
    summary="How many customers would recommend you, net of those who would warn others off.",
    references=("reichheld2003", "rocks2016"),
)

CSAT = Metric(
    name="csat",
    title="Customer satisfaction",
    table="feedback",
    time_column="responded_at",
    population="customer",
    filter_sql=(
        f"t.survey_type = 'csat' AND {_CSAT_MAX} > {_CSAT_MIN} "
        f"AND t.score BETWEEN {_CSAT_MIN} AND {_CSAT_MAX}"
    ),
    measures=(
        Measure(
            name="top2box",
            label="CSAT top-2-box",
            kind="proportion",
            value_sql=f"t.score >= {_CSAT_MAX} - 1",
            unit="% of respondents",
            scale=100.0,
            definition="share of answers in the two highest points of the scale "
            "(4-5 on the usual 1-5 scale)",
        ),
        Measure(
            name="mean",
            label="CSAT mean",
            kind="mean",
            value_sql=f"1 + (t.score - {_CSAT_MIN}) * 4.0 / ({_CSAT_MAX} - {_CSAT_MIN})",
            unit="score on 1-5",
            scale=1.0,
            definition="mean answer on a 1-5 scale; answers on other scales are mapped "
            "linearly onto 1-5",
        ),
    ),
    weight_column="weight",
    summary="How satisfied customers say they are with a product, contact or experience.",
    references=("hayes2008",),
)

CES = Metric(
    name="ces",
    title="Customer effort score",
    table="feedback",
    time_column="responded_at",
    population="customer",
    filter_sql=(
        f"t.survey_type = 'ces' AND {_CES_MAX} > {_CES_MIN} "
        f"AND t.score BETWEEN {_CES_MIN} AND {_CES_MAX}"
    ),
    measures=(
        Measure(
            name="mean",
            label="CES mean",
            kind="mean",
            value_sql=f"1 + (t.score - {_CES_MIN}) * 6.0 / ({_CES_MAX} - {_CES_MIN})",
            unit="score on 1-7",
            scale=1.0,
            definition="mean agreement with 'the company made it easy for me to handle my "
            "issue' on a 1-7 scale (7 = strongly agree); other scales are mapped linearly",
        ),
        Measure(
            name="agree",
            label="CES agree",
            kind="proportion",
            value_sql=f"t.score > ({_CES_MIN} + {_CES_MAX}) / 2.0",
            unit="% of respondents",
            scale=100.0,
            definition="share of answers above the midpoint of the scale "
            "(5-7 on 1-7: somewhat agree to strongly agree)",
        ),
    ),
    weight_column="weight",
    summary="How easy customers found it to get what they needed.",
    references=("dixon2010",),
)

ENPS = Metric(
    name="enps",
    title="Employee Net Promoter Score",
    table="engagement_responses",
    time_column="responded_at",
    population="employee",
    filter_sql=f"t.question = 'enps' AND {_NPS_SCALE}",
    measures=(_nps_measure("employees"),),
    weight_column=None,
    summary="How many employees would recommend the company as a place to work, net of those "
    "who would not.",
    references=("reichheld2003", "rocks2016"),
)

FCR = Metric(
    name="fcr",
    title="First-contact resolution",
    table="interactions",
    time_column="occurred_at",
    population="customer",
    filter_sql="t.first_contact_resolved IS NOT NULL",
    measures=(
        Measure(
            name="rate",
            label="FCR",
            kind="proportion",
            value_sql="t.first_contact_resolved",
            unit="% of contacts",
            scale=100.0,
            definition="share of contacts whose need was resolved in that first contact, among "
            "contacts where resolution is recorded",
        ),
    ),
    weight_column=None,
    summary="How often a customer's need is met the first time they get in touch.",
    references=("wilson1927",),
)

AHT = Metric(
    name="aht",
    title="Average handle time",
    table="interactions",
    time_column="occurred_at",
    population="customer",
    filter_sql="t.handle_time_seconds >= 0",
    measures=(
        Measure(
            name="mean",
            label="AHT",
            kind="skewed_mean",
            value_sql="t.handle_time_seconds",
            unit="seconds",
            scale=1.0,
            definition="mean agent handle time (talk + hold + wrap-up) per contact",
        ),
    ),
    weight_column=None,
    summary="How long agents spend on a contact, on average.",
    references=("efron1987",),
)

FRT = Metric(
    name="frt",
    title="First-response time",
    table="interactions",
    time_column="occurred_at",
    population="customer",
    filter_sql="t.first_response_seconds >= 0",
    measures=(
        Measure(
            name="mean",
            label="FRT",
            kind="skewed_mean",
            value_sql="t.first_response_seconds",
            unit="seconds",
            scale=1.0,
            definition="mean time from the customer's first message to the first human reply",
        ),
    ),
    weight_column=None,
    summary="How long customers wait for a first human answer, on average.",
    references=("efron1987",),
)

CONTAINMENT = Metric(
    name="containment",
    title="Self-service containment",
    table="interactions",
    time_column="occurred_at",
    population="customer",
    filter_sql="t.self_service AND t.escalated IS NOT NULL",
    measures=(
        Measure(
            name="rate",
            label="Containment",
            kind="proportion",
            value_sql="NOT t.escalated",
            unit="% of self-service contacts",
            scale=100.0,
            definition="share of contacts started in self-service (IVR, bot, help centre) that "
            "ended there without being handed to an agent",
        ),
    ),
    weight_column=None,
    summary="How often self-service settles the contact without an agent.",
    references=("wilson1927",),
)

RESPONSE_RATE = Metric(
    name="response-rate",
    title="Survey response rate",
    table="survey_invitations",
    time_column="sent_at",
    population="customer",
    filter_sql="coalesce(t.delivered, TRUE)",
    measures=(
        Measure(
            name="rate",
            label="Response rate",
            kind="proportion",
            value_sql="coalesce(t.responded, FALSE) OR t.responded_at IS NOT NULL",
            unit="% of delivered invitations",
            scale=100.0,
            definition="share of delivered survey invitations that were answered, by the "
            "period the invitation was sent in",
        ),
    ),
    weight_column=None,
    summary="How many of the customers you asked answered; low rates make every other survey "
    "figure less representative.",
    references=("aapor2023",),
)

METRICS: tuple[Metric, ...] = (NPS, CSAT, CES, ENPS, FCR, AHT, FRT, CONTAINMENT, RESPONSE_RATE)
METRICS_BY_NAME: dict[str, Metric] = {metric.name: metric for metric in METRICS}

DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("channel", "channel", "Channel of the contact or survey (store, web, phone, ...)."),
    Dimension("touchpoint", "touchpoint", "Where in the service it happened."),
    Dimension("journey_stage", "journey_stage", "Customer-journey stage."),
    Dimension("team", "team_id", "Team or store (teams.source_key) that owns it."),
    Dimension("team_name", "name", "Name of that team.", from_teams=True),
    Dimension("team_type", "team_type", "Kind of team (store, contact centre, ...).", True),
    Dimension("parent_team", "parent_team_id", "The team's parent in the hierarchy.", True),
    Dimension("region", "region", "Region of the team.", from_teams=True),
    Dimension("agent", "agent_id", "Employee who handled it."),
    Dimension(
        "segment",
        "segment",
        "Segment of the customer (customer_records.segment, e.g. a loyalty tier).",
        from_customer=True,
    ),
    Dimension("language", "language", "Language of the answer."),
    Dimension("survey", "survey", "Survey name."),
    Dimension("reason", "reason", "Contact reason."),
    Dimension("source", "source", "Source system the row came from."),
    Dimension("sent_via", "sent_via", "How a survey invitation was sent (email, sms, ...)."),
)
DIMENSIONS_BY_NAME: dict[str, Dimension] = {d.name: d for d in DIMENSIONS}
_ALIASES = {
    "team_id": "team",
    "store": "team",
    "agent_id": "agent",
    "stage": "journey_stage",
    "customer_segment": "segment",
}

REFERENCES: dict[str, str] = {
    "reichheld2003": "Reichheld, F. F. (2003). The one number you need to grow. Harvard Business "
    "Review, 81(12), 46-54.",
    "rocks2016": "Rocks, B. (2016). Interval estimation for the 'net promoter score'. The "
    "American Statistician, 70(4), 365-372.",
    "hayes2008": "Hayes, B. E. (2008). Measuring Customer Satisfaction and Loyalty (3rd ed.). "
    "ASQ Quality Press.",
    "dixon2010": "Dixon, M., Freeman, K., & Toman, N. (2010). Stop trying to delight your "
    "customers. Harvard Business Review, 88(7/8), 116-122.",
    "wilson1927": "Wilson, E. B. (1927). Probable inference, the law of succession, and "
    "statistical inference. Journal of the American Statistical Association, 22(158), 209-212.",
    "efron1987": "Efron, B. (1987). Better bootstrap confidence intervals. Journal of the "
    "American Statistical Association, 82(397), 171-185.",
    "aapor2023": "The American Association for Public Opinion Research (2023). Standard "
    "Definitions: Final Dispositions of Case Codes and Outcome Rates for Surveys (10th ed.).",
}


def get_metric(name: str) -> Metric:
    """The metric called ``name`` (``response_rate`` and ``response-rate`` both work).

    Raises:
        InvalidInputError: No metric has that name.
    """
    key = name.strip().lower().replace("_", "-")
    if key not in METRICS_BY_NAME:
        raise InvalidInputError(
            f"Unknown metric '{name}'.",
            hint=f"Choose one of: {', '.join(METRICS_BY_NAME)}.",
        )
    return METRICS_BY_NAME[key]


def available_dimensions(metric: Metric) -> tuple[Dimension, ...]:
    """The dimensions ``metric`` can be broken down by, derived from its table's columns."""
    columns = {column.name for column in TABLES_BY_NAME[metric.table].business_columns}
    return tuple(d for d in DIMENSIONS if d.key_column in columns)


def get_dimension(metric: Metric, name: str) -> Dimension:
    """The dimension called ``name`` for ``metric`` (``journey-stage`` and ``team_id`` work too).

    Raises:
        InvalidInputError: The dimension is unknown or the metric's table does not have it.
    """
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    available = available_dimensions(metric)
    for dimension in available:
        if dimension.name == key:
            return dimension
    known = ", ".join(d.name for d in available)
    raise InvalidInputError(
        f"'{name}' is not a dimension of metric '{metric.name}' (table {metric.table}).",
        hint=f"Break '{metric.name}' down by one of: {known}.",
    )
