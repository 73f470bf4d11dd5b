"""The demo's ``[[sources]]`` are valid TOML, valid sources, and spliced without losing settings."""

from __future__ import annotations

import tomllib

from centric.demo import contact_centre, crm, hr, loyalty, social, survey_tool, webshop
from centric.demo.declarations import (
    BEGIN_MARKER,
    SourceDeclaration,
    remove_block,
    render_block,
    splice_block,
)
from centric.ingest import parse_source_spec

ALL = [
    crm.DECLARATION,
    *webshop.DECLARATIONS,
    *loyalty.DECLARATIONS,
    *contact_centre.DECLARATIONS,
    *survey_tool.DECLARATIONS,
    *social.DECLARATIONS,
    *hr.DECLARATIONS,
]


def test_rendered_block_parses_back_to_the_same_declarations() -> None:
    parsed = tomllib.loads(render_block(ALL, header="test"))
    assert parsed["sources"] == [d.as_dict() for d in ALL]


def test_every_demo_declaration_is_a_valid_source() -> None:
    for declaration in ALL:
        spec = parse_source_spec(declaration.as_dict(), origin="demo")
        assert spec.name == declaration.name


def test_source_names_are_unique_and_customer_feeds_are_named_after_their_system() -> None:
    names = [d.name for d in ALL]
    assert len(names) == len(set(names))
    customer_feeds = {d.name for d in ALL if d.kind == "customer_records"}
    assert customer_feeds == {
        "crm",
        "webshop",
        "loyalty",
        "contact_centre",
        "survey_tool",
        "social",
    }
    for declaration in ALL:
        linked = declaration.mapping.get("customer_source")
        if isinstance(linked, dict):
            assert linked["constant"] in customer_feeds
        elif linked is not None:  # read per row, as the survey tool's send log does
            assert declaration.name == "survey_tool_invitations"


def test_strings_that_need_escaping_survive_the_round_trip() -> None:
    tricky = SourceDeclaration(
        "x",
        "orders",
        'data/"odd"\\path.csv',
        {"delimiter": "\t"},
        {"status": {"values": {"Walk-in": 'a"b'}}},
    )
    parsed = tomllib.loads(tricky.to_toml())["sources"][0]
    assert parsed == tricky.as_dict()


def test_splice_replaces_the_block_and_keeps_the_rest_of_the_file() -> None:
    original = (
        '[settings]\nthreads = 2\n\n[[sources]]\nname = "mine"\nkind = "orders"\npath = "a.csv"\n'
    )
    first = splice_block(original, render_block(ALL[:1], header="one"))
    second = splice_block(first, render_block(ALL[:2], header="two"))
    assert second.count(BEGIN_MARKER) == 1
    parsed = tomllib.loads(second)
    assert parsed["settings"] == {"threads": 2}
    assert [s["name"] for s in parsed["sources"]] == ["mine", ALL[0].name, ALL[1].name]
    assert splice_block(second, render_block(ALL[:2], header="two")) == second
    assert tomllib.loads(remove_block(second))["sources"] == [
        {"name": "mine", "kind": "orders", "path": "a.csv"}
    ]
