"""Generates the whole demo dataset into a folder: every source system's exports and the truth.

The order is fixed (people and staff, then the CRM, the web shop, the loyalty scheme, the
contact centre, the survey tool, social listening and HR), each system draws from its own seeded
streams, and each export is written as soon as it is built so that memory stays bounded at a
million customers. The same seed and size always produce the same bytes. This module knows
nothing of workspaces, settings or ingest; :mod:`centric.demo.service` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np

from centric.demo import contact_centre, crm, hr, loyalty, seeds, social, survey_tool, webshop
from centric.demo.accounts import Encounters, draw_memberships
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, write_export
from centric.demo.hr import Organisation, draw_organisation, export_hr
from centric.demo.population import SPANISH_SHARE, draw_population
from centric.demo.retailer import PERIOD_END, PERIOD_START, TEAMS
from centric.demo.signals import (
    FEEDBACK_WARNING_RATES,
    NEED_RATE,
    NEED_WEIGHTS,
    SOCIAL_WARNING_RATES,
    TICKET_WARNING_RATES,
)
from centric.demo.truth import TRUTH_FOLDER, GroundTruth

# Bump when the generator's output changes, so that a workspace made by another version is
# recognised as a different demo instead of being mixed with this one.
GENERATOR_VERSION = 1
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class GeneratedDemo:
    """What the generator wrote."""

    files: tuple[str, ...]  # data files, relative to the workspace
    truth_files: tuple[str, ...]
    declarations: tuple[SourceDeclaration, ...]
    rows: dict[str, int]  # data file -> records
    expected_quarantine: int


def generate_demo(
    workspace: Path, *, customers: int, seed: int, progress: Progress | None = None
) -> GeneratedDemo:
    """Write every source system's exports and the ground truth into ``workspace``.

    Args:
        workspace: Folder to write ``data/`` and ``ground_truth/`` into.
        customers: Number of customers (people known to at least one customer system).
        seed: The seed; the same seed and size always give the same files.
        progress: Called with a description and the share of the work done.

    Returns:
        The files written and the source declarations that read them.
    """
    truth = GroundTruth()
    written: list[str] = []
    rows: dict[str, int] = {}

    def emit(exports: list[ExportFile], step: str, done: float) -> None:
        for export in exports:
            write_export(workspace, export)
            written.append(export.path)
            rows[export.path] = sum(sheet.rows for sheet in export.sheets)
        _tell(progress, step, done)

    _tell(progress, f"drawing {customers:,} customers", 0.0)
    people = draw_population(seeds.numbers(seed, "people"), customers)
    org = draw_organisation(seed)
    members = draw_memberships(seeds.numbers(seed, "memberships"), people)
    # Each system's exports are written, then dropped (``exports`` is rebound), before the
    # next system is built: only keys and encounters are carried forward.
    _tell(progress, "writing the CRM export", 0.1)
    exports, crm_holding = crm.export_crm(people, members.crm, seed, truth)
    emit(exports, "writing the web shop exports", 0.2)
    exports, web_holding, online = webshop.export_webshop(
        people, members.webshop, crm_holding, seed, truth
    )
    emit(exports, "writing the loyalty scheme exports", 0.35)
    exports, loyalty_holding, visits = loyalty.export_loyalty(
        people, members.loyalty, org, seed, truth
    )
    emit(exports, "writing the contact-centre exports", 0.5)
    exports, _, tickets = contact_centre.export_contact_centre(
        people, _merge_orders(online, visits), crm_holding, loyalty_holding, org, seed, truth
    )
    emit(exports, "writing the survey tool exports", 0.65)
    exports, _ = survey_tool.export_survey_tool(
        people, online, visits, tickets, (crm_holding, web_holding, loyalty_holding), org, seed,
        truth,
    )  # fmt: skip
    del online, visits, tickets
    emit(exports, "writing the social listening exports", 0.85)
    exports, outsiders = social.export_social(people, seed, truth)
    emit(exports, "writing the HR exports", 0.9)
    exports = export_hr(org, seed, truth)
    emit(exports, "writing the ground truth", 0.95)
    del exports

    truth.effects = _effects(truth, customers, seed, outsiders, people.language, org, rows)
    truth_files = [str(path.relative_to(workspace).as_posix()) for path in truth.write(workspace)]
    _tell(progress, "demo files written", 1.0)
    declarations = (
        crm.DECLARATION,
        *webshop.DECLARATIONS,
        *loyalty.DECLARATIONS,
        *contact_centre.DECLARATIONS,
        *survey_tool.DECLARATIONS,
        *social.DECLARATIONS,
        *hr.DECLARATIONS,
    )
    return GeneratedDemo(
        files=tuple(written),
        truth_files=tuple(truth_files),
        declarations=declarations,
        rows=rows,
        expected_quarantine=len(truth.bad_rows),
    )


def _merge_orders(online: Encounters, visits: Encounters) -> Encounters:
    fields = Encounters.__dataclass_fields__
    return Encounters(*(np.concatenate([getattr(online, f), getattr(visits, f)]) for f in fields))


def _effects(
    truth: GroundTruth,
    customers: int,
    seed: int,
    outsiders: int,
    language: np.ndarray,
    org: Organisation,
    rows: dict[str, int],
) -> dict[str, object]:
    warnings: dict[str, dict[str, int]] = {}
    needs: Counter[str] = Counter()
    languages: dict[str, dict[str, int]] = {}
    for source, _, verbatims in truth.labels:
        counted = Counter(v.warning for v in verbatims if v.warning)
        warnings[source] = dict(sorted(counted.items()))
        needs.update(v.need for v in verbatims if v.need)
        languages[source] = dict(sorted(Counter(v.language for v in verbatims).items()))
    return {
        "generator": {"version": GENERATOR_VERSION, "seed": seed, "customers": customers},
        "period": {
            "start": PERIOD_START.date().isoformat(),
            "end": (PERIOD_END - timedelta(days=1)).date().isoformat(),
        },
        "sizes": {
            "customers": customers,
            "social_authors_not_customers": outsiders,
            "records_per_file": rows,
            "quarantine_expected": len(truth.bad_rows),
        },
        "languages": {
            "spanish_speaking_customers_planned": SPANISH_SHARE,
            "spanish_speaking_customers": round(float(np.mean(language == "es")), 4),
            "texts_by_source": languages,
        },
        "team_engagement": {
            "description": "Every customer-facing team has a latent engagement level (standard "
            "normal). Its staff's engagement answers centre on it, and each customer answer "
            "about the team has its latent 0-10 score shifted by nps_points_per_engagement_sd "
            "times the level (CSAT and CES by the same share of their scales) before rounding.",
            "nps_points_per_engagement_sd": survey_tool.NPS_POINTS_PER_ENGAGEMENT_SD,
            "csat_points_per_engagement_sd": round(
                survey_tool.NPS_POINTS_PER_ENGAGEMENT_SD * 0.4, 3
            ),
            "ces_points_per_engagement_sd": round(
                survey_tool.NPS_POINTS_PER_ENGAGEMENT_SD * 0.6, 3
            ),
            "first_contact_resolution_per_engagement_sd": contact_centre.FCR_PER_ENGAGEMENT_SD,
            "handle_time_change_per_engagement_sd": contact_centre.AHT_CHANGE_PER_ENGAGEMENT_SD,
            "teams": {
                team.team_id: round(float(level), 3)
                for team, level in zip(TEAMS, org.team_engagement.tolist(), strict=True)
                if team.serves_customers
            },
        },
        "emerging_theme": truth.effects.get("emerging_theme", {}),
        "theme_score_effects": survey_tool.THEME_EFFECTS,
        "warnings": {
            "rates": {
                survey_tool.RESPONSES_SOURCE: FEEDBACK_WARNING_RATES,
                contact_centre.TICKETS_SOURCE: TICKET_WARNING_RATES,
                social.POSTS_SOURCE: SOCIAL_WARNING_RATES,
            },
            "counts": warnings,
        },
        "emotional_needs": {
            "share_of_survey_comments": NEED_RATE,
            "weights": NEED_WEIGHTS,
            "counts": dict(sorted(needs.items())),
        },
        "ground_truth_folder": TRUTH_FOLDER,
    }


def _tell(progress: Progress | None, message: str, done: float) -> None:
    if progress is not None:
        progress(message, done)
