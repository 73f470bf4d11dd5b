"""The generated demo files: deterministic, overlapping with variation, and carrying the planted
effects (team engagement on customer scores, the emerging theme, Spanish share, bad rows)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from centric.demo import generate_demo
from centric.demo.retailer import EMERGING_THEME

SMALL = 400
MODERATE = 3_000


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _csv(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    generate_demo(folder, customers=SMALL, seed=11)
    return folder


@pytest.fixture(scope="module")
def moderate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("moderate")
    generate_demo(folder, customers=MODERATE, seed=42)
    return folder


def test_same_seed_writes_identical_bytes(small: Path, tmp_path: Path) -> None:
    generate_demo(tmp_path, customers=SMALL, seed=11)
    assert _digests(tmp_path) == _digests(small)


def test_same_seed_writes_identical_bytes_in_another_process(small: Path, tmp_path: Path) -> None:
    # String hashing is randomised per process; nothing written may depend on it.
    code = (
        "import sys; from pathlib import Path; from centric.demo import generate_demo; "
        f"generate_demo(Path(sys.argv[1]), customers={SMALL}, seed=11)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
    )
    assert _digests(tmp_path) == _digests(small)


def test_other_seed_writes_different_files(small: Path, tmp_path: Path) -> None:
    generate_demo(tmp_path, customers=SMALL, seed=12)
    first, second = _digests(small), _digests(tmp_path)
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_every_source_system_exports_in_its_own_format(small: Path) -> None:
    expected = {
        "data/crm/customers.csv",
        "data/webshop/customers.ndjson",
        "data/webshop/orders.parquet",
        "data/loyalty/members.csv",
        "data/loyalty/till_transactions.csv",
        "data/contact_centre/contacts.csv",
        "data/contact_centre/tickets.csv",
        "data/survey_tool/respondents.json",
        "data/survey_tool/responses.json",
        "data/survey_tool/invitations.csv",
        "data/social/profiles.ndjson",
        "data/social/posts.ndjson",
        "data/hr/organisation.xlsx",
        "data/hr/engagement_2025.csv",
        "data/hr/engagement_2026.csv",
    }
    assert {p for p in _digests(small) if p.startswith("data/")} == expected
    crm = (small / "data/crm/customers.csv").read_bytes()
    assert crm.startswith(b"CustNo;Title;Forename;Surname;DOB;") and b"\r\n" in crm
    with pytest.raises(UnicodeDecodeError):
        crm.decode("utf-8")  # Windows-1252: accented Spanish names are single bytes
    first = json.loads((small / "data/webshop/customers.ndjson").read_text().splitlines()[0])
    assert set(first["address"]) >= {"line1", "city", "postcode", "country"}
    assert json.loads((small / "data/survey_tool/responses.json").read_text())[0]["respondent"]
    assert (small / "data/hr/organisation.xlsx").read_bytes()[:2] == b"PK"


def test_ground_truth_names_the_person_behind_every_customer_record(small: Path) -> None:
    persons = _csv(small / "ground_truth/persons.csv")
    keys = [(r["source"], r["source_key"]) for r in persons]
    assert len(keys) == len(set(keys))
    crm = _csv(small / "data/crm/customers.csv", "cp1252", ";")
    crm_keys = {r["CustNo"] for r in crm}
    assert crm_keys == {k for s, k in keys if s == "crm"}
    webshop = [
        json.loads(line)["id"]
        for line in (small / "data/webshop/customers.ndjson").read_text().splitlines()
    ]
    assert set(webshop) == {k for s, k in keys if s == "webshop"}
    assert {r["kind"] for r in persons} == {"customer_records"}


def test_customers_appear_in_several_sources_with_variation(moderate: Path) -> None:
    persons = _csv(moderate / "ground_truth/persons.csv")
    sources_of: defaultdict[str, set[str]] = defaultdict(set)
    records_of: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in persons:
        sources_of[row["person_id"]].add(row["source"])
        records_of[row["person_id"]].append((row["source"], row["source_key"]))
    spread = Counter(len(s) for s in sources_of.values())
    assert sum(n for k, n in spread.items() if k >= 2) > 0.5 * MODERATE
    assert sum(n for k, n in spread.items() if k >= 4) > 0.05 * MODERATE
    # Same source twice for one person: duplicates inside a system.
    assert sum(len(r) > len(sources_of[p]) for p, r in records_of.items()) > 0.02 * MODERATE
    crm = {r["CustNo"]: r for r in _csv(moderate / "data/crm/customers.csv", "cp1252", ";")}
    web = {
        (record := json.loads(line))["id"]: record
        for line in (moderate / "data/webshop/customers.ndjson").read_text().splitlines()
    }
    names_differ = emails_differ = phones_differ = both = 0
    for records in records_of.values():
        crm_keys = [k for s, k in records if s == "crm" and k in crm]
        web_keys = [k for s, k in records if s == "webshop" and k in web]
        if not (crm_keys and web_keys):
            continue
        a, b = crm[crm_keys[0]], web[web_keys[0]]
        both += 1
        names_differ += a["Forename"] != b["firstName"]
        emails_differ += bool(a["Email"]) and a["Email"] != b["email"]
        phones_differ += bool(a["Tel"] and b["phone"]) and a["Tel"] != b["phone"]
    assert both > 0.2 * MODERATE
    assert 0.03 < names_differ / both < 0.5
    assert emails_differ / both > 0.05
    assert phones_differ / both > 0.3


def test_planted_bad_rows_are_about_half_a_percent_and_listed(moderate: Path) -> None:
    expected = _csv(moderate / "ground_truth/quarantine_expected.csv")
    effects = json.loads((moderate / "ground_truth/planted_effects.json").read_text())
    total = sum(effects["sizes"]["records_per_file"].values())
    assert 0.003 < len(expected) / total < 0.008
    assert {r["problem"] for r in expected} >= {
        "impossible_date",
        "placeholder_email",
        "spreadsheet_formula",
        "repeated_row",
        "score_out_of_scale",
    }
    crm = _csv(moderate / "data/crm/customers.csv", "cp1252", ";")
    for row in expected:
        if row["file"] == "data/crm/customers.csv" and row["problem"] == "spreadsheet_formula":
            assert crm[int(row["source_row"]) - 1]["Forename"].startswith("=HYPERLINK(")


def test_team_engagement_moves_the_nps_of_its_customers(moderate: Path) -> None:
    engagement: defaultdict[str, list[float]] = defaultdict(list)
    for wave in sorted(moderate.glob("data/hr/engagement_*.csv")):
        for row in _csv(wave):
            if row["Question"].startswith("eng_") and row["Score"].isdigit():
                engagement[row["Team"]].append(float(row["Score"]))
    scores: defaultdict[str, list[float]] = defaultdict(list)
    for answer in json.loads((moderate / "data/survey_tool/responses.json").read_text()):
        if answer["survey_type"] == "nps" and isinstance(answer["score"], int):
            scores[answer["team"]].append(answer["score"])
    teams = [t for t in scores if len(scores[t]) >= 10 and t in engagement]
    assert len(teams) >= 20
    correlation = np.corrcoef(
        [np.mean(engagement[t]) for t in teams], [np.mean(scores[t]) for t in teams]
    )[0, 1]
    assert correlation > 0.3
    planted = json.loads((moderate / "ground_truth/planted_effects.json").read_text())
    assert planted["team_engagement"]["nps_points_per_engagement_sd"] == 0.8
    assert set(teams) <= set(planted["team_engagement"]["teams"])


def test_spanish_is_about_a_fifth_of_the_feedback(moderate: Path) -> None:
    labels = _csv(moderate / "ground_truth/feedback_labels.csv")
    feedback = [r for r in labels if r["source"] == "survey_tool_responses"]
    share = sum(r["language"] == "es" for r in feedback) / len(feedback)
    assert 0.14 < share < 0.26
    assert {r["source"] for r in labels} >= {
        "survey_tool_responses",
        "contact_centre_tickets",
        "social_posts",
    }


def test_emerging_theme_rises_in_store_feedback_of_the_last_months(moderate: Path) -> None:
    planted = json.loads((moderate / "ground_truth/planted_effects.json").read_text())
    emerging = planted["emerging_theme"]
    assert emerging["theme"] == EMERGING_THEME and emerging["starts"] == "2026-08-01"
    before = emerging["store_responses_with_theme_before"] / emerging["store_responses_before"]
    after = emerging["store_responses_with_theme_after"] / emerging["store_responses_after"]
    assert after > 0.3 and before < 0.05


def test_labels_carry_warnings_and_needs_with_their_evidence(moderate: Path) -> None:
    labels = _csv(moderate / "ground_truth/feedback_labels.csv")
    warned = [r for r in labels if r["warning"]]
    needing = [r for r in labels if r["need"]]
    assert {r["warning"] for r in warned} >= {"churn_intent", "public_escalation"}
    assert 0.005 < len(warned) / len(labels) < 0.1
    assert all(r["warning_evidence"] for r in warned)
    assert all(r["need_evidence"] for r in needing)
    assert {r["need"] for r in needing} >= {"care", "control"}
