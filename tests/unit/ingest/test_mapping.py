"""Mapping compilation: every transform a source mapping declares, run on real rows."""

from __future__ import annotations

import datetime as dt

import pytest

from centric.errors import InvalidInputError
from centric.ingest.mapping import compile_mapping
from centric.ingest.schemas import FieldMapping
from centric.warehouse import TABLES_BY_NAME

CUSTOMERS = TABLES_BY_NAME["customer_records"]


def test_rename_reads_the_named_source_column(check_rows):
    rows = check_rows(
        "customer_records",
        [{"CustID": "C1", "Given": "Ann", "Family": "Lee"}],
        {"source_key": "CustID", "first_name": "Given", "last_name": {"column": "Family"}},
    )
    assert (rows[0]["source_key"], rows[0]["first_name"], rows[0]["last_name"]) == (
        "C1",
        "Ann",
        "Lee",
    )
    assert rows[0]["_reason"] is None


def test_rename_matches_a_column_ignoring_case(check_rows):
    rows = check_rows("customer_records", [{"ID": "1", "SURNAME": "Lee"}], {"last_name": "surname"})
    assert rows[0]["last_name"] == "Lee"


def test_values_are_trimmed_and_empty_values_become_null(check_rows):
    rows = check_rows("customer_records", [{"id": " 7 ", "first_name": "   ", "city": " Leeds "}])
    assert rows[0]["source_key"] == "7"
    assert rows[0]["first_name"] is None
    assert rows[0]["city"] == "Leeds"


def test_constant_fills_every_row(check_rows):
    rows = check_rows(
        "customer_records",
        [{"id": "1"}, {"id": "2"}],
        {"country": {"constant": "GB"}, "marketing_consent": {"constant": True}},
    )
    assert [r["country"] for r in rows] == ["GB", "GB"]
    assert [r["marketing_consent"] for r in rows] == [True, True]


def test_source_column_holds_the_source_name(check_rows):
    rows = check_rows("customer_records", [{"id": "1"}])
    assert rows[0]["source"] == "src"


def test_customer_source_defaults_to_the_rows_own_source(check_rows):
    rows = check_rows(
        "orders",
        [{"id": "o1", "customer_id": "c1", "ordered_at": "2024-05-01", "amount": "3"}],
        {"customer_key": "customer_id"},
    )
    assert (rows[0]["customer_source"], rows[0]["customer_key"]) == ("src", "c1")


def test_concatenate_joins_columns_with_the_separator_skipping_empty_ones(check_rows):
    rows = check_rows(
        "customer_records",
        [
            {"id": "1", "house": "12", "street": "High St", "flat": "Flat 2"},
            {"id": "2", "house": "3", "street": "Low Rd", "flat": None},
        ],
        {"address_line1": {"columns": ["flat", "house", "street"], "separator": ", "}},
    )
    assert rows[0]["address_line1"] == "Flat 2, 12, High St"
    assert rows[1]["address_line1"] == "3, Low Rd"


def test_concatenate_of_only_empty_values_is_null(check_rows):
    rows = check_rows(
        "customer_records",
        [{"id": "1", "a": None, "b": "  "}],
        {"address_line1": {"columns": ["a", "b"]}},
    )
    assert rows[0]["address_line1"] is None


@pytest.mark.parametrize(
    ("full_name", "title", "first", "middle", "last"),
    [
        ("John Smith", None, "John", None, "Smith"),
        ("Smith, John", None, "John", None, "Smith"),
        ("Smith,John", None, "John", None, "Smith"),
        ("Dr. Jane Q. Public", "Dr", "Jane", "Q.", "Public"),
        ("Mrs Mary Ann  Jones", "Mrs", "Mary", "Ann", "Jones"),
        ("García López, Sra. María José", "Sra", "María", "José", "García López"),
        ("Prof Ada King Lovelace", "Prof", "Ada", "King", "Lovelace"),
        ("Cher", None, "Cher", None, None),
    ],
)
def test_split_takes_each_part_of_a_full_name(check_rows, full_name, title, first, middle, last):
    mapping = {
        "title": {"column": "name", "split": "title"},
        "first_name": {"column": "name", "split": "first"},
        "middle_name": {"column": "name", "split": "middle"},
        "last_name": {"column": "name", "split": "last"},
        "full_name": "name",
    }
    rows = check_rows("customer_records", [{"id": "1", "name": full_name}], mapping)
    got = rows[0]
    assert (got["title"], got["first_name"], got["middle_name"], got["last_name"]) == (
        title,
        first,
        middle,
        last,
    )
    assert got["full_name"] == full_name


def test_value_map_translates_case_insensitively_and_passes_unlisted_values(check_rows):
    rows = check_rows(
        "orders",
        [
            {"id": "1", "ordered_at": "2024-01-01", "amount": "1", "ch": "W"},
            {"id": "2", "ordered_at": "2024-01-01", "amount": "1", "ch": "s"},
            {"id": "3", "ordered_at": "2024-01-01", "amount": "1", "ch": "phone"},
        ],
        {"channel": {"column": "ch", "values": {"w": "web", "S": "store"}}},
    )
    assert [r["channel"] for r in rows] == ["web", "store", "phone"]
    assert all(r["_reason"] is None for r in rows)


def test_format_parses_a_declared_date_format(check_rows):
    rows = check_rows(
        "customer_records",
        [{"id": "1", "dob": "31/12/1980"}],
        {"date_of_birth": {"column": "dob", "format": "%d/%m/%Y"}},
    )
    assert rows[0]["date_of_birth"] == dt.date(1980, 12, 31)


def test_default_applies_only_when_the_value_is_empty(check_rows):
    rows = check_rows(
        "customer_records",
        [{"id": "1", "country": ""}, {"id": "2", "country": "ES"}],
        {"country": {"column": "country", "default": "GB"}},
    )
    assert [r["country"] for r in rows] == ["GB", "ES"]


def test_auto_mapping_finds_columns_by_common_names():
    staged = ("ID", "Surname", "Given Name", "E-mail Address", "DOB", "Zip", "Town", "Mobile")
    compiled = compile_mapping(CUSTOMERS, {}, staged, source="crm", file_label="crm.csv")
    assert compiled.mapped_from == {
        "source_key": "ID",
        "last_name": "Surname",
        "first_name": "Given Name",
        "email": "E-mail Address",
        "date_of_birth": "DOB",
        "postcode": "Zip",
        "city": "Town",
        "phone": "Mobile",
    }


def test_auto_mapping_skips_columns_an_explicit_mapping_claims():
    mapping = {"full_name": FieldMapping(column="email"), "source_key": FieldMapping(column="ref")}
    compiled = compile_mapping(
        CUSTOMERS, mapping, ("ref", "email", "id"), source="crm", file_label="crm.csv"
    )
    assert compiled.mapped_from["full_name"] == "email"
    assert compiled.mapped_from["source_key"] == "ref"
    assert "email" not in compiled.mapped_from


def test_unknown_canonical_column_is_a_clear_error():
    with pytest.raises(InvalidInputError) as caught:
        compile_mapping(
            CUSTOMERS,
            {"shoe_size": FieldMapping(column="id")},
            ("id",),
            source="crm",
            file_label="crm.csv",
        )
    assert "shoe_size" in caught.value.message
    assert caught.value.hint is not None
    assert "first_name" in caught.value.hint


def test_mapping_a_column_the_file_lacks_is_a_clear_error():
    with pytest.raises(InvalidInputError) as caught:
        compile_mapping(
            CUSTOMERS,
            {"last_name": FieldMapping(column="Surname")},
            ("id", "first_name"),
            source="crm",
            file_label="crm.csv",
        )
    message = caught.value.message
    assert "'Surname'" in message
    assert "crm.csv" in message
    assert "id, first_name" in message
    assert caught.value.hint is not None


def test_missing_required_column_is_a_clear_error_with_a_mapping_example():
    with pytest.raises(InvalidInputError) as caught:
        compile_mapping(CUSTOMERS, {}, ("first_name", "email"), source="crm", file_label="crm.csv")
    assert "source_key" in caught.value.message
    assert "crm.csv" in caught.value.message
    assert caught.value.hint is not None
    assert 'source_key = "<column in file>"' in caught.value.hint
