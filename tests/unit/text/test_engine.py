"""Unit tests of the fast paths: batch language scoring, signal dispatch, features, themes."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from centric.errors import MissingExtraError
from centric.text import (
    LanguageIdentifier,
    TermSpace,
    TextAnnotator,
    ThemeDefinition,
    discover_themes,
    find_signals,
    pipeline,
    read_lexicon,
    score_sentiments,
    theme_terms,
)
from centric.text.embeddings import build_static_embeddings, load_static_embeddings
from centric.text.sentiment import SentimentModel, design_matrix, sentiment_features
from centric.text.signals import _leading_words, _scanner
from centric.text.themes import assign_themes, proper_nouns
from centric.text.tokens import APOSTROPHES, fold, folded_words, words

_TEXTS = [
    "Nobody told me the parcel was late, I will cancel my account and take my business elsewhere",
    "The charger sparked and caught fire, my 86-year-old mother was frightened",
    "Loyal customer for ten years and treated like a number. I'm going to post this on twitter",
    "I couldn't change the delivery slot online; no way to contact anyone",
    "The staff went above and beyond, they really cared about us",
    "YOUTUBE's app stopped working and nobody listens, I'm going to my solicitor",
    "Me doy de baja, me cambio a la competencia. Nadie me escucha cuando llamo",
    "Voy a poner una denuncia en consumo; el cargador echó humo y olía a quemado",
    "Me sentí como en casa, parte de la familia; aprendí mucho en el curso de formación",
    "No me informaron de nada, sin información sobre mi pedido y no pude cancelar",
    "Great service, nothing else to say",
    "",
]


def _scan_everywhere(text: str, language: str) -> list[tuple[str, str, int, int]]:
    # Reference: try every alternative of every pattern at every word start, in order.
    languages = (language,) if language in ("en", "es") else ("en", "es")
    lowered = text.lower().translate(APOSTROPHES)
    found = []
    for lang in languages:
        scanner = _scanner(lang)
        everything = re.compile("(?:" + "|".join(scanner._sources) + r")(?![\w])")
        position = 0
        for start in re.finditer(r"(?<!\w)\w", lowered):
            if start.start() < position:
                continue
            match = everything.match(lowered, start.start())
            if match is None or match.lastgroup is None:
                continue
            position = match.end()
            found.append((lang, match.lastgroup, match.start(), match.end()))
    return found


def _scan_dispatched(text: str, language: str) -> list[tuple[str, str, int, int]]:
    languages = (language,) if language in ("en", "es") else ("en", "es")
    lowered = text.lower().translate(APOSTROPHES)
    tokens = words(text)
    found = []
    for lang in languages:
        scanner = _scanner(lang)
        position = 0
        for begin, alternatives in scanner.candidates(tokens, lowered, scanner.hits(tokens)):
            if begin < position:
                continue
            match = scanner.match(lowered, begin, alternatives)
            if match is None or match.lastgroup is None:
                continue
            position = match.end()
            found.append((lang, match.lastgroup, match.start(), match.end()))
    return found


@pytest.mark.parametrize("language", ["en", "es", "und"])
def test_signal_dispatch_matches_a_scan_of_every_word_when_texts_vary(language: str) -> None:
    for text in _TEXTS:
        assert _scan_dispatched(text, language) == _scan_everywhere(text, language), text


def test_leading_words_read_alternatives_options_and_prefixes() -> None:
    leads = _leading_words(r"(?:kept|left) (?:me |us )?in the dark")
    assert leads is not None
    assert (("kept", "word"), ("in", "word")) in leads
    assert (("left", "word"), ("me", "word")) in leads
    prefixed = _leading_words(r"(?:switch\w*|go\w*) (?:over )?to")
    assert prefixed is not None
    assert (("go", "prefix"), ("to", "word")) in prefixed
    assert (("go", "prefix"),) not in prefixed
    assert _leading_words(r"\d{2}[- ]year[- ]old") == {(("", "digit"),)}


def test_find_signals_skips_texts_without_a_possible_start() -> None:
    assert find_signals("The colour is nice and the size fits", "en") == []
    assert find_signals("El color es bonito", "es") == []


def test_batch_language_scores_equal_one_by_one_scores() -> None:
    identifier = LanguageIdentifier(("en", "es"))
    texts = [*_TEXTS, "Très bon service", "Sehr gut, danke", "ok", "👍"]
    batch = identifier.identify_batch([words(text) for text in texts])
    single = [LanguageIdentifier(("en", "es")).identify(text) for text in texts]
    assert batch == single
    assert [guess.language for guess in batch[:4]] == ["en"] * 4
    assert batch[-1].language == "und"


def test_fold_removes_accents_and_tilde_so_both_spellings_meet() -> None:
    assert fold("está") == "esta"
    assert fold("año") == "ano"
    assert folded_words("Engañado, ¡qué vergüenza!") == ["enganado", "que", "verguenza"]
    assert read_lexicon(folded_words("Me han engañado"), "es").compound < -0.25


def test_design_matrix_marks_negation_and_bigrams_like_the_feature_names() -> None:
    tokens = [["not", "good", "at", "all", "really"], ["good"]]
    readings = [read_lexicon(t, "en") for t in tokens]
    matrix = design_matrix(tokens, readings)
    assert matrix.shape == (2, 2**18 + 4)
    features = sentiment_features(tokens[0])
    assert "~good" in features and "~really" not in features and "not good" in features
    negated, plain = (set(matrix[row].indices.tolist()) for row in range(2))
    plain_good = plain - {2**18, 2**18 + 1, 2**18 + 2, 2**18 + 3}
    assert len(plain_good) == 1
    assert not plain_good & negated  # "good" after "not" is another feature than "good"
    again = design_matrix(tokens, readings)
    assert (matrix != again).nnz == 0


def test_lexicon_damps_courtesy_that_signs_off_a_complaint() -> None:
    complaint = "My parcel never arrived and nobody answered the phone. Many thanks"
    reading = read_lexicon(folded_words(complaint), "en", complaint)
    assert reading.compound < -0.25
    grateful = "Thank you so much!"
    assert read_lexicon(folded_words(grateful), "en", grateful).compound > 0.25


def test_adapted_model_leaves_texts_without_sentiment_words_neutral_when_unsure() -> None:
    width = 2**18 + 4
    languages = {"en": {"method": "adapted"}}
    unsure = SentimentModel(np.zeros((3, width)), np.zeros(3), languages, 100)
    sure = SentimentModel(np.zeros((3, width)), np.array([3.0, 0.0, 0.0]), languages, 100)
    question = "What time does the store open on Sunday?"
    complaint = "What a terrible store"
    tokens = [folded_words(question), folded_words(complaint)]
    texts = [question, complaint]
    hesitant = score_sentiments(tokens, ["en", "en"], texts, unsure)
    assert [s.label for s in hesitant] == ["neutral", "negative"]
    assert {s.method for s in hesitant} == {"adapted"}
    confident = score_sentiments(tokens, ["en", "en"], texts, sure)
    assert [s.label for s in confident] == ["negative", "negative"]


def test_saved_model_of_another_feature_layout_is_not_loaded(tmp_path: Path) -> None:
    model = SentimentModel(np.zeros((3, 4)), np.zeros(3), {"en": {"method": "adapted"}}, 10)
    model.save(tmp_path)
    assert SentimentModel.load(tmp_path) is not None
    meta = tmp_path / "sentiment.json"
    meta.write_text(json.dumps({"features": 1, "languages": {}}), encoding="utf-8")
    assert SentimentModel.load(tmp_path) is None


def test_theme_terms_drop_fillers_adverbs_and_spanish_verbs() -> None:
    english = theme_terms(folded_words("Generally the delivery was mostly fine, honestly"), "en")
    assert english == ["delivery"]
    spanish = theme_terms(folded_words("No se puede pagar con tarjeta, sinceramente"), "es")
    assert "poder" not in spanish and "puede" not in spanish
    assert {"pay", "card"} <= set(spanish)


def test_proper_nouns_find_names_places_and_handles() -> None:
    texts = [
        "I ordered from Larkfield and Sarah in Brighton helped me",
        "the store in Brighton was closed, @larkfieldhelp please reply",
        "Thanks to Sarah at the Larkfield desk",
        "my parcel from Larkfield went to Brighton by mistake, Sarah sorted it",
        "Delivery was late again",
    ]
    names = proper_nouns(texts)
    assert {"larkfield", "brighton", "sarah", "larkfieldhelp"} <= names
    assert "delivery" not in names and "parcel" not in names


def _corpus() -> list[list[str]]:
    delivery = ["parcel delivery late courier", "courier lost my parcel", "late delivery parcel"]
    refunds = ["refund still missing money", "waiting for refund money back", "refund money"]
    queues = ["long queue at the till", "till queue slow staff", "queue till closed"]
    return [theme_terms(folded_words(t), "en") for t in (delivery + refunds + queues) * 12]


def test_discover_folds_duplicate_components_into_one_theme() -> None:
    documents = _corpus()
    space = TermSpace.count(documents)
    found = discover_themes(documents, space, min_size=8, max_new=25)
    heads = [theme.keywords[0] for theme in found]
    assert len(heads) == len(set(heads))
    assert len(found) <= 6


def test_discover_skips_a_cluster_led_by_a_known_keyword() -> None:
    documents = _corpus()
    space = TermSpace.count(documents)
    found = discover_themes(documents, space, min_size=8)
    known = [
        ThemeDefinition(f"T{i}", theme.label, {"unrelated": 1.0}, keywords=theme.keywords[:1])
        for i, theme in enumerate(found)
    ]
    assert discover_themes(documents, space, known, min_size=8) == []


def test_assign_themes_scores_a_batch_like_one_verbatim_at_a_time() -> None:
    documents = _corpus()
    space = TermSpace.count(documents)
    themes = [
        ThemeDefinition("T1", "Refunds", {"refund": 0.8, "money": 0.6}),
        ThemeDefinition("T2", "Queues", {"queue": 0.7, "till": 0.7}),
    ]
    batch = assign_themes(documents, themes, space)
    single = [assign_themes([document], themes, space)[0] for document in documents]
    assert batch == single
    assert batch[3][0][0] == "T1" and batch[6][0][0] == "T2"


def test_signal_job_in_a_second_process_finds_what_finding_here_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    annotator = TextAnnotator()
    prepared = annotator.prepare(_TEXTS)
    here = annotator.start_signals(prepared).result()
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    job = annotator.start_signals(prepared)
    assert job._future is not None or not pipeline._can_fork()
    assert job.result() == here
    assert any(signals for signals in here)


def test_discover_groups_by_meaning_when_sentence_vectors_are_given() -> None:
    documents = _corpus()
    space = TermSpace.count(documents)
    topic = [index % 9 // 3 for index in range(len(documents))]  # delivery, refund, queue

    def embed(rows: Sequence[int]) -> np.ndarray:
        vectors = np.zeros((len(rows), 4))
        for position, row in enumerate(rows):
            vectors[position, topic[row]] = 1.0
        return vectors

    found = discover_themes(documents, space, min_size=8, embed=embed)
    assert found
    for theme in found:
        assert len({topic[member] for member in theme.members}) == 1, theme.label
    assert {topic[theme.members[0]] for theme in found} == {0, 1, 2}


def test_static_embeddings_say_which_extra_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "model2vec", None)
    monkeypatch.setitem(sys.modules, "model2vec.distill", None)
    with pytest.raises(MissingExtraError, match="text-embeddings") as raised:
        build_static_embeddings(tmp_path)
    assert "pip install 'centric[text-embeddings]'" in (raised.value.hint or "")
    assert load_static_embeddings(tmp_path) is None
    (tmp_path / "static-embeddings").mkdir()
    (tmp_path / "static-embeddings" / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MissingExtraError, match="extra is missing"):
        load_static_embeddings(tmp_path)
