"""Which source systems know each customer, under which keys, and the moments surveys ask about.

A :class:`Holding` is one system's set of customer records (a person may have two: a forgotten
second web account, a re-issued loyalty card, a caller the agent did not find). Every customer
is held by at least one of the CRM, the web shop and the loyalty scheme. :class:`Encounters`
are the orders and contacts that surveys follow up, with the team that served them. This module
decides membership and keys only; it must not format records or write files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from centric.demo.columns import unique_numbers
from centric.demo.population import Population

CRM_SHARE = 0.58
WEBSHOP_SHARE_YOUNG = 0.58  # under 45
WEBSHOP_SHARE_OLDER = 0.42
LOYALTY_SHARE_YOUNG = 0.32
LOYALTY_SHARE_OLDER = 0.46


@dataclass(frozen=True)
class Memberships:
    """Whether each person has a record in each customer system."""

    crm: np.ndarray
    webshop: np.ndarray
    loyalty: np.ndarray


def draw_memberships(rng: np.random.Generator, people: Population) -> Memberships:
    """Decide who is in the CRM, the web shop and the loyalty scheme (everyone in one at least)."""
    size = people.size
    age = (np.datetime64("2026-06-30") - people.dob).astype(int) / 365.25
    young = age < 45
    crm = rng.random(size) < CRM_SHARE
    webshop = rng.random(size) < np.where(young, WEBSHOP_SHARE_YOUNG, WEBSHOP_SHARE_OLDER)
    loyalty = rng.random(size) < np.where(young, LOYALTY_SHARE_YOUNG, LOYALTY_SHARE_OLDER)
    nowhere = ~(crm | webshop | loyalty)
    roll = rng.random(size)
    crm |= nowhere & (roll < 0.4)
    webshop |= nowhere & (roll >= 0.4) & (roll < 0.75)
    loyalty |= nowhere & (roll >= 0.75)
    return Memberships(crm, webshop, loyalty)


@dataclass(frozen=True)
class Holding:
    """One system's customer records: the true person and the key of each."""

    person: np.ndarray  # index into the population
    key: np.ndarray  # the record's key in its system
    since: np.ndarray  # datetime64[s]: when the record was created

    def records_of(self, rng: np.random.Generator, persons: np.ndarray) -> np.ndarray:
        """For each person, one of their records at random (-1 when the system has none)."""
        order = np.argsort(self.person, kind="stable")
        sorted_people = self.person[order]
        first = np.searchsorted(sorted_people, persons, side="left")
        last = np.searchsorted(sorted_people, persons, side="right")
        count = last - first
        pick = first + np.floor(rng.random(persons.size) * np.maximum(count, 1)).astype(np.int64)
        pick = np.minimum(pick, max(sorted_people.size - 1, 0))
        found = order[pick] if sorted_people.size else np.zeros(persons.size, dtype=np.int64)
        return np.where(count > 0, found, -1)


def hold(
    rng: np.random.Generator,
    members: np.ndarray,
    duplicate_share: float,
    *,
    prefix: str,
    start: int,
    width: int,
    may_repeat: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Records for the people in ``members``, some people twice.

    Args:
        rng: The random stream.
        members: Whether each person is held.
        duplicate_share: Share of held people with a second record.
        prefix: Start of every key.
        start: Keys are numbers from here upwards, random-looking and distinct.
        width: Digits of the number in the key.
        may_repeat: Who may get a second record (default: every member).

    Returns:
        The person index, the key (``prefix`` + zero-padded number) and whether the record is
        a person's second record, per record.
    """
    people = np.flatnonzero(members)
    eligible = np.ones(people.size, bool) if may_repeat is None else may_repeat[people]
    twice = people[eligible & (rng.random(people.size) < duplicate_share)]
    person = np.concatenate([people, twice])
    second = np.concatenate([np.zeros(people.size, bool), np.ones(twice.size, bool)])
    numbers = unique_numbers(rng, person.size, start)
    key = np.array([f"{prefix}{n:0{width}d}" for n in numbers.tolist()], dtype=object)
    return person, key, second


@dataclass(frozen=True)
class Encounters:
    """Orders or contacts a survey may follow up, one element each."""

    person: np.ndarray
    customer_source: np.ndarray  # the system whose record the survey invitation is sent to
    customer_key: np.ndarray  # that record's key
    at: np.ndarray  # datetime64[s]
    channel: np.ndarray  # store, web, app, phone, chat, email, social
    team: np.ndarray  # index into TEAMS
    agent: np.ndarray  # employee id or None
    reference: np.ndarray  # order id or ticket id
    interaction: np.ndarray  # ticket id the survey refers to, or None
    touchpoint: np.ndarray
    journey_stage: np.ndarray

    @property
    def size(self) -> int:
        """Number of encounters."""
        return int(self.person.size)
