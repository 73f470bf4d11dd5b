"""Turning HTML form fields into the plain data domain models validate.

Forms send text; lists arrive as comma- or line-separated text and checkboxes as present or
absent. Validation itself stays with the domain models; this module only reshapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SEPARATORS = re.compile(r"[,\n;]+")
_RULE_NUMBERS = ("score_at_most", "score_at_least", "customer_value_at_least", "sla_hours")
_RULE_LISTS = ("teams", "touchpoints", "warnings", "notify")
_RULE_TEXT = ("name", "description", "survey_type", "priority", "team")


def split_list(text: str) -> list[str]:
    """``"a, b\\nc"`` as ``["a", "b", "c"]``."""
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def rule_data(form: Mapping[str, Any], channels: list[str]) -> dict[str, Any]:
    """The fields of the rule form as data for :class:`centric.cases.RuleSpec`."""
    data: dict[str, Any] = {}
    for name in _RULE_TEXT:
        value = str(form.get(name) or "").strip()
        if value:
            data[name] = value
    for name in _RULE_NUMBERS:
        value = str(form.get(name) or "").strip()
        if value:
            data[name] = value
    for name in _RULE_LISTS:
        values = split_list(str(form.get(name) or ""))
        if values:
            data[name] = values
    if channels:
        data["channels"] = channels
    within = str(form.get("within_days") or "").strip()
    if within:
        data["within_days"] = within
    data["enabled"] = form.get("enabled") == "yes"
    data["recovery_survey"] = form.get("recovery_survey") == "yes"
    return data
