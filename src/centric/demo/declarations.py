"""The ``[[sources]]`` declarations of the demo's feeds, written into ``centric.toml`` as TOML.

The demo declares its sources exactly as a user would, so that ``centric ingest`` (and the demo
itself, through :func:`centric.ingest.ingest_declared`) reads them; the block is fenced by
marker comments so that a re-run replaces it and leaves the rest of the file (settings, the
user's own sources) alone. This module renders and splices text; it must not ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

BEGIN_MARKER = "# >>> sources written by `centric demo`; edits inside this block are replaced"
END_MARKER = "# <<< end of the sources written by `centric demo`"
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class SourceDeclaration:
    """One ``[[sources]]`` entry."""

    name: str
    kind: str
    path: str
    options: dict[str, Any] = field(default_factory=dict)
    mapping: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The entry as the TOML parser returns it (empty tables are not written)."""
        entry: dict[str, Any] = {"name": self.name, "kind": self.kind, "path": self.path}
        if self.options:
            entry["options"] = dict(self.options)
        if self.mapping:
            entry["mapping"] = dict(self.mapping)
        return entry

    def to_toml(self) -> str:
        """The entry as TOML text."""
        lines = [
            "[[sources]]",
            f"name = {_value(self.name)}",
            f"kind = {_value(self.kind)}",
            f"path = {_value(self.path)}",
        ]
        if self.options:
            lines += ["", "[sources.options]"]
            lines += [f"{_key(k)} = {_value(v)}" for k, v in self.options.items()]
        if self.mapping:
            lines += ["", "[sources.mapping]"]
            lines += [f"{_key(k)} = {_value(v)}" for k, v in self.mapping.items()]
        return "\n".join(lines) + "\n"


def render_block(declarations: list[SourceDeclaration], *, header: str) -> str:
    """The fenced block of declarations, with a comment line saying what made it."""
    body = "\n".join(declaration.to_toml() for declaration in declarations)
    return f"{BEGIN_MARKER}\n# {header}\n\n{body}{END_MARKER}\n"


def splice_block(text: str, block: str) -> str:
    """``text`` with its demo block replaced by ``block`` (or ``block`` appended)."""
    kept = remove_block(text).rstrip("\n")
    return f"{kept}\n\n{block}" if kept else block


def remove_block(text: str) -> str:
    """``text`` without the demo block."""
    start = text.find(BEGIN_MARKER)
    if start < 0:
        return text
    end = text.find(END_MARKER, start)
    end = len(text) if end < 0 else end + len(END_MARKER)
    return (text[:start].rstrip("\n") + "\n" + text[end:].lstrip("\n")).lstrip("\n")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'
