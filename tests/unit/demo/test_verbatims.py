"""Tests of the demo's verbatim generator: exact labels, language, polarity, variety, themes."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from statistics import fmean

import pytest

from centric.demo.verbatims import (
    EMPLOYEE_THEMES,
    NEEDS,
    THEMES,
    WARNINGS,
    Verbatim,
    compose_employee_comment,
    compose_feedback_verbatim,
    compose_social_post,
    compose_ticket_text,
    pick_themes,
)

LANGUAGES = ("en", "es")
CHANNELS = ("store", "web", "phone", "chat", "email", "social", "app")

# Words that only appear when a warning was asked for; checked in texts that asked for none.
WARNING_MARKERS = {
    "en": (
        "lawyer", "solicitor", "trading standards", "small claims", "legal action",
        "closing my account", "switching to", "never shop", "taking my business elsewhere",
        "tiktok", "newspaper", "review everywhere", "smoking", "choking", "wheelchair",
        "racism", "chemotherapy", "live alone", "live on my own",
    ),
    "es": (
        "abogad", "acciones legales", "hoja de reclamaciones", "juzgado", "cerrar mi cuenta",
        "me cambio a", "me voy a cambiar a", "compraré en", "tiktok", "periódico", "echar humo",
        "asfixia", "silla de ruedas", "racismo", "quimioterapia", "vivo sola", "vivo solo",
    ),
}  # fmt: skip
ENGLISH_OPENERS = {
    "i", "i'm", "the", "my", "hi", "hello", "honestly", "really", "great", "overall", "thanks",
    "please", "very", "what", "it", "it's", "so", "just", "also", "and", "but", "however",
    "nobody", "dear", "regarding", "this", "they", "we", "when", "after",
}  # fmt: skip
SPANISH_FUNCTION_WORDS = {"el", "la", "los", "las", "de", "que", "y", "en", "me", "mi", "un", "una"}
ENGLISH_FUNCTION_WORDS = {"the", "i", "my", "and", "to", "a", "was", "is", "it", "of", "for"}


def make_rng(seed: int) -> random.Random:
    """A private generator, so no test touches the global random state."""
    return random.Random(seed)  # noqa: S311 - reproducible test data, not security


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-záéíóúñü']+", text.lower())


def sentence_openers(text: str) -> list[str]:
    openers = []
    for sentence in re.split(r"[.!?]+\s+|,\s+(?=[A-ZÁÉÍÓÚ])", text):
        found = words_of(sentence.lstrip("¡¿@# "))
        if found:
            openers.append(found[0])
    return openers


def generate_mixed(seed: int, count: int, language: str) -> list[Verbatim]:
    """A bit of everything the module can produce, with needs and warnings switched off."""
    rng = make_rng(seed)
    verbatims: list[Verbatim] = []
    for index in range(count):
        themes = pick_themes(rng, channel=CHANNELS[index % len(CHANNELS)])
        kind = index % 4
        if kind == 0:
            scale = (10, 5, 7)[index % 3]
            score = rng.randint(0 if scale == 10 else 1, scale)
            verbatims.append(
                compose_feedback_verbatim(
                    rng, score=score, scale_max=scale, language=language, themes=themes
                )
            )
        elif kind == 1:
            verbatims.append(compose_ticket_text(rng, language=language, themes=themes))
        elif kind == 2:
            sentiment = rng.uniform(-1, 1)
            verbatims.append(
                compose_social_post(rng, language=language, themes=themes, sentiment=sentiment)
            )
        else:
            employee_themes = tuple(rng.sample(sorted(EMPLOYEE_THEMES), rng.randint(1, 3)))
            verbatims.append(
                compose_employee_comment(
                    rng, language=language, engagement=rng.random(), themes=employee_themes
                )
            )
    return verbatims


Composer = Callable[[random.Random, str, str | None], Verbatim]


def feedback_with(rng: random.Random, language: str, warning: str | None) -> Verbatim:
    themes = pick_themes(rng, channel="web")
    score = rng.randint(0, 10)
    return compose_feedback_verbatim(
        rng, score=score, scale_max=10, language=language, themes=themes, warning=warning
    )


def ticket_with(rng: random.Random, language: str, warning: str | None) -> Verbatim:
    themes = pick_themes(rng, channel="phone")
    return compose_ticket_text(rng, language=language, themes=themes, warning=warning)


def social_with(rng: random.Random, language: str, warning: str | None) -> Verbatim:
    themes = pick_themes(rng, channel="social")
    sentiment = rng.uniform(-1, 1)
    return compose_social_post(
        rng, language=language, themes=themes, sentiment=sentiment, warning=warning
    )


WARNING_COMPOSERS: dict[str, Composer] = {
    "feedback": feedback_with,
    "ticket": ticket_with,
    "social": social_with,
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_generation_is_deterministic_for_a_seed(language: str) -> None:
    first = generate_mixed(42, 400, language)
    second = generate_mixed(42, 400, language)
    other = generate_mixed(43, 400, language)
    assert first == second
    assert [v.text for v in first] != [v.text for v in other]


def test_generation_ignores_and_preserves_global_random_state() -> None:
    random.seed(1)
    state = random.getstate()
    first = generate_mixed(7, 200, "en")
    assert random.getstate() == state
    random.seed(999)
    assert generate_mixed(7, 200, "en") == first


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("need", NEEDS)
def test_need_evidence_is_a_substring_of_text_for_every_need(language: str, need: str) -> None:
    rng = make_rng(LANGUAGES.index(language) * 100 + NEEDS.index(need))
    for index in range(300):
        themes = pick_themes(rng, channel=CHANNELS[index % len(CHANNELS)])
        verbatim = compose_feedback_verbatim(
            rng, score=index % 11, scale_max=10, language=language, themes=themes, need=need
        )
        assert verbatim.need == need
        assert verbatim.need_evidence
        assert verbatim.need_evidence in verbatim.text
        assert len(verbatim.need_evidence) >= 10


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("warning", WARNINGS)
@pytest.mark.parametrize("kind", sorted(WARNING_COMPOSERS))
def test_warning_evidence_is_a_substring_of_text_for_every_warning(
    language: str, warning: str, kind: str
) -> None:
    rng = make_rng(len(language) * 1000 + WARNINGS.index(warning) * 10 + len(kind))
    for _ in range(200):
        verbatim = WARNING_COMPOSERS[kind](rng, language, warning)
        assert verbatim.warning == warning
        assert verbatim.warning_evidence
        assert verbatim.warning_evidence in verbatim.text
        assert len(verbatim.warning_evidence) >= 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_warnings_and_needs_are_absent_when_not_requested(language: str) -> None:
    for verbatim in generate_mixed(5, 4000, language):
        assert verbatim.warning is None
        assert verbatim.warning_evidence is None
        assert verbatim.need is None
        assert verbatim.need_evidence is None
        lowered = verbatim.text.lower()
        assert not [marker for marker in WARNING_MARKERS[language] if marker in lowered], (
            verbatim.text
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_negative_warnings_make_the_text_negative_when_the_score_is_high(language: str) -> None:
    rng = make_rng(11)
    for warning in ("legal_threat", "churn_intent", "discrimination", "public_escalation"):
        for _ in range(100):
            verbatim = compose_feedback_verbatim(
                rng,
                score=10,
                scale_max=10,
                language=language,
                themes=("price_value",),
                warning=warning,
            )
            assert verbatim.sentiment < 0


def test_spanish_texts_have_no_english_sentence_openers() -> None:
    for verbatim in generate_mixed(17, 4000, "es"):
        english = [word for word in sentence_openers(verbatim.text) if word in ENGLISH_OPENERS]
        assert not english, verbatim.text
        assert verbatim.language == "es"


@pytest.mark.parametrize(
    ("language", "function_words"),
    [("es", SPANISH_FUNCTION_WORDS), ("en", ENGLISH_FUNCTION_WORDS)],
)
def test_texts_use_the_function_words_of_their_language(
    language: str, function_words: set[str]
) -> None:
    verbatims = generate_mixed(23, 2000, language)
    with_function_words = [v for v in verbatims if function_words & set(words_of(v.text))]
    # Very short social posts ("great value #Larkfield") may have none.
    assert len(with_function_words) >= 0.97 * len(verbatims)


def test_english_texts_have_no_spanish_letters_or_marks() -> None:
    for verbatim in generate_mixed(29, 3000, "en"):
        assert not re.search(r"[áíóúñ¡¿]", verbatim.text), verbatim.text


@pytest.mark.parametrize(
    ("scale_max", "low_scores", "high_scores"),
    [(10, (0, 1, 2, 3), (9, 10)), (5, (1, 2), (5,)), (7, (1, 2), (6, 7))],
    ids=["nps", "csat", "ces"],
)
def test_mean_sentiment_follows_score_on_aggregate(
    scale_max: int, low_scores: tuple[int, ...], high_scores: tuple[int, ...]
) -> None:
    rng = make_rng(scale_max)

    def mean_sentiment(scores: tuple[int, ...]) -> float:
        sentiments = []
        for index in range(3000):
            language = LANGUAGES[index % 2]
            themes = pick_themes(rng, channel=CHANNELS[index % len(CHANNELS)])
            verbatim = compose_feedback_verbatim(
                rng,
                score=scores[index % len(scores)],
                scale_max=scale_max,
                language=language,
                themes=themes,
            )
            sentiments.append(verbatim.sentiment)
        return fmean(sentiments)

    assert mean_sentiment(low_scores) < -0.3
    assert mean_sentiment(high_scores) > 0.3


def test_middle_scores_produce_mostly_mild_sentiment() -> None:
    rng = make_rng(3)
    sentiments = [
        compose_feedback_verbatim(
            rng, score=3, scale_max=5, language="en", themes=("product_quality",)
        ).sentiment
        for _ in range(2000)
    ]
    mild = [value for value in sentiments if abs(value) <= 0.35]
    assert len(mild) > 0.3 * len(sentiments)


def test_polarity_contradicts_the_score_in_a_few_percent_when_score_is_extreme() -> None:
    rng = make_rng(8)
    contradicting = 0
    total = 6000
    for index in range(total):
        score = 10 if index % 2 else 0
        verbatim = compose_feedback_verbatim(
            rng, score=score, scale_max=10, language="en", themes=("delivery_delay",)
        )
        if (score == 10 and verbatim.sentiment < 0) or (score == 0 and verbatim.sentiment > 0):
            contradicting += 1
    assert 0.02 * total <= contradicting <= 0.07 * total


def test_sentiment_stays_within_bounds_when_generating_everything() -> None:
    for language in LANGUAGES:
        for verbatim in generate_mixed(31, 3000, language):
            assert -1.0 <= verbatim.sentiment <= 1.0


def test_texts_are_varied_for_a_single_theme_in_english_with_fixed_score() -> None:
    rng = make_rng(2024)
    texts = {
        compose_feedback_verbatim(
            rng, score=2, scale_max=10, language="en", themes=("delivery_delay",)
        ).text
        for _ in range(10_000)
    }
    assert len(texts) >= 5000


@pytest.mark.parametrize("score", [0, 10])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_texts_are_varied_for_every_theme_language_and_polarity(
    language: str, theme: str, score: int
) -> None:
    rng = make_rng(len(theme) + score)
    texts = {
        compose_feedback_verbatim(
            rng, score=score, scale_max=10, language=language, themes=(theme,)
        ).text
        for _ in range(400)
    }
    assert len(texts) >= 300


def test_emerging_flag_raises_self_checkout_errors_frequency() -> None:
    rng = make_rng(99)

    def share(*, emerging: bool) -> float:
        picks = [
            pick_themes(rng, channel=CHANNELS[index % len(CHANNELS)], emerging=emerging)
            for index in range(7000)
        ]
        return sum("self_checkout_errors" in themes for themes in picks) / len(picks)

    normal = share(emerging=False)
    emerging = share(emerging=True)
    assert normal < 0.02
    assert emerging > 0.4
    assert emerging > 10 * normal


def test_every_theme_is_reachable_when_picking_over_all_channels() -> None:
    rng = make_rng(4)
    seen: Counter[str] = Counter()
    for index in range(30_000):
        seen.update(pick_themes(rng, channel=CHANNELS[index % len(CHANNELS)]))
    assert set(seen) == set(THEMES)


@pytest.mark.parametrize("channel", CHANNELS)
def test_pick_themes_returns_one_to_three_distinct_known_themes_for_a_channel(
    channel: str,
) -> None:
    rng = make_rng(len(channel))
    counts: Counter[int] = Counter()
    for _ in range(2000):
        themes = pick_themes(rng, channel=channel)
        assert 1 <= len(themes) <= 3
        assert len(set(themes)) == len(themes)
        assert set(themes) <= set(THEMES)
        counts[len(themes)] += 1
    assert counts[1] > counts[2] > counts[3] > 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_composes_in_every_channel_kind_when_requested(
    language: str, theme: str
) -> None:
    rng = make_rng(len(theme) + len(language))
    for score in (0, 5, 10):
        verbatim = compose_feedback_verbatim(
            rng, score=score, scale_max=10, language=language, themes=(theme,)
        )
        assert verbatim.themes == (theme,)
        assert verbatim.text
    for _ in range(20):
        assert compose_ticket_text(rng, language=language, themes=(theme,)).themes == (theme,)
    for sentiment in (-0.8, 0.0, 0.8):
        post = compose_social_post(rng, language=language, themes=(theme,), sentiment=sentiment)
        assert post.themes == (theme,)
        assert post.sentiment == sentiment


def test_themes_field_echoes_the_requested_themes_when_several_are_given() -> None:
    rng = make_rng(6)
    themes = ("billing_error", "contact_wait", "returns_refunds")
    for score in range(11):
        verbatim = compose_feedback_verbatim(
            rng, score=score, scale_max=10, language="en", themes=themes
        )
        assert verbatim.themes == themes


@pytest.mark.parametrize("language", LANGUAGES)
def test_ticket_texts_are_mostly_negative_or_neutral(language: str) -> None:
    rng = make_rng(12)
    sentiments = [ticket_with(rng, language, None).sentiment for _ in range(2000)]
    assert sum(value <= 0 for value in sentiments) > 0.85 * len(sentiments)
    assert any(value < 0 for value in sentiments)
    assert any(value == 0 for value in sentiments)


@pytest.mark.parametrize("language", LANGUAGES)
def test_social_post_sentiment_follows_the_requested_sign(language: str) -> None:
    rng = make_rng(13)
    for requested in (-0.9, -0.5, 0.5, 0.9):
        for _ in range(100):
            post = compose_social_post(
                rng, language=language, themes=("price_value",), sentiment=requested
            )
            assert post.sentiment == requested
    assert compose_social_post(rng, language=language, themes=("price_value",), sentiment=3.0)
    clamped = compose_social_post(rng, language=language, themes=("price_value",), sentiment=3.0)
    assert clamped.sentiment == 1.0


@pytest.mark.parametrize("language", LANGUAGES)
def test_social_posts_are_shorter_than_tickets_on_average(language: str) -> None:
    rng = make_rng(14)
    posts = [social_with(rng, language, None).text for _ in range(1000)]
    tickets = [ticket_with(rng, language, None).text for _ in range(1000)]
    assert fmean(map(len, posts)) < fmean(map(len, tickets))
    assert any("#" in post or "@" in post for post in posts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_employee_comment_polarity_follows_engagement(language: str) -> None:
    rng = make_rng(15)

    def mean_sentiment(engagement: float) -> float:
        return fmean(
            compose_employee_comment(
                rng,
                language=language,
                engagement=engagement,
                themes=(sorted(EMPLOYEE_THEMES)[index % len(EMPLOYEE_THEMES)],),
            ).sentiment
            for index in range(1500)
        )

    low, middle, high = mean_sentiment(0.1), mean_sentiment(0.55), mean_sentiment(0.95)
    assert low < -0.3
    assert high > 0.3
    assert low < middle < high


def test_employee_comments_carry_no_need_or_warning() -> None:
    rng = make_rng(16)
    for theme in EMPLOYEE_THEMES:
        for language in LANGUAGES:
            comment = compose_employee_comment(
                rng, language=language, engagement=0.2, themes=(theme,)
            )
            assert comment.themes == (theme,)
            assert (comment.need, comment.warning) == (None, None)


@pytest.mark.parametrize(
    "call",
    [
        lambda rng: compose_feedback_verbatim(
            rng, score=5, scale_max=10, language="fr", themes=("price_value",)
        ),
        lambda rng: compose_feedback_verbatim(
            rng, score=5, scale_max=10, language="en", themes=("no_such_theme",)
        ),
        lambda rng: compose_feedback_verbatim(rng, score=5, scale_max=10, language="en", themes=()),
        lambda rng: compose_feedback_verbatim(
            rng, score=5, scale_max=10, language="en", themes=("price_value", "price_value")
        ),
        lambda rng: compose_feedback_verbatim(
            rng, score=5, scale_max=10, language="en", themes=("price_value",), need="fame"
        ),
        lambda rng: compose_ticket_text(rng, language="en", themes=("price_value",), warning="x"),
        lambda rng: compose_employee_comment(
            rng, language="en", engagement=0.5, themes=("price_value",)
        ),
        lambda rng: pick_themes(rng, channel="fax"),
    ],
    ids=[
        "language",
        "theme",
        "no-themes",
        "repeated-theme",
        "need",
        "warning",
        "employee-theme",
        "channel",
    ],
)
def test_invalid_arguments_raise_value_error(call: Callable[[random.Random], object]) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        call(make_rng(0))
