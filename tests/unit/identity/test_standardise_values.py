"""Phone numbers, nicknames, phonetic keys and the words used for evidence."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centric.identity.schemas import FieldEvidence
from centric.identity.scoring import describe_weight
from centric.identity.standardise import nickname_aliases, phone_e164, phonetic_key

REGIONS = ["GB", "ES", "US", "FR", "DE", "IT", "IE", "MX", "AR", "BR", "IN", "JP", "AU"]


def _library(raw: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["", "+", "00", "0"]),
    st.text(alphabet="0123456789", min_size=1, max_size=16),
    st.sampled_from(REGIONS),
)
def test_phone_e164_agrees_with_phonenumbers(prefix: str, digits: str, region: str) -> None:
    raw = prefix + digits
    assert phone_e164(raw, region) == _library(raw, region)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("07700 900123", "GB", "+447700900123"),
        ("+44 (0)7700 900123", "GB", "+447700900123"),
        ("600 12 34 56", "ES", "+34600123456"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("12", "GB", None),
        ("call me", "GB", None),
    ],
)
def test_phone_e164_formats_common_numbers(raw: str, region: str, expected: str | None) -> None:
    assert phone_e164(raw, region) == expected


def test_nickname_aliases_cover_english_and_spanish_forms() -> None:
    assert "william" in nickname_aliases("bill")
    assert "bill" in nickname_aliases("william")
    assert "francisco" in nickname_aliases("paco")
    assert "pepe" in nickname_aliases("jose maria")


def test_phonetic_key_groups_similar_sounding_names() -> None:
    assert phonetic_key("robert") == phonetic_key("rupert") == "R163"
    assert phonetic_key("smith") == phonetic_key("smyth")
    assert phonetic_key("123") is None


@pytest.mark.parametrize(
    ("weight", "words"),
    [
        (12.0, ("very strong", "for")),
        (6.0, ("strong", "for")),
        (3.0, ("moderate", "for")),
        (-1.0, ("weak", "against")),
        (0.1, ("no", "neutral")),
    ],
)
def test_describe_weight_uses_plain_words(weight: float, words: tuple[str, str]) -> None:
    assert describe_weight(weight) == words


def test_field_evidence_reads_as_a_sentence() -> None:
    evidence = FieldEvidence("date_of_birth", "same date of birth", 11.2, "very strong", "for")
    assert evidence.sentence == "same date of birth: very strong evidence for"
