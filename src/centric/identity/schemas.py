"""The identity domain's configuration (``[identity]`` in centric.toml) and result shapes.

Every option has a default that works without tuning; the table in ``docs/identity.md`` lists
them. This module only describes; it must not read files or touch a store.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from centric.errors import ConfigurationError
from centric.identity.tables import GOLDEN_FIELDS

Survivorship = Literal["most_recent", "source_priority", "most_frequent", "longest"]

# Columns of identity_records a deterministic rule may compare, and flags it may require.
RULE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "email_canonical",
    "phone",
    "postcode",
    "house_number",
    "customer_number",
    "loyalty_id",
)
RULE_FLAGS = ("email_verified",)

# Address fields survive together, from one record, so that a golden address is never a mix.
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "region", "postcode", "country")

DEFAULT_SURVIVORSHIP: dict[str, Survivorship] = {
    "title": "most_frequent",
    "first_name": "most_frequent",
    "middle_name": "longest",
    "last_name": "most_frequent",
    "date_of_birth": "most_frequent",
    "gender": "most_frequent",
    "email": "most_recent",
    "phone": "most_recent",
    "address_line1": "most_recent",
    "customer_number": "source_priority",
    "loyalty_id": "most_recent",
    "marketing_consent": "most_recent",
}


class DeterministicRule(BaseModel):
    """Records agreeing on every field (and with every flag true on both) are one customer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Name shown in explanations.")
    fields: tuple[str, ...] = Field(min_length=1, description="Fields that must be equal.")
    flags: tuple[str, ...] = Field(
        default=(), description="Flags that must be true on both records (email_verified)."
    )
    consistent: tuple[str, ...] = Field(
        default=(),
        description="Fields on which all records sharing the key must agree where filled in "
        "(e.g. first_name: a family sharing an e-mail is not merged by the rule).",
    )

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [f for f in value if f not in RULE_FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; use {', '.join(RULE_FIELDS)}")
        return value

    @field_validator("consistent")
    @classmethod
    def _known_consistent(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return cls._known_fields(value)

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [f for f in value if f not in RULE_FLAGS]
        if unknown:
            raise ValueError(f"unknown flag(s) {', '.join(unknown)}; use {', '.join(RULE_FLAGS)}")
        return value


DEFAULT_RULES: tuple[DeterministicRule, ...] = (
    DeterministicRule(
        name="verified_email",
        fields=("email",),
        flags=("email_verified",),
        consistent=("first_name",),
    ),
    DeterministicRule(name="email", fields=("email",), consistent=("first_name", "last_name")),
    DeterministicRule(name="phone", fields=("phone",), consistent=("first_name", "last_name")),
    DeterministicRule(name="loyalty_id", fields=("loyalty_id",), consistent=("first_name",)),
    DeterministicRule(
        name="customer_number", fields=("customer_number",), consistent=("first_name",)
    ),
)


class IdentityConfig(BaseModel):
    """Options of identity resolution, from ``[identity]`` in centric.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: Literal["duckdb", "spark"] = Field(
        default="duckdb", description="Where Splink runs: inside the DuckDB warehouse, or Spark."
    )
    threshold: float = Field(
        default=0.9,
        gt=0.5,
        lt=1,
        description="Records linked with at least this probability are one customer.",
    )
    pair_floor: float = Field(
        default=0.2,
        gt=0,
        lt=1,
        description="Scored pairs at or above this probability are kept (for review and "
        "explanations); lower ones are discarded.",
    )
    attach_threshold: float = Field(
        default=0.5,
        gt=0,
        lt=1,
        description="A record that no link at the threshold joins to anyone joins the one "
        "customer it is linked to with at least this probability, when no other customer is "
        "that likely and no record of that customer plainly contradicts it. Equal to the "
        "threshold: records are only joined at the threshold.",
    )
    review_lower: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="Pairs from this probability up are uncertain and listed for review. "
        "Default: even odds (0.5).",
    )
    review_upper: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        validate_default=True,
        description="Pairs below this probability are uncertain and listed for review. Default: "
        "as far above the threshold, in match weight, as review_lower is below it (0.988 with "
        "the default threshold).",
    )
    max_training_records: int = Field(
        default=150_000,
        ge=1_000,
        description="Above this many records the model is trained on a sample of this size.",
    )
    u_max_pairs: float = Field(
        default=2e6,
        ge=1e4,
        description="Random record pairs drawn to estimate how often non-matches agree (u).",
    )
    min_completeness: float = Field(
        default=0.01,
        ge=0,
        lt=1,
        description="A field is compared only if at least this share of records has it.",
    )
    rules: tuple[DeterministicRule, ...] = Field(
        default=DEFAULT_RULES,
        description="Deterministic rules; records agreeing on one are one customer.",
    )
    max_rule_group: int = Field(
        default=50,
        ge=2,
        description="A value shared by more records than this (e.g. a placeholder e-mail) is "
        "ignored by the deterministic rules.",
    )
    source_priority: tuple[str, ...] = Field(
        default=(),
        description="Sources from most to least trusted, for the source_priority rule and ties.",
    )
    survivorship: dict[str, Survivorship] = Field(
        default_factory=dict,
        description="Golden-record rule per field, overriding the defaults.",
    )
    spark_memory: str = Field(default="4g", description="Driver memory of the local Spark.")

    @field_validator("attach_threshold")
    @classmethod
    def _attach_between_floor_and_threshold(cls, value: float, info: ValidationInfo) -> float:
        threshold, floor = info.data.get("threshold"), info.data.get("pair_floor")
        if threshold is not None and value > threshold:
            raise ValueError(
                f"attach_threshold {value} is above the threshold {threshold}; set it at or "
                "below the threshold (equal turns attaching off)"
            )
        if floor is not None and value < floor:
            raise ValueError(
                f"attach_threshold {value} is below pair_floor {floor}, so the pairs it would "
                "use are not kept; raise it to pair_floor or more"
            )
        return value

    @field_validator("review_upper")
    @classmethod
    def _band_is_ordered(cls, value: float | None, info: ValidationInfo) -> float | None:
        threshold, lower = info.data.get("threshold"), info.data.get("review_lower")
        if threshold is None or (value is None and lower is None):
            return value
        low, high = uncertain_band(threshold, lower, value)
        if low >= high:
            raise ValueError(
                f"the review band runs from {low:.4f} up to {high:.4f}, which is empty; set "
                "review_lower below the threshold and review_upper above it"
            )
        return value

    @property
    def review_band(self) -> tuple[float, float]:
        """The probabilities ``[lower, upper)`` between which a scored pair is uncertain."""
        return uncertain_band(self.threshold, self.review_lower, self.review_upper)

    @field_validator("survivorship")
    @classmethod
    def _known_golden_fields(cls, value: dict[str, Survivorship]) -> dict[str, Survivorship]:
        unknown = [f for f in value if f not in GOLDEN_FIELDS]
        if unknown:
            raise ValueError(
                f"unknown field(s) {', '.join(unknown)}; use {', '.join(GOLDEN_FIELDS)}"
            )
        grouped = [f for f in value if f in ADDRESS_FIELDS and f != "address_line1"]
        if grouped:
            raise ValueError(
                f"{', '.join(grouped)} survive together with address_line1; set the rule of "
                "address_line1 instead"
            )
        return value

    def survivorship_rule(self, golden_field: str) -> Survivorship:
        """The rule deciding a golden field (address fields follow address_line1)."""
        if golden_field in ADDRESS_FIELDS:
            golden_field = "address_line1"
        return self.survivorship.get(
            golden_field, DEFAULT_SURVIVORSHIP.get(golden_field, "most_recent")
        )


def uncertain_band(
    threshold: float, lower: float | None, upper: float | None
) -> tuple[float, float]:
    """The uncertain band of match probabilities around ``threshold``.

    A bound left unset mirrors the other around the threshold in match weight (log2 odds), so
    the band holds as much evidence above the threshold as below it; with neither set the lower
    bound is even odds (0.5).

    Examples:
        >>> [round(p, 4) for p in uncertain_band(0.95, None, None)]
        [0.5, 0.9972]
    """
    pivot = _log2_odds(threshold)
    if lower is None:
        lower = 0.5 if upper is None else _probability(2 * pivot - _log2_odds(upper))
    if upper is None:
        upper = _probability(2 * pivot - _log2_odds(lower))
    return lower, upper


def _log2_odds(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def _probability(weight: float) -> float:
    return 1 / (1 + 2 ** (-weight))


def parse_identity_config(raw: dict[str, Any], *, origin: str) -> IdentityConfig:
    """Validate the ``[identity]`` table.

    Raises:
        ConfigurationError: An option is invalid; the message names it and its value.
    """
    try:
        return IdentityConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"identity.{'.'.join(str(p) for p in err['loc'])}={err.get('input')!r}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigurationError(
            f"Invalid [identity] option in {origin}: {problems}",
            hint="See docs/identity.md for every option and its allowed values.",
        ) from exc


@dataclass(frozen=True)
class ResolveResult:
    """What a resolution run did."""

    run_id: int
    mode: str
    engine: str
    model_id: str
    trained: bool
    records: int
    records_new: int
    records_changed: int
    records_removed: int
    pairs_scored: int
    customers: int
    customers_created: int
    customers_merged: int
    customers_split: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldEvidence:
    """How one field of two records compares, and how strongly that speaks."""

    field: str
    label: str
    weight: float
    strength: str
    direction: str

    @property
    def sentence(self) -> str:
        """The evidence in words, e.g. 'same date of birth: strong evidence for'."""
        if self.direction == "neutral":
            return f"{self.label}: no evidence either way"
        return f"{self.label}: {self.strength} evidence {self.direction}"


@dataclass(frozen=True)
class Explanation:
    """Why two records are (or are not) thought to be the same customer."""

    record_a: str
    record_b: str
    match_probability: float
    match_weight: float
    prior_weight: float
    evidence: tuple[FieldEvidence, ...]
    rule: str | None
    override: str | None
    same_customer: bool
    customer_a: str | None
    customer_b: str | None

    @property
    def summary(self) -> str:
        """One line for a business user."""
        verdict = "the same customer" if self.same_customer else "different customers"
        reason = ""
        if self.override:
            reason = f" (data steward: {self.override})"
        elif self.rule:
            reason = f" (rule {self.rule})"
        return (
            f"{self.record_a} and {self.record_b}: {self.match_probability:.1%} likely to be the "
            f"same person; treated as {verdict}{reason}."
        )


@dataclass(frozen=True)
class OnlineMatch:
    """The answer of :func:`centric.identity.resolve_record` for one record."""

    customer_id: str | None
    match_probability: float
    explanation: Explanation | None
    candidates: int
