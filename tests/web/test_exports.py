"""Spreadsheet-safe CSV cells."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from centric.web.exports import csv_text, neutralise


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cell_starting_a_formula_is_prefixed_with_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "a=b", "", 3, -2.5, True])
def test_other_cells_pass_unchanged(value: object) -> None:
    assert neutralise(value) == value


def test_csv_text_neutralises_headers_and_formats_times() -> None:
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    text = csv_text(["=col", "when"], [{"=col": "-2+3", "when": moment}])
    assert text == "'=col,when\r\n'-2+3,2026-03-02T09:00:00+00:00\r\n"
