"""Sources declared in centric.toml: globs, selection by name, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from centric.errors import ConfigurationError, NotFoundError
from centric.ingest import declared_sources, ingest_declared

SOURCES = """
[[sources]]
name = "crm"
kind = "customer_records"
path = "data/crm/*.csv"
[sources.options]
delimiter = ";"
[sources.mapping]
source_key = "CustomerID"
full_name = "Name"
first_name = { column = "Name", split = "first" }
last_name = { column = "Name", split = "last" }
date_of_birth = { column = "DOB", format = "%d/%m/%Y" }
country = { constant = "GB" }

[[sources]]
name = "shop"
kind = "orders"
path = "data/shop/orders.ndjson"
[sources.mapping]
customer_key = "customer.id"
channel = { column = "via", values = { W = "web", S = "store" } }
"""


def _declare(workspace: Path, text: str) -> None:
    config = workspace / "centric.toml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def declared(runtime) -> Path:
    folder = runtime.workspace
    _declare(folder, SOURCES)
    _write(folder / "data/crm/2024-01.csv", "CustomerID;Name;DOB\n1;Ann Lee;02/01/1980\n")
    _write(folder / "data/crm/2024-02.csv", "CustomerID;Name;DOB\n2;Smith, Bo;31/12/1975\n")
    _write(folder / "data/crm/notes.txt", "not matched by the glob")
    _write(
        folder / "data/shop/orders.ndjson",
        '{"id": "o1", "customer": {"id": "1"}, "ordered_at": "2024-02-03", '
        '"amount": 9, "via": "W"}\n',
    )
    return folder


def test_ingest_declared_reads_every_source_and_every_file_of_a_glob(declared, runtime, fetch):
    results = ingest_declared(runtime)
    assert [(r.source, Path(r.source_file).name, r.inserted) for r in results] == [
        ("crm", "2024-01.csv", 1),
        ("crm", "2024-02.csv", 1),
        ("shop", "orders.ndjson", 1),
    ]
    assert results[0].source_file == "data/crm/2024-01.csv"
    people = fetch(
        "SELECT source_key, first_name, last_name, date_of_birth::VARCHAR AS dob, country "
        "FROM customer_records ORDER BY 1"
    )
    assert people == [
        {
            "source_key": "1",
            "first_name": "Ann",
            "last_name": "Lee",
            "dob": "1980-01-02",
            "country": "GB",
        },
        {
            "source_key": "2",
            "first_name": "Bo",
            "last_name": "Smith",
            "dob": "1975-12-31",
            "country": "GB",
        },
    ]
    assert fetch("SELECT customer_key, channel FROM orders") == [
        {"customer_key": "1", "channel": "web"}
    ]


def test_ingest_declared_with_names_reads_only_those_sources(declared, runtime, fetch):
    results = ingest_declared(runtime, names=["shop"])
    assert [r.source for r in results] == ["shop"]
    assert fetch("SELECT count(*) AS n FROM customer_records") == [{"n": 0}]


def test_ingest_declared_twice_skips_every_file(declared, runtime):
    ingest_declared(runtime)
    again = ingest_declared(runtime)
    assert [r.status for r in again] == ["skipped"] * 3


def test_a_new_file_matching_the_glob_is_picked_up(declared, runtime):
    ingest_declared(runtime)
    _write(declared / "data/crm/2024-03.csv", "CustomerID;Name;DOB\n3;Cy Day;01/01/2000\n")
    results = ingest_declared(runtime, names=["crm"])
    assert [(Path(r.source_file).name, r.status) for r in results] == [
        ("2024-01.csv", "skipped"),
        ("2024-02.csv", "skipped"),
        ("2024-03.csv", "committed"),
    ]


def test_unknown_source_name_lists_the_declared_ones(declared, runtime):
    with pytest.raises(NotFoundError) as caught:
        ingest_declared(runtime, names=["loyalty"])
    assert "loyalty" in caught.value.message
    assert caught.value.hint == "Declared sources: crm, shop."


def test_no_declared_sources_says_how_to_declare_them(runtime):
    with pytest.raises(NotFoundError) as caught:
        ingest_declared(runtime)
    assert "declares no sources" in caught.value.message
    assert "[[sources]]" in (caught.value.hint or "")


def test_glob_matching_nothing_names_the_pattern(runtime):
    _declare(
        runtime.workspace,
        '[[sources]]\nname = "crm"\nkind = "customer_records"\npath = "in/*.csv"\n',
    )
    with pytest.raises(NotFoundError) as caught:
        ingest_declared(runtime)
    assert "in/*.csv" in caught.value.message


def test_duplicate_source_names_are_refused(runtime):
    entry = '[[sources]]\nname = "crm"\nkind = "customer_records"\npath = "a.csv"\n'
    _declare(runtime.workspace, entry + entry)
    with pytest.raises(ConfigurationError) as caught:
        declared_sources(runtime.workspace)
    assert "crm more than once" in caught.value.message


def test_invalid_declaration_names_the_source_and_the_problem(runtime):
    _declare(runtime.workspace, '[[sources]]\nname = "crm"\nkind = "customers"\npath = "a.csv"\n')
    with pytest.raises(ConfigurationError) as caught:
        declared_sources(runtime.workspace)
    assert "(source 'crm')" in caught.value.message
    assert "kind 'customers' is not a canonical table" in caught.value.message
