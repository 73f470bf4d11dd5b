"""Masking of personal data for principals who may not see it (viewers).

Fields are masked by what they hold (names, e-mail, phone, address, birth date, identifiers) and
free text by pattern (e-mail addresses, phone numbers, long digit runs such as card or account
numbers). Masking is applied to whole results just before they leave a door (page, API, export),
so domain services stay unaware of it. It must never be the only protection of data a role may
not see at all: scoping decides that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from centric.access.roles import Principal

MASK = "•••"

# What each personal field holds decides how it is masked.
NAME_FIELDS = frozenset(
    {"first_name", "middle_name", "last_name", "full_name", "customer_name", "title"}
)
EMAIL_FIELDS = frozenset({"email", "customer_email", "sent_to"})
PHONE_FIELDS = frozenset({"phone", "customer_phone"})
HIDDEN_FIELDS = frozenset(
    {
        "address",
        "address_line1",
        "address_line2",
        "postcode",
        "author_handle",
        "date_of_birth",
        "gender",
    }
)
IDENTIFIER_FIELDS = frozenset({"customer_number", "loyalty_id"})
TEXT_FIELDS = frozenset(
    {
        "verbatim",
        "text",
        "subject",
        "comment",
        "body",
        "quote",
        "quotes",
        "note",
        "evidence",
        "summary",
    }
)

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{6,}\d(?![\w])")
_DIGITS = re.compile(r"\d{6,}")


def mask_text(text: str) -> str:
    """Free text with e-mail addresses, phone numbers and long digit runs masked."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    return _DIGITS.sub("[number]", text)


def mask_value(field: str, value: Any) -> Any:
    """One value masked according to what its field holds; other fields pass unchanged."""
    if value is None or value == "":
        return value
    if field in NAME_FIELDS:
        return " ".join(part[0] + "." for part in str(value).split() if part)
    if field in EMAIL_FIELDS:
        return _mask_email(str(value))
    if field in PHONE_FIELDS:
        digits = re.sub(r"\D", "", str(value))
        return MASK + digits[-2:] if len(digits) >= 2 else MASK
    if field in HIDDEN_FIELDS:
        return MASK
    if field in IDENTIFIER_FIELDS:
        text = str(value)
        return MASK + text[-3:] if len(text) > 3 else MASK
    if field in TEXT_FIELDS and isinstance(value, str):
        return mask_text(value)
    if isinstance(value, date | datetime) and "birth" in field:
        return MASK
    return value


def redact(value: Any, *, field: str = "") -> Any:
    """A copy of ``value`` (mappings, lists, scalars, nested) with personal fields masked."""
    if isinstance(value, Mapping):
        return {key: redact(item, field=str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item, field=field) for item in value]
    return mask_value(field, value)


def redact_for(principal: Principal, value: Any) -> Any:
    """``value`` masked if the principal must not see personal data, else unchanged."""
    return redact(value) if principal.masks_pii else value


def _mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    if not domain:
        return MASK
    return f"{local[:1]}{MASK}@{domain[:1]}{MASK}"
