"""Name pools and the ways people's names get written differently from one system to the next.

Pools of British and Spanish given and family names come from Faker's locale data (shipped in
the package, read without Faker's own randomness) and are sampled with numpy for speed. Beside
them sit the variations real systems show: nicknames (Bill for William, Pepe for José),
spelling variants, one-letter typos, case and accent differences. Every function is a pure
function of its arguments; nothing here may draw from an unseeded source or write files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from faker.providers.person.en_GB import Provider as BritishNames
from faker.providers.person.es_ES import Provider as SpanishNames

NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"), "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Robert": ("Bob", "Rob", "Bobby"), "Margaret": ("Maggie", "Peggy", "Meg"),
    "James": ("Jim", "Jimmy", "Jamie"), "Michael": ("Mike", "Mick"),
    "Katherine": ("Kate", "Kathy", "Katie"), "Catherine": ("Cathy", "Kate", "Cath"),
    "Thomas": ("Tom", "Tommy"), "Christopher": ("Chris",), "Jennifer": ("Jen", "Jenny"),
    "Richard": ("Rich", "Dick", "Richie"), "Daniel": ("Dan", "Danny"), "Matthew": ("Matt",),
    "Anthony": ("Tony", "Ant"), "Alexander": ("Alex", "Sandy"), "Samuel": ("Sam",),
    "Benjamin": ("Ben",), "Joseph": ("Joe",), "Edward": ("Ed", "Ted", "Eddie"),
    "Rebecca": ("Becky", "Becca"), "Victoria": ("Vicky", "Tori"), "Susan": ("Sue", "Susie"),
    "Patricia": ("Pat", "Trish"), "Deborah": ("Debbie", "Deb"), "Jessica": ("Jess",),
    "Charlotte": ("Charlie", "Lottie"), "Abigail": ("Abby",), "Nicholas": ("Nick",),
    "Jonathan": ("Jon", "Jonny"), "Andrew": ("Andy", "Drew"), "David": ("Dave", "Davy"),
    "Stephen": ("Steve",), "Steven": ("Steve",), "Timothy": ("Tim",), "Peter": ("Pete",),
    "Jacqueline": ("Jackie",), "Christine": ("Chris", "Chrissie"), "Kenneth": ("Ken", "Kenny"),
    "Raymond": ("Ray",), "Philip": ("Phil",), "Gregory": ("Greg",), "Samantha": ("Sam",),
    "Alexandra": ("Alex", "Lexi"), "Frances": ("Fran",), "Josephine": ("Jo", "Josie"),
    "Joanne": ("Jo",), "Suzanne": ("Suzy",), "Kimberley": ("Kim",), "Nicola": ("Nicky",),
    "Gerald": ("Gerry",), "Lawrence": ("Laurie", "Larry"), "Frederick": ("Fred", "Freddie"),
    "Harold": ("Harry",), "Henry": ("Harry",), "Oliver": ("Ollie",), "Daniela": ("Dani",),
    "José": ("Pepe",), "Francisco": ("Paco", "Curro", "Fran"), "Manuel": ("Manolo", "Manu"),
    "Dolores": ("Lola",), "Concepción": ("Concha", "Conchi"), "Ignacio": ("Nacho",),
    "Jesús": ("Chus", "Chuy"), "Guillermo": ("Guille",), "Enrique": ("Quique",),
    "Rosario": ("Charo",), "Mercedes": ("Merche",), "Antonio": ("Toni", "Toño"),
    "Alejandro": ("Álex", "Alex"), "Josefa": ("Pepa",), "Rafael": ("Rafa",),
    "Eduardo": ("Edu",), "Isabel": ("Isa", "Chabela"), "Pilar": ("Pili",),
    "Teresa": ("Tere",), "Fernando": ("Nando",), "Javier": ("Javi",),
    "Cristina": ("Cris",), "Montserrat": ("Montse",), "Inmaculada": ("Inma",),
    "Gregorio": ("Goyo",), "Luis": ("Lucho",), "Roberto": ("Rober",),
    "José Luis": ("Pepelu",), "María José": ("Majo",), "José María": ("Chema",),
    "Francisco Javier": ("Fran", "Javi"), "Juan Carlos": ("Juanca",),
}  # fmt: skip
# Spellings a person's name is heard or typed as (the right one is the key).
SPELLINGS: dict[str, tuple[str, ...]] = {
    "John": ("Jon",), "Stephen": ("Steven",), "Steven": ("Stephen",),
    "Katherine": ("Catherine", "Kathryn"), "Catherine": ("Katherine", "Kathryn"),
    "Sarah": ("Sara",), "Philip": ("Phillip",), "Geoffrey": ("Jeffrey",), "Matthew": ("Mathew",),
    "Rachel": ("Rachael",), "Anne": ("Ann",), "Claire": ("Clare",), "Louise": ("Louisa",),
    "Thompson": ("Thomson",), "Mackenzie": ("McKenzie",), "Macdonald": ("McDonald",),
    "Smith": ("Smyth",), "Reid": ("Reed",), "Phillips": ("Philips",), "Davies": ("Davis",),
    "Mathews": ("Matthews",), "Matthews": ("Mathews",), "Allen": ("Allan",),
    "Javier": ("Xavier",), "Jiménez": ("Giménez",), "Giménez": ("Jiménez",),
    "Yolanda": ("Iolanda",), "Sergio": ("Serjio",), "Vázquez": ("Vásquez",),
}  # fmt: skip
_COMMON_SPANISH_SURNAMES = (
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Álvarez",
    "Muñoz",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Morales",
    "Suárez",
    "Ortega",
    "Delgado",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Núñez",
    "Iglesias",
    "Medina",
    "Garrido",
)
_COMMON_SPANISH_GIVEN = {
    "M": (
        "Antonio", "José", "Manuel", "Francisco", "David", "Juan", "Javier", "José Luis",
        "Daniel", "Carlos", "Jesús", "Alejandro", "Miguel", "José Antonio", "Rafael", "Pablo",
        "Sergio", "Fernando", "Jorge", "Luis", "Alberto", "Álvaro", "Adrián", "Diego", "Raúl",
        "Enrique", "Ignacio", "Guillermo", "Eduardo", "Roberto", "Mario", "Hugo",
        "Francisco Javier",
    ),
    "F": (
        "María", "Carmen", "Ana", "Isabel", "Laura", "Cristina", "Marta", "Lucía", "Pilar",
        "Elena", "Dolores", "Paula", "Sara", "Raquel", "Rosario", "Mercedes", "Teresa", "Silvia",
        "Julia", "Beatriz", "Montserrat", "Concepción", "Sofía", "Alba", "María José", "Patricia",
        "Irene", "Andrea", "Inmaculada", "Josefa", "Nuria", "Rocío",
    ),
}  # fmt: skip
KEYBOARD_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip


@dataclass(frozen=True)
class NamePool:
    """Names with sampling weights, and their ASCII lower-case forms for e-mails and handles."""

    names: np.ndarray  # object array of str
    weights: np.ndarray  # float64, sums to 1
    ascii: np.ndarray  # object array of str: accents folded, lower case, letters only

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Indices into ``names`` drawn by weight."""
        return rng.choice(len(self.names), size=size, p=self.weights)


@dataclass(frozen=True)
class NameBook:
    """Every pool the demo draws names from, by language and sex."""

    given: dict[tuple[str, str], NamePool]  # (language, "F"|"M") -> given names
    family: dict[str, NamePool]  # language -> family names


def fold_accents(text: str) -> str:
    """``José Núñez`` -> ``Jose Nunez``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def ascii_token(text: str) -> str:
    """Lower-case ASCII letters only, as used to build e-mail addresses and handles."""
    return "".join(ch for ch in fold_accents(text).lower() if "a" <= ch <= "z")


def _pool(names: list[str], weights: list[float]) -> NamePool:
    # Windows-1252 exports (the CRM) must be able to hold every name.
    kept = [
        (name, weight)
        for name, weight in zip(names, weights, strict=True)
        if _fits_cp1252(name) and ascii_token(name)
    ]
    chosen = np.array([name for name, _ in kept], dtype=object)
    raw = np.array([weight for _, weight in kept], dtype=float)
    return NamePool(chosen, raw / raw.sum(), np.array([ascii_token(n) for n in chosen], object))


def _fits_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _ranked(names: tuple[str, ...], extra: tuple[str, ...] = ()) -> tuple[list[str], list[float]]:
    # Faker's British given names are listed by popularity; a Zipf-like curve keeps that shape.
    ordered = list(dict.fromkeys(names + extra))
    return ordered, [1.0 / (rank + 12) for rank in range(len(ordered))]


def _spanish_given(sex: str) -> tuple[list[str], list[float]]:
    listed = SpanishNames.first_names_female if sex == "F" else SpanishNames.first_names_male
    common = _COMMON_SPANISH_GIVEN[sex]
    rest = [name for name in dict.fromkeys(listed) if name not in common]
    return [*common, *rest], [6.0] * len(common) + [0.25] * len(rest)


@cache
def name_book() -> NameBook:
    """The name pools (built once per process from Faker's locale data)."""
    nickname_sources = tuple(NICKNAMES)
    en_female, en_female_w = _ranked(
        BritishNames.first_names_female,
        tuple(n for n in nickname_sources if n in BritishNames.first_names_female),
    )
    en_male, en_male_w = _ranked(BritishNames.first_names_male)
    es_female, es_female_w = _spanish_given("F")
    es_male, es_male_w = _spanish_given("M")
    british_family = dict(BritishNames.last_names)
    spanish_common = list(_COMMON_SPANISH_SURNAMES)
    spanish_rest = [n for n in dict.fromkeys(SpanishNames.last_names) if n not in spanish_common]
    return NameBook(
        given={
            ("en", "F"): _pool(en_female, en_female_w),
            ("en", "M"): _pool(en_male, en_male_w),
            ("es", "F"): _pool(es_female, es_female_w),
            ("es", "M"): _pool(es_male, es_male_w),
        },
        family={
            "en": _pool(list(british_family), list(british_family.values())),
            "es": _pool(
                spanish_common + spanish_rest,
                [8.0] * len(spanish_common) + [0.3] * len(spanish_rest),
            ),
        },
    )


def misspell(text: str, position: float, operation: int, pick: float) -> str:
    """Apply one typing error to a word: the kind of slip a person makes at a keyboard.

    Args:
        text: The word.
        position: Where in the word, in [0, 1).
        operation: 0 substitutes a keyboard neighbour, 1 drops a letter, 2 swaps two adjacent
            letters, 3 doubles a letter.
        pick: In [0, 1), chooses among the neighbours of the letter.

    Returns:
        The word with one error (unchanged when it is too short to alter).
    """
    if len(text) < 3:
        return text
    # Typists rarely get the first letter wrong; keep it.
    index = 1 + int(position * (len(text) - 1))
    index = min(index, len(text) - 1)
    letter = text[index]
    if operation == 0:
        neighbours = KEYBOARD_NEIGHBOURS.get(letter.lower())
        if not neighbours:
            return text[:index] + text[index + 1 :]
        swap = neighbours[int(pick * len(neighbours))]
        swap = swap.upper() if letter.isupper() else swap
        return text[:index] + swap + text[index + 1 :]
    if operation == 1:
        return text[:index] + text[index + 1 :]
    if operation == 2 and index + 1 < len(text):
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    return text[:index] + letter + text[index:]


def misspell_many(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Copy of ``values`` with one typing error in each string where ``mask`` is set."""
    out = values.copy()
    chosen = np.flatnonzero(mask)
    if chosen.size == 0:
        return out
    positions = rng.random(chosen.size)
    operations = rng.integers(0, 4, chosen.size)
    picks = rng.random(chosen.size)
    for k, i in enumerate(chosen.tolist()):
        value = out[i]
        if isinstance(value, str) and value:
            out[i] = misspell(value, positions[k], int(operations[k]), picks[k])
    return out


def nickname_many(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Copy of ``values`` with a nickname where ``mask`` is set and the name has one."""
    out = values.copy()
    chosen = np.flatnonzero(mask)
    picks = rng.random(chosen.size)
    for k, i in enumerate(chosen.tolist()):
        options = NICKNAMES.get(out[i]) if isinstance(out[i], str) else None
        if options:
            out[i] = options[int(picks[k] * len(options))]
    return out


def respell_many(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Copy of ``values`` with another common spelling where ``mask`` is set and one exists."""
    out = values.copy()
    chosen = np.flatnonzero(mask)
    picks = rng.random(chosen.size)
    for k, i in enumerate(chosen.tolist()):
        options = SPELLINGS.get(out[i]) if isinstance(out[i], str) else None
        if options:
            out[i] = options[int(picks[k] * len(options))]
    return out


def apply_where(values: np.ndarray, mask: np.ndarray, change: Callable[[str], str]) -> np.ndarray:
    """Copy of ``values`` with ``change(value)`` applied where ``mask`` is set and not None."""
    out = values.copy()
    for i in np.flatnonzero(mask).tolist():
        if out[i] is not None:
            out[i] = change(out[i])
    return out
