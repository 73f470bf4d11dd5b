"""The HR system: Larkfield's staff, its team hierarchy, and the employee engagement survey.

Every customer-facing team has a latent engagement level (standard normal); its staff answer two
anonymous engagement waves (eNPS 0-10, six 1-5 items, an optional comment) around that level,
and the same level shifts the scores of the customers the team serves (see
:mod:`centric.demo.survey_tool`). The HR system exports a workbook (teams and employees sheets)
and one CSV per survey wave. Contact-centre and store agents are picked here so that every agent
id on a ticket is an employee of that team, employed at the time. Nothing here may write
warehouse tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from centric.demo import seeds
from centric.demo.columns import label
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.names import ascii_token, name_book
from centric.demo.retailer import TEAMS, WORK_DOMAIN, Team
from centric.demo.timeline import iso_space
from centric.demo.truth import BadRow, Defect, GroundTruth
from centric.demo.verbatims import EMPLOYEE_THEMES, Verbatim, compose_employee_comment

WORKBOOK = "data/hr/organisation.xlsx"
WAVES: tuple[tuple[str, str, date], ...] = (
    ("ENG25", "engagement 2025", date(2025, 5, 12)),
    ("ENG26", "engagement 2026", date(2026, 5, 11)),
)
RESPONSE_RATE = 0.8
COMMENT_RATE = 0.45
ITEMS: tuple[tuple[str, str, float], ...] = (
    ("eng_proud", "I am proud to work for Larkfield", 0.25),
    ("eng_motivated", "Larkfield motivates me to do more than I would elsewhere", -0.1),
    ("eng_stay", "I rarely think about looking for a job at another company", -0.2),
    ("eng_manager", "My manager supports me when I need it", 0.15),
    ("eng_recognition", "I get recognition for doing good work", -0.3),
    ("eng_tools", "I have the tools and resources to do my job well", -0.15),
)
_TITLES = {
    "company": ("Chief Executive", "Chief Customer Officer", "People Director", "Finance Director"),
    "region": ("Regional Manager",),
    "division": ("Head of Division", "Operations Manager"),
    "store": ("Store Manager", "Deputy Manager", "Team Leader", "Sales Assistant",
              "Customer Service Assistant", "Stock Assistant", "Sales Assistant"),
    "contact centre": ("Team Leader", "Senior Advisor", "Customer Service Advisor",
                       "Customer Service Advisor", "Customer Service Advisor"),
    "digital": ("Product Manager", "Developer", "Designer", "Analyst", "Coordinator"),
    "operations": ("Operations Manager", "Fulfilment Coordinator", "Planner", "Analyst"),
}  # fmt: skip
DECLARATIONS = (
    SourceDeclaration(
        "hr_teams",
        "teams",
        WORKBOOK,
        {"sheet": "Teams"},
        {
            "source_key": "Team ID",
            "name": "Team",
            "parent_team_id": "Parent Team",
            "team_type": "Type",
            "region": "Region",
            "manager_id": "Manager",
        },
    ),
    SourceDeclaration(
        "hr_employees",
        "employees",
        WORKBOOK,
        {"sheet": "Employees"},
        {
            "source_key": "Employee ID",
            "first_name": "First Name",
            "last_name": "Last Name",
            "email": "Work Email",
            "team_id": "Team ID",
            "job_title": "Job Title",
            "hired_on": "Start Date",
            "left_on": "Leaving Date",
            "manager_id": "Line Manager",
        },
    ),
    SourceDeclaration(
        "hr_engagement",
        "engagement_responses",
        "data/hr/engagement_*.csv",
        {"delimiter": ","},
        {
            "source_key": {"columns": ["ResponseID", "Question"], "separator": "-"},
            "team_id": "Team",
            "survey": "Survey",
            "question": "Question",
            "score": "Score",
            "scale_min": "ScaleMin",
            "scale_max": "ScaleMax",
            "verbatim": "Comment",
            "language": "Language",
            "responded_at": "SubmittedAt",
        },
    ),
)

_LOW_THEMES = (
    "workload",
    "management_support",
    "pay_benefits",
    "scheduling_shifts",
    "tools_systems",
)
_HIGH_THEMES = ("team_spirit", "recognition", "training_career", "management_support")


@dataclass(frozen=True)
class Organisation:
    """Staff, one array element per employee, plus the latent engagement of every team."""

    employee_id: np.ndarray
    team: np.ndarray  # index into TEAMS
    first: np.ndarray
    last: np.ndarray
    email: np.ndarray
    job_title: np.ndarray
    hired_on: np.ndarray  # datetime64[D]
    left_on: np.ndarray  # datetime64[D], NaT while employed
    manager_id: np.ndarray
    engagement: np.ndarray  # the person's own engagement, standard normal
    team_engagement: np.ndarray  # per team in TEAMS; 0 for teams customers never meet
    team_manager: np.ndarray  # employee id leading each team

    def pick_agents(
        self, rng: np.random.Generator, teams: np.ndarray, times: np.ndarray
    ) -> np.ndarray:
        """An employee of each contact's team, employed at its time (the lead if nobody is).

        Args:
            rng: The random stream.
            teams: Team index per contact.
            times: ``datetime64[s]`` per contact.

        Returns:
            Employee ids.
        """
        out = np.empty(teams.size, dtype=object)
        days = times.astype("datetime64[D]")
        for team in np.unique(teams).tolist():
            where = np.flatnonzero(teams == team)
            staff = np.flatnonzero((self.team == team) & (self.job_title != _lead_title(team)))
            if staff.size == 0:
                out[where] = self.team_manager[team]
                continue
            hired = self.hired_on[staff][:, None]
            left = self.left_on[staff][:, None]
            when = days[where][None, :]
            active = (hired <= when) & (np.isnat(left) | (left > when))
            # The active employee with the highest random draw: uniform among those active.
            draw = rng.random(active.shape) * active
            chosen = staff[np.argmax(draw, axis=0)]
            nobody = ~active.any(axis=0)
            out[where] = self.employee_id[chosen]
            out[where[nobody]] = self.team_manager[team]
        return out


def _lead_title(team: int) -> str:
    return _TITLES[TEAMS[team].team_type][0]


def draw_organisation(seed: int) -> Organisation:
    """Draw Larkfield's staff and team engagement for a seed."""
    rng = seeds.numbers(seed, "organisation")
    book = name_book()
    team_engagement = np.array(
        [rng.standard_normal() if team.serves_customers else 0.0 for team in TEAMS]
    )
    members: list[int] = []
    titles: list[str] = []
    for index, team in enumerate(TEAMS):
        size = _team_size(rng, team)
        options = _TITLES[team.team_type]
        for position in range(size):
            members.append(index)
            if position < len(options) and team.team_type in ("company", "division"):
                titles.append(options[position])
            elif position == 0:
                titles.append(options[0])
            else:
                titles.append(options[1 + int(rng.integers(0, len(options) - 1))])
    team_of = np.array(members)
    count = team_of.size
    language = np.array([TEAMS[t].language for t in members], dtype=object)
    sex = label(rng.random(count) < 0.55, "F", "M")
    first = np.empty(count, dtype=object)
    last = np.empty(count, dtype=object)
    for (lang, sx), pool in book.given.items():
        where = np.flatnonzero((language == lang) & (sex == sx))
        first[where] = pool.names[pool.draw(rng, where.size)]
    for lang, pool in book.family.items():
        where = np.flatnonzero(language == lang)
        last[where] = pool.names[pool.draw(rng, where.size)]
    is_lead = np.array([title == _lead_title(t) for title, t in zip(titles, members, strict=True)])
    tenure_years = np.where(is_lead, rng.exponential(7.0, count), rng.exponential(3.5, count))
    hired_on = np.maximum(
        np.datetime64("2006-01-01"),
        np.datetime64("2026-09-30") - (tenure_years * 365.25).astype("timedelta64[D]"),
    )
    leaves = ~is_lead & (rng.random(count) < 0.12)
    leave_after = (rng.uniform(0.1, 1.0, count) * 660).astype("timedelta64[D]")
    left_on = np.where(
        leaves,
        np.maximum(np.datetime64("2025-01-01"), hired_on + np.timedelta64(60, "D")) + leave_after,
        np.datetime64("NaT"),
    ).astype("datetime64[D]")
    left_on[left_on >= np.datetime64("2026-10-31")] = np.datetime64("NaT")
    employee_id = np.array([f"E{10001 + i * 7:06d}" for i in range(count)], dtype=object)
    starts = np.searchsorted(team_of, np.arange(len(TEAMS)))
    team_manager = employee_id[starts]
    manager_id = np.empty(count, dtype=object)
    for i, t in enumerate(members):
        if i == starts[t]:
            parent = TEAMS[t].parent
            manager_id[i] = None if parent is None else team_manager[_team_index(parent)]
        else:
            manager_id[i] = team_manager[t]
    email = _work_emails(first, last, language)
    return Organisation(
        employee_id=employee_id,
        team=team_of,
        first=first,
        last=last,
        email=email,
        job_title=np.array(titles, dtype=object),
        hired_on=hired_on,
        left_on=left_on,
        manager_id=manager_id,
        engagement=rng.standard_normal(count),
        team_engagement=team_engagement,
        team_manager=team_manager,
    )


def _team_index(team_id: str) -> int:
    return next(i for i, t in enumerate(TEAMS) if t.team_id == team_id)


def _team_size(rng: np.random.Generator, team: Team) -> int:
    if team.team_type == "company":
        return 4
    if team.team_type == "region":
        return 1
    if team.team_type == "division":
        return 2
    if team.team_type == "store":
        return int(rng.integers(10, 23))
    if team.team_id == "CC-RES":
        return int(rng.integers(8, 13))
    if team.team_type == "contact centre":
        return int(rng.integers(14, 27))
    return int(rng.integers(6, 13))


def _work_emails(first: np.ndarray, last: np.ndarray, language: np.ndarray) -> np.ndarray:
    seen: set[str] = set()
    out: list[str] = []
    for f, surname, lang in zip(first.tolist(), last.tolist(), language.tolist(), strict=True):
        domain = "larkfield.es" if lang == "es" else WORK_DOMAIN
        base = f"{ascii_token(f)}.{ascii_token(surname)}"
        candidate, suffix = base, 1
        while candidate in seen:
            suffix += 1
            candidate = f"{base}{suffix}"
        seen.add(candidate)
        out.append(f"{candidate}@{domain}")
    return np.array(out, dtype=object)


def export_hr(org: Organisation, seed: int, truth: GroundTruth) -> list[ExportFile]:
    """The HR system's exports: the organisation workbook and the engagement survey waves."""
    workbook = _workbook(org, truth)
    return [workbook, *(_engagement_wave(org, seed, wave, truth) for wave in WAVES)]


def _workbook(org: Organisation, truth: GroundTruth) -> ExportFile:
    teams = Sheet(
        "Teams",
        {
            "Team ID": [t.team_id for t in TEAMS],
            "Team": [t.name for t in TEAMS],
            "Parent Team": [t.parent for t in TEAMS],
            "Type": [t.team_type for t in TEAMS],
            "Region": [t.region for t in TEAMS],
            "Manager": org.team_manager.tolist(),
        },
    )
    hired = [_as_date(d) for d in org.hired_on]
    left = [_as_date(d) for d in org.left_on]
    columns: dict[str, list[object]] = {
        "Employee ID": org.employee_id.tolist(),
        "First Name": org.first.tolist(),
        "Last Name": org.last.tolist(),
        "Work Email": org.email.tolist(),
        "Team ID": [TEAMS[t].team_id for t in org.team.tolist()],
        "Job Title": org.job_title.tolist(),
        "Start Date": list(hired),
        "Leaving Date": list(left),
        "Line Manager": org.manager_id.tolist(),
    }
    # Spreadsheets kept by hand end with a totals row; its formula must not be loaded as data.
    total = f"=COUNTA(A2:A{org.employee_id.size + 1})"
    for name, values in columns.items():
        values.append({"Employee ID": "Total", "First Name": total}.get(name))
    truth.bad_rows.append(
        BadRow(
            "hr_employees",
            "employees",
            WORKBOOK,
            org.employee_id.size + 1,
            "Total",
            "spreadsheet_formula",
            "looks like a spreadsheet formula",
        )
    )
    return ExportFile(WORKBOOK, "excel", (teams, Sheet("Employees", columns)))


def _as_date(value: np.datetime64) -> date | None:
    if np.isnat(value):
        return None
    return datetime.fromisoformat(str(value.astype("datetime64[D]"))).date()


def _engagement_wave(
    org: Organisation, seed: int, wave: tuple[str, str, date], truth: GroundTruth
) -> ExportFile:
    code, survey, opens = wave
    rng = seeds.numbers(seed, f"engagement/{code}")
    texts = seeds.texts(seed, f"engagement/{code}")
    day = np.datetime64(opens, "D")
    active = (org.hired_on <= day) & (np.isnat(org.left_on) | (org.left_on > day))
    responds = active & (rng.random(org.team.size) < RESPONSE_RATE)
    people = np.flatnonzero(responds)
    # Respondents are anonymous: rows are shuffled and numbered, not keyed by employee.
    people = people[rng.permutation(people.size)]
    drift = rng.normal(0, 0.25, len(TEAMS))  # teams move a little between waves
    level = 0.75 * (org.team_engagement + drift)[org.team[people]] + 0.45 * org.engagement[people]
    submitted = (
        np.datetime64(opens, "s")
        + rng.integers(0, 18, people.size).astype("timedelta64[D]")
        + rng.integers(8 * 3600, 19 * 3600, people.size).astype("timedelta64[s]")
    )
    rows: dict[str, list[str | None]] = {
        name: []
        for name in (
            "ResponseID", "Team", "Survey", "Question", "Score", "ScaleMin", "ScaleMax",
            "Comment", "Language", "SubmittedAt",
        )
    }  # fmt: skip
    label_keys: list[str] = []
    labels: list[Verbatim] = []
    when = iso_space(submitted)
    enps = np.clip(np.rint(6.4 + 1.6 * level + rng.normal(0, 1.6, people.size)), 0, 10)
    item_scores = [
        np.clip(np.rint(3.4 + bias + 0.6 * level + rng.normal(0, 0.7, people.size)), 1, 5)
        for _, _, bias in ITEMS
    ]
    comments = rng.random(people.size) < COMMENT_RATE
    for k, person in enumerate(people.tolist()):
        response = f"{code}-{k + 1:05d}"
        team_id = TEAMS[int(org.team[person])].team_id
        language = TEAMS[int(org.team[person])].language
        answers: list[tuple[str, str | None, str, str, str | None]] = [
            ("enps", f"{enps[k]:.0f}", "0", "10", None)
        ]
        answers += [
            (name, f"{scores[k]:.0f}", "1", "5", None)
            for (name, _, _), scores in zip(ITEMS, item_scores, strict=True)
        ]
        if comments[k]:
            verbatim = compose_employee_comment(
                texts,
                language=language,
                engagement=float(np.clip(0.5 + 0.25 * level[k], 0.0, 1.0)),
                themes=_employee_themes(texts, float(level[k])),
            )
            answers.append(("comment", None, "", "", verbatim.text))
            label_keys.append(f"{response}-comment")
            labels.append(verbatim)
        for question, score, low, high, comment in answers:
            rows["ResponseID"].append(response)
            rows["Team"].append(team_id)
            rows["Survey"].append(survey)
            rows["Question"].append(question)
            rows["Score"].append(score)
            rows["ScaleMin"].append(low or None)
            rows["ScaleMax"].append(high or None)
            rows["Comment"].append(comment)
            rows["Language"].append(language)
            rows["SubmittedAt"].append(when[k])
    path = f"data/hr/engagement_{opens.year}.csv"
    sheet = Sheet(survey, {name: np.array(values, dtype=object) for name, values in rows.items()})
    keys = np.array(
        [f"{r}-{q}" for r, q in zip(rows["ResponseID"], rows["Question"], strict=True)],
        dtype=object,
    )
    sheet.columns["_key"] = keys
    scored_items = np.array([q not in ("enps", "comment") for q in rows["Question"]])
    truth.plant_defects(
        sheet,
        (
            Defect("score_out_of_scale", "Score", "6", "is outside the scale"),
            Defect("score_not_a_number", "Score", "n/a", "is not a number"),
        ),
        rng,
        rate=0.002,
        source="hr_engagement",
        kind="engagement_responses",
        file=path,
        key_column="_key",
        eligible=scored_items,
    )
    del sheet.columns["_key"]
    truth.add_labels("hr_engagement", label_keys, labels)
    return ExportFile(path, "csv", (sheet,))


def _employee_themes(texts: random.Random, level: float) -> tuple[str, ...]:
    # Disengaged staff write about workload and pay, engaged staff about their team.
    pool = _LOW_THEMES if texts.random() < 0.5 - 0.25 * level else _HIGH_THEMES
    count = 1 if texts.random() < 0.7 else 2
    chosen = texts.sample(pool, count)
    return tuple(theme for theme in chosen if theme in EMPLOYEE_THEMES)


__all__ = ["DECLARATIONS", "ITEMS", "WAVES", "Organisation", "draw_organisation", "export_hr"]
