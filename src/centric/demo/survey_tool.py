"""The survey tool: NPS, CSAT and CES answers with verbatims, and the respondents' contact list.

Surveys follow store visits and online orders (NPS), contact-centre tickets (CSAT, sometimes
followed by CES) and a relationship NPS sent to a sample of customers twice a year. Scores
carry the planted effects recorded in the ground truth: each answer's latent satisfaction moves
with the customer's own mood, with the engagement of the team that served them
(:data:`NPS_POINTS_PER_ENGAGEMENT_SD` per standard deviation) and with the themes of the
experience; in the last three months the self-checkout problem emerges in store feedback. About
a fifth of the comments are in Spanish, written by Spanish-speaking customers; some carry an
emotional need or a warning signal. The tool exports its send log (every invitation, through
the system that holds the customer, delivered or bounced, answered or not) as CSV, a JSON array
of answers (with a nested respondent) and a JSON array of respondents. A few rows are broken on
purpose. This module builds the exports; it must not write files itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from centric.demo import seeds
from centric.demo.accounts import Encounters, Holding, hold
from centric.demo.columns import blank, constant, label
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.hr import Organisation
from centric.demo.names import nickname_many
from centric.demo.population import Population
from centric.demo.retailer import EMERGING_START, EMERGING_THEME, STORES, TEAM_INDEX, TEAMS
from centric.demo.signals import FEEDBACK_WARNING_RATES, NEED_RATE, NEED_WEIGHTS, draw_warning
from centric.demo.timeline import END, iso_z, later
from centric.demo.truth import Defect, GroundTruth
from centric.demo.variation import vary_emails
from centric.demo.verbatims import Verbatim, compose_feedback_verbatim, pick_themes

SOURCE = "survey_tool"
RESPONSES_SOURCE = "survey_tool_responses"
RESPONDENTS_PATH = "data/survey_tool/respondents.json"
RESPONSES_PATH = "data/survey_tool/responses.json"
DEFECT_RATE = 0.005
NPS_POINTS_PER_ENGAGEMENT_SD = 0.8
BASE_NPS_LATENT = 9.6
MOOD_WEIGHT = 1.1
NOISE_SD = 1.5
INVITATIONS_SOURCE = "survey_tool_invitations"
INVITATIONS_PATH = "data/survey_tool/invitations.csv"
# Share of encounters invited to a survey, and share of delivered invitations answered.
INVITATION_RATES = {"online order": 0.35, "store visit": 0.25, "ticket": 0.7, "relationship": 1.0}
RESPONSE_RATES = {"online order": 0.22, "store visit": 0.2, "ticket": 0.28, "relationship": 0.22}
BOUNCE_RATE = 0.03
CES_SHARE = 0.5
RELATIONSHIP_WAVES = (
    datetime(2025, 3, 10), datetime(2025, 9, 8), datetime(2026, 3, 9), datetime(2026, 9, 7)
)  # fmt: skip
RELATIONSHIP_INVITED = 0.12
COMMENT_RATE_HAPPY = 0.5
COMMENT_RATE_UNHAPPY = 0.8
# How much each theme of an experience moves its latent 0-10 score, on average.
THEME_EFFECTS: dict[str, float] = {
    "delivery_delay": -2.2, "damaged_item": -2.4, "product_quality": -0.8, "price_value": -0.4,
    "returns_refunds": -1.2, "website_usability": -0.7, "checkout_payment": -1.3,
    "staff_helpfulness": 0.6, "store_queues_cleanliness": -0.6, "stock_availability": -0.9,
    "contact_wait": -1.6, "billing_error": -2.6, "loyalty_points": 0.2, "click_collect": -0.5,
    "self_checkout_errors": -1.8,
}  # fmt: skip
QUESTIONS = {
    "nps": "likelihood_to_recommend",
    "csat": "satisfaction_with_help",
    "ces": "ease_of_resolution",
}
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
RESPONSE_DEFECTS = (
    Defect("score_out_of_scale", "score", 11, "is outside the scale"),
    Defect("score_not_a_number", "score", "ten", "is not a number"),
)
RESPONDENT_DEFECTS = (Defect("placeholder_email", "email", "n/a@", "is not an e-mail address"),)
INVITATION_DEFECTS = (
    Defect("not_a_time", "SentAt", "not sent", "is not an ISO date/time"),
    Defect("unknown_survey_type", "SurveyType", "net promoter", "is not one of"),
)
DECLARATIONS = (
    SourceDeclaration(
        SOURCE,
        "customer_records",
        RESPONDENTS_PATH,
        {},
        {
            "source_key": "respondent_id",
            "email": "email",
            "first_name": "name.first",
            "last_name": "name.last",
            "country": "country",
            "created_at": "created_at",
        },
    ),
    SourceDeclaration(
        RESPONSES_SOURCE,
        "feedback",
        RESPONSES_PATH,
        {},
        {
            "source_key": "answer_id",
            "customer_source": {"constant": SOURCE},
            "customer_key": "respondent.id",
            "survey": "survey",
            "survey_type": "survey_type",
            "question": "question",
            "score": "score",
            "verbatim": "comment",
            "language": "language",
            "responded_at": "submitted_at",
            "channel": "channel",
            "touchpoint": "touchpoint",
            "journey_stage": "journey_stage",
            "team_id": "team",
            "agent_id": "agent",
            "interaction_key": "ticket_id",
        },
    ),
    SourceDeclaration(
        INVITATIONS_SOURCE,
        "survey_invitations",
        INVITATIONS_PATH,
        {"delimiter": ",", "header": True},
        {
            "source_key": "InvitationID",
            "customer_source": "ContactSystem",
            "customer_key": "ContactRef",
            "survey": "Survey",
            "survey_type": "SurveyType",
            "sent_at": "SentAt",
            "delivered": {
                "column": "Status",
                "values": {"delivered": "true", "bounced": "false"},
            },
            "responded_at": "RespondedAt",
            "channel": "Channel",
            "touchpoint": "Touchpoint",
            "journey_stage": "Stage",
            "team_id": "Team",
            "language": "Language",
        },
    ),
)


@dataclass(frozen=True)
class _Invitation:
    survey: str
    kinds: tuple[str, ...]  # survey types answered in this response: ("nps",) or ("csat", "ces")


def export_survey_tool(
    people: Population,
    online: Encounters,
    store: Encounters,
    tickets: Encounters,
    customers: tuple[Holding, ...],
    org: Organisation,
    seed: int,
    truth: GroundTruth,
) -> tuple[list[ExportFile], Holding]:
    """The survey tool's exports and the respondents it holds.

    ``customers`` are the CRM, web shop and loyalty holdings, in the order the relationship
    survey looks a customer up in them.
    """
    rng = seeds.numbers(seed, SOURCE)
    texts = seeds.texts(seed, SOURCE)
    invited = [
        (online, "online order", _Invitation("online order NPS", ("nps",))),
        (store, "store visit", _Invitation("store visit NPS", ("nps",))),
        (tickets, "ticket", _Invitation("contact satisfaction", ("csat",))),
        (
            _relationship(rng, people, customers),
            "relationship",
            _Invitation("relationship NPS", ("nps",)),
        ),
    ]
    answered: list[tuple[Encounters, np.ndarray, np.ndarray, _Invitation]] = []
    log = _InvitationLog()
    for encounters, trigger, invitation in invited:
        sent = encounters.at + np.timedelta64(30, "m")
        chosen = (rng.random(encounters.size) < INVITATION_RATES[trigger]) & (sent < END)
        delivered = rng.random(encounters.size) >= BOUNCE_RATE
        submitted = later(rng, sent, 30.0, minimum_minutes=60)
        responds = (
            chosen
            & delivered
            & (rng.random(encounters.size) < RESPONSE_RATES[trigger])
            & (submitted < END)
        )
        log.add(encounters, chosen, sent, delivered, responds, submitted, invitation, people)
        answered.append((encounters, np.flatnonzero(responds), submitted, invitation))

    respondent_people = np.unique(np.concatenate([e.person[i] for e, i, _, _ in answered]))
    members = np.zeros(people.size, bool)
    members[respondent_people] = True
    person, key, second = hold(rng, members, 0.05, prefix="R", start=1_000_000, width=7)
    holding = Holding(person, key, np.full(person.size, END, dtype="datetime64[s]"))

    rows = _Answers()
    for encounters, chosen, submitted, invitation in answered:
        respondent = holding.records_of(rng, encounters.person[chosen])
        for position, index in enumerate(chosen.tolist()):
            rows.add_response(
                texts,
                people,
                org,
                encounters,
                index,
                submitted[index],
                invitation,
                str(key[respondent[position]]),
                with_ces=invitation.kinds == ("csat",) and texts.random() < CES_SHARE,
            )
    responses = rows.sheet()
    truth.add_labels(RESPONSES_SOURCE, rows.label_keys, rows.labels)
    truth.effects["emerging_theme"] = {
        "theme": EMERGING_THEME,
        "starts": EMERGING_START.date().isoformat(),
        "where": "store-channel feedback (store visit NPS and store service-desk CSAT)",
        "score_effect": THEME_EFFECTS[EMERGING_THEME],
        "store_responses_before": rows.store_responses[0],
        "store_responses_with_theme_before": rows.store_with_theme[0],
        "store_responses_after": rows.store_responses[1],
        "store_responses_with_theme_after": rows.store_with_theme[1],
    }
    nps_rows = np.array([t == "nps" for t in responses.columns["survey_type"]], dtype=bool)
    truth.plant_defects(
        responses, RESPONSE_DEFECTS, rng, rate=DEFECT_RATE, source=RESPONSES_SOURCE,
        kind="feedback", file=RESPONSES_PATH, key_column="answer_id", eligible=nps_rows,
    )  # fmt: skip

    first_seen = np.full(person.size, END, dtype="datetime64[s]")
    seen_key = {k: i for i, k in enumerate(key.tolist())}
    answered_by = np.array(
        [seen_key[k] for k in responses.columns["respondent.id"]], dtype=np.int64
    )
    submitted_at = np.array(responses.columns["_submitted"], dtype="datetime64[s]")
    if answered_by.size:
        np.minimum.at(first_seen, answered_by, submitted_at)
    del responses.columns["_submitted"]
    order = np.argsort(first_seen, kind="stable")
    person, key, second, first_seen = (a[order] for a in (person, key, second, first_seen))
    truth.add_persons(SOURCE, key, people.person_id[person])
    respondents = _respondents(people, person, key, second, first_seen, rng)
    truth.plant_defects(
        respondents, RESPONDENT_DEFECTS, rng, rate=DEFECT_RATE, source=SOURCE,
        kind="customer_records", file=RESPONDENTS_PATH, key_column="respondent_id",
    )  # fmt: skip
    # The nested respondent e-mail on each answer is the respondent's, as the tool stores it.
    email_of = dict(zip(key.tolist(), respondents.columns["email"].tolist(), strict=True))
    responses.columns["respondent.email"] = np.array(
        [email_of[k] for k in responses.columns["respondent.id"]], dtype=object
    )
    invitations = log.sheet(rng)
    truth.plant_defects(
        invitations, INVITATION_DEFECTS, rng, rate=DEFECT_RATE, source=INVITATIONS_SOURCE,
        kind="survey_invitations", file=INVITATIONS_PATH, key_column="InvitationID",
    )  # fmt: skip
    exports = [
        ExportFile(RESPONDENTS_PATH, "json", (respondents,)),
        ExportFile(RESPONSES_PATH, "json", (responses,)),
        ExportFile(INVITATIONS_PATH, "csv", (invitations,)),
    ]
    return exports, Holding(person, key, first_seen)


def _relationship(
    rng: np.random.Generator, people: Population, customers: tuple[Holding, ...]
) -> Encounters:
    persons: list[np.ndarray] = []
    times: list[np.ndarray] = []
    for wave in RELATIONSHIP_WAVES:
        chosen = np.flatnonzero(rng.random(people.size) < RELATIONSHIP_INVITED)
        persons.append(chosen)
        times.append(
            np.datetime64(wave, "s")
            + rng.integers(0, 10 * 86400, chosen.size).astype("timedelta64[s]")
        )
    person = np.concatenate(persons)
    count = person.size
    store_team = np.array([TEAM_INDEX[s.team_id] for s in STORES])
    # The invitation goes to the first system that holds the customer (everyone is in one).
    source = np.full(count, None, dtype=object)
    key = np.full(count, None, dtype=object)
    for holding, name in zip(customers, ("crm", "webshop", "loyalty"), strict=True):
        record = holding.records_of(rng, person)
        free = (record >= 0) & (source == None)  # noqa: E711  # numpy elementwise
        source[free] = name
        key[free] = holding.key[record[free]]
    return Encounters(
        person=person,
        customer_source=source,
        customer_key=key,
        at=np.concatenate(times),
        channel=np.full(count, None, dtype=object),
        team=store_team[people.home_store[person]],
        agent=np.full(count, None, dtype=object),
        reference=np.full(count, None, dtype=object),
        interaction=np.full(count, None, dtype=object),
        touchpoint=constant("relationship", count),
        journey_stage=np.full(count, None, dtype=object),
    )


class _InvitationLog:
    """The survey tool's send log: every invitation, whether delivered and when answered."""

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []

    def add(
        self,
        encounters: Encounters,
        chosen: np.ndarray,
        sent: np.ndarray,
        delivered: np.ndarray,
        responds: np.ndarray,
        submitted: np.ndarray,
        invitation: _Invitation,
        people: Population,
    ) -> None:
        count = int(chosen.sum())
        answered = np.where(responds, submitted, np.datetime64("NaT", "s"))[chosen]
        team_ids = np.array([t.team_id for t in TEAMS], dtype=object)
        self.parts.append(
            {
                "_sent": sent[chosen],
                "Survey": constant(invitation.survey, count),
                "SurveyType": constant(invitation.kinds[0], count),
                "SentAt": np.array(iso_z(sent[chosen]), dtype=object),
                "Status": label(delivered[chosen], "delivered", "bounced"),
                "RespondedAt": np.array(iso_z(answered), dtype=object),
                "Channel": encounters.channel[chosen],
                "Touchpoint": encounters.touchpoint[chosen],
                "Stage": encounters.journey_stage[chosen],
                "Team": team_ids[encounters.team[chosen]],
                "Language": people.language[encounters.person[chosen]],
                "ContactSystem": encounters.customer_source[chosen],
                "ContactRef": encounters.customer_key[chosen],
            }
        )

    def sheet(self, rng: np.random.Generator) -> Sheet:
        """The log in the order invitations were sent, numbered as the tool numbers them."""
        columns = {name: np.concatenate([p[name] for p in self.parts]) for name in self.parts[0]}
        order = np.argsort(columns.pop("_sent"), kind="stable")
        numbers = 5_000_001 + np.cumsum(rng.integers(1, 3, order.size))
        ids = np.array([f"INV{n:08d}" for n in numbers.tolist()], dtype=object)
        return Sheet(
            "invitations", {"InvitationID": ids} | {k: v[order] for k, v in columns.items()}
        )


class _Answers:
    """Collects answer rows and the labels of their comments."""

    def __init__(self) -> None:
        self.columns: dict[str, list[object]] = {
            name: []
            for name in (
                "answer_id", "response_id", "survey", "survey_type", "question", "score",
                "comment", "language", "submitted_at", "channel", "touchpoint", "journey_stage",
                "team", "agent", "ticket_id", "order_ref", "respondent.id", "_submitted",
            )
        }  # fmt: skip
        self.label_keys: list[str] = []
        self.labels: list[Verbatim] = []
        self._responses = 0
        # Store responses before/after the emerging theme starts, and how many carry it.
        self.store_responses = [0, 0]
        self.store_with_theme = [0, 0]

    def add_response(
        self,
        texts: random.Random,
        people: Population,
        org: Organisation,
        encounters: Encounters,
        index: int,
        submitted: np.datetime64,
        invitation: _Invitation,
        respondent: str,
        *,
        with_ces: bool,
    ) -> None:
        self._responses += 1
        person = int(encounters.person[index])
        team = int(encounters.team[index])
        channel = encounters.channel[index]
        language = str(people.language[person])
        theme_channel = channel or ("store" if texts.random() < 0.5 else "web")
        emerging = channel == "store" and bool(submitted >= np.datetime64(EMERGING_START, "s"))
        themes = pick_themes(texts, channel=theme_channel, emerging=emerging)
        if channel == "store":
            self.store_responses[int(emerging)] += 1
            self.store_with_theme[int(emerging)] += EMERGING_THEME in themes
        latent = (
            BASE_NPS_LATENT
            + MOOD_WEIGHT * float(people.mood[person])
            + NPS_POINTS_PER_ENGAGEMENT_SD * float(org.team_engagement[team])
            + sum(THEME_EFFECTS[t] for t in themes)
            + texts.gauss(0.0, NOISE_SD)
        )
        kinds = ("csat", "ces") if with_ces else invitation.kinds
        response_id = f"S{self._responses:07d}"
        for number, kind in enumerate(kinds):
            low, high = SCALES[kind]
            score = _on_scale(latent + texts.gauss(0.0, 0.6) * number, low, high)
            comment = None
            if number == 0:
                comment = _comment(texts, score, high, language, themes)
            answer_id = f"A{len(self.columns['answer_id']) + 1:08d}"
            values: dict[str, object] = {
                "answer_id": answer_id,
                "response_id": response_id,
                "survey": "contact effort" if kind == "ces" else invitation.survey,
                "survey_type": kind,
                "question": QUESTIONS[kind],
                "score": score,
                "comment": None if comment is None else comment.text,
                "language": language,
                "submitted_at": None,  # written in bulk by sheet()
                "channel": channel,
                "touchpoint": encounters.touchpoint[index],
                "journey_stage": encounters.journey_stage[index],
                "team": TEAMS[team].team_id,
                "agent": encounters.agent[index],
                "ticket_id": encounters.interaction[index],
                "order_ref": None if encounters.interaction[index] else encounters.reference[index],
                "respondent.id": respondent,
                "_submitted": submitted,
            }
            for name, value in values.items():
                self.columns[name].append(value)
            if comment is not None:
                self.label_keys.append(answer_id)
                self.labels.append(comment)

    def sheet(self) -> Sheet:
        """The answers as a table (``_submitted`` is a helper column for the caller)."""
        submitted = np.array(self.columns["_submitted"], dtype="datetime64[s]")
        self.columns["submitted_at"] = list(iso_z(submitted))
        return Sheet(
            "responses",
            {name: np.array(values, dtype=object) for name, values in self.columns.items()},
        )


def _comment(
    texts: random.Random, score: int, scale_max: int, language: str, themes: tuple[str, ...]
) -> Verbatim | None:
    low = 0 if scale_max >= 10 else 1
    position = (score - low) / (scale_max - low)
    rate = COMMENT_RATE_UNHAPPY if position < 0.6 else COMMENT_RATE_HAPPY
    if texts.random() >= rate:
        return None
    need = None
    if texts.random() < NEED_RATE:
        need = texts.choices(list(NEED_WEIGHTS), weights=list(NEED_WEIGHTS.values()))[0]
    warning = _warning(texts.random(), texts.random(), position)
    return compose_feedback_verbatim(
        texts,
        score=score,
        scale_max=scale_max,
        language=language,
        themes=themes,
        need=need,
        warning=warning,
    )


def _on_scale(latent: float, low: int, high: int) -> int:
    scaled = low + latent / 10.0 * (high - low)
    return int(min(high, max(low, round(scaled))))


def _warning(roll: float, pick: float, position: float) -> str | None:
    warning = draw_warning(roll, pick, FEEDBACK_WARNING_RATES)
    # Only a vulnerable customer may also be a happy one.
    if warning not in (None, "vulnerable_customer") and position >= 0.6:
        return None
    return warning


def _respondents(
    people: Population,
    person: np.ndarray,
    key: np.ndarray,
    second: np.ndarray,
    created: np.ndarray,
    rng: np.random.Generator,
) -> Sheet:
    count = person.size
    old = people.old_email[person]
    email = np.where(second & (old != None), old, people.email[person])  # noqa: E711  # numpy elementwise
    email = vary_emails(email, rng, gmail_dots=np.where(second, 0.6, 0.0), plus_tag=0.02)
    # The survey tool stores e-mails in lower case.
    email = np.array([e.lower() for e in email.tolist()], dtype=object)
    first = nickname_many(people.first[person], rng.random(count) < 0.05, rng)
    return Sheet(
        "respondents",
        {
            "respondent_id": key,
            "email": email,
            "name.first": blank(first, rng, 0.4),
            "name.last": blank(people.family[person], rng, 0.45),
            "language": people.language[person],
            "country": people.home.country[person],
            "created_at": np.array(iso_z(created), dtype=object),
        },
    )


__all__ = ["DECLARATIONS", "export_survey_tool"]
