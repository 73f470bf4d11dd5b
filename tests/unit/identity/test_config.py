"""The [identity] table of centric.toml is validated with clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from centric.errors import ConfigurationError
from centric.identity import identity_config
from centric.identity.schemas import IdentityConfig, parse_identity_config


def test_identity_config_defaults_when_table_is_absent(tmp_path: Path) -> None:
    (tmp_path / "centric.toml").write_text("[settings]\n", encoding="utf-8")
    assert identity_config(tmp_path) == IdentityConfig()


def test_identity_config_reads_survivorship_and_rules(tmp_path: Path) -> None:
    (tmp_path / "centric.toml").write_text(
        "[identity]\nthreshold = 0.9\nsource_priority = ['crm', 'shop']\n"
        "[identity.survivorship]\nemail = 'source_priority'\n"
        "[[identity.rules]]\nname = 'member'\nfields = ['loyalty_id']\n",
        encoding="utf-8",
    )
    config = identity_config(tmp_path)
    assert config.threshold == 0.9
    assert config.survivorship_rule("email") == "source_priority"
    assert config.survivorship_rule("city") == "most_recent"
    assert [rule.name for rule in config.rules] == ["member"]


@pytest.mark.parametrize(
    "raw",
    [
        {"threshold": 1.5},
        {"survivorship": {"shoe": "longest"}},
        {"survivorship": {"city": "longest"}},
        {"rules": [{"name": "x", "fields": ["colour"]}]},
        {"unknown": 1},
    ],
)
def test_identity_config_rejects_invalid_options(raw: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError, match="identity"):
        parse_identity_config(raw, origin="centric.toml")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"attach_threshold": 0.95}, "above the threshold 0.9"),
        ({"attach_threshold": 0.1}, "below pair_floor 0.2"),
    ],
)
def test_attach_threshold_lies_between_pair_floor_and_threshold(
    raw: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        parse_identity_config(raw, origin="centric.toml")
    assert parse_identity_config({"attach_threshold": 0.9}, origin="x").attach_threshold == 0.9
