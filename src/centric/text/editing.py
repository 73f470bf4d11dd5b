"""Human edits of the theme taxonomy: rename, merge, split, pin and unpin keywords.

Every edit is stored on the themes it touches (so discovery and assignment honour it in every
later run), logged in ``theme_edits`` and in the app DB's audit log, and followed at once by a
re-assignment of the audience's verbatims when it changes what a theme covers. This module
changes the taxonomy; it must not discover themes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from centric.errors import InvalidInputError
from centric.runtime import Runtime
from centric.store import record_audit_event
from centric.text.service import reassign_themes
from centric.text.tables import create_text_tables
from centric.text.taxonomy import (
    ThemeRecord,
    bump_taxonomy_version,
    centroid_of,
    insert_theme,
    record_edit,
    require_active,
    update_theme,
)
from centric.text.themes import canonical_keyword, label_for


@dataclass(frozen=True)
class TaxonomyEdit:
    """The result of one edit.

    Attributes:
        action: rename, merge, split, pin or unpin.
        theme_id: The theme that now carries the change (the merge target, the new split theme).
        message: One sentence saying what changed.
        reassigned: Verbatims whose themes were recomputed.
    """

    action: str
    theme_id: str
    message: str
    reassigned: int = 0


def rename_theme(runtime: Runtime, theme_id: str, label: str) -> TaxonomyEdit:
    """Give a theme a new label; later discovery never overwrites it.

    Args:
        runtime: Open stores.
        theme_id: The theme, e.g. ``T0003``.
        label: The new label.

    Returns:
        What changed.

    Raises:
        NotFoundError: No such theme.
        InvalidInputError: The label is empty or the theme was merged.
    """
    label = label.strip()
    if not label:
        raise InvalidInputError("A theme label cannot be empty.", hint="Pass the new label.")
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    with warehouse.transaction():
        record = require_active(warehouse, theme_id)
        update_theme(warehouse, record.theme_id, label=label, label_edited=True)
        detail = {"from": record.label, "to": label}
        record_edit(warehouse, actor=runtime.settings.actor, action="rename",
                    theme_id=record.theme_id, detail=detail)  # fmt: skip
    _audit(runtime, "rename", record.theme_id, detail, f"renamed {record.theme_id} to '{label}'")
    return TaxonomyEdit("rename", record.theme_id, f"{record.theme_id} is now '{label}'.")


def merge_themes(runtime: Runtime, theme_ids: Sequence[str], into: str) -> TaxonomyEdit:
    """Merge themes into one; the merged IDs keep pointing at the target.

    Args:
        runtime: Open stores.
        theme_ids: Themes to fold into ``into``.
        into: The theme that absorbs them (keeps its ID and label).

    Returns:
        What changed.

    Raises:
        NotFoundError: A theme does not exist.
        InvalidInputError: Themes of different audiences, a merged theme, or nothing to merge.
    """
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    with warehouse.transaction():
        target = require_active(warehouse, into)
        sources = [require_active(warehouse, theme_id) for theme_id in theme_ids]
        sources = [s for s in sources if s.theme_id != target.theme_id]
        if not sources:
            raise InvalidInputError(
                f"Nothing to merge into {target.theme_id}.",
                hint="Name at least one other theme: centric text themes merge T0002 --into T0001",
            )
        _same_audience(target, sources)
        combined = dict(centroid_of(warehouse, target.theme_id))
        for source in sources:
            for term, weight in centroid_of(warehouse, source.theme_id).items():
                combined[term] = combined.get(term, 0.0) + weight
        centroid = _unit(combined)
        pinned = list(dict.fromkeys(target.pinned_keywords + [
            keyword for source in sources for keyword in source.pinned_keywords
        ]))  # fmt: skip
        keywords = list(dict.fromkeys(target.keywords + [
            keyword for source in sources for keyword in source.keywords
        ]))[:12]  # fmt: skip
        update_theme(warehouse, target.theme_id, centroid=centroid, pinned_keywords=pinned,
                     keywords=keywords)  # fmt: skip
        for source in sources:
            update_theme(warehouse, source.theme_id, status="merged", merged_into=target.theme_id)
            warehouse.execute(
                "UPDATE themes SET merged_into = ? WHERE merged_into = ?",
                [target.theme_id, source.theme_id],
            )
        merged = [s.theme_id for s in sources]
        record_edit(warehouse, actor=runtime.settings.actor, action="merge",
                    theme_id=target.theme_id, detail={"merged": merged})  # fmt: skip
        bump_taxonomy_version(warehouse, target.audience)
        reassigned = reassign_themes(warehouse, target.audience)
    _audit(runtime, "merge", target.theme_id, {"merged": merged},
           f"merged {', '.join(merged)} into {target.theme_id}")  # fmt: skip
    return TaxonomyEdit(
        "merge",
        target.theme_id,
        f"Merged {', '.join(merged)} into {target.theme_id} '{target.label}'.",
        reassigned,
    )


def split_theme(
    runtime: Runtime, theme_id: str, keywords: Sequence[str], *, label: str | None = None
) -> TaxonomyEdit:
    """Move the verbatims about some keywords of a theme into a new theme.

    The new theme gets the keywords pinned; the original theme stops counting them.

    Args:
        runtime: Open stores.
        theme_id: The theme to split.
        keywords: Words or phrases that define the new theme (any language Centric reads).
        label: Label of the new theme; default from its keywords.

    Returns:
        What changed; ``theme_id`` is the new theme's ID.

    Raises:
        NotFoundError: No such theme.
        InvalidInputError: No keywords given, or the theme was merged.
    """
    terms = [term for term in (canonical_keyword(k) for k in keywords) if term]
    if not terms:
        raise InvalidInputError(
            "Splitting a theme needs at least one keyword.",
            hint="e.g. centric text themes split T0004 --keyword refund --keyword 'money back'",
        )
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    with warehouse.transaction():
        record = require_active(warehouse, theme_id)
        original = centroid_of(warehouse, record.theme_id)
        # The new theme is about the keywords and what the original said alongside them.
        centroid = _unit(dict.fromkeys(terms, 1.0) | {
            term: weight for term, weight in original.items()
            if any(part in term.split() for keyword in terms for part in keyword.split())
        })  # fmt: skip
        name = (label or "").strip() or label_for(terms)
        new_id = insert_theme(
            warehouse,
            audience=record.audience,
            label=name,
            keywords=terms,
            pinned=terms,
            centroid=centroid,
            split_from=record.theme_id,
        )
        excluded = list(dict.fromkeys(record.excluded_keywords + terms))
        remaining = [p for p in record.pinned_keywords if p not in terms]
        update_theme(warehouse, record.theme_id, excluded_keywords=excluded,
                     pinned_keywords=remaining,
                     keywords=[k for k in record.keywords if k not in terms])  # fmt: skip
        detail = {"new_theme": new_id, "keywords": terms, "label": name}
        record_edit(warehouse, actor=runtime.settings.actor, action="split",
                    theme_id=record.theme_id, detail=detail)  # fmt: skip
        bump_taxonomy_version(warehouse, record.audience)
        reassigned = reassign_themes(warehouse, record.audience)
    _audit(runtime, "split", record.theme_id, detail,
           f"split {new_id} '{name}' from {record.theme_id}")  # fmt: skip
    return TaxonomyEdit(
        "split", new_id, f"Split {new_id} '{name}' from {record.theme_id}.", reassigned
    )


def pin_keywords(
    runtime: Runtime, theme_id: str, keywords: Sequence[str], *, unpin: bool = False
) -> TaxonomyEdit:
    """Pin keywords to a theme (a verbatim containing one always mentions it), or unpin them.

    Args:
        runtime: Open stores.
        theme_id: The theme.
        keywords: Words or phrases.
        unpin: Remove the keywords instead of adding them.

    Returns:
        What changed.

    Raises:
        NotFoundError: No such theme.
        InvalidInputError: No keywords given, or the theme was merged.
    """
    terms = [term for term in (canonical_keyword(k) for k in keywords) if term]
    if not terms:
        raise InvalidInputError(
            "Pass at least one keyword.", hint="e.g. --keyword 'click and collect'"
        )
    warehouse = runtime.warehouse
    create_text_tables(warehouse)
    action = "unpin" if unpin else "pin"
    with warehouse.transaction():
        record = require_active(warehouse, theme_id)
        if unpin:
            pinned = [p for p in record.pinned_keywords if p not in terms]
        else:
            pinned = list(dict.fromkeys(record.pinned_keywords + terms))
        excluded = [e for e in record.excluded_keywords if unpin or e not in terms]
        update_theme(warehouse, record.theme_id, pinned_keywords=pinned, excluded_keywords=excluded)
        record_edit(warehouse, actor=runtime.settings.actor, action=action,
                    theme_id=record.theme_id, detail={"keywords": terms})  # fmt: skip
        bump_taxonomy_version(warehouse, record.audience)
        reassigned = reassign_themes(warehouse, record.audience)
    _audit(runtime, action, record.theme_id, {"keywords": terms},
           f"{action}ned {', '.join(terms)} on {record.theme_id}")  # fmt: skip
    verb = "Unpinned" if unpin else "Pinned"
    return TaxonomyEdit(
        action, record.theme_id, f"{verb} {', '.join(terms)} on {record.theme_id}.", reassigned
    )


def _same_audience(target: ThemeRecord, sources: Sequence[ThemeRecord]) -> None:
    others = [s.theme_id for s in sources if s.audience != target.audience]
    if others:
        raise InvalidInputError(
            f"Themes {', '.join(others)} belong to another audience than {target.theme_id}.",
            hint="Merge customer themes with customer themes and employee with employee.",
        )


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in weights.values()))
    return {term: value / norm for term, value in weights.items()} if norm else weights


def _audit(
    runtime: Runtime, action: str, theme_id: str, detail: Mapping[str, object], summary: str
) -> None:
    record_audit_event(
        runtime.app_db,
        actor=runtime.settings.actor,
        action=f"theme.{action}",
        target=theme_id,
        detail=dict(detail),
        summary=summary,
    )
