"""Unit tests of the text analyses: language, sentiment, signals, themes, emerging statistics."""

from __future__ import annotations

import pytest

from centric.errors import InvalidInputError
from centric.text import (
    LanguageIdentifier,
    TermSpace,
    ThemeDefinition,
    annotate_texts,
    assign_themes,
    discover_themes,
    find_signals,
    label_from_score,
    macro_f1,
    read_lexicon,
    theme_terms,
    train_sentiment_model,
)
from centric.text.emerging import _benjamini_hochberg, _rate_test
from centric.text.tokens import folded_words


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier(("en", "es"))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Love it!", "en"),
        ("The parcel arrived two days late and nobody told me", "en"),
        ("Me encanta", "es"),
        ("El pedido llegó tarde y nadie me avisó", "es"),
        ("Très bon service, merci beaucoup pour tout", "fr"),
        ("Sehr gut, danke für die schnelle Lieferung", "de"),
        ("Это очень хороший магазин", "ru"),
    ],
)
def test_identify_finds_language_when_text_is_short_or_long(
    identifier: LanguageIdentifier, text: str, language: str
) -> None:
    assert identifier.identify(text).language == language


def test_identify_returns_und_when_text_has_no_letters(identifier: LanguageIdentifier) -> None:
    guess = identifier.identify("👍 10/10 !!!")
    assert (guess.language, guess.confidence) == ("und", 0.0)


@pytest.mark.parametrize(
    ("text", "language", "sign"),
    [
        ("Great service, really helpful staff", "en", 1),
        ("Not good at all, the product broke after a week", "en", -1),
        ("The app is fine but checkout is slow and confusing", "en", -1),
        ("Excelente atención, muy amables", "es", 1),
        ("No funciona, una pérdida de dinero", "es", -1),
        ("No está mal", "es", 1),
    ],
)
def test_lexicon_reads_polarity_when_negated_or_contrasted(
    text: str, language: str, sign: int
) -> None:
    reading = read_lexicon(folded_words(text), language, text)
    assert reading.compound * sign > 0.1


@pytest.mark.parametrize(
    ("score", "low", "high", "survey", "label"),
    [
        (3, 0, 10, "nps", "negative"),
        (8, 0, 10, "nps", "neutral"),
        (10, 0, 10, "nps", "positive"),
        (2, 1, 5, "csat", "negative"),
        (3, 1, 5, "csat", "neutral"),
        (4, 1, 5, None, "positive"),
        (2, 1, 7, "ces", None),
        (None, 1, 5, "csat", None),
    ],
)
def test_label_from_score_maps_scales_to_weak_labels(
    score: float | None, low: float, high: float, survey: str | None, label: str | None
) -> None:
    assert label_from_score(score, low, high, survey) == label


def test_train_adapts_to_organisation_vocabulary_when_scores_disagree_with_lexicon() -> None:
    # "queue" carries no sentiment in any lexicon; this organisation's scores say it is bad.
    texts = ["long queue at the till", "queue again today", "no queue, quick visit"] * 60
    labels = ["negative", "negative", "positive"] * 60
    tokens = [folded_words(t) for t in texts]
    readings = [read_lexicon(t, "en", x) for t, x in zip(tokens, texts, strict=True)]
    model = train_sentiment_model(tokens, readings, labels, ["en"] * len(texts))
    probe = folded_words("queue again")
    probabilities = model.probabilities([probe], [read_lexicon(probe, "en")])
    assert probabilities[0][0] > probabilities[0][2]
    assert model.languages["en"]["method"] == "adapted"


def test_train_rejects_a_single_label() -> None:
    tokens = [["fine"]] * 20
    readings = [read_lexicon(t, "en") for t in tokens]
    with pytest.raises(InvalidInputError, match="two different labels"):
        train_sentiment_model(tokens, readings, ["positive"] * 20, ["en"] * 20)


def test_macro_f1_counts_every_label_equally() -> None:
    assert macro_f1([0, 0, 1, 2], [0, 0, 1, 2]) == 1.0
    assert macro_f1([0, 0, 0, 2], [0, 0, 0, 0]) == pytest.approx((2 * 3 / (2 * 3 + 1) + 0) / 2)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("I will close my account and take my business elsewhere", "en", "churn_intent"),
        ("The charger sparked and caught fire", "en", "safety"),
        ("My solicitor will be in touch", "en", "legal_threat"),
        ("My 86-year-old mother waited in the cold", "en", "vulnerable_customer"),
        ("The guard followed me around because of my skin colour", "en", "discrimination"),
        ("I'm going to post this on twitter", "en", "public_escalation"),
        ("Voy a poner una denuncia en consumo", "es", "legal_threat"),
        ("Me doy de baja, me cambio a la competencia", "es", "churn_intent"),
    ],
)
def test_find_signals_reports_warning_with_evidence(
    text: str, language: str, expected: str
) -> None:
    warnings = [s for s in find_signals(text, language) if s.category == "warning"]
    names = {s.name for s in warnings}
    assert expected in names
    signal = next(s for s in warnings if s.name == expected)
    assert text[signal.start : signal.end] == signal.evidence
    assert 0.35 <= signal.confidence <= 1.0


def test_find_signals_drops_warning_when_negated() -> None:
    assert not [s for s in find_signals("I have no intention to cancel my account", "en")
                if s.name == "churn_intent"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "need"),
    [
        ("Nobody told me when my parcel would arrive", "en", "control"),
        ("The driver went above and beyond for us", "en", "care"),
        ("Loyal customer for ten years and treated like a number", "en", "recognition"),
        ("Nadie me escucha cuando llamo", "es", "self_expression"),
        ("Me sentí como en casa, parte de la familia", "es", "belonging"),
        ("Aprendí mucho en el curso de formación", "es", "growth"),
    ],
)
def test_find_signals_tags_need_with_evidence(text: str, language: str, need: str) -> None:
    needs = [s for s in find_signals(text, language) if s.category == "need"]
    assert need in {s.name for s in needs}


def test_theme_terms_map_spanish_onto_english_concepts() -> None:
    english = theme_terms(folded_words("The delivery was late"), "en")
    spanish = theme_terms(folded_words("La entrega llegó tarde"), "es")
    assert "delivery" in english and "delivery" in spanish
    assert "great" not in theme_terms(folded_words("great delivery"), "en")


def _corpus() -> list[list[str]]:
    delivery = ["parcel delivery late courier", "courier lost my parcel", "late delivery parcel"]
    refunds = ["refund still missing money", "waiting for refund money back", "refund money"]
    queues = ["long queue at the till", "till queue slow staff", "queue till closed"]
    texts = (delivery + refunds + queues) * 12
    return [theme_terms(folded_words(t), "en") for t in texts]


def test_discover_finds_themes_and_skips_known_ones() -> None:
    documents = _corpus()
    space = TermSpace.count(documents)
    found = discover_themes(documents, space, min_size=8)
    assert len(found) >= 3
    words = [{w for k in theme.keywords[:3] for w in k.split()} for theme in found]
    for topic in ({"parcel", "courier", "delivery"}, {"refund", "money"}, {"queue", "till"}):
        assert any(topic & theme_words for theme_words in words)
    known = [ThemeDefinition(f"T{i}", t.label, t.centroid) for i, t in enumerate(found)]
    assert discover_themes(documents, space, known, min_size=8) == []


def test_assign_honours_pinned_and_excluded_keywords() -> None:
    documents = _corpus()
    space = TermSpace.count(documents)
    theme = ThemeDefinition("T1", "Refunds", {"refund": 1.0})
    pinned = ThemeDefinition("T2", "Tills", {"nothing": 1.0}, pinned=["till"])
    assigned = assign_themes(
        [theme_terms(folded_words(t), "en") for t in ["refund please", "the till", "hello"]],
        [theme, pinned],
        space,
    )
    assert [ids[0][0] if ids else None for ids in assigned] == ["T1", "T2", None]
    theme.excluded = ["refund"]
    assert assign_themes([["refund"]], [theme], space) == [[]]


def test_rate_test_detects_growth_and_benjamini_hochberg_is_monotone() -> None:
    growth, decline = _rate_test(60, 1000, 60, 6000)
    assert growth < 1e-6 < decline
    steady, _ = _rate_test(10, 1000, 60, 6000)
    assert steady > 0.05
    adjusted = _benjamini_hochberg([0.01, 0.04, 0.03, 0.5])
    assert adjusted == pytest.approx([0.04, 0.04 * 4 / 3, 0.04, 0.5][:1] + adjusted[1:])
    assert all(a >= p for a, p in zip(adjusted, [0.01, 0.04, 0.03, 0.5], strict=True))


def test_annotate_texts_runs_every_stage_in_memory() -> None:
    result = annotate_texts(
        ["I'll cancel my account, the refund never came", "Me encanta, muy amables"]
    )
    assert result[0].language == "en" and result[1].language == "es"
    assert result[0].sentiment.label == "negative" and result[1].sentiment.label == "positive"
    assert [w.name for w in result[0].warnings] == ["churn_intent"]
