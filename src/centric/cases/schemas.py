"""What goes in and out of the closed loop: rule specifications, case views and case input.

A :class:`RuleSpec` is the same whether it comes from ``[[rules]]`` in ``centric.toml`` or from
the rules page, and it is validated here once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from centric.cases.codes import (
    DEFAULT_SLA_HOURS,
    RESOLUTIONS,
    ROOT_CAUSES,
    Priority,
    Status,
    reference,
)
from centric.text import WARNINGS
from centric.warehouse.schema import CHANNELS

RULE_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
SurveyType = Literal["nps", "csat", "ces", "other"]


class RuleSpec(BaseModel):
    """An alert rule: which feedback opens a case, for whom, how urgently.

    Every condition given must hold (they are ANDed); at least one is required. Scores are on
    the feedback's own scale (NPS 0-10).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(pattern=RULE_NAME_PATTERN, description="Short unique name, e.g. detractor.")
    description: str = Field(default="", max_length=500)
    enabled: bool = True
    survey_type: SurveyType | None = Field(
        default=None, description="Only feedback of this survey type."
    )
    score_at_most: float | None = Field(default=None, description="Score <= this, e.g. 6.")
    score_at_least: float | None = Field(default=None, description="Score >= this.")
    channels: list[str] = Field(default_factory=list, description="Only these channels.")
    teams: list[str] = Field(default_factory=list, description="Only feedback of these teams.")
    touchpoints: list[str] = Field(default_factory=list, description="Only these touchpoints.")
    customer_value_at_least: float | None = Field(
        default=None,
        ge=0,
        description="Only customers whose orders total at least this (a high-value customer); "
        "across all their source records once identities are resolved.",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Only feedback with one of these warning signals (safety, legal_threat, "
        "vulnerable_customer, churn_intent, discrimination, public_escalation); 'any' for any.",
    )
    sentiment_at_most: float | None = Field(
        default=None,
        ge=-1,
        le=1,
        description="Only comments whose sentiment (-1..1) is at most this, e.g. -0.5.",
    )
    within_days: int = Field(
        default=14, ge=1, le=3650, description="Only feedback given in the last N days."
    )
    priority: Priority = "normal"
    sla_hours: float | None = Field(
        default=None, gt=0, le=24 * 365, description="Hours to resolve; default by priority."
    )
    team: str | None = Field(
        default=None, description="Route to this team instead of the feedback's own team."
    )
    recovery_survey: bool = Field(
        default=False, description="Offer the customer a recovery survey when resolved."
    )
    notify: list[str] = Field(
        default_factory=list,
        description="Extra recipients: e-mail addresses or http(s) webhook URLs.",
    )

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, values: list[str]) -> list[str]:
        unknown = sorted({value.lower() for value in values} - set(CHANNELS))
        if unknown:
            raise ValueError(f"unknown channel(s) {unknown}; known: {', '.join(CHANNELS)}")
        return [value.lower() for value in values]

    @field_validator("notify")
    @classmethod
    def _recipients(cls, values: list[str]) -> list[str]:
        for value in values:
            is_url = value.startswith(("http://", "https://"))
            if not is_url and ("@" not in value or " " in value):
                raise ValueError(f"{value!r} is neither an e-mail address nor an http(s) URL")
        return values

    @field_validator("warnings")
    @classmethod
    def _known_warnings(cls, values: list[str]) -> list[str]:
        cleaned = [value.strip().lower().replace(" ", "_") for value in values if value.strip()]
        unknown = sorted(set(cleaned) - {"any", *WARNINGS})
        if unknown:
            raise ValueError(f"unknown warning(s) {unknown}; known: any, {', '.join(WARNINGS)}")
        return cleaned

    @model_validator(mode="after")
    def _has_a_condition(self) -> RuleSpec:
        conditions = (
            self.survey_type,
            self.score_at_most,
            self.score_at_least,
            self.customer_value_at_least,
            self.sentiment_at_most,
        )
        if all(c is None for c in conditions) and not (
            self.channels or self.teams or self.touchpoints or self.warnings
        ):
            raise ValueError("a rule needs at least one condition (e.g. score_at_most = 6)")
        if (
            self.score_at_most is not None
            and self.score_at_least is not None
            and self.score_at_least > self.score_at_most
        ):
            raise ValueError("score_at_least is above score_at_most: nothing could match")
        return self

    @property
    def effective_sla_hours(self) -> float:
        """The SLA in hours: the rule's own, else the default of its priority."""
        return self.sla_hours or DEFAULT_SLA_HOURS[self.priority]

    def describe(self) -> str:
        """The conditions in one human line, e.g. ``nps score <= 6, last 14 days``."""
        parts: list[str] = []
        if self.survey_type:
            parts.append(f"{self.survey_type} feedback")
        if self.score_at_most is not None:
            parts.append(f"score <= {self.score_at_most:g}")
        if self.score_at_least is not None:
            parts.append(f"score >= {self.score_at_least:g}")
        if self.warnings:
            parts.append("warning: " + ", ".join(self.warnings))
        if self.sentiment_at_most is not None:
            parts.append(f"sentiment <= {self.sentiment_at_most:g}")
        if self.customer_value_at_least is not None:
            parts.append(f"customer value >= {self.customer_value_at_least:,.0f}")
        for label, values in (
            ("channel", self.channels),
            ("team", self.teams),
            ("touchpoint", self.touchpoints),
        ):
            if values:
                parts.append(f"{label} in {', '.join(values)}")
        parts.append(f"last {self.within_days} days")
        return ", ".join(parts)


class RulePublic(BaseModel):
    """A stored rule."""

    id: int
    origin: Literal["workspace", "ui"]
    spec: RuleSpec
    summary: str
    updated_at: datetime
    updated_by: str
    open_cases: int = 0


class CaseCreate(BaseModel):
    """A case opened by hand (rules open the others)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=300)
    team_id: str | None = Field(default=None, max_length=200)
    priority: Priority = "normal"
    sla_hours: float | None = Field(default=None, gt=0, le=24 * 365)
    customer_source: str | None = Field(default=None, max_length=200)
    customer_key: str | None = Field(default=None, max_length=500)
    customer_id: str | None = Field(default=None, max_length=64)
    feedback_source: str | None = Field(default=None, max_length=200)
    feedback_key: str | None = Field(default=None, max_length=500)
    note: str = Field(default="", max_length=10_000)


class CaseResolve(BaseModel):
    """How a case was resolved."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    root_cause: str
    resolution: str
    note: str = Field(default="", max_length=10_000)
    recovery_survey: bool | None = Field(
        default=None, description="Send a recovery survey; default: as the rule says."
    )

    @field_validator("root_cause")
    @classmethod
    def _known_root_cause(cls, value: str) -> str:
        if value not in ROOT_CAUSES:
            raise ValueError(f"unknown root cause {value!r}; known: {', '.join(ROOT_CAUSES)}")
        return value

    @field_validator("resolution")
    @classmethod
    def _known_resolution(cls, value: str) -> str:
        if value not in RESOLUTIONS:
            raise ValueError(f"unknown resolution {value!r}; known: {', '.join(RESOLUTIONS)}")
        return value


class CaseFilter(BaseModel):
    """Which cases a queue shows."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["active", "open", "in_progress", "resolved", "overdue", "all"] = "active"
    team_id: str | None = None
    assignee: Literal["me", "unassigned"] | int | None = None
    priority: Priority | None = None
    rule: str | None = None
    with_warnings: bool = False
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class CasePublic(BaseModel):
    """A case as a queue or an API client sees it."""

    id: int
    reference: str
    title: str
    status: Status
    priority: Priority
    rule_name: str | None
    team_id: str | None
    assignee_id: int | None
    assignee: str | None
    feedback_source: str | None
    feedback_key: str | None
    customer_source: str | None
    customer_key: str | None
    customer_id: str | None
    survey_type: str | None
    score: float | None
    channel: str | None
    touchpoint: str | None
    verbatim: str | None
    warnings: list[str]
    responded_at: datetime | None
    opened_at: datetime
    opened_by: str
    sla_hours: float
    due_at: datetime
    overdue: bool
    escalation_level: int
    resolved_at: datetime | None
    resolved_by: str | None
    root_cause: str | None
    resolution: str | None
    resolution_note: str | None
    trigger: dict[str, Any]

    @staticmethod
    def reference_of(case_id: int) -> str:
        """The human reference of a case id."""
        return reference(case_id)


class CaseEventPublic(BaseModel):
    """One step of a case's timeline."""

    id: int
    occurred_at: datetime
    actor: str
    kind: str
    body: str
    detail: dict[str, Any]


class RecoverySurveyPublic(BaseModel):
    """The recovery survey of a case: its link and, once answered, the answer."""

    link: str
    created_at: datetime
    expires_at: datetime
    sent_to: str | None
    answered_at: datetime | None
    score: float | None
    comment: str | None


class NotificationPublic(BaseModel):
    """A notification and whether it was delivered."""

    id: int
    event: str
    channel: Literal["webhook", "email"]
    target: str
    status: Literal["pending", "sent", "failed"]
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class CaseDetail(BaseModel):
    """A case with its timeline, notifications and recovery survey."""

    case: CasePublic
    events: list[CaseEventPublic]
    notifications: list[NotificationPublic]
    recovery_survey: RecoverySurveyPublic | None
    recovery_survey_default: bool
    can_work: bool
    can_assign: bool


class CasePage(BaseModel):
    """One page of a queue."""

    items: list[CasePublic]
    total: int
    limit: int
    offset: int


class EvaluationResult(BaseModel):
    """What one evaluation of the alert rules did."""

    rules: int
    matched: int
    opened: int
    opened_by_rule: dict[str, int]
    skipped_rules: dict[str, str] = Field(default_factory=dict)


class SweepResult(BaseModel):
    """What one sweep (evaluate, escalate, deliver) did."""

    evaluation: EvaluationResult
    escalated: int
    delivered: int
    failed: int


class TeamSla(BaseModel):
    """SLA performance of one team (or of all, when ``team_id`` is ``None``)."""

    team_id: str | None
    opened: int
    open: int
    overdue: int
    resolved: int
    resolved_within_sla: int
    within_sla_rate: float | None
    median_hours_to_resolve: float | None
    escalated: int
    surveys_sent: int
    surveys_answered: int
    mean_recovery_score: float | None


class SlaReport(BaseModel):
    """SLA performance over a period, overall and by team."""

    since: datetime
    until: datetime
    overall: TeamSla
    teams: list[TeamSla]
