"""Tokenisation shared by every text analysis: words, their folded forms and sentence clauses.

One pass of one regular expression turns a verbatim into lower-case word tokens with their
accent-folded form, so that "está" and "esta", "Café" and "cafe" meet the same lexicon entry and
each stage (language, sentiment, themes) reads the same tokens. It must stay free of any
language knowledge beyond Unicode: lexicons live in :mod:`centric.text.lexicons`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Words are runs of letters with inner apostrophes (don't, l'eau); digits and symbols split them.
WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# Typographic apostrophes and accents used as apostrophes, mapped one character to one.
APOSTROPHES = str.maketrans({"\u2019": "'", "`": "'", "\u00b4": "'"})
# Clause boundaries limit negation scope and split "good but slow" into two halves.
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]+|,\s")


def words(text: str) -> list[str]:
    """The lower-case word tokens of ``text``, apostrophes normalised.

    Args:
        text: Any text.

    Returns:
        Tokens in order, e.g. ``["don't", "like", "it"]``.
    """
    lowered = text.lower()
    if "\u2019" in lowered or "`" in lowered or "\u00b4" in lowered:
        lowered = lowered.translate(APOSTROPHES)
    return WORD.findall(lowered)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The word without diacritics: ``"está"`` -> ``"esta"``, ``"año"`` -> ``"ano"``.

    Customers often type Spanish without accents or ñ, and the lexicons are written the same
    way, so both spellings meet one entry.
    """
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> list[str]:
    """The accent-folded word tokens of ``text`` (see :func:`words` and :func:`fold`)."""
    return fold_all(words(text), text)


def fold_all(tokens: list[str], text: str) -> list[str]:
    """:func:`fold` applied to the tokens of ``text``; the same list when ``text`` is ASCII."""
    if text.isascii():
        return tokens
    return [fold(token) for token in tokens]


def clauses(text: str) -> list[str]:
    """Split ``text`` into clauses at sentence punctuation and comma-space."""
    return [part for part in _CLAUSE_BREAK.split(text) if part.strip()]


def content_hash(text: str) -> str:
    """The MD5 hex digest of ``text`` in UTF-8, equal to the warehouse's ``md5()``."""
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()
