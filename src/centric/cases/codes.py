"""The fixed vocabularies of cases: statuses, priorities with their default SLAs, root-cause
and resolution codes.

They are data so that pages, the API, the CLI and reports offer the same choices and analyses
of root causes compare like with like across teams. This module must not touch a database.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["open", "in_progress", "resolved"]
Priority = Literal["low", "normal", "high", "urgent"]

STATUSES: dict[str, str] = {
    "open": "Open: waiting for someone to take it",
    "in_progress": "In progress: someone is working on it",
    "resolved": "Resolved: root cause and resolution recorded",
}

PRIORITIES: tuple[Priority, ...] = ("urgent", "high", "normal", "low")
PRIORITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(PRIORITIES)}

# Hours to resolve a case of each priority when its rule does not say.
DEFAULT_SLA_HOURS: dict[str, float] = {"urgent": 4.0, "high": 24.0, "normal": 48.0, "low": 120.0}

ROOT_CAUSES: dict[str, str] = {
    "product_quality": "Product quality or fault",
    "availability": "Out of stock or unavailable",
    "delivery": "Delivery or fulfilment",
    "staff_behaviour": "Staff knowledge or behaviour",
    "process_policy": "Process or policy",
    "pricing_billing": "Pricing, billing or refunds",
    "digital_experience": "Website or app",
    "communication": "Communication or expectations set",
    "store_environment": "Store environment",
    "wait_time": "Waiting time or queues",
    "customer_expectation": "Customer expectation beyond the offer",
    "no_fault_found": "No fault found",
    "other": "Other",
}

RESOLUTIONS: dict[str, str] = {
    "apology": "Apology and explanation",
    "refund": "Refund",
    "replacement": "Replacement or repair",
    "goodwill": "Goodwill gesture or voucher",
    "process_fixed": "Process fixed for everyone",
    "coaching": "Staff coaching",
    "referred": "Referred to a specialist team",
    "information": "Information provided",
    "no_action": "No action possible",
    "unreachable": "Customer could not be reached",
}

ESCALATION_LEVELS = 3  # escalations stop after this many breached SLA periods


def reference(case_id: int) -> str:
    """The human reference of a case, e.g. ``C-000042``."""
    return f"C-{case_id:06d}"
