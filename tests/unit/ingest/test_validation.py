"""Validation rules: typing of each value and the quarantine reason for each kind of problem."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from centric.ingest.validation import MAX_FREE_TEXT_CHARS, MAX_TEXT_CHARS


def _customer(check_rows, **values: str | None):
    return check_rows("customer_records", [{"id": "1", **values}])[0]


def _order(check_rows, **values: str | None):
    row = {"id": "1", "ordered_at": "2024-05-01", "amount": "1", **values}
    return check_rows("orders", [row])[0]


def _feedback(check_rows, **values: str | None):
    row = {"id": "1", "survey": "post-purchase", "responded_at": "2024-05-01", **values}
    return check_rows("feedback", [row])[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-12-31", dt.date(1980, 12, 31)),
        ("1980-12-31 00:00:00", dt.date(1980, 12, 31)),
    ],
)
def test_iso_dates_are_read_without_a_format(check_rows, text, expected):
    row = _customer(check_rows, dob=text)
    assert row["date_of_birth"] == expected
    assert row["_reason"] is None


@pytest.mark.parametrize("text", ["31/12/1980", "1980-02-30", "Dec 31 1980", "yesterday"])
def test_non_iso_dates_without_a_format_are_quarantined_with_a_hint(check_rows, text):
    row = _customer(check_rows, dob=text)
    assert row["date_of_birth"] is None
    assert row["_reason"] == (
        f"date_of_birth: '{text}' is not an ISO date/time (YYYY-MM-DD[ HH:MM:SS]); declare the "
        "source's format in the mapping, e.g. format = '%d/%m/%Y'"
    )


def test_declared_formats_are_tried_in_order(check_rows):
    mapping = {"date_of_birth": {"column": "dob", "format": ["%d/%m/%Y", "%Y%m%d"]}}
    rows = check_rows(
        "customer_records",
        [{"id": "1", "dob": "02/03/1980"}, {"id": "2", "dob": "19800302"}],
        mapping,
    )
    assert [r["date_of_birth"] for r in rows] == [dt.date(1980, 3, 2)] * 2


def test_value_not_matching_declared_formats_names_them(check_rows):
    mapping = {"date_of_birth": {"column": "dob", "format": ["%d/%m/%Y", "%Y%m%d"]}}
    row = check_rows("customer_records", [{"id": "1", "dob": "1980-03-02"}], mapping)[0]
    assert row["_reason"] == (
        "date_of_birth: '1980-03-02' does not match the format(s) %d/%m/%Y, %Y%m%d"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00+02:00", dt.datetime(2024, 3, 1, 8, 0)),
        ("2024-03-01 10:00:00-05:00", dt.datetime(2024, 3, 1, 15, 0)),
        ("2024-03-01T10:00:00Z", dt.datetime(2024, 3, 1, 10, 0)),
        ("2024-03-01 10:00:00", dt.datetime(2024, 3, 1, 10, 0)),
        ("2024-03-01", dt.datetime(2024, 3, 1, 0, 0)),
    ],
)
def test_iso_times_with_offsets_are_stored_in_utc(check_rows, text, expected):
    row = _customer(check_rows, created_at=text)
    assert row["created_at"] == expected
    assert row["_reason"] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.50", Decimal("12.50")),
        ("£12.50", Decimal("12.50")),
        ("$ 7", Decimal("7.00")),
        ("9.99€", Decimal("9.99")),
        ("-3.10", Decimal("-3.10")),
    ],
)
def test_amounts_accept_currency_symbols(check_rows, text, expected):
    row = _order(check_rows, amount=text)
    assert row["amount"] == expected
    assert row["_reason"] is None


@pytest.mark.parametrize("text", ["12,50", "twelve", "1.2.3", "£"])
def test_values_that_are_not_numbers_are_quarantined(check_rows, text):
    row = _order(check_rows, amount=text)
    assert row["_reason"] == f"amount: '{text}' is not a number"


def test_fractional_quantity_is_not_a_whole_number(check_rows):
    row = _order(check_rows, quantity="2.5")
    assert row["_reason"] == "quantity: '2.5' is not a whole number"


def test_negative_quantity_is_below_the_minimum(check_rows):
    row = _order(check_rows, quantity="-2")
    assert row["_reason"] == "quantity: '-2' is below the minimum 0"


@pytest.mark.parametrize("text", ["true", "TRUE", "yes", "Y", "1", "sí", "Sí", "si", "x", "on"])
def test_true_words_read_as_true(check_rows, text):
    row = _customer(check_rows, email_verified=text)
    assert row["email_verified"] is True
    assert row["_reason"] is None


@pytest.mark.parametrize("text", ["false", "F", "no", "N", "0", "off"])
def test_false_words_read_as_false(check_rows, text):
    row = _customer(check_rows, email_verified=text)
    assert row["email_verified"] is False
    assert row["_reason"] is None


def test_other_words_are_not_booleans(check_rows):
    row = _customer(check_rows, email_verified="maybe")
    assert row["_reason"] == "email_verified: 'maybe' is not yes/no (true/false, 1/0)"


@pytest.mark.parametrize("text", ["ann@example.com", "first.last+tag@mail.example.co.uk"])
def test_valid_emails_pass(check_rows, text):
    assert _customer(check_rows, email=text)["_reason"] is None


@pytest.mark.parametrize(
    "text", ["ann.example.com", "ann@example", "ann smith@example.com", "@x.y"]
)
def test_invalid_emails_are_quarantined(check_rows, text):
    row = _customer(check_rows, email=text)
    assert row["_reason"] == f"email: '{text}' is not an e-mail address"


@pytest.mark.parametrize(
    "text", ["+44 20 7946 0958", "(555) 123-4567", "020 7946 0958 ext 12", "0034.91.123.45.67"]
)
def test_valid_phone_numbers_pass(check_rows, text):
    assert _customer(check_rows, phone=text)["_reason"] is None


@pytest.mark.parametrize("text", ["call me", "12345", "+44 20 79x6 0958", "1" * 21])
def test_invalid_phone_numbers_are_quarantined(check_rows, text):
    row = _customer(check_rows, phone=text)
    assert row["_reason"] == f"phone: '{text}' is not a phone number"


def test_allowed_values_are_normalised_to_lower_case(check_rows):
    row = _order(check_rows, channel="WEB")
    assert row["channel"] == "web"
    assert row["_reason"] is None


def test_value_outside_the_allowed_list_names_the_allowed_values(check_rows):
    row = _order(check_rows, channel="telepathy")
    assert row["_reason"] == (
        "channel: 'telepathy' is not one of store, web, app, phone, chat, email, social, post, "
        "other"
    )


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","click")',
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-cmd|' /C notepad'!A0",
        "@SUM(A1:A9)",
        "+SUM(A1)",
        "=cmd|' /C calc'!A0",
    ],
)
def test_spreadsheet_formulas_are_quarantined(check_rows, text):
    row = _customer(check_rows, first_name=text)
    assert row["_reason"] == (
        f"first_name: '{text}' looks like a spreadsheet formula; formulas are not accepted in "
        "data fields"
    )


@pytest.mark.parametrize("text", ["-", "Smith-Jones", "+44 20 7946 0958", "@ann_smith", "-2"])
def test_values_starting_with_formula_characters_are_not_all_formulas(check_rows, text):
    assert _customer(check_rows, city=text)["_reason"] is None


def test_free_text_keeps_formula_like_text_as_written(check_rows):
    row = _feedback(check_rows, verbatim="=HYPERLINK(...) was what they sent me, why?")
    assert row["_reason"] is None
    assert row["verbatim"] == "=HYPERLINK(...) was what they sent me, why?"


def test_free_text_keeps_inner_line_breaks(check_rows):
    row = _feedback(check_rows, verbatim="Slow delivery.\nRude driver.")
    assert row["verbatim"] == "Slow delivery.\nRude driver."


def test_text_at_the_length_limit_passes_and_one_more_character_fails(check_rows):
    rows = check_rows(
        "customer_records",
        [
            {"id": "1", "city": "a" * MAX_TEXT_CHARS},
            {"id": "2", "city": "a" * (MAX_TEXT_CHARS + 1)},
        ],
    )
    assert rows[0]["_reason"] is None
    assert rows[1]["_reason"] == "city: value of 1001 characters is longer than the limit of 1,000"


def test_free_text_has_a_higher_length_limit(check_rows):
    rows = check_rows(
        "feedback",
        [
            {"id": str(i), "survey": "s", "responded_at": "2024-01-01", "verbatim": "é" * n}
            for i, n in enumerate((MAX_FREE_TEXT_CHARS, MAX_FREE_TEXT_CHARS + 1))
        ],
    )
    assert rows[0]["_reason"] is None
    assert rows[1]["_reason"] == (
        "verbatim: value of 100001 characters is longer than the limit of 100,000"
    )


def test_nul_characters_are_quarantined(check_rows):
    row = _customer(check_rows, first_name="An\x00n")
    assert row["_reason"] == "first_name: holds a NUL character (byte 0), which text cannot contain"


def test_missing_required_value_is_named(check_rows):
    rows = check_rows("customer_records", [{"id": "", "first_name": "Ann"}])
    assert rows[0]["_reason"] == "source_key is missing"


def test_every_problem_of_a_row_is_listed(check_rows):
    row = _customer(check_rows, email="nope", email_verified="maybe", dob="31/12/1980")
    reason = row["_reason"]
    assert "email: 'nope' is not an e-mail address" in reason
    assert "email_verified: 'maybe' is not yes/no" in reason
    assert "date_of_birth: '31/12/1980' is not an ISO date/time" in reason


@pytest.mark.parametrize(
    ("survey_type", "low", "high"), [("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)]
)
def test_survey_types_default_their_scales(check_rows, survey_type, low, high):
    rows = check_rows(
        "feedback",
        [
            {
                "id": "a",
                "survey": "s",
                "responded_at": "2024-01-01",
                "t": survey_type,
                "score": str(low),
            },
            {
                "id": "b",
                "survey": "s",
                "responded_at": "2024-01-01",
                "t": survey_type,
                "score": str(high),
            },
        ],
        {"survey_type": "t"},
    )
    assert [(r["scale_min"], r["scale_max"]) for r in rows] == [(low, high)] * 2
    assert [r["_reason"] for r in rows] == [None, None]


@pytest.mark.parametrize(
    ("survey_type", "score", "scale"),
    [
        ("nps", "11", "0.0-10.0"),
        ("nps", "-1", "0.0-10.0"),
        ("csat", "0", "1.0-5.0"),
        ("ces", "8", "1.0-7.0"),
    ],
)
def test_score_outside_its_scale_is_quarantined(check_rows, survey_type, score, scale):
    row = _feedback(check_rows, survey_type=survey_type, score=score)
    assert row["_reason"] == f"score: {float(score)} is outside the scale {scale}"


def test_declared_scale_overrides_the_survey_type_default(check_rows):
    row = _feedback(check_rows, survey_type="csat", score="9", scale_min="0", scale_max="10")
    assert (row["scale_min"], row["scale_max"], row["_reason"]) == (0, 10, None)


def test_score_without_a_known_scale_is_not_range_checked(check_rows):
    row = _feedback(check_rows, survey_type="other", score="42")
    assert (row["score"], row["scale_min"], row["_reason"]) == (42, None, None)


def test_inverted_scale_is_quarantined(check_rows):
    row = _feedback(check_rows, score="3", scale_min="5", scale_max="1")
    assert "scale_min 5.0 is not below scale_max 1.0" in row["_reason"]


def test_enps_question_defaults_to_a_zero_to_ten_scale(check_rows):
    rows = check_rows(
        "engagement_responses",
        [
            {
                "id": "1",
                "team": "t1",
                "survey": "q3",
                "question": "eNPS",
                "score": "10",
                "responded_at": "2024-01-01",
            },
            {
                "id": "2",
                "team": "t1",
                "survey": "q3",
                "question": "enps",
                "score": "11",
                "responded_at": "2024-01-01",
            },
        ],
        {"team_id": "team"},
    )
    assert (rows[0]["scale_min"], rows[0]["scale_max"], rows[0]["_reason"]) == (0, 10, None)
    assert rows[1]["_reason"] == "score: 11.0 is outside the scale 0.0-10.0"


def test_duplicate_keys_keep_the_last_row_and_name_it(check_rows):
    rows = check_rows(
        "customer_records",
        [
            {"id": "1", "first_name": "Ann"},
            {"id": "2", "first_name": "Bob"},
            {"id": "1", "first_name": "Anne"},
            {"id": "1", "first_name": "Annie"},
        ],
    )
    reasons = {r["_row"]: r["_reason"] for r in rows}
    kept = "source_key '1' appears again at row 4 of this file; the last occurrence was kept"
    assert reasons == {1: kept, 2: None, 3: kept, 4: None}


def test_a_duplicate_of_an_invalid_row_does_not_displace_the_valid_one(check_rows):
    rows = check_rows(
        "customer_records",
        [{"id": "1", "email": "a@b.com"}, {"id": "1", "email": "broken"}],
    )
    assert rows[0]["_reason"] is None
    assert rows[1]["_reason"] == "email: 'broken' is not an e-mail address"
