"""The demo's ground truth: who is behind every record, what every text says, what was planted.

Generators report here the true person of each customer record, the labels each generated text
was built to carry, the rows deliberately broken so that ingest must quarantine them, and the
effects planted in the data. :meth:`GroundTruth.write` puts them in ``ground_truth/`` of the
workspace for evaluating identity resolution, text analytics and analytics against; the file
formats are documented in ``docs/demo.md``. Nothing here may feed the warehouse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from centric.demo.exports import ExportFile, Sheet, write_export
from centric.demo.verbatims import Verbatim

TRUTH_FOLDER = "ground_truth"


@dataclass(frozen=True)
class BadRow:
    """A row broken on purpose, and the quarantine reason ingest must give it."""

    source: str
    kind: str
    file: str
    source_row: int
    source_key: str | None
    problem: str
    reason_contains: str


@dataclass(frozen=True)
class Defect:
    """One way to break a row: which file column gets which bad value."""

    problem: str
    column: str
    value: str | int | float | Callable[[Any], Any] | None
    reason_contains: str


@dataclass
class GroundTruth:
    """Everything the generator knows that the data only implies."""

    persons: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)
    labels: list[tuple[str, list[str], list[Verbatim]]] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    effects: dict[str, Any] = field(default_factory=dict)

    def add_persons(self, source: str, keys: np.ndarray, person_ids: np.ndarray) -> None:
        """Record the true person of each customer record of ``source``."""
        self.persons.append((source, keys, person_ids))

    def add_labels(self, source: str, keys: Sequence[str], verbatims: Sequence[Verbatim]) -> None:
        """Record the labels of the texts of ``source`` (row key -> verbatim)."""
        self.labels.append((source, list(keys), list(verbatims)))

    def plant_defects(
        self,
        sheet: Sheet,
        defects: Sequence[Defect],
        rng: np.random.Generator,
        *,
        rate: float,
        source: str,
        kind: str,
        file: str,
        key_column: str,
        eligible: np.ndarray | None = None,
    ) -> np.ndarray:
        """Break about ``rate`` of a table's rows (at least one), cycling through ``defects``.

        Columns of ``sheet`` are changed in place, so they must be numpy object arrays or lists.

        Args:
            sheet: The table about to be exported.
            defects: Ways to break a row.
            rng: The random stream.
            rate: Share of rows to break.
            source: Source name the file is declared under.
            kind: Canonical table it feeds.
            file: Path of the file in the workspace.
            key_column: Column holding the row's source key.
            eligible: Rows that may be broken (default: all).

        Returns:
            The 0-based positions of the broken rows.
        """
        candidates = np.arange(sheet.rows) if eligible is None else np.flatnonzero(eligible)
        count = min(candidates.size, max(1, round(rate * sheet.rows)))
        chosen = np.sort(rng.choice(candidates, size=count, replace=False))
        order = rng.permutation(count)
        keys = sheet.columns[key_column]
        for position, pick in zip(chosen.tolist(), order.tolist(), strict=True):
            defect = defects[pick % len(defects)]
            column = sheet.columns[defect.column]
            value = defect.value
            column[position] = value(column[position]) if callable(value) else value
            key = keys[position]
            self.bad_rows.append(
                BadRow(
                    source,
                    kind,
                    file,
                    position + 1,
                    None if key is None else str(key),
                    defect.problem,
                    defect.reason_contains,
                )
            )
        return chosen

    def write(self, workspace: Path) -> list[Path]:
        """Write the ground-truth files into ``workspace/ground_truth``; returns their paths."""
        folder = f"{TRUTH_FOLDER}/"
        written = [
            write_export(workspace, ExportFile(folder + "persons.csv", "csv", (self._persons(),))),
            write_export(
                workspace, ExportFile(folder + "feedback_labels.csv", "csv", (self._labels(),))
            ),
            write_export(
                workspace,
                ExportFile(folder + "quarantine_expected.csv", "csv", (self._bad_rows(),)),
            ),
        ]
        effects = workspace / TRUTH_FOLDER / "planted_effects.json"
        partial = effects.with_name(effects.name + ".partial")
        partial.write_text(
            json.dumps(self.effects, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        partial.replace(effects)
        return [*written, effects]

    def _persons(self) -> Sheet:
        sources: list[str] = []
        keys: list[str] = []
        people: list[str] = []
        for source, source_keys, person_ids in self.persons:
            sources += [source] * len(source_keys)
            keys += [str(k) for k in source_keys.tolist()]
            people += person_ids.tolist()
        return Sheet(
            "persons",
            {
                "source": sources,
                "kind": ["customer_records"] * len(keys),
                "source_key": keys,
                "person_id": people,
            },
        )

    def _labels(self) -> Sheet:
        rows: dict[str, list[str | None]] = {
            name: []
            for name in (
                "source",
                "source_key",
                "language",
                "sentiment",
                "themes",
                "need",
                "need_evidence",
                "warning",
                "warning_evidence",
            )
        }
        for source, keys, verbatims in self.labels:
            for key, verbatim in zip(keys, verbatims, strict=True):
                rows["source"].append(source)
                rows["source_key"].append(key)
                rows["language"].append(verbatim.language)
                rows["sentiment"].append(f"{verbatim.sentiment:.2f}")
                rows["themes"].append(";".join(verbatim.themes))
                rows["need"].append(verbatim.need)
                rows["need_evidence"].append(verbatim.need_evidence)
                rows["warning"].append(verbatim.warning)
                rows["warning_evidence"].append(verbatim.warning_evidence)
        return Sheet("feedback_labels", dict(rows))

    def _bad_rows(self) -> Sheet:
        ordered = sorted(self.bad_rows, key=lambda b: (b.source, b.file, b.source_row))
        return Sheet(
            "quarantine_expected",
            {
                "source": [b.source for b in ordered],
                "kind": [b.kind for b in ordered],
                "file": [b.file for b in ordered],
                "source_row": [str(b.source_row) for b in ordered],
                "source_key": [b.source_key for b in ordered],
                "problem": [b.problem for b in ordered],
                "reason_contains": [b.reason_contains for b in ordered],
            },
        )
