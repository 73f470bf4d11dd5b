"""Masking of personal data for viewers."""

from __future__ import annotations

from datetime import date

from centric.access import Principal, Role, mask_text, redact, redact_for


def test_mask_text_hides_emails_phones_and_long_numbers() -> None:
    text = "Call me on +44 7700 900123 or mail ana.lopez@example.com, card 4111111111111111."
    masked = mask_text(text)
    assert "ana.lopez" not in masked
    assert "7700" not in masked
    assert "4111" not in masked
    assert "[email]" in masked
    assert "[phone]" in masked
    assert masked.startswith("Call me on")


def test_redact_masks_personal_fields_and_keeps_the_rest() -> None:
    record = {
        "first_name": "Ana María",
        "last_name": "López",
        "email": "ana@example.com",
        "phone": "+34 600 123 456",
        "address_line1": "Calle Mayor 1",
        "date_of_birth": date(1990, 5, 1),
        "city": "Madrid",
        "score": 3,
        "team_id": "store-12",
        "feedback": [{"verbatim": "write to ana@example.com", "channel": "web"}],
    }
    masked = redact(record)
    assert masked["first_name"] == "A. M."
    assert masked["last_name"] == "L."
    assert masked["email"] == "a•••@e•••"
    assert masked["phone"] == "•••56"
    assert masked["address_line1"] == "•••"
    assert masked["date_of_birth"] == "•••"
    assert masked["city"] == "Madrid"
    assert masked["score"] == 3
    assert masked["team_id"] == "store-12"
    assert masked["feedback"][0] == {"verbatim": "write to [email]", "channel": "web"}


def test_redact_for_leaves_data_alone_when_the_role_may_see_it() -> None:
    record = {"email": "ana@example.com"}
    analyst = Principal(1, "a", "A", Role.ANALYST)
    viewer = Principal(2, "v", "V", Role.VIEWER)
    assert redact_for(analyst, record) == record
    assert redact_for(viewer, record) == {"email": "a•••@e•••"}
