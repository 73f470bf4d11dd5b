"""How the demo's source systems write the same person differently: names, phones, e-mails."""

from __future__ import annotations

import re

import numpy as np
import pytest

from centric.demo.names import NICKNAMES, misspell, misspell_many, name_book, nickname_many
from centric.demo.variation import (
    UK_PHONE_STYLES,
    abbreviate_streets,
    format_phones,
    vary_emails,
    vary_postcodes,
)


def _edit_distance(a: str, b: str) -> int:
    # Damerau-Levenshtein (optimal string alignment): a swap of neighbours counts once.
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@pytest.mark.parametrize("operation", [0, 1, 2, 3])
def test_misspell_makes_exactly_one_edit_for_each_kind_of_slip(operation: int) -> None:
    for name in ("Elizabeth", "Gonzalez", "Smith", "Okonkwo"):
        for position in (0.0, 0.3, 0.6, 0.99):
            typed = misspell(name, position, operation, 0.5)
            assert typed[0] == name[0]
            assert _edit_distance(name, typed) == 1, (name, typed)


def test_misspell_many_changes_only_masked_values() -> None:
    values = np.array(["William", "Elizabeth", None, "Margaret"], dtype=object)
    mask = np.array([True, False, True, False])
    typed = misspell_many(values, mask, np.random.default_rng(1))
    assert typed[0] != "William"
    assert typed[1:].tolist() == ["Elizabeth", None, "Margaret"]


def test_nicknames_replace_names_that_have_one_and_keep_the_rest() -> None:
    values = np.array(["William", "José", "Zoltan"], dtype=object)
    varied = nickname_many(values, np.ones(3, bool), np.random.default_rng(3))
    assert varied[0] in NICKNAMES["William"]
    assert varied[1] == "Pepe"
    assert varied[2] == "Zoltan"


def test_name_pools_fit_windows_1252_and_have_spanish_compound_names() -> None:
    book = name_book()
    for pool in (*book.given.values(), *book.family.values()):
        assert all(isinstance(name, str) and name.encode("cp1252") for name in pool.names)
        assert pool.weights.sum() == pytest.approx(1.0)
    assert "María José" in book.given[("es", "F")].names.tolist()


@pytest.mark.parametrize("style", range(UK_PHONE_STYLES))
def test_every_phone_style_keeps_the_digits_of_the_number(style: int) -> None:
    digits = np.array(["07700900123", "01614960123", "02079460000", "612345678"], dtype=object)
    country = np.array(["GB", "GB", "GB", "ES"], dtype=object)
    written = format_phones(digits, country, np.full(4, style))
    for number, national, where in zip(written.tolist(), digits.tolist(), country, strict=True):
        only = re.sub(r"\D", "", number)
        code = "44" if where == "GB" else "34"
        national_digits = national.lstrip("0") if where == "GB" else national
        assert only.endswith(national_digits), (number, national)
        assert only.lstrip("0").removeprefix(code).lstrip("0") == national_digits


def test_international_only_forces_the_country_code() -> None:
    written = format_phones(
        np.array(["612345678"] * UK_PHONE_STYLES, dtype=object),
        np.array(["ES"] * UK_PHONE_STYLES, dtype=object),
        np.arange(UK_PHONE_STYLES),
        international_only=np.ones(UK_PHONE_STYLES, bool),
    )
    assert all(re.sub(r"\D", "", w).lstrip("0").startswith("34") for w in written.tolist())


def test_email_variants_still_reach_the_same_mailbox() -> None:
    emails = np.array(["jane.smith@gmail.com", "bob.jones@outlook.com"] * 50, dtype=object)
    varied = vary_emails(
        emails, np.random.default_rng(5), case=0.5, gmail_dots=1.0, plus_tag=0.5
    ).tolist()

    def mailbox(email: str) -> str:
        local, domain = email.lower().split("@")
        local = local.split("+")[0]
        return (local.replace(".", "") if domain == "gmail.com" else local) + "@" + domain

    assert {mailbox(v) for v in varied} == {"janesmith@gmail.com", "bob.jones@outlook.com"}
    assert len(set(varied)) > 4


def test_address_variations_abbreviate_and_respace() -> None:
    streets = np.array(["12 High Street", "Calle de Alcalá, 45", "3 Mill Lane"], dtype=object)
    assert abbreviate_streets(streets, np.ones(3, bool)).tolist() == [
        "12 High St",
        "C/ Alcalá, 45",
        "3 Mill Ln",
    ]
    postcodes = vary_postcodes(
        np.array(["M1 4BT"] * 40, dtype=object), np.random.default_rng(2), 1.0
    ).tolist()
    assert set(postcodes) == {"M14BT", "m1 4bt"}
