"""The model's comparison levels, read on hand-made pairs of records, and its training steps.

Each pair is standardised as a batch would standardise it, and the level it reaches is found by
running Splink's own SQL for the comparison (DuckDB dialect) on the pair.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from centric.errors import InvalidInputError
from centric.identity.model import (
    COMPARISON_SPECS,
    MODEL_INPUT_COLUMNS,
    WEIGHED_AS,
    TrainedModel,
    _cap_fuzzy_evidence,
    _floor_identifier_frequencies,
    _neutralise,
    _pool,
    _remove_matches_from_u,
    _uncount,
    build_settings,
    settings_for_dialect,
    term_frequency_sql,
)
from centric.identity.pairs import same_name_sql
from centric.identity.standardise import standardise_record

COLUMNS = [c for c in MODEL_INPUT_COLUMNS if c != "record_id"]


def _standard(fields: dict[str, Any]) -> dict[str, Any]:
    standard = standardise_record(fields, default_region="GB")
    return {column: standard.get(column) for column in COLUMNS}


def level_reached(comparison: str, left: dict[str, Any], right: dict[str, Any]) -> str:
    """The label of the level two records reach on one comparison of the model."""
    spec = next(s for s in COMPARISON_SPECS if s.name == comparison)
    levels = spec.comparison().get_comparison("duckdb").comparison_levels
    cases = " ".join(
        f"WHEN {'true' if level.sql_condition == 'ELSE' else level.sql_condition} THEN {index}"
        for index, level in enumerate(levels)
    )
    a, b = _standard(left), _standard(right)
    row = {f"{c}_l": [a[c]] for c in COLUMNS} | {f"{c}_r": [b[c]] for c in COLUMNS}
    types = {f"{c}_{side}": pa.date32() for c in ("date_of_birth",) for side in "lr"}
    pair = pa.table(
        {name: pa.array(values, types.get(name, pa.string())) for name, values in row.items()}
    )
    connection = duckdb.connect()
    connection.register("pair", pair)
    index = connection.execute(f"SELECT CASE {cases} END FROM pair").fetchall()[0][0]
    return str(levels[index].label_for_charts)


PERSON = {
    "first_name": "Stephen",
    "last_name": "Ingram",
    "date_of_birth": dt.date(1971, 10, 26),
    "email": "stephen_ingram@gmail.com",
    "phone": "07509 385425",
    "address_line1": "92 Jordan Street",
    "postcode": "L14 4SF",
    "city": "Liverpool",
}


def _with(**changes: Any) -> dict[str, Any]:
    return PERSON | changes


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ("Stephen", "Stephen", "same first name"),
        ("Bill", "William", "first names are forms of the same name (like Bill and William)"),
        ("Aira", "Aria", "first name differs by a letter or two"),
        ("Michael", "Micheal", "first name differs by a letter or two"),
        ("Ian", "Alan", "different first names"),
        ("Jean", "John", "different first names"),
        ("Stephen", "Stephanie", "different first names"),
        ("Rosa", "Rosa Maria", "same first name, one record adds a middle name"),
        ("S", "Stephen", "first name given as a matching initial"),
    ],
)
def test_first_name_levels_tell_typos_from_other_names(left: str, right: str, label: str) -> None:
    assert level_reached("first_name", _with(first_name=left), _with(first_name=right)) == label


def test_missing_first_name_is_no_evidence_either_way() -> None:
    label = level_reached("first_name", _with(first_name=None), PERSON)
    assert label == "first_name missing on one side"


@pytest.mark.parametrize("comparison", ["address", "email", "phone", "postcode", "city"])
def test_household_sharing_contact_details_with_another_first_name_is_neutral(
    comparison: str,
) -> None:
    sister = _with(first_name="Stephanie", date_of_birth=dt.date(1970, 7, 18))
    label = level_reached(comparison, PERSON, sister)
    assert label.endswith("shared by people with different first names"), label


def test_same_person_sharing_contact_details_is_evidence() -> None:
    typo = _with(first_name="Stehpen")
    assert level_reached("address", PERSON, typo) == "same address"
    assert level_reached("email", PERSON, typo) == "same e-mail"


def test_postcode_and_town_of_the_same_address_are_counted_once() -> None:
    assert (
        level_reached("postcode", PERSON, PERSON) == "same postcode, counted with the same address"
    )
    assert (
        level_reached("city", PERSON, PERSON)
        == "same town, counted with the same address or postcode"
    )
    moved = _with(address_line1="7 Park Road")
    assert level_reached("postcode", PERSON, moved) == "same postcode"
    elsewhere = _with(address_line1="7 Park Road", postcode="L1 8JQ")
    assert level_reached("city", PERSON, elsewhere) == "same town"


@pytest.mark.parametrize(
    ("right", "label"),
    [
        (dt.date(1971, 10, 26), "same date of birth"),
        (dt.date(1971, 10, 27), "date of birth differs by one digit"),
        (dt.date(1971, 11, 27), "date of birth differs by two digits"),
        (dt.date(1971, 3, 2), "born within a year of each other"),
        (dt.date(1958, 3, 2), "different dates of birth"),
    ],
)
def test_date_of_birth_levels(right: dt.date, label: str) -> None:
    assert level_reached("date_of_birth", PERSON, _with(date_of_birth=right)) == label


def test_date_of_birth_with_day_and_month_swapped() -> None:
    left = _with(date_of_birth=dt.date(1980, 4, 7))
    right = _with(date_of_birth=dt.date(1980, 7, 4))
    assert level_reached("date_of_birth", left, right) == "date of birth with day and month swapped"


def _level(label: str, m: float | None, u: float | None, **extra: Any) -> dict[str, Any]:
    return {"label_for_charts": label, "m_probability": m, "u_probability": u, **extra}


def _settings(*levels: dict[str, Any], prior: float = 1e-4) -> dict[str, Any]:
    return {
        "probability_two_random_records_match": prior,
        "comparisons": [
            {
                "output_column_name": "x",
                "comparison_levels": [{"is_null_level": True, "label_for_charts": "null"}, *levels],
            }
        ],
    }


def _levels(settings: dict[str, Any]) -> list[dict[str, Any]]:
    return list(settings["comparisons"][0]["comparison_levels"][1:])


def test_neutralise_gives_household_pairs_weight_zero_and_their_u_to_the_next_level() -> None:
    settings = _settings(
        _level(
            "same address shared by people with different first names",
            0.5,
            0.003,
            fix_m_probability=True,
        ),
        _level("same address", None, 0.001),
        _level("different addresses", None, 0.996),
    )
    _neutralise(settings, 1e6)
    household, same, _ = _levels(settings)
    assert household["m_probability"] == household["u_probability"] == 0.003
    assert same["u_probability"] == pytest.approx(0.004)


def test_uncount_moves_implied_agreement_to_the_plain_level() -> None:
    settings = _settings(
        _level("same postcode, counted with the same address", 0.6, 0.0002),
        _level("same postcode", 0.3, 0.0003),
        _level("different postcodes", 0.1, 0.9995),
    )
    _uncount(settings)
    counted, same, _ = _levels(settings)
    assert counted["m_probability"] == counted["u_probability"]
    assert same["m_probability"] == pytest.approx(0.9)
    assert same["u_probability"] == pytest.approx(0.0005)


def test_matches_are_taken_out_of_u_of_a_heavily_duplicated_identifier() -> None:
    # A tenth of all random pairs are matches (a small, heavily duplicated population): random
    # sampling sees 9% of pairs agreeing on the identifier, nearly all of them matches.
    settings = _settings(
        _level("same e-mail", 0.9, 0.0905), _level("different e-mails", 0.1, 0.9095), prior=0.1
    )
    _remove_matches_from_u(settings, 1e6)
    same, different = _levels(settings)
    assert same["u_probability"] == pytest.approx(0.0005 / 0.9)
    assert different["u_probability"] == pytest.approx((0.9095 - 0.01) / 0.9)


def test_u_of_an_identifier_stays_above_its_sampling_error() -> None:
    settings = _settings(
        _level("same e-mail", 0.9, 1e-4), _level("different e-mails", 0.1, 0.9999), prior=1e-3
    )
    _remove_matches_from_u(settings, 1e6)
    assert _levels(settings)[0]["u_probability"] == pytest.approx(math.sqrt(1e-4 / 1e6))


def test_fuzzy_agreement_never_outweighs_exact_agreement() -> None:
    settings = _settings(
        _level("same town", 0.9, 0.05),
        _level("similar town names", 0.05, 5e-7),
        _level("different towns", 0.05, 0.95),
    )
    _cap_fuzzy_evidence(settings)
    same, similar, different = _levels(settings)
    assert similar["m_probability"] / similar["u_probability"] == pytest.approx(
        same["m_probability"] / same["u_probability"]
    )
    assert different["u_probability"] == 0.95


def test_e_mail_with_dots_or_a_tag_weighs_as_the_same_e_mail() -> None:
    settings = _settings(
        _level("same e-mail", 0.88, 8e-6),
        _level(f"same e-mail apart from dots or a +tag, {WEIGHED_AS} the same e-mail", 0.04, 2e-6),
        _level("different e-mails", 0.08, 0.99999),
    )
    _pool(settings)
    same, tagged, different = _levels(settings)
    pooled = 0.92 / 1e-5  # the two levels' weight as if they were one level
    assert same["m_probability"] / same["u_probability"] == pytest.approx(pooled)
    assert tagged["m_probability"] / tagged["u_probability"] == pytest.approx(pooled)
    # m and u still sum to one over the levels.
    assert sum(lv["m_probability"] for lv in (same, tagged, different)) == pytest.approx(1)
    assert sum(lv["u_probability"] for lv in (same, tagged, different)) == pytest.approx(1)
    assert different["m_probability"] == 0.08


def test_e_mail_with_a_tag_reaches_the_tagged_level() -> None:
    tagged = _with(email="stephen_ingram+shop@gmail.com")
    assert level_reached("email", PERSON, tagged).startswith("same e-mail apart from dots")


def test_identifier_term_frequency_never_strengthens_evidence() -> None:
    settings = _settings(_level("same e-mail", 0.9, 1e-5, tf_adjustment_column="email"))
    _floor_identifier_frequencies(settings)
    assert _levels(settings)[0]["tf_minimum_u_value"] == 1e-5


def _frequencies(column: str, rows: list[tuple[str, str | None]]) -> dict[str, float]:
    records = pa.table(
        {column: [r[0] for r in rows], "first_name": [r[1] for r in rows]},
        schema=pa.schema([(column, pa.string()), ("first_name", pa.string())]),
    )
    connection = duckdb.connect()
    connection.register("records", records)
    sql = term_frequency_sql(column, "SELECT * FROM records")
    return dict(connection.execute(sql).fetchall())


def test_email_frequency_counts_other_people_not_duplicate_records() -> None:
    rows = [("jane@example.com", "jane")] * 4 + [("jane@example.com", None)]
    rows += [("dan@example.com", "dan"), ("dan@example.com", "daniel")]
    rows += [("none@example.com", name) for name in ("amy", "bob", "carl", "dora")]
    frequencies = _frequencies("email", rows)
    assert frequencies["jane@example.com"] is None
    assert frequencies["dan@example.com"] is None
    assert frequencies["none@example.com"] == pytest.approx(3 / 6)


def test_name_frequency_is_the_share_of_records() -> None:
    frequencies = _frequencies("last_name", [("smith", "a"), ("smith", "b"), ("jones", "c")])
    assert frequencies == pytest.approx({"smith": 2 / 3, "jones": 1 / 3})


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("garcia", "garcia lopez", True),
        ("davis", "davsi", True),
        ("smith", "smyth", True),
        ("ann", "anne", False),
        ("jones", "james", False),
    ],
)
def test_rule_consistency_accepts_one_name_written_differently(
    left: str, right: str, same: bool
) -> None:
    connection = duckdb.connect()
    connection.register("names", pa.table({"a": [left], "b": [right]}))
    found = connection.execute(f"SELECT {same_name_sql('a', 'b')} FROM names").fetchall()
    assert found[0][0] is same


def test_email_user_name_made_of_the_names_is_counted_with_the_names() -> None:
    other = _with(email="stephen_ingram@yahoo.co.uk")
    assert (
        level_reached("email", PERSON, other)
        == "same e-mail user name at another provider, counted with the names"
    )
    left = _with(email="blue.falcon@gmail.com")
    right = _with(email="blue.falcon@yahoo.co.uk")
    assert level_reached("email", left, right) == "same e-mail user name at another provider"


def test_a_model_with_other_levels_asks_to_be_retrained_before_moving_engine() -> None:
    spec = next(s for s in COMPARISON_SPECS if s.name == "gender")
    settings = build_settings([spec], []).create_settings_dict("duckdb")
    settings["probability_two_random_records_match"] = 0.001
    settings["comparisons"][0]["comparison_levels"][1]["label_for_charts"] = "an older level"
    model = TrainedModel(settings, ("gender",), (), 100)
    with pytest.raises(InvalidInputError, match="other levels"):
        settings_for_dialect(model, "spark")
