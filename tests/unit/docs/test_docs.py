"""The documentation is checked by machine: links resolve, generated pages are current, and the
README opens with the two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from centric import reference

ROOT = Path(__file__).resolve().parents[3]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)#\s]+)(#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_in_every_page(page: Path) -> None:
    broken = [
        target
        for target in LINK.findall(page.read_text(encoding="utf-8"))
        if not target[0].startswith(("http://", "https://", "mailto:"))
        and not (page.parent / target[0]).exists()
    ]
    assert broken == []


@pytest.mark.parametrize("relative", sorted(reference.PAGES))
def test_generated_page_is_current_when_code_changes(relative: str) -> None:
    path = reference.DOCS / relative
    assert path.read_text(encoding="utf-8") == reference.PAGES[relative](), (
        f"{relative} is stale: run 'make docs'"
    )


def test_readme_opens_with_the_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).strip().splitlines()]
    assert commands == ["make demo", "make test"]
    assert text.index("make demo") < text.index("## ")
