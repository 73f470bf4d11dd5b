"""The contact centre: tickets from every channel, and the callers' contact details.

Customers get in touch by phone, chat, e-mail, social media, the web help centre (a bot that
hands some sessions to an agent) or a store's service desk, often a few days after an order.
Each ticket has the team and agent who handled it (an employee of that team, employed then),
handle and first-response times, first-contact resolution, and the customer's own words,
quoted over several lines for e-mails. Agents create a contact record per caller, and about 6%
of repeat callers get a second one. A more engaged team resolves more at first contact and a
little faster. A few rows are broken on purpose. This module builds the exports; it must not
write files itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from centric.demo import seeds
from centric.demo.accounts import Encounters, Holding, hold
from centric.demo.columns import blank, constant, label, only_where, shared_strings
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.hr import Organisation
from centric.demo.population import Population
from centric.demo.retailer import NORTHERN_REGIONS, STORES, TEAM_INDEX, TEAMS
from centric.demo.signals import TICKET_WARNING_RATES, draw_warning
from centric.demo.timeline import END, draw_times, iso_space, later
from centric.demo.truth import Defect, GroundTruth
from centric.demo.variation import format_phones, vary_emails, vary_postcodes, written_names
from centric.demo.verbatims import Verbatim, compose_ticket_text, pick_themes

SOURCE = "contact_centre"
TICKETS_SOURCE = "contact_centre_tickets"
CONTACTS_PATH = "data/contact_centre/contacts.csv"
TICKETS_PATH = "data/contact_centre/tickets.csv"
TICKETS_PER_PERSON = 0.3
DUPLICATE_SHARE = 0.06
DEFECT_RATE = 0.005
FCR_PER_ENGAGEMENT_SD = 0.04
AHT_CHANGE_PER_ENGAGEMENT_SD = -0.05
SOCIAL_ESCALATION_RATE = 0.06
CHANNELS = ("phone", "chat", "email", "social", "web", "store")
CHANNEL_SHARES = (0.36, 0.22, 0.17, 0.05, 0.14, 0.06)
REASONS: dict[str, str] = {
    "delivery_delay": "delivery",
    "damaged_item": "product fault",
    "product_quality": "product fault",
    "price_value": "pricing",
    "returns_refunds": "returns",
    "website_usability": "website",
    "checkout_payment": "payment",
    "staff_helpfulness": "complaint",
    "store_queues_cleanliness": "store experience",
    "stock_availability": "stock",
    "contact_wait": "complaint",
    "billing_error": "billing",
    "loyalty_points": "loyalty",
    "click_collect": "click and collect",
    "self_checkout_errors": "store experience",
}
CONTACT_DEFECTS = (
    Defect("placeholder_email", "Email", "n/a@", "is not an e-mail address"),
    Defect("not_a_phone", "Phone", "withheld", "is not a phone number"),
)
TICKET_DEFECTS = (
    Defect("negative_handle_time", "HandleTimeSec", "-35", "is below the minimum 0"),
    Defect("unknown_channel", "Channel", "Fax", "is not one of"),
)
DECLARATIONS = (
    SourceDeclaration(
        SOURCE,
        "customer_records",
        CONTACTS_PATH,
        {"delimiter": ",", "header": True},
        {
            "source_key": "CallerID",
            "title": "Title",
            "first_name": "First Name",
            "last_name": "Last Name",
            "phone": "Phone",
            "email": "Email",
            "postcode": "Postcode",
            "customer_number": "Account Ref",
            "loyalty_id": "Loyalty Card",
            "created_at": "Created",
        },
    ),
    SourceDeclaration(
        TICKETS_SOURCE,
        "interactions",
        TICKETS_PATH,
        {"delimiter": ",", "quote": '"', "header": True},
        {
            "source_key": "TicketID",
            "customer_source": {"constant": SOURCE},
            "customer_key": "CallerID",
            "occurred_at": "Opened",
            "channel": {"column": "Channel", "values": {"Walk-in": "store"}},
            "touchpoint": "Touchpoint",
            "journey_stage": "Stage",
            "team_id": "Queue",
            "agent_id": "AgentID",
            "reason": "Reason",
            "subject": "Message",
            "handle_time_seconds": "HandleTimeSec",
            "first_response_seconds": "FirstResponseSec",
            "first_contact_resolved": "FCR",
            "self_service": "SelfService",
            "escalated": "Escalated",
            "resolved_at": "Resolved",
        },
    ),
)
_CHANNEL_LABELS = {
    "phone": "Phone", "chat": "Chat", "email": "Email", "social": "Social", "web": "Web",
    "store": "Walk-in",
}  # fmt: skip
_SUBJECTS = {
    "en": {"delivery": "Where is my order?", "returns": "Return", "billing": "Charged twice",
           "complaint": "Complaint", "product fault": "Faulty item", "loyalty": "Points missing"},
    "es": {"delivery": "¿Dónde está mi pedido?", "returns": "Devolución",
           "billing": "Cobro duplicado", "complaint": "Reclamación",
           "product fault": "Producto defectuoso", "loyalty": "Puntos"},
}  # fmt: skip
_SIGNATURES = {"en": "Sent from my iPhone", "es": "Enviado desde mi iPhone"}


@dataclass(frozen=True)
class _Tickets:
    person: np.ndarray
    opened: np.ndarray
    channel: np.ndarray
    team: np.ndarray


def export_contact_centre(
    people: Population,
    orders: Encounters,
    crm: Holding,
    loyalty: Holding,
    org: Organisation,
    seed: int,
    truth: GroundTruth,
) -> tuple[list[ExportFile], Holding, Encounters]:
    """The contact centre's exports, its caller records and the tickets surveys follow up."""
    rng = seeds.numbers(seed, SOURCE)
    tickets = _draw_tickets(rng, people, orders)
    counts = np.bincount(tickets.person, minlength=people.size)
    callers = counts > 0
    repeat = counts >= 2
    person, key, _ = hold(
        rng, callers, DUPLICATE_SHARE, prefix="CC", start=1_000_000, width=7, may_repeat=repeat
    )
    holding = Holding(person, key, np.full(person.size, END, dtype="datetime64[s]"))
    record = holding.records_of(rng, tickets.person)
    first_contact = np.full(person.size, END, dtype="datetime64[s]")
    np.minimum.at(first_contact, record, tickets.opened)
    order = np.argsort(first_contact, kind="stable")
    rank = np.empty(person.size, dtype=np.int64)
    rank[order] = np.arange(person.size)
    person, key, first_contact = person[order], key[order], first_contact[order]
    record = rank[record]
    truth.add_persons(SOURCE, key, people.person_id[person])
    contacts = _contacts(people, person, key, first_contact, crm, loyalty, rng)
    truth.plant_defects(
        contacts, CONTACT_DEFECTS, rng, rate=DEFECT_RATE, source=SOURCE,
        kind="customer_records", file=CONTACTS_PATH, key_column="CallerID",
    )  # fmt: skip
    sheet, encounters, keys, verbatims = _tickets(people, tickets, key[record], org, seed, rng)
    truth.add_labels(TICKETS_SOURCE, keys, verbatims)
    truth.plant_defects(
        sheet, TICKET_DEFECTS, rng, rate=DEFECT_RATE, source=TICKETS_SOURCE,
        kind="interactions", file=TICKETS_PATH, key_column="TicketID",
    )  # fmt: skip
    exports = [
        ExportFile(CONTACTS_PATH, "csv", (contacts,)),
        ExportFile(TICKETS_PATH, "csv", (sheet,)),
    ]
    return exports, Holding(person, key, first_contact), encounters


def _draw_tickets(rng: np.random.Generator, people: Population, orders: Encounters) -> _Tickets:
    per_person = rng.poisson(TICKETS_PER_PERSON * people.activity)
    person = np.repeat(np.arange(people.size), per_person)
    count = person.size
    channel = np.array(CHANNELS, dtype=object)[
        rng.choice(len(CHANNELS), size=count, p=CHANNEL_SHARES)
    ]
    opened = draw_times(rng, count, "office")
    # Most contacts follow one of the customer's orders by a few days.
    bought = Holding(orders.person, orders.reference, orders.at)
    order = bought.records_of(rng, person)
    after_order = (order >= 0) & (rng.random(count) < 0.6)
    follow_up = later(rng, orders.at[np.maximum(order, 0)], 72.0, minimum_minutes=60)
    opened = np.where(after_order & (follow_up < END), follow_up, opened)
    spanish = people.language[person] == "es"
    northern = np.array(
        [STORES[s].parent in NORTHERN_REGIONS for s in people.home_store[person].tolist()]
    )
    team = np.select(
        [
            channel == "store",
            spanish & np.isin(channel, ["phone", "chat", "email"]),
            channel == "phone",
            channel == "chat",
            channel == "web",
        ],
        [
            np.array([TEAM_INDEX[s.team_id] for s in STORES])[people.home_store[person]],
            TEAM_INDEX["CC-ES"],
            np.where(northern, TEAM_INDEX["CC-PHN"], TEAM_INDEX["CC-PHS"]),
            TEAM_INDEX["CC-CHAT"],
            TEAM_INDEX["DIG-WEB"],
        ],
        default=TEAM_INDEX["CC-EMS"],
    )
    # Complaints that reach a manager go to the resolutions team.
    resolutions = np.isin(channel, ["phone", "email"]) & (rng.random(count) < 0.05)
    team = np.where(resolutions, TEAM_INDEX["CC-RES"], team)
    order_by_time = np.argsort(opened, kind="stable")
    return _Tickets(
        person[order_by_time], opened[order_by_time], channel[order_by_time], team[order_by_time]
    )


def _contacts(
    people: Population,
    person: np.ndarray,
    key: np.ndarray,
    first_contact: np.ndarray,
    crm: Holding,
    loyalty: Holding,
    rng: np.random.Generator,
) -> Sheet:
    count = person.size
    first, family = written_names(
        people, person, rng, nickname=0.1, respell=0.06, typo=0.04, both_families=0.4, plain=0.3
    )
    where = people.address_at(person, first_contact)
    phone = format_phones(
        people.mobile[person],
        people.mobile_country[person],
        rng.integers(0, 8, count),
        international_only=people.mobile_country[person] != where.country,
    )
    crm_record = crm.records_of(rng, person)
    card = loyalty.records_of(rng, person)
    return Sheet(
        "contacts",
        {
            "CallerID": key,
            "Title": blank(people.title[person], rng, 0.6),
            "First Name": first,
            "Last Name": family,
            "Phone": blank(phone, rng, 0.15),
            "Email": blank(vary_emails(people.email[person], rng, case=0.05), rng, 0.45),
            "Postcode": blank(vary_postcodes(where.postcode, rng, 0.3), rng, 0.55),
            "Account Ref": np.where(
                (crm_record >= 0) & (rng.random(count) < 0.3),
                crm.key[np.maximum(crm_record, 0)],
                None,
            ),
            "Loyalty Card": np.where(
                (card >= 0) & (rng.random(count) < 0.2), loyalty.key[np.maximum(card, 0)], None
            ),
            "Created": np.array(iso_space(first_contact), dtype=object),
        },
    )


def _tickets(
    people: Population,
    tickets: _Tickets,
    caller: np.ndarray,
    org: Organisation,
    seed: int,
    rng: np.random.Generator,
) -> tuple[Sheet, Encounters, list[str], list[Verbatim]]:
    count = tickets.person.size
    channel = tickets.channel
    self_service = channel == "web"
    escalated = self_service & (rng.random(count) < 0.38)
    team = np.where(escalated, TEAM_INDEX["CC-CHAT"], tickets.team)
    has_agent = ~self_service | escalated
    agent = only_where(has_agent, org.pick_agents(rng, team, tickets.opened))
    engagement = org.team_engagement[team]
    base_handle = np.select(
        [channel == "phone", channel == "chat", channel == "email", channel == "social"],
        [420.0, 540.0, 300.0, 240.0],
        default=360.0,
    )
    handle = rng.lognormal(np.log(base_handle), 0.45) * (
        1 + AHT_CHANGE_PER_ENGAGEMENT_SD * engagement
    )
    handle = np.where(has_agent, np.round(handle), np.nan)
    base_response = np.select(
        [channel == "phone", channel == "chat", channel == "email", channel == "social"],
        [90.0, 45.0, 5 * 3600.0, 2 * 3600.0],
        default=120.0,
    )
    response = np.where(has_agent, np.round(rng.lognormal(np.log(base_response), 0.8)), np.nan)
    contained = self_service & ~escalated
    fcr_chance = np.where(contained, 0.6, 0.72 + FCR_PER_ENGAGEMENT_SD * engagement)
    fcr = rng.random(count) < fcr_chance
    resolved = np.where(
        fcr,
        tickets.opened + np.nan_to_num(response + handle, nan=300.0).astype("timedelta64[s]"),
        later(rng, tickets.opened, 48.0, minimum_minutes=120),
    )
    texts = seeds.texts(seed, SOURCE)
    messages: list[str] = []
    reasons: list[str] = []
    verbatims: list[Verbatim] = []
    warning_roll = rng.random(count)
    warning_pick = rng.random(count)
    for i, (chan, language) in enumerate(
        zip(channel.tolist(), people.language[tickets.person].tolist(), strict=True)
    ):
        themes = pick_themes(texts, channel=chan)
        warning = _warning(warning_roll[i], warning_pick[i], chan)
        verbatim = compose_ticket_text(texts, language=language, themes=themes, warning=warning)
        reason = REASONS[themes[0]]
        verbatims.append(verbatim)
        reasons.append(reason)
        text = verbatim.text
        if chan == "email":
            subject = _SUBJECTS[language].get(reason, _SUBJECTS[language]["complaint"])
            text = f"{subject}\n\n{text}"
            if texts.random() < 0.3:
                text = f"{text}\n\n{_SIGNATURES[language]}"
        messages.append(text)
    # Ticket numbers rise with time, with gaps where tickets were deleted or merged.
    numbers = 1_000_001 + np.cumsum(rng.integers(1, 4, count))
    ticket_id = np.array([f"TCK{n:07d}" for n in numbers.tolist()], dtype=object)
    touchpoint = shared_strings(
        np.select(
            [channel == "store", channel == "web"],
            ["service desk", "help centre"],
            "contact centre",
        )
    )
    sheet = Sheet(
        "tickets",
        {
            "TicketID": ticket_id,
            "CallerID": caller,
            "Opened": np.array(iso_space(tickets.opened), dtype=object),
            "Channel": np.array([_CHANNEL_LABELS[c] for c in channel.tolist()], dtype=object),
            "Queue": np.array([TEAMS[t].team_id for t in team.tolist()], dtype=object),
            "AgentID": agent,
            "Reason": np.array(reasons, dtype=object),
            "Touchpoint": touchpoint,
            "Stage": constant("get help", count),
            "Message": np.array(messages, dtype=object),
            "HandleTimeSec": np.array(_numbers(handle), dtype=object),
            "FirstResponseSec": np.array(_numbers(response), dtype=object),
            "FCR": label(fcr, "Y", "N"),
            "SelfService": label(self_service, "Y", "N"),
            "Escalated": only_where(self_service, label(escalated, "Y", "N")),
            "Resolved": np.array(iso_space(resolved), dtype=object),
        },
    )
    encounters = Encounters(
        person=tickets.person,
        customer_source=constant(SOURCE, count),
        customer_key=caller,
        at=resolved,
        channel=channel,
        team=team,
        agent=agent,
        reference=ticket_id,
        interaction=ticket_id,
        touchpoint=touchpoint,
        journey_stage=constant("get help", count),
    )
    return sheet, encounters, ticket_id.tolist(), verbatims


def _warning(roll: float, pick: float, channel: str) -> str | None:
    rates = dict(TICKET_WARNING_RATES)
    if channel == "social":
        rates["public_escalation"] = SOCIAL_ESCALATION_RATE
    return draw_warning(roll, pick, rates)


def _numbers(values: np.ndarray) -> list[str | None]:
    return [None if np.isnan(v) else f"{v:.0f}" for v in values.tolist()]
