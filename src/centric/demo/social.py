"""Social listening: public posts and reviews about Larkfield, and the profiles of their authors.

A listening tool exports posts (platform, handle, text, a star rating on review sites, reach,
replies) and the authors' public profiles (display name, sometimes a location or an e-mail on
review sites). Some authors are customers, recognisable by name, e-mail or city; others are
people no other system knows. Posts lean negative and carry public-escalation and other warning
signals more often than surveys. A few rows are broken on purpose. This module builds the
exports; it must not write files itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from centric.demo import seeds
from centric.demo.columns import only_where
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.names import ascii_token, nickname_many
from centric.demo.population import Population, draw_population
from centric.demo.signals import SOCIAL_WARNING_RATES, draw_warning
from centric.demo.timeline import draw_times, iso_z
from centric.demo.truth import Defect, GroundTruth
from centric.demo.variation import vary_case
from centric.demo.verbatims import Verbatim, compose_social_post, pick_themes

SOURCE = "social"
POSTS_SOURCE = "social_posts"
PROFILES_PATH = "data/social/profiles.ndjson"
POSTS_PATH = "data/social/posts.ndjson"
CUSTOMER_AUTHOR_SHARE = 0.04
OUTSIDER_SHARE = 0.02
DEFECT_RATE = 0.005
PLATFORMS = ("x", "facebook", "instagram", "trustpilot", "google", "tiktok")
PLATFORM_SHARES = (0.35, 0.2, 0.15, 0.15, 0.1, 0.05)
REVIEW_SITES = ("trustpilot", "google")
POST_DEFECTS = (
    Defect("negative_reach", "reach", -1, "is below the minimum 0"),
    Defect("not_a_time", "posted_at", "yesterday", "is not an ISO date/time"),
)
PROFILE_DEFECTS = (Defect("placeholder_email", "email", "n/a@", "is not an e-mail address"),)
DECLARATIONS = (
    SourceDeclaration(
        SOURCE,
        "customer_records",
        PROFILES_PATH,
        {},
        {
            "source_key": "profile_id",
            "full_name": "display_name",
            "first_name": {"column": "display_name", "split": "first"},
            "last_name": {"column": "display_name", "split": "last"},
            "email": "email",
            "city": "location",
        },
    ),
    SourceDeclaration(
        POSTS_SOURCE,
        "social_posts",
        POSTS_PATH,
        {},
        {
            "source_key": "id",
            "customer_source": {"constant": SOURCE},
            "customer_key": "author.profile_id",
            "platform": "platform",
            "author_handle": "author.handle",
            "posted_at": "posted_at",
            "text": "text",
            "language": "lang",
            "rating": "rating",
            "url": "url",
            "reach": "reach",
            "in_reply_to": "in_reply_to",
        },
    ),
)


def export_social(
    people: Population, seed: int, truth: GroundTruth
) -> tuple[list[ExportFile], int]:
    """The listening tool's exports, and the number of authors who are not customers."""
    rng = seeds.numbers(seed, SOURCE)
    texts = seeds.texts(seed, SOURCE)
    customers = np.flatnonzero(rng.random(people.size) < CUSTOMER_AUTHOR_SHARE)
    if customers.size < 3:
        customers = np.sort(rng.choice(people.size, size=min(3, people.size), replace=False))
    outsiders = draw_population(
        seeds.numbers(seed, "social/outsiders"),
        max(3, round(OUTSIDER_SHARE * people.size)),
        first_id=people.size + 1,
    )
    authors = _Authors.of(people, customers, outsiders)
    count = authors.size
    platform = np.array(PLATFORMS, dtype=object)[
        rng.choice(len(PLATFORMS), size=count, p=PLATFORM_SHARES)
    ]
    handle = _handles(rng, authors.first, authors.family, authors.year)
    profile_id = np.array(
        [f"{p}:{h}" for p, h in zip(platform.tolist(), handle.tolist(), strict=True)], dtype=object
    )
    order = np.argsort(profile_id, kind="stable")
    truth.add_persons(SOURCE, profile_id[order], authors.person_id[order])
    profiles = _profiles(rng, authors, platform, handle, profile_id, order)
    truth.plant_defects(
        profiles, PROFILE_DEFECTS, rng, rate=DEFECT_RATE, source=SOURCE,
        kind="customer_records", file=PROFILES_PATH, key_column="profile_id",
    )  # fmt: skip
    posts, keys, verbatims = _posts(rng, texts, authors, platform, handle, profile_id)
    truth.add_labels(POSTS_SOURCE, keys, verbatims)
    truth.plant_defects(
        posts, POST_DEFECTS, rng, rate=DEFECT_RATE, source=POSTS_SOURCE, kind="social_posts",
        file=POSTS_PATH, key_column="id",
    )  # fmt: skip
    exports = [
        ExportFile(PROFILES_PATH, "ndjson", (profiles,)),
        ExportFile(POSTS_PATH, "ndjson", (posts,)),
    ]
    return exports, outsiders.size


@dataclass(frozen=True)
class _Authors:
    """The people behind the profiles: some customers, some outsiders."""

    person_id: np.ndarray
    first: np.ndarray
    family: np.ndarray
    email: np.ndarray
    city: np.ndarray
    language: np.ndarray
    year: np.ndarray  # year of birth

    @property
    def size(self) -> int:
        return int(self.person_id.size)

    @classmethod
    def of(cls, people: Population, chosen: np.ndarray, outsiders: Population) -> _Authors:
        def both(inside: np.ndarray, outside: np.ndarray) -> np.ndarray:
            return np.concatenate([inside[chosen], outside])

        born = both(people.dob, outsiders.dob).astype("datetime64[Y]")
        return cls(
            person_id=both(people.person_id, outsiders.person_id),
            first=both(people.first, outsiders.first),
            family=both(people.family1, outsiders.family1),
            email=both(people.email, outsiders.email),
            city=both(people.home.city, outsiders.home.city),
            language=both(people.language, outsiders.language),
            year=born.astype(int) + 1970,
        )


def _handles(
    rng: np.random.Generator, first: np.ndarray, family: np.ndarray, year: np.ndarray
) -> np.ndarray:
    style = rng.integers(0, 5, first.size)
    number = rng.integers(1, 999, first.size)
    seen: set[str] = set()
    out: list[str] = []
    for f, last, y, s, n in zip(
        first.tolist(), family.tolist(), year.tolist(), style.tolist(), number.tolist(),
        strict=True,
    ):  # fmt: skip
        g, l = ascii_token(f), ascii_token(last)  # noqa: E741  # l for last, as in the handle
        handle = (f"{g}{l}{y % 100:02d}", f"{g}_{l[0]}", f"{g[0]}{l}", f"the_{g}{n}", f"{l}.{g}")[s]
        candidate, suffix = handle, 1
        while candidate in seen:
            suffix += 1
            candidate = f"{handle}{suffix}"
        seen.add(candidate)
        out.append(candidate)
    return np.array(out, dtype=object)


def _profiles(
    rng: np.random.Generator,
    authors: _Authors,
    platform: np.ndarray,
    handle: np.ndarray,
    profile_id: np.ndarray,
    order: np.ndarray,
) -> Sheet:
    count = authors.size
    first = nickname_many(authors.first, rng.random(count) < 0.25, rng)
    style = rng.random(count)
    display = np.array(
        [
            f if s < 0.2 else f"{f} {last[0]}" if s < 0.3 else f"{f} {last}"
            for f, last, s in zip(
                first.tolist(), authors.family.tolist(), style.tolist(), strict=True
            )
        ],
        dtype=object,
    )
    display = vary_case(display, rng, lower=0.15)
    review = np.isin(platform, REVIEW_SITES)
    shows_email = rng.random(count) < np.where(review, 0.2, 0.03)
    reach = np.round(rng.lognormal(np.where(review, 3.0, 5.0), 1.4)).astype(np.int64)
    columns = {
        "profile_id": profile_id,
        "platform": platform,
        "handle": np.array([f"@{h}" for h in handle.tolist()], dtype=object),
        "display_name": display,
        "email": only_where(shows_email, authors.email),
        "location": only_where(rng.random(count) < 0.4, authors.city),
        "followers": reach.astype(object),
    }
    return Sheet("profiles", {name: values[order] for name, values in columns.items()})


def _posts(
    rng: np.random.Generator,
    texts: random.Random,
    authors: _Authors,
    platform: np.ndarray,
    handle: np.ndarray,
    profile_id: np.ndarray,
) -> tuple[Sheet, list[str], list[Verbatim]]:
    per_author = 1 + rng.poisson(0.8, authors.size)
    author = np.repeat(np.arange(authors.size), per_author)
    count = author.size
    posted_at = np.sort(draw_times(rng, count, "online"))
    author = author[rng.permutation(count)]
    sentiment = np.clip(rng.normal(-0.25, 0.55, count), -1.0, 1.0)
    warning_roll = rng.random(count)
    warning_pick = rng.random(count)
    verbatims: list[Verbatim] = []
    for i in range(count):
        themes = pick_themes(texts, channel="social")
        verbatims.append(
            compose_social_post(
                texts,
                language=str(authors.language[author[i]]),
                themes=themes,
                sentiment=float(sentiment[i]),
                warning=draw_warning(
                    float(warning_roll[i]), float(warning_pick[i]), SOCIAL_WARNING_RATES
                ),
            )
        )
    where = platform[author]
    review = np.isin(where, REVIEW_SITES)
    felt = np.array([v.sentiment for v in verbatims])
    rating = np.clip(np.round(3 + 2 * felt + rng.normal(0, 0.5, count)), 1, 5)
    ids = 10**17 + np.cumsum(rng.integers(10**9, 10**12, count))
    post_id = np.array(
        [f"{p}-{n}" for p, n in zip(where.tolist(), ids.tolist(), strict=True)], dtype=object
    )
    reply = (rng.random(count) < 0.08) & (np.arange(count) > 20)
    earlier = np.floor(rng.random(count) * np.arange(count)).astype(np.int64)
    reach = np.round(rng.lognormal(np.where(review, 4.0, 5.5), 1.6)).astype(np.int64)
    sheet = Sheet(
        "posts",
        {
            "id": post_id,
            "platform": where,
            "author.handle": np.array([f"@{h}" for h in handle[author].tolist()], dtype=object),
            "author.profile_id": profile_id[author],
            "posted_at": np.array(iso_z(posted_at), dtype=object),
            "text": np.array([v.text for v in verbatims], dtype=object),
            "lang": authors.language[author],
            "rating": only_where(review, rating.astype(int)),
            "reach": reach.astype(object),
            "url": np.array(
                [
                    _url(p, h, n)
                    for p, h, n in zip(
                        where.tolist(), handle[author].tolist(), ids.tolist(), strict=True
                    )
                ],
                dtype=object,
            ),
            "in_reply_to": only_where(reply, post_id[earlier]),
        },
    )
    return sheet, post_id.tolist(), verbatims


def _url(platform: str, handle: str, number: int) -> str:
    if platform == "x":
        return f"https://x.com/{handle}/status/{number}"
    if platform == "facebook":
        return f"https://www.facebook.com/larkfield/posts/{number}"
    if platform == "instagram":
        return f"https://www.instagram.com/p/{number:x}/"
    if platform == "trustpilot":
        return f"https://uk.trustpilot.com/reviews/{number:024x}"
    if platform == "google":
        return f"https://maps.google.com/?cid={number}"
    return f"https://www.tiktok.com/@{handle}/video/{number}"
