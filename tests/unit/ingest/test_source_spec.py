"""Source declarations: what a valid source is, and the errors an invalid one gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from centric.errors import ConfigurationError, InvalidInputError, NotFoundError
from centric.ingest import FieldMapping, parse_source_spec, source_for_file
from centric.ingest.readers import detect_format


def _parse(**raw):
    return parse_source_spec(raw, origin="centric.toml (source 'crm')")


def test_file_source_with_shorthand_mapping_is_valid():
    spec = _parse(
        name="crm",
        kind="customer_records",
        path="data/*.csv",
        mapping={"source_key": "CustomerID", "country": {"constant": "GB"}},
    )
    assert spec.mapping["source_key"] == FieldMapping(column="CustomerID")
    assert spec.mapping["country"].constant == "GB"


def test_sql_source_needs_url_and_query():
    spec = _parse(name="shop", kind="orders", url="sqlite:///shop.db", query="SELECT 1")
    assert spec.path is None


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            {"name": "crm", "kind": "shoes", "path": "a.csv"},
            "kind 'shoes' is not a canonical table",
        ),
        ({"name": "crm", "kind": "orders"}, "give path (a file or glob), or url and query"),
        ({"name": "crm", "kind": "orders", "url": "sqlite://"}, "needs both url and query"),
        ({"name": "crm", "kind": "orders", "query": "SELECT 1"}, "needs both url and query"),
        ({"name": "c r m", "kind": "orders", "path": "a.csv"}, "name:"),
        ({"name": "crm", "kind": "orders", "path": "a.csv", "colour": "red"}, "colour:"),
        ({"name": "crm", "kind": "orders", "path": "a.csv", "format": "xml"}, "format:"),
        (
            {"name": "crm", "kind": "orders", "path": "a", "mapping": {"amount": {}}},
            "give exactly one of column, columns or constant",
        ),
        (
            {
                "name": "crm",
                "kind": "orders",
                "path": "a",
                "mapping": {"amount": {"column": "a", "constant": 1}},
            },
            "(got column, constant)",
        ),
        (
            {"name": "crm", "kind": "orders", "path": "a", "mapping": {"amount": {"split": "x"}}},
            "mapping.amount.split",
        ),
        (
            {"name": "crm", "kind": "orders", "path": "a", "mapping": {"amount": {"colum": "a"}}},
            "mapping.amount.colum",
        ),
        (
            {
                "name": "crm",
                "kind": "orders",
                "path": "a",
                "mapping": {"ordered_at": {"column": "d", "format": ["%d/%m/%Y", "%e %b"]}},
            },
            "format '%e %b' uses unknown code(s) %e",
        ),
    ],
)
def test_invalid_source_is_a_configuration_error_naming_the_problem(raw, problem):
    with pytest.raises(ConfigurationError) as caught:
        parse_source_spec(raw, origin="centric.toml (source 'crm')")
    assert "centric.toml (source 'crm')" in caught.value.message
    assert problem in caught.value.message
    assert caught.value.hint == "See docs/ingest.md for the source and mapping format."


def test_map_file_supplies_mapping_options_and_format(tmp_path: Path):
    map_file = tmp_path / "crm.toml"
    map_file.write_text(
        'format = "csv"\n[options]\ndelimiter = ";"\n[mapping]\nsource_key = "Ref"\n',
        encoding="utf-8",
    )
    spec = source_for_file(
        tmp_path / "crm.txt", kind="customer_records", source="crm", map_file=map_file
    )
    assert (spec.format, spec.options, spec.mapping["source_key"].column) == (
        "csv",
        {"delimiter": ";"},
        "Ref",
    )


def test_missing_map_file_is_not_found(tmp_path: Path):
    with pytest.raises(NotFoundError) as caught:
        source_for_file(
            tmp_path / "a.csv", kind="orders", source="shop", map_file=tmp_path / "nope.toml"
        )
    assert "nope.toml" in caught.value.message


def test_map_file_with_invalid_toml_names_the_file(tmp_path: Path):
    map_file = tmp_path / "bad.toml"
    map_file.write_text("[mapping\nsource_key = 1", encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        source_for_file(tmp_path / "a.csv", kind="orders", source="shop", map_file=map_file)
    assert "bad.toml" in caught.value.message
    assert "not valid TOML" in caught.value.message


def test_map_file_with_unknown_keys_is_refused(tmp_path: Path):
    map_file = tmp_path / "extra.toml"
    map_file.write_text('name = "x"\n[mapping]\nsource_key = "id"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        source_for_file(tmp_path / "a.csv", kind="orders", source="shop", map_file=map_file)
    assert "unknown key(s) name" in caught.value.message


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", "csv"),
        ("a.TSV", "csv"),
        ("a.txt", "csv"),
        ("a.parquet", "parquet"),
        ("a.json", "json"),
        ("a.jsonl", "ndjson"),
        ("a.ndjson", "ndjson"),
        ("a.xlsx", "excel"),
    ],
)
def test_format_follows_the_extension(name, fmt):
    assert detect_format(Path(name)) == fmt


def test_legacy_xls_is_refused_with_a_fix():
    with pytest.raises(InvalidInputError) as caught:
        detect_format(Path("old.xls"))
    assert "legacy .xls" in caught.value.message
    assert caught.value.hint == "Save it as .xlsx or CSV and ingest that."


def test_unknown_extension_asks_for_a_declared_format():
    with pytest.raises(InvalidInputError) as caught:
        detect_format(Path("dump.dat"))
    assert "'.dat'" in caught.value.message
    assert "format" in (caught.value.hint or "")
