"""Identity resolution: accuracy on public labelled data and speed at one million records.

Three parts, all reported side by side by the harness:

* accuracy of ``resolve_identities`` with default settings on FEBRL3 (deduplication), FEBRL4
  (linkage of two files), Splink's fake_1000 and, when a demo workspace with ground truth exists,
  the demo's persons; pairwise precision, recall and F1 after clustering;
* one million synthetic customer records (generated here from Faker pools with controlled
  corruption and known truth, never downloaded), resolved end to end by Centric next to a plain
  Splink pipeline that trains on every record;
* ``resolve_record`` latency against the resolved million, next to Splink's real-time
  ``compare_records`` scoring the same candidates.

Reference data are read from ``../shared/data`` (``CENTRIC_REFERENCE_DATA`` overrides);
``CENTRIC_BENCH_IDENTITY_RECORDS`` sets the synthetic population (0: accuracy only);
``CENTRIC_BENCH_IDENTITY_THRESHOLDS=0.95,0.8`` also reports each labelled data set clustered
at those thresholds (precision/recall/F1), ``CENTRIC_BENCH_IDENTITY_ATTACH=0.7,0.9`` at those
attach thresholds; ``CENTRIC_BENCH_IDENTITY_ONLINE=1`` skips the
accuracy cases and the plain Splink pipelines, resolving the synthetic population and measuring
``resolve_record`` (and its Splink baseline) only.
"""

from __future__ import annotations

import csv
import logging
import os
import random
import re
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
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
    rng = random.Random(seed)  # noqa: S311  # seeded test data, not security
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


# ---------------------------------------------------------------------------------------------
# Loading records into a workspace
# ---------------------------------------------------------------------------------------------


def reference_data() -> Path:
    """Where the public reference data sets are."""
    folder = Path(os.environ.get("CENTRIC_REFERENCE_DATA", "../shared/data"))
    if not (folder / "febrl").is_dir():
        raise FileNotFoundError(
            f"Reference data not found in {folder.resolve()}: set CENTRIC_REFERENCE_DATA to the "
            "folder holding febrl/ and splink_fake_1000/."
        )
    return folder


def load_records(runtime: Any, table: pa.Table, *, date_format: str | None = None) -> None:
    """Write records (customer_records columns as text) into the workspace's warehouse.

    Dates that cannot be read become empty, as Splink's own examples treat them, instead of
    sending the row to quarantine as ingest would: accuracy is about matching, not ingest.
    """
    columns = [c for c in table.column_names if c not in ("person_id", "_row")]
    staged = table.select(columns).append_column("_row", pa.array(range(table.num_rows)))
    runtime.warehouse.stage_arrow("bench_load", staged)
    typed = []
    for column in columns:
        if column == "date_of_birth":
            parse = (
                f"try_strptime(date_of_birth, '{date_format}')"
                if date_format
                else "TRY_CAST(date_of_birth AS TIMESTAMP)"
            )
            typed.append(f"CAST({parse} AS DATE) AS date_of_birth")
        elif column == "email_verified":
            typed.append("email_verified = 'true' AS email_verified")
        else:
            typed.append(column)
    runtime.warehouse.execute(
        f"INSERT INTO customer_records BY NAME SELECT {', '.join(typed)}, "
        f"CAST(now() AS TIMESTAMP) AS ingested_at FROM bench_load"
    )
    runtime.warehouse.drop_staging("bench_load")


def febrl_records(name: str, source: str) -> pa.Table:
    """A FEBRL file as customer_records columns plus person_id (the N of rec-N-...)."""
    path = reference_data() / "febrl" / f"{name}.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, skipinitialspace=True))

    def column(key: str) -> list[str | None]:
        return [(row[key] or "").strip() or None for row in rows]

    numbers, streets = column("street_number"), column("address_1")
    return pa.table(
        {
            "source": [source] * len(rows),
            "source_key": column("rec_id"),
            "first_name": column("given_name"),
            "last_name": column("surname"),
            "address_line1": [
                " ".join(p for p in (n, s) if p) or None
                for n, s in zip(numbers, streets, strict=False)
            ],
            "address_line2": column("address_2"),
            "city": column("suburb"),
            "postcode": column("postcode"),
            "region": column("state"),
            "date_of_birth": column("date_of_birth"),
            "customer_number": column("soc_sec_id"),
            "country": ["AU"] * len(rows),
            "person_id": [re.match(r"rec-(\d+)-", k or "").group(1) for k in column("rec_id")],
        }
    )


def fake_1000_records() -> pa.Table:
    """Splink's fake_1000 as customer_records columns plus person_id (its cluster)."""
    path = reference_data() / "splink_fake_1000" / "fake_1000.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def column(key: str) -> list[str | None]:
        return [(row[key] or "").strip() or None for row in rows]

    return pa.table(
        {
            "source": ["fake_1000"] * len(rows),
            "source_key": column("unique_id"),
            "first_name": column("first_name"),
            "last_name": column("surname"),
            "date_of_birth": column("dob"),
            "city": column("city"),
            "email": column("email"),
            "person_id": column("cluster"),
        }
    )


def truth_of(table: pa.Table) -> pa.Table:
    """source, source_key, person_id of labelled records."""
    return table.select(["source", "source_key", "person_id"])


# ---------------------------------------------------------------------------------------------
# Cases (each runs in its own process)
# ---------------------------------------------------------------------------------------------


def _resolve_labelled(dataset: str, workspace: str) -> dict[str, Any]:
    from centric.identity import evaluate_against_truth, resolve_identities
    from centric.runtime import init_workspace, open_runtime

    folder = Path(workspace)
    shutil.rmtree(folder, ignore_errors=True)
    settings = init_workspace(folder)
    if dataset == "febrl3":
        table, fmt = febrl_records("dataset3", "febrl3"), "%Y%m%d"
    elif dataset == "febrl4":
        table = pa.concat_tables(
            [febrl_records("dataset4a", "febrl4a"), febrl_records("dataset4b", "febrl4b")]
        )
        fmt = "%Y%m%d"
    else:
        table, fmt = fake_1000_records(), None
    with open_runtime(settings) as runtime:
        load_records(runtime, table, date_format=fmt)
        started = time.perf_counter()
        result = resolve_identities(runtime)
        seconds = time.perf_counter() - started
        accuracy = evaluate_against_truth(runtime, truth_of(table))
        metrics = _accuracy_metrics(accuracy, seconds, result.customers)
        metrics.update(_other_thresholds(runtime, truth_of(table)))
    shutil.rmtree(folder, ignore_errors=True)
    return metrics


def _other_thresholds(runtime: Any, truth: pa.Table) -> dict[str, Any]:
    # CENTRIC_BENCH_IDENTITY_THRESHOLDS="0.95,0.85": the same workspace and model clustered again
    # at each threshold (a new threshold re-scores and re-clusters everything);
    # CENTRIC_BENCH_IDENTITY_ATTACH="0.7,0.9": the same at each attach threshold (0.9, the
    # default threshold, turns attaching off).
    from centric.identity import IdentityConfig, evaluate_against_truth, resolve_identities

    metrics: dict[str, Any] = {}
    for variable, option, label in (
        ("CENTRIC_BENCH_IDENTITY_THRESHOLDS", "threshold", "at"),
        ("CENTRIC_BENCH_IDENTITY_ATTACH", "attach_threshold", "attach"),
    ):
        listed = os.environ.get(variable, "")
        for value in [float(t) for t in listed.split(",") if t.strip()]:
            config = IdentityConfig(**{option: value})
            resolve_identities(runtime, config=config)
            accuracy = evaluate_against_truth(runtime, truth)
            metrics[f"{label}_{value}"] = (
                f"{accuracy.precision:.4f}/{accuracy.recall:.4f}/{accuracy.f1:.4f}"
            )
    return metrics


def _accuracy_metrics(accuracy: Any, seconds: float, customers: int) -> dict[str, Any]:
    return {
        "seconds": seconds,
        "records": accuracy.records,
        "customers": customers,
        "precision": round(accuracy.precision, 4),
        "recall": round(accuracy.recall, 4),
        "f1": round(accuracy.f1, 4),
    }


def _resolve_demo(workspace: str, customers: int) -> dict[str, Any]:
    import pyarrow.csv as pa_csv

    from centric.config import load_settings
    from centric.demo import build_demo
    from centric.identity import evaluate_against_truth, resolve_identities
    from centric.runtime import open_runtime

    folder = Path(workspace)
    shutil.rmtree(folder, ignore_errors=True)
    build_demo(folder, customers=customers)
    persons = pa_csv.read_csv(
        folder / "ground_truth" / "persons.csv",
        convert_options=pa_csv.ConvertOptions(
            column_types={"source_key": pa.string(), "person_id": pa.string()}
        ),
    )
    persons = persons.filter(pc.equal(persons["kind"], "customer_records"))
    with open_runtime(load_settings(folder)) as runtime:
        started = time.perf_counter()
        result = resolve_identities(runtime)
        seconds = time.perf_counter() - started
        accuracy = evaluate_against_truth(runtime, persons)
        metrics = _accuracy_metrics(accuracy, seconds, result.customers)
        metrics.update(_other_thresholds(runtime, persons))
    shutil.rmtree(folder, ignore_errors=True)
    return metrics


def _resolve_million(people: str, workspace: str) -> dict[str, Any]:
    from centric.identity import evaluate_against_truth, resolve_identities
    from centric.runtime import init_workspace, open_runtime

    folder = Path(workspace)
    shutil.rmtree(folder, ignore_errors=True)
    settings = init_workspace(folder)
    table = pq.read_table(people)
    with open_runtime(settings) as runtime:
        load_records(runtime, table)
        runtime.warehouse.checkpoint()
        started = time.perf_counter()
        result = resolve_identities(runtime)
        seconds = time.perf_counter() - started
        accuracy = evaluate_against_truth(runtime, truth_of(table))
    metrics = _accuracy_metrics(accuracy, seconds, result.customers)
    metrics.update({f"stage_{k}": round(v, 1) for k, v in result.timings.items()})
    return metrics


def _plain_splink(people: str, u_max_pairs: float) -> dict[str, Any]:
    # What a Splink user writes following Splink's tutorials: light cleaning in SQL, Splink's
    # library comparisons, the prior from deterministic rules, u by random sampling, m by
    # expectation maximisation over every record, predict, cluster.
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    connection = duckdb.connect()
    connection.execute(
        f"""CREATE TABLE people AS SELECT row_number() OVER () AS unique_id, person_id,
    lower(trim(first_name)) AS first_name, lower(trim(last_name)) AS surname,
    date_of_birth AS dob, lower(trim(email)) AS email,
    regexp_replace(phone, '[^0-9]', '', 'g') AS phone, lower(address_line1) AS address,
    lower(city) AS city, upper(replace(postcode, ' ', '')) AS postcode
FROM read_parquet('{people}')"""
    )
    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("address", 2),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("email"),
            block_on("phone"),
            block_on("postcode", "surname"),
        ],
        additional_columns_to_retain=["person_id"],
    )
    linker = Linker(DuckDBAPI(connection).register("people"), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("email")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95)
    connection.execute(
        f"CREATE TABLE clusters AS SELECT unique_id, cluster_id FROM {clusters.physical_name}"
    )
    seconds = time.perf_counter() - started
    true_pairs, predicted, correct = connection.execute(
        """SELECT
    (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM people GROUP BY person_id)),
    (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM clusters GROUP BY cluster_id)),
    (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM clusters JOIN people
        USING (unique_id) GROUP BY cluster_id, person_id))"""
    ).fetchall()[0]
    precision = correct / predicted
    recall = correct / true_pairs
    return {
        "seconds": seconds,
        "training_seconds": round(trained - started, 1),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4),
    }


def _online_probes(
    people: str, probes: int, truth: dict[str, str]
) -> list[tuple[dict[str, Any], str]]:
    # Records drawn from the population, with a typo in the last name; each with its customer.
    table = pq.read_table(people)
    rng = random.Random(SEED + 1)  # noqa: S311  # seeded test data, not security
    picks = sorted(rng.sample(range(table.num_rows), probes))
    found = []
    for row in table.take(picks).to_pylist():
        fields = {
            k: row[k]
            for k in ("first_name", "last_name", "date_of_birth", "email", "phone")
            if row.get(k)
        }
        fields["last_name"] = _typo(rng, str(row.get("last_name") or "x"))
        fields["address_line1"] = row.get("address_line1")
        fields["postcode"] = row.get("postcode")
        found.append((fields, truth[f"{row['source']}:{row['source_key']}"]))
    return found


def _customers(runtime: Any) -> dict[str, str]:
    return dict(
        runtime.warehouse.fetch_all(
            "SELECT source || ':' || source_key, customer_id FROM customer_links"
        )
    )


def _latency_metrics(timings: list[float], **extra: Any) -> dict[str, Any]:
    timings = sorted(timings)
    return {
        "seconds": sum(timings),
        "probes": len(timings),
        "p50_ms": round(1000 * statistics.median(timings), 1),
        "p95_ms": round(1000 * timings[int(0.95 * len(timings)) - 1], 1),
        "p99_ms": round(1000 * timings[int(0.99 * len(timings)) - 1], 1),
        **extra,
    }


def _online_latency(people: str, workspace: str, probes: int) -> dict[str, Any]:
    from centric.config import load_settings
    from centric.identity import open_resolver
    from centric.runtime import open_runtime

    timings: list[float] = []
    correct = 0
    with open_runtime(load_settings(Path(workspace))) as runtime:
        cases = _online_probes(people, probes, _customers(runtime))
        with open_resolver(runtime) as resolver:
            resolver.resolve({"first_name": "warm", "last_name": "up"})
            for fields, expected in cases:
                started = time.perf_counter()
                match = resolver.resolve(fields)
                timings.append(time.perf_counter() - started)
                correct += match.customer_id == expected
    return _latency_metrics(timings, right_customer=round(correct / probes, 4))


def _splink_realtime_latency(people: str, workspace: str, probes: int) -> dict[str, Any]:
    # What a Splink user reaches for to score one record: splink's real-time compare_records
    # (SQL cached under a key), given the same standardised record and the same candidates
    # Centric scores. Only the scoring is timed: finding candidates and choosing the customer
    # are left out, so the baseline is flattered, not Centric.
    from splink.internals.realtime import compare_records

    from centric.config import load_settings
    from centric.identity import open_resolver
    from centric.identity.linkage import open_linkage
    from centric.runtime import open_runtime

    timings: list[float] = []
    with open_runtime(load_settings(Path(workspace))) as runtime:
        cases = _online_probes(people, probes, _customers(runtime))
        with (
            open_resolver(runtime) as resolver,
            open_linkage(runtime.warehouse, "duckdb") as linkage,
        ):
            scorer = resolver.scorer
            settings = dict(scorer.model.settings)
            api = linkage.api
            for fields, _expected in cases:
                probe = resolver._standardise(fields)  # same record Centric scores
                candidates_sql = resolver._candidates_sql(probe)
                if candidates_sql is None:
                    continue
                candidates = runtime.warehouse.fetch_arrow(candidates_sql)
                # Typed like the candidates: Splink cannot type a column that is null.
                record = pa.Table.from_pylist(
                    [scorer.with_term_frequencies(probe)], schema=candidates.schema
                )
                started = time.perf_counter()
                frame = compare_records(record, candidates, settings, api, sql_cache_key="bench")
                frame.as_record_list()
                timings.append(time.perf_counter() - started)
                frame.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    return _latency_metrics(timings)


def run(out: Path) -> list[Result]:
    """Accuracy on reference data, then one million records, then online latency."""
    work = out / "identity"
    work.mkdir(parents=True, exist_ok=True)
    online_only = os.environ.get("CENTRIC_BENCH_IDENTITY_ONLINE") == "1"
    results = [] if online_only else _accuracy_cases(work)
    records = int(os.environ.get("CENTRIC_BENCH_IDENTITY_RECORDS", MILLION))
    if records == 0:  # accuracy only
        report("identity", results, _notes())
        return results
    people = write_people(work / f"people_{records}.parquet", records)
    label = f"{records:,} records"
    if not online_only:
        results.extend(_plain_splink_cases(str(people), label))
    million = str(work / "ws_million")
    results.append(
        measure(
            "identity",
            f"Centric resolve_identities, {label}",
            _resolve_million,
            str(people),
            million,
            baseline=None if online_only else f"plain Splink, trains on all {label} (u 1e8)",
        )
    )
    splink_online = f"Splink compare_records x1,000, {label}"
    results.append(
        measure("identity", splink_online, _splink_realtime_latency, str(people), million, 1_000)
    )
    results.append(
        measure(
            "identity",
            f"resolve_record x1,000 against {label}",
            _online_latency,
            str(people),
            million,
            1_000,
            baseline=splink_online,
        )
    )
    report("identity", results, _notes())
    shutil.rmtree(million, ignore_errors=True)
    return results


def _accuracy_cases(work: Path) -> list[Result]:
    results = [
        measure("identity", f"accuracy {name}", _resolve_labelled, name, str(work / f"ws_{name}"))
        for name in ("febrl3", "febrl4", "fake_1000")
    ]
    try:
        results.append(
            measure(
                "identity",
                "accuracy demo (5,000 customers)",
                _resolve_demo,
                str(work / "ws_demo"),
                5_000,
            )
        )
    except RuntimeError as exc:
        print(f"  demo accuracy not measured: {exc}")
    return results


def _plain_splink_cases(people: str, label: str) -> list[Result]:
    results: list[Result] = []
    results.append(
        measure(
            "identity",
            f"plain Splink, trains on all {label} (u 1e8)",
            _plain_splink,
            people,
            1e8,
        )
    )
    results.append(
        measure(
            "identity",
            f"plain Splink, trains on all {label} (u 1e7)",
            _plain_splink,
            people,
            1e7,
            baseline=f"plain Splink, trains on all {label} (u 1e8)",
        )
    )
    return results


def _notes() -> dict[str, str]:
    return {
        "data": "FEBRL and fake_1000 from ../shared/data; synthetic people generated here",
        "settings": "Centric defaults ([identity] absent); no per-dataset tuning",
    }
