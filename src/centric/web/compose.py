"""Page data assembled from several domain services, so that each handler makes one call.

Each function only gathers what domain services return for one page (and the matching JSON
endpoint); none computes a figure itself. This module must not run SQL or statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from centric.access import (
    TEAM_SCOPED_ROLES,
    Permission,
    PermissionDeniedError,
    Principal,
    Role,
    UserPublic,
    list_users,
    mask_text,
    redact_for,
)
from centric.cases import (
    CaseDetail,
    CaseFilter,
    CasePublic,
    SlaReport,
    Team,
    cases_for_customer,
    cases_for_feedback,
    get_case,
    list_cases,
    list_teams,
    sla_performance,
)
from centric.errors import CentricError, NotFoundError
from centric.identity import customer_360
from centric.ingest import count_tables, declared_sources, list_batches
from centric.runtime import Runtime
from centric.text import (
    FeedbackFilter,
    FeedbackPage,
    explore_feedback,
    find_emerging_themes,
    list_themes,
)
from centric.voc import MetricRequest, get_metric, report_metric
from centric.web.cache import PageCache
from centric.web.charts import board_charts

TEAMS_SECONDS = 600.0


def teams(runtime: Runtime, cache: PageCache | None = None) -> list[Team]:
    """The teams of the warehouse (they change only with an ingest), from ``cache`` if given."""
    if cache is None:
        return list_teams(runtime)
    return cache.get("teams", lambda: list_teams(runtime), seconds=TEAMS_SECONDS)


@dataclass(frozen=True)
class DataHealth:
    """Sources, row counts and the newest batches of a workspace."""

    sources: list[dict[str, Any]]
    tables: dict[str, int]
    batches: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)

    @property
    def quarantined(self) -> int:
        """Rows currently held in quarantine."""
        return self.tables.get("quarantine", 0)


def data_health(runtime: Runtime, *, batches: int = 50) -> DataHealth:
    """What the data-health page shows."""
    problems: list[str] = []
    try:
        sources = [
            {
                "name": spec.name,
                "kind": spec.kind,
                "path": spec.path,
                "format": spec.format,
                "query": spec.query is not None,
            }
            for spec in declared_sources(runtime.workspace)
        ]
    except CentricError as exc:
        sources = []
        problems.append(f"{exc.message} {exc.hint or ''}".strip())
    return DataHealth(
        sources=sources,
        tables=count_tables(runtime),
        batches=list_batches(runtime, limit=batches),
        problems=problems,
    )


M = TypeVar("M", bound=BaseModel)


def masked(principal: Principal, model: M) -> M:
    """``model`` with personal data masked when the principal must not see it."""
    if not principal.masks_pii:
        return model
    return type(model).model_validate(redact_for(principal, model.model_dump()))


@dataclass(frozen=True)
class CasePage:
    """A case with what its page needs around it."""

    detail: CaseDetail
    team_name: str | None
    assignable: list[UserPublic]
    customer_href: str | None


def case_page(
    runtime: Runtime, principal: Principal, case_id: int, cache: PageCache | None = None
) -> CasePage:
    """A case, its team's name, whom it can be assigned to, and its customer's page."""
    detail = masked(principal, get_case(runtime, principal, case_id))
    case = detail.case
    assignable: list[UserPublic] = []
    if detail.can_assign:
        assignable = [
            user
            for user in list_users(runtime.app_db)
            if user.is_active
            and (
                user.role is Role.ADMIN
                or (user.role in TEAM_SCOPED_ROLES and user.team_id == case.team_id)
            )
        ]
    names = {team.team_id: team.name for team in teams(runtime, cache)}
    customer_href = None
    if case.customer_id:
        customer_href = f"/customers/{quote(case.customer_id, safe='')}"
    elif case.customer_source and case.customer_key:
        customer_href = f"/customers/{quote(f'{case.customer_source}:{case.customer_key}')}"
    return CasePage(
        detail=detail,
        team_name=names.get(case.team_id, case.team_id) if case.team_id else None,
        assignable=assignable,
        customer_href=customer_href,
    )


HEADLINE_METRICS = ("nps", "csat", "ces")
TREND_PERIODS = 12
BREAKDOWN_PERIODS = 3
THEMES_SHOWN = 6
CASE_FIGURES_SECONDS = 30.0  # the board's case figures may be this old; case pages are live


@dataclass(frozen=True)
class MetricSeries:
    """A headline metric month by month, and its newest figure."""

    metric: str
    title: str
    measure: str
    unit: str
    rows: list[dict[str, Any]]
    latest: dict[str, Any] | None


@dataclass(frozen=True)
class BoardFigures:
    """The warehouse part of the board: the same for every principal, so computed once per
    cache period, already JSON-ready, with its charts rendered to HTML-safe JSON text."""

    data: dict[str, Any]
    charts: dict[str, str | None]


@dataclass(frozen=True)
class Board:
    """Everything the board dashboard shows (figures come from the voc, text and cases
    domains; nothing is computed here)."""

    figures: dict[str, Any]
    charts: dict[str, str | None]
    themes: list[dict[str, Any]]
    emerging: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    due_soonest: list[CasePublic]
    sla: SlaReport

    def document(self) -> dict[str, Any]:
        """The board as JSON data: cached figures as they are, the rest encoded now."""
        live = jsonable_encoder(
            {"warnings": self.warnings, "due_soonest": self.due_soonest, "sla": self.sla}
        )
        return {**self.figures, "themes": self.themes, "emerging": self.emerging, **live}


def board_figures(runtime: Runtime, cache: PageCache | None = None) -> BoardFigures:
    """The board's warehouse figures and charts, from ``cache`` when given."""

    def compute() -> BoardFigures:
        data = jsonable_encoder(_board_figures(runtime))
        return BoardFigures(data=data, charts=board_charts(data))

    return cache.get("board", compute) if cache is not None else compute()


def board(runtime: Runtime, principal: Principal, cache: PageCache | None = None) -> Board:
    """The board dashboard for a principal.

    Warehouse figures are the same for everyone and come from ``cache`` when given; case
    figures are read fresh within the principal's scope. Team leads and agents get no quotes
    (verbatims of other teams); viewers get them masked.
    """
    figures = board_figures(runtime, cache)
    live = (
        cache.get(
            ("board-cases", principal.team_scope),
            lambda: _board_cases(runtime, principal),
            seconds=CASE_FIGURES_SECONDS,
        )
        if cache is not None
        else _board_cases(runtime, principal)
    )
    themes = [dict(theme) for theme in figures.data["themes"]]
    emerging = [dict(theme) for theme in figures.data["emerging"]]
    if principal.team_scope is not None:
        for theme in (*themes, *emerging):
            theme["quotes"] = []
    return Board(
        figures={
            key: value for key, value in figures.data.items() if key not in {"themes", "emerging"}
        },
        charts=figures.charts,
        themes=redact_for(principal, themes),
        emerging=redact_for(principal, emerging),
        warnings=redact_for(principal, live[0]),
        due_soonest=[masked(principal, case) for case in live[1]],
        sla=live[2],
    )


def _board_cases(
    runtime: Runtime, principal: Principal
) -> tuple[list[dict[str, Any]], list[CasePublic], SlaReport]:
    # The same for every principal of one team scope (masking is applied afterwards).
    due = list_cases(runtime, principal, CaseFilter(status="active", limit=8)).items
    return warning_cases(runtime, principal), due, sla_performance(runtime, principal)


def _board_figures(runtime: Runtime) -> dict[str, Any]:
    notes: list[str] = []
    series = [_series(runtime, name) for name in HEADLINE_METRICS]
    window = _breakdown_window(series[0])
    by_channel = by_team = linkage = []
    if window is not None:
        by_channel = _metric_rows(runtime, "nps", ("channel",), window)
        by_team = _metric_rows(runtime, "nps", ("team", "team_name"), window)
        linkage = _team_linkage(runtime, by_team, window)
    else:
        notes.append("No NPS answers yet: ingest feedback to see the board.")
    themes = [
        {
            "label": t.label,
            "volume": t.volume,
            "share": t.share,
            "sentiment": t.sentiment,
            "nps": t.nps,
            "nps_impact": t.nps_impact,
            "quotes": t.quotes[:2],
        }
        for t in list_themes(runtime)[:THEMES_SHOWN]
    ]
    if not themes:
        notes.append("No themes yet: run the text analysis ('centric text annotate').")
    emerging: list[dict[str, Any]] = []
    emerging_period = None
    try:
        report = find_emerging_themes(runtime)
    except NotFoundError as exc:
        notes.append(f"Emerging themes: {exc.message} {exc.hint or ''}".strip())
    else:
        emerging_period = (report.start, report.end)
        emerging = [
            {
                "label": t.label,
                "status": t.status,
                "mentions": t.mentions,
                "share": t.share,
                "baseline_share": t.baseline_share,
                "rate_ratio": t.rate_ratio,
                "q_value": t.q_value,
                "quotes": t.quotes[:2],
            }
            for t in report.eye_opening
        ]
    return {
        "series": series,
        "window": window,
        "by_channel": by_channel,
        "by_team": by_team,
        "team_linkage": linkage,
        "themes": themes,
        "emerging": emerging,
        "emerging_period": emerging_period,
        "team_names": {team.team_id: team.name for team in list_teams(runtime)},
        "notes": notes,
    }


def _series(runtime: Runtime, name: str) -> MetricSeries:
    metric = get_metric(name)
    measure = metric.measures[0]
    since = date.today() - timedelta(days=31 * (TREND_PERIODS + 1))
    result = report_metric(
        runtime,
        MetricRequest(name, period="month", since=since, measures=(measure.name,)),
    )
    rows = result.to_dict()["rows"][-TREND_PERIODS:]
    shown = [row for row in rows if not row["suppressed"] and row["estimate"] is not None]
    return MetricSeries(
        metric=name,
        title=metric.title,
        measure=measure.name,
        unit=measure.unit,
        rows=rows,
        latest=shown[-1] if shown else None,
    )


def _breakdown_window(series: MetricSeries) -> tuple[date, date] | None:
    periods = [date.fromisoformat(row["period"]) for row in series.rows if row["n"]]
    if not periods:
        return None
    last = periods[-1]
    first = periods[max(0, len(periods) - BREAKDOWN_PERIODS)]
    end = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, end


def _metric_rows(
    runtime: Runtime, name: str, by: tuple[str, ...], window: tuple[date, date]
) -> list[dict[str, Any]]:
    result = report_metric(
        runtime,
        MetricRequest(
            name,
            by=by,
            period=None,
            since=window[0],
            until=window[1],
            measures=(get_metric(name).measures[0].name,),
        ),
    )
    rows: list[dict[str, Any]] = result.to_dict()["rows"]
    return sorted(rows, key=lambda row: (row["suppressed"], -(row["estimate"] or -1e9)))


def _team_linkage(
    runtime: Runtime, nps_by_team: list[dict[str, Any]], window: tuple[date, date]
) -> list[dict[str, Any]]:
    # Employee answers are fewer, so eNPS looks back a year to the end of the window.
    year = (window[1] - timedelta(days=365), window[1])
    enps = {row["team"]: row for row in _metric_rows(runtime, "enps", ("team",), year)}
    linked = []
    for row in nps_by_team:
        staff = enps.get(row["team"])
        linked.append(
            {
                "team": row["team"],
                "team_name": row.get("team_name") or row["team"],
                "nps": None if row["suppressed"] else row["estimate"],
                "nps_low": row["ci_low"],
                "nps_high": row["ci_high"],
                "nps_n": row["n"],
                "enps": None if staff is None or staff["suppressed"] else staff["estimate"],
                "enps_low": staff["ci_low"] if staff else None,
                "enps_high": staff["ci_high"] if staff else None,
                "enps_n": staff["n"] if staff else 0,
            }
        )
    return linked


def warning_cases(runtime: Runtime, principal: Principal) -> list[dict[str, Any]]:
    """Open cases raised by warning signals, within the principal's scope."""
    page = list_cases(runtime, principal, CaseFilter(status="active", with_warnings=True, limit=10))
    return [
        {
            "id": case.id,
            "reference": case.reference,
            "warnings": case.warnings,
            "evidence": case.trigger.get("evidence"),
            "team_id": case.team_id,
            "due_at": case.due_at,
            "overdue": case.overdue,
        }
        for case in page.items
    ]


# Timeline entries that carry what a customer said, and so fall under team scope.
_SCOPED_KINDS = frozenset({"feedback", "interaction", "social post"})


@dataclass(frozen=True)
class CustomerPage:
    """A customer's 360 (golden record with provenance, source records, timeline, ID history)
    with their cases and which feedback opened which case."""

    view: dict[str, Any]
    cases: list[CasePublic]
    case_of_feedback: dict[str, int]
    hidden_entries: int


def customer_page(runtime: Runtime, principal: Principal, query: str) -> CustomerPage:
    """The customer 360 for a principal: team roles see only their team's feedback and
    interactions in the timeline (other entries are counted, not shown); viewers see personal
    data masked."""
    found = customer_360(runtime, query)
    view = found.as_dict()
    timeline = view["timeline"]
    scope = principal.team_scope
    kept = [
        entry
        for entry in timeline
        if scope is None or entry["kind"] not in _SCOPED_KINDS or entry.get("team_id") == scope
    ]
    view["timeline"] = kept
    feedback_keys = [
        (str(entry["source"]), str(entry["source_key"]))
        for entry in kept
        if entry["kind"] == "feedback"
    ]
    by_feedback = cases_for_feedback(runtime, principal, feedback_keys)
    cases = cases_for_customer(
        runtime, principal, list(found.record_refs), customer_id=found.customer_id
    )
    return CustomerPage(
        view=redact_for(principal, jsonable_encoder(view)),
        cases=[masked(principal, case) for case in cases],
        case_of_feedback={f"{s}:{k}": case.id for (s, k), case in by_feedback.items()},
        hidden_entries=len(timeline) - len(kept),
    )


FEEDBACK_EXPORT_ROWS = 10_000  # newest verbatims in a CSV export unless a limit is given


@dataclass(frozen=True)
class FeedbackExplorer:
    """A page of the explorer as a principal may see it.

    Attributes:
        page: Verbatims, total and facets within the principal's team scope, masked for viewers.
        case_of_feedback: Case ID of each verbatim of the page that opened a case, by
            ``source:source_key`` (cases within the principal's scope only).
    """

    page: FeedbackPage
    case_of_feedback: dict[str, int]


def feedback_explorer(
    runtime: Runtime, principal: Principal, filters: FeedbackFilter, *, facets: bool = True
) -> FeedbackExplorer:
    """The explorer for a principal: team roles read only their team's verbatims, viewers read
    them masked and may not search them for personal data (which would reveal it).

    Raises:
        PermissionDeniedError: A viewer searched for an e-mail address, phone or long number.
        InvalidInputError: A filter value is not valid.
    """
    if principal.masks_pii and filters.contains and mask_text(filters.contains) != filters.contains:
        raise PermissionDeniedError(
            "Your role may not search verbatims for e-mail addresses, phone or account numbers.",
            hint="Search for words instead; personal data stay masked for viewers.",
        )
    scope = principal.team_scope
    page = explore_feedback(
        runtime, filters, team_scope=None if scope is None else [scope], facets=facets
    )
    cases: dict[tuple[str, str], CasePublic] = {}
    if principal.can(Permission.VIEW_CASES):
        keys = [(item.source, item.source_key) for item in page.items]
        cases = cases_for_feedback(runtime, principal, keys)
    return FeedbackExplorer(
        page=masked(principal, page),
        case_of_feedback={f"{source}:{key}": case.id for (source, key), case in cases.items()},
    )


def feedback_export_filter(filters: FeedbackFilter) -> FeedbackFilter:
    """A CSV export's filter: the newest :data:`FEEDBACK_EXPORT_ROWS` unless a limit is given."""
    if "limit" in filters.model_fields_set:
        return filters
    return filters.model_copy(update={"limit": FEEDBACK_EXPORT_ROWS})
