"""Identity resolution: accuracy on public labelled data and speed at one million records.

Three parts, all reported side by side by the harness:

* accuracy of ``resolve_identities`` with default settings on FEBRL3 (deduplication), FEBRL4
  (linkage of two files), Splink's fake_1000 and, when a demo workspace with ground truth exists,
  the demo's persons; pairwise precision, recall and F1 after clustering;
* one million synthetic customer records (generated here from Faker pools with controlled
  corruption and known truth, never downloaded), resolved end to end by Centric next to a plain
  Splink pipeline that trains on every record;
* ``resolve_record`` latency against the resolved million.

Reference data are read from ``../shared/data`` (``CENTRIC_REFERENCE_DATA`` overrides).
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.harness import Result, measure, report

MILLION = 1_000_000
SEED = 20_260_101

# ---------------------------------------------------------------------------------------------
# Synthetic people with known truth
# ---------------------------------------------------------------------------------------------

_LOCALES = ("en_GB", "en_US", "en_IE", "es_ES", "fr_FR", "de_DE", "it_IT")
_SOURCES = ("crm", "webshop", "loyalty", "service")
_NICKNAMES = {
    "william": "bill",
    "robert": "bob",
    "elizabeth": "liz",
    "margaret": "maggie",
    "richard": "dick",
    "james": "jim",
    "joseph": "joe",
    "thomas": "tom",
    "michael": "mike",
    "christopher": "chris",
    "katherine": "kate",
    "jennifer": "jenny",
    "francisco": "paco",
    "jose": "pepe",
    "manuel": "manolo",
    "daniel": "dan",
    "matthew": "matt",
    "andrew": "andy",
    "anthony": "tony",
    "samuel": "sam",
    "rebecca": "becky",
    "alexander": "alex",
    "benjamin": "ben",
    "edward": "ted",
}
_STREET_ABBREVIATIONS = {" Street": " St", " Road": " Rd", " Avenue": " Ave", " Lane": " Ln"}
_EMAIL_DOMAINS = ("gmail.com", "yahoo.co.uk", "hotmail.com", "outlook.com", "btinternet.com")


def _pools(seed: int) -> dict[str, list[str]]:
    from faker import Faker

    fake = Faker(list(_LOCALES))
    Faker.seed(seed)
    first: set[str] = set()
    last: set[str] = set()
    for locale in _LOCALES:
        local = fake[locale]
        for _ in range(3_000):
            first.add(local.first_name())
            last.add(local.last_name())
    uk = fake["en_GB"]
    streets = sorted({uk.street_name() for _ in range(20_000)})
    towns = sorted({uk.city() for _ in range(6_000)})
    postcodes = sorted({uk.postcode() for _ in range(60_000)})
    return {
        "first": sorted(first),
        "last": sorted(last),
        "streets": streets,
        "towns": towns,
        "postcodes": postcodes,
    }


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    kind = rng.random()
    if kind < 0.35:  # substitution
        return text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1 :]
    if kind < 0.6:  # deletion
        return text[:i] + text[i + 1 :]
    if kind < 0.85 and i < len(text) - 1:  # transposition
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiou") + text[i:]  # insertion


def generate_people(records: int, *, seed: int = SEED) -> pa.Table:
    """Customer records of synthetic people spread over four sources, with truth.

    About 40% of people appear once, the rest two to five times across sources, each copy
    independently corrupted the way real customer data are: typos, nicknames, accents lost,
    swapped day and month, missing fields, e-mail case and gmail dots, phones written nationally
    or internationally, abbreviated street types, postcodes without their space.

    Returns:
        Columns of ``customer_records`` (as text) plus ``person_id``, the truth.
    """
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    pools = _pools(seed)
    people = int(records / 2.2)
    counts = np.minimum(1 + nprng.poisson(1.25, size=people), 5)
    scale = records / counts.sum()
    counts = np.maximum(1, np.round(counts * scale)).astype(int)
    first = nprng.choice(pools["first"], size=people)
    last = nprng.choice(pools["last"], size=people)
    dob_days = nprng.integers(-11_000, 13_000, size=people)  # 1939 .. 2005
    streets = nprng.choice(pools["streets"], size=people)
    numbers = nprng.integers(1, 250, size=people)
    towns = nprng.choice(pools["towns"], size=people)
    postcodes = nprng.choice(pools["postcodes"], size=people)
    phones = nprng.integers(7_000_000_000, 7_999_999_999, size=people)
    domains = nprng.choice(_EMAIL_DOMAINS, size=people)
    columns: dict[str, list[Any]] = {
        name: []
        for name in (
            "source",
            "source_key",
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "email_verified",
            "phone",
            "address_line1",
            "city",
            "postcode",
            "country",
            "person_id",
        )
    }
    epoch = np.datetime64("1970-01-01")
    total = 0
    for person in range(people):
        if total >= records:
            break
        given = str(first[person])
        family = str(last[person])
        dob = epoch + np.timedelta64(int(dob_days[person]), "D")
        local = f"{given}.{family}".lower().replace(" ", "")
        if rng.random() < 0.3:
            local = f"{given[0]}{family}{rng.randrange(1, 99)}".lower().replace(" ", "")
        email = f"{local}@{domains[person]}"
        address = f"{numbers[person]} {streets[person]}"
        for copy in range(int(counts[person])):
            if total >= records:
                break
            total += 1
            source = _SOURCES[(person + copy) % len(_SOURCES)]
            columns["source"].append(source)
            columns["source_key"].append(f"{source[0].upper()}{total:08d}")
            columns["person_id"].append(person)
            corrupt = copy > 0 and rng.random() < 0.75
            g, f = given, family
            if corrupt and rng.random() < 0.25:
                g = _typo(rng, g)
            if corrupt and rng.random() < 0.2:
                f = _typo(rng, f)
            if corrupt and g.lower() in _NICKNAMES and rng.random() < 0.5:
                g = _NICKNAMES[g.lower()].title()
            if rng.random() < 0.1:
                g, f = g.upper(), f.upper()
            columns["first_name"].append(g if rng.random() > 0.02 else None)
            columns["last_name"].append(f)
            d = str(dob)
            if corrupt and rng.random() < 0.08:
                y, m, dd = d.split("-")
                d = f"{y}-{dd}-{m}" if int(dd) <= 12 else f"{y}-{m}-{int(dd) % 28 + 1:02d}"
            columns["date_of_birth"].append(d if rng.random() > 0.15 else None)
            e = email
            if rng.random() < 0.3:
                e = None
            elif corrupt and rng.random() < 0.1:
                e = e.upper()
            elif corrupt and rng.random() < 0.1 and e.endswith("gmail.com"):
                e = e.replace(".", "", 1)
            elif corrupt and rng.random() < 0.08:
                e = _typo(rng, e)
            columns["email"].append(e)
            columns["email_verified"].append(
                "true" if e == email and source in ("webshop", "loyalty") else "false"
            )
            p = int(phones[person])
            phone: str | None
            style = rng.random()
            if style < 0.35:
                phone = None
            elif style < 0.6:
                phone = f"+44 {str(p)[:4]} {str(p)[4:]}"
            elif style < 0.85:
                phone = f"0{str(p)[:4]} {str(p)[4:]}"
            else:
                phone = f"(0{str(p)[:4]}) {str(p)[4:7]}-{str(p)[7:]}"
            columns["phone"].append(phone)
            a = address
            if corrupt and rng.random() < 0.3:
                for long, short in _STREET_ABBREVIATIONS.items():
                    a = a.replace(long, short)
            if corrupt and rng.random() < 0.1:
                a = _typo(rng, a)
            columns["address_line1"].append(a if rng.random() > 0.1 else None)
            columns["city"].append(str(towns[person]) if rng.random() > 0.15 else None)
            pc = str(postcodes[person])
            if rng.random() < 0.2:
                pc = pc.replace(" ", "").lower()
            columns["postcode"].append(pc if rng.random() > 0.1 else None)
            columns["country"].append("GB")
    return pa.table(columns)


def write_people(path: Path, records: int) -> Path:
    """Generate people once into a Parquet file (reused by every case)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(generate_people(records), path)
    return path
