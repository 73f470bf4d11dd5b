"""Persistence of the theme taxonomy and its term weights in the warehouse.

Theme IDs are handed out once (``T0001``, ``T0002``...) and never reused; labels, pins,
exclusions and merges are stored on the theme so that every later run honours them. This module
reads and writes the ``themes``, ``theme_edits``, ``theme_term_frequencies`` and ``text_state``
tables; it must not analyse text or decide what a theme is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from centric.errors import InvalidInputError, NotFoundError
from centric.text.themes import (
    DiscoveredTheme,
    TermSpace,
    ThemeDefinition,
    document_frequencies,
)
from centric.warehouse import Warehouse


@dataclass(frozen=True)
class ThemeRecord:
    """One row of the taxonomy, as people see it.

    Attributes:
        theme_id: Stable identifier.
        audience: ``customer`` or ``employee``.
        label: Readable name.
        keywords: Most characteristic terms.
        pinned_keywords: Terms that always assign the theme.
        excluded_keywords: Terms moved away by a split.
        status: ``active`` or ``merged``.
        merged_into: Theme that absorbed this one.
        split_from: Theme this one was split from.
        created_at: When it was created.
    """

    theme_id: str
    audience: str
    label: str
    keywords: list[str]
    pinned_keywords: list[str]
    excluded_keywords: list[str]
    status: str
    merged_into: str | None
    split_from: str | None
    created_at: datetime


def now() -> datetime:
    """The current UTC time without tzinfo, as the warehouse stores timestamps."""
    return datetime.now(UTC).replace(tzinfo=None)


def load_definitions(warehouse: Warehouse, audience: str) -> list[ThemeDefinition]:
    """The active themes of ``audience`` in the form assignment needs."""
    rows = warehouse.fetch_all(
        "SELECT theme_id, label, CAST(centroid AS VARCHAR), keywords, pinned_keywords, "
        "excluded_keywords FROM themes WHERE audience = ? AND status = 'active' ORDER BY theme_id",
        [audience],
    )
    return [
        ThemeDefinition(
            theme_id=row[0],
            label=row[1],
            centroid={k: float(v) for k, v in json.loads(row[2] or "{}").items()},
            keywords=list(row[3] or []),
            pinned=list(row[4] or []),
            excluded=list(row[5] or []),
        )
        for row in rows
    ]


def load_records(
    warehouse: Warehouse, audience: str | None = None, *, include_merged: bool = False
) -> list[ThemeRecord]:
    """The taxonomy rows, optionally of one audience, active ones unless asked otherwise."""
    clauses, params = [], []
    if audience:
        clauses.append("audience = ?")
        params.append(audience)
    if not include_merged:
        clauses.append("status = 'active'")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = warehouse.fetch_all(
        "SELECT theme_id, audience, label, keywords, pinned_keywords, excluded_keywords, status, "
        f"merged_into, split_from, created_at FROM themes {where} ORDER BY theme_id",
        params,
    )
    return [
        ThemeRecord(
            row[0], row[1], row[2], list(row[3] or []), list(row[4] or []), list(row[5] or []),
            row[6], row[7], row[8], row[9],
        )
        for row in rows
    ]  # fmt: skip


def get_record(warehouse: Warehouse, theme_id: str) -> ThemeRecord:
    """One theme by ID, merged or not.

    Raises:
        NotFoundError: No theme has that ID.
    """
    normalised = theme_id.strip().upper()
    for record in load_records(warehouse, include_merged=True):
        if record.theme_id == normalised:
            return record
    raise NotFoundError(
        f"No theme '{theme_id}'.", hint="List the theme IDs with 'centric text themes'."
    )


def require_active(warehouse: Warehouse, theme_id: str) -> ThemeRecord:
    """One active theme by ID.

    Raises:
        NotFoundError: No theme has that ID.
        InvalidInputError: The theme was merged into another.
    """
    record = get_record(warehouse, theme_id)
    if record.status != "active":
        raise InvalidInputError(
            f"Theme {record.theme_id} was merged into {record.merged_into}.",
            hint=f"Edit {record.merged_into} instead.",
        )
    return record


def next_theme_ids(warehouse: Warehouse, count: int) -> list[str]:
    """``count`` fresh theme IDs, after every ID ever handed out."""
    highest = warehouse.scalar(
        "SELECT max(CAST(substr(theme_id, 2) AS BIGINT)) FROM themes WHERE theme_id LIKE 'T%'"
    )
    start = int(highest or 0) + 1
    return [f"T{number:04d}" for number in range(start, start + count)]


def insert_discovered(
    warehouse: Warehouse, audience: str, discovered: Sequence[DiscoveredTheme]
) -> list[str]:
    """Store newly discovered themes with fresh IDs; returns the IDs in order."""
    ids = next_theme_ids(warehouse, len(discovered))
    stamp = now()
    for theme_id, theme in zip(ids, discovered, strict=True):
        warehouse.execute(
            "INSERT INTO themes (theme_id, audience, label, label_edited, keywords, "
            "pinned_keywords, excluded_keywords, centroid, status, merged_into, split_from, "
            "origin, created_at, updated_at) VALUES (?, ?, ?, false, ?, [], [], ?, 'active', "
            "NULL, NULL, 'discovered', ?, ?)",
            [theme_id, audience, theme.label, theme.keywords, json.dumps(theme.centroid), stamp,
             stamp],
        )  # fmt: skip
    return ids


def insert_theme(
    warehouse: Warehouse,
    *,
    audience: str,
    label: str,
    keywords: Sequence[str],
    pinned: Sequence[str],
    centroid: Mapping[str, float],
    split_from: str | None,
) -> str:
    """Store a theme made by an edit (a split); returns its new ID."""
    (theme_id,) = next_theme_ids(warehouse, 1)
    stamp = now()
    warehouse.execute(
        "INSERT INTO themes (theme_id, audience, label, label_edited, keywords, pinned_keywords, "
        "excluded_keywords, centroid, status, merged_into, split_from, origin, created_at, "
        "updated_at) VALUES (?, ?, ?, true, ?, ?, [], ?, 'active', NULL, ?, 'edited', ?, ?)",
        [theme_id, audience, label, list(keywords), list(pinned), json.dumps(dict(centroid)),
         split_from, stamp, stamp],
    )  # fmt: skip
    return theme_id


def update_theme(warehouse: Warehouse, theme_id: str, **changes: Any) -> None:
    """Change columns of one theme (``centroid`` is given as a mapping)."""
    allowed = {
        "label", "label_edited", "keywords", "pinned_keywords", "excluded_keywords", "centroid",
        "status", "merged_into",
    }  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInputError(f"Cannot change theme column(s) {sorted(unknown)}.")
    assignments = []
    params: list[Any] = []
    for column, value in changes.items():
        assignments.append(f"{column} = ?")
        params.append(json.dumps(dict(value)) if column == "centroid" else value)
    assignments.append("updated_at = ?")
    params += [now(), theme_id]
    warehouse.execute(f"UPDATE themes SET {', '.join(assignments)} WHERE theme_id = ?", params)


def centroid_of(warehouse: Warehouse, theme_id: str) -> dict[str, float]:
    """The stored centroid of one theme."""
    raw = warehouse.scalar(
        "SELECT CAST(centroid AS VARCHAR) FROM themes WHERE theme_id = ?", [theme_id]
    )
    return {k: float(v) for k, v in json.loads(raw or "{}").items()}


def record_edit(
    warehouse: Warehouse, *, actor: str, action: str, theme_id: str, detail: Mapping[str, Any]
) -> None:
    """Append one edit to ``theme_edits``."""
    warehouse.execute(
        "INSERT INTO theme_edits VALUES (?, ?, ?, ?, ?)",
        [now(), actor, action, theme_id, json.dumps(dict(detail))],
    )


def load_space(warehouse: Warehouse, audience: str) -> TermSpace:
    """The term weights of an audience, from the stored document frequencies."""
    rows = warehouse.fetch_all(
        "SELECT term, documents FROM theme_term_frequencies WHERE audience = ?", [audience]
    )
    total = int(read_state(warehouse, f"documents:{audience}") or 0)
    frequencies = {term: int(documents) for term, documents in rows}
    return TermSpace.from_frequencies(frequencies, total)


def add_to_space(
    warehouse: Warehouse, audience: str, documents: Iterable[Sequence[str]], *, reset: bool = False
) -> None:
    """Count the terms of new verbatims into the audience's document frequencies."""
    documents = list(documents)
    counts = document_frequencies(documents)
    total = len(documents)
    if reset:
        warehouse.execute("DELETE FROM theme_term_frequencies WHERE audience = ?", [audience])
        previous = 0
    else:
        previous = int(read_state(warehouse, f"documents:{audience}") or 0)
    if counts:
        staged = pa.table({"term": list(counts), "documents": list(counts.values())})
        warehouse.stage_arrow("text_new_terms", staged)
        try:
            warehouse.execute(
                "MERGE INTO theme_term_frequencies AS t USING text_new_terms AS n "
                "ON t.audience = ? AND t.term = n.term "
                "WHEN MATCHED THEN UPDATE SET documents = t.documents + n.documents "
                "WHEN NOT MATCHED THEN INSERT VALUES (?, n.term, n.documents)",
                [audience, audience],
            )
        finally:
            warehouse.drop_staging("text_new_terms")
    write_state(warehouse, f"documents:{audience}", str(previous + total))


def read_state(warehouse: Warehouse, key: str) -> str | None:
    """A value of ``text_state``, or ``None``."""
    value = warehouse.scalar("SELECT value FROM text_state WHERE key = ?", [key])
    return None if value is None else str(value)


def write_state(warehouse: Warehouse, key: str, value: str) -> None:
    """Set a value of ``text_state``."""
    warehouse.execute("DELETE FROM text_state WHERE key = ?", [key])
    warehouse.execute("INSERT INTO text_state VALUES (?, ?)", [key, value])


def bump_taxonomy_version(warehouse: Warehouse, audience: str) -> int:
    """Mark the audience's taxonomy as changed; returns the new version."""
    version = int(read_state(warehouse, f"taxonomy:{audience}") or 0) + 1
    write_state(warehouse, f"taxonomy:{audience}", str(version))
    return version
