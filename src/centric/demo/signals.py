"""The warning signals and emotional needs planted in the demo's texts, and their rates.

Warnings (safety, legal threat, vulnerable customer, churn intent, discrimination, public
escalation) are rare and differ by where the text was written: social posts escalate in public
far more often than survey comments. Rates are declared here once, used by the generators and
copied into ``planted_effects.json``. This module draws nothing itself beyond the numbers it is
given; it must not compose text.
"""

from __future__ import annotations

FEEDBACK_WARNING_RATES: dict[str, float] = {
    "churn_intent": 0.02,
    "vulnerable_customer": 0.008,
    "public_escalation": 0.006,
    "legal_threat": 0.004,
    "safety": 0.003,
    "discrimination": 0.002,
}
TICKET_WARNING_RATES: dict[str, float] = {
    "churn_intent": 0.03,
    "vulnerable_customer": 0.015,
    "legal_threat": 0.01,
    "public_escalation": 0.01,
    "safety": 0.005,
    "discrimination": 0.003,
}
SOCIAL_WARNING_RATES: dict[str, float] = {
    "public_escalation": 0.05,
    "churn_intent": 0.03,
    "legal_threat": 0.01,
    "safety": 0.005,
    "discrimination": 0.005,
    "vulnerable_customer": 0.005,
}
# Share of survey comments that express an emotional need, and which need.
NEED_RATE = 0.35
NEED_WEIGHTS: dict[str, float] = {
    "care": 0.3,
    "control": 0.3,
    "recognition": 0.14,
    "belonging": 0.1,
    "growth": 0.08,
    "self_expression": 0.08,
}


def draw_warning(roll: float, pick: float, rates: dict[str, float]) -> str | None:
    """The warning a text carries, if any.

    Args:
        roll: Uniform in [0, 1): whether the text carries a warning at all.
        pick: Uniform in [0, 1): which one, in proportion to its rate.
        rates: Warning -> share of texts carrying it.

    Returns:
        The warning, or None.
    """
    total = sum(rates.values())
    if roll >= total:
        return None
    cumulative = 0.0
    for name, rate in rates.items():
        cumulative += rate
        if pick * total < cumulative:
            return name
    return None
