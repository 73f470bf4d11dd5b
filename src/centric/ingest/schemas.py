"""The declared shape of a source: where it is, how to read it, how its columns map.

A source is written once, in ``centric.toml`` under ``[[sources]]`` or in a ``--map`` file, and
validated here so that every rule about sources lives in one place. This module only describes;
it must not read files or touch a store.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from centric.errors import ConfigurationError
from centric.warehouse.schema import INGESTIBLE_KINDS

FileFormat = Literal["csv", "parquet", "json", "ndjson", "excel", "sql"]
NamePart = Literal["title", "first", "middle", "last"]
# The strptime codes the warehouse understands; any other would fail the whole file at run time.
FORMAT_CODE = re.compile(r"%(-[dHIjmMSy]|[aAbBcdfgGHIjmMnpSuUVwWxXyYzZTh%])")


class FieldMapping(BaseModel):
    """How one canonical column is computed from a source row.

    Exactly one of ``column``, ``columns`` (concatenated) or ``constant`` supplies the value;
    the other options transform it, in this order: split → value map → format → default.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    column: str | None = Field(default=None, description="Source column to read (rename).")
    columns: tuple[str, ...] | None = Field(
        default=None, description="Source columns to concatenate, skipping empty ones."
    )
    separator: str = Field(default=" ", description="Separator used with `columns`.")
    constant: str | int | float | bool | None = Field(
        default=None, description="The same value for every row."
    )
    split: NamePart | None = Field(
        default=None,
        description="Take one part of a full name: title, first, middle or last. "
        "'Smith, John' (family name first, with a comma) is understood.",
    )
    values: dict[str, str] | None = Field(
        default=None,
        description="Map source values to canonical ones (case-insensitive), e.g. {W = 'web'}. "
        "Unlisted values pass through unchanged.",
    )
    format: str | tuple[str, ...] | None = Field(
        default=None,
        description="strptime format(s) for dates and times, tried in order, e.g. '%d/%m/%Y'.",
    )
    default: str | int | float | bool | None = Field(
        default=None, description="Value used when the source value is empty."
    )

    @model_validator(mode="after")
    def _known_format_codes(self) -> FieldMapping:
        formats = (self.format,) if isinstance(self.format, str) else self.format or ()
        for declared in formats:
            unknown = sorted(set(re.findall(r"%-?.?", FORMAT_CODE.sub("", declared))))
            if unknown:
                raise ValueError(
                    f"format {declared!r} uses unknown code(s) {', '.join(unknown)}; use strptime "
                    "codes such as %d/%m/%Y %H:%M (%-d for a day without a leading zero)"
                )
        return self

    @model_validator(mode="after")
    def _one_origin(self) -> FieldMapping:
        origins = [
            name
            for name, value in (
                ("column", self.column),
                ("columns", self.columns),
                ("constant", self.constant),
            )
            if value is not None
        ]
        if len(origins) != 1:
            raise ValueError(
                "give exactly one of column, columns or constant"
                + (f" (got {', '.join(origins)})" if origins else "")
            )
        return self

    @property
    def source_columns(self) -> tuple[str, ...]:
        """Source columns this mapping reads."""
        if self.column is not None:
            return (self.column,)
        return self.columns or ()


class SourceSpec(BaseModel):
    """A source system feed: what it feeds, where it is read from, and its column mapping."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="Source system name.")
    kind: str = Field(description="Canonical table fed: " + ", ".join(INGESTIBLE_KINDS) + ".")
    path: str | None = Field(
        default=None, description="File or glob, relative to the workspace or absolute."
    )
    url: str | None = Field(default=None, description="SQLAlchemy URL, for SQL sources.")
    query: str | None = Field(default=None, description="SQL query, for SQL sources.")
    format: FileFormat | None = Field(
        default=None, description="Reader; default from the file's extension."
    )
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Reader options: delimiter, quote, header, encoding, skip_rows (csv); "
        "sheet (excel).",
    )
    mapping: dict[str, FieldMapping] = Field(
        default_factory=dict,
        description="Canonical column -> how to compute it. Unmapped canonical columns are "
        "taken from a source column of the same name when there is one.",
    )
    full_extract: bool = Field(
        default=False,
        description="Every file (or query result) is the source's complete current extract: "
        "canonical rows of the source whose key it no longer carries are flagged in "
        "missing_since_batch (never deleted).",
    )

    @model_validator(mode="before")
    @classmethod
    def _expand_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("mapping"), dict):
            data = dict(data)
            data["mapping"] = {
                target: {"column": spec} if isinstance(spec, str) else spec
                for target, spec in data["mapping"].items()
            }
        return data

    @model_validator(mode="after")
    def _check(self) -> SourceSpec:
        if self.kind not in INGESTIBLE_KINDS:
            raise ValueError(
                f"kind '{self.kind}' is not a canonical table; use one of "
                + ", ".join(INGESTIBLE_KINDS)
            )
        if self.format == "sql" or self.url or self.query:
            if not (self.url and self.query):
                raise ValueError("a SQL source needs both url and query")
        elif not self.path:
            raise ValueError("give path (a file or glob), or url and query for a SQL source")
        return self


def parse_source_spec(raw: dict[str, Any], *, origin: str) -> SourceSpec:
    """Validate one source declaration.

    Args:
        raw: The table as read from TOML.
        origin: Where it was declared (file and source name), for the error message.

    Returns:
        The validated source.

    Raises:
        ConfigurationError: The declaration is invalid; the message names each problem.
    """
    try:
        return SourceSpec.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'source'}: {err['msg']}"
            for err in exc.errors()
        )
    # Raised outside the except block on purpose: the message names every problem, and chaining
    # the pydantic error would keep the caller's frames (and the stores they hold) alive, since
    # it holds our validators' exceptions and tracebacks out of the garbage collector's reach.
    raise ConfigurationError(
        f"Invalid source in {origin}: {problems}",
        hint="See docs/ingest.md for the source and mapping format.",
    )
