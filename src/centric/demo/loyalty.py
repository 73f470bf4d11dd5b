"""The loyalty scheme, Larkfield Club: card members and the store till lines scanned with a card.

Members were signed up at a till, so the scheme keeps one ``Full Name`` field typed by staff
("Mrs Jane Smith", "SMITH, Jane", "José García López"), the postcode of the day they joined and
rarely a birth date; about 2.5% of members have a second card after losing the first. Till lines
come from every store, in pounds or euros, some with the currency sign. A few rows are broken on
purpose. This module builds the exports; it must not write files itself.
"""

from __future__ import annotations

import numpy as np

from centric.demo import seeds
from centric.demo.accounts import Encounters, Holding, hold
from centric.demo.basket import CATEGORIES, NAMES, SKUS, draw_lines
from centric.demo.columns import blank, constant, label
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.hr import Organisation
from centric.demo.population import Population
from centric.demo.retailer import STORES, TEAM_INDEX
from centric.demo.timeline import END, day_month_year, draw_times, iso_date
from centric.demo.truth import Defect, GroundTruth
from centric.demo.variation import format_phones, vary_case, vary_emails, written_names

SOURCE = "loyalty"
TILLS_SOURCE = "loyalty_tills"
MEMBERS_PATH = "data/loyalty/members.csv"
TILLS_PATH = "data/loyalty/till_transactions.csv"
DUPLICATE_SHARE = 0.025
DEFECT_RATE = 0.005
VISITS_PER_CARD = 3.2
MEMBER_DEFECTS = (
    Defect(
        "spreadsheet_formula",
        "Full Name",
        '=HYPERLINK("http://example.com/win","Win 500 points")',
        "looks like a spreadsheet formula",
    ),
    Defect("placeholder_email", "Email", "n/a@", "is not an e-mail address"),
    Defect("impossible_date", "Joined", "2025-02-30", "is not an ISO date/time"),
)
TILL_DEFECTS = (
    Defect("not_a_number", "Amount", "N/A", "is not a number"),
    Defect("negative_quantity", "Qty", "-2", "is below the minimum 0"),
)
DECLARATIONS = (
    SourceDeclaration(
        SOURCE,
        "customer_records",
        MEMBERS_PATH,
        {"delimiter": ",", "header": True},
        {
            "source_key": "CardNo",
            "loyalty_id": "CardNo",
            "full_name": "Full Name",
            "title": {"column": "Full Name", "split": "title"},
            "first_name": {"column": "Full Name", "split": "first"},
            "middle_name": {"column": "Full Name", "split": "middle"},
            "last_name": {"column": "Full Name", "split": "last"},
            "email": "Email",
            "phone": "Mobile",
            "postcode": "Postcode",
            "segment": "Tier",
            "created_at": "Joined",
        },
    ),
    SourceDeclaration(
        TILLS_SOURCE,
        "orders",
        TILLS_PATH,
        {"delimiter": ",", "header": True},
        {
            "source_key": "TransactionLine",
            "customer_source": {"constant": SOURCE},
            "customer_key": "CardNo",
            "order_id": "Receipt",
            "ordered_at": {"column": "TxnTime", "format": "%d/%m/%Y %H:%M:%S"},
            "channel": {"constant": "store"},
            "store_id": "StoreCode",
            "product": "Description",
            "category": "Category",
            "quantity": "Qty",
            "amount": "Amount",
            "currency": "Currency",
            "status": {"column": "Type", "values": {"SALE": "completed", "RETURN": "returned"}},
        },
    ),
)
_STORE_IDS = np.array([s.team_id for s in STORES], dtype=object)
_STORE_TEAMS = np.array([TEAM_INDEX[s.team_id] for s in STORES])
_STORE_IN_SPAIN = np.array([s.region == "Spain" for s in STORES])


def export_loyalty(
    people: Population,
    members: np.ndarray,
    org: Organisation,
    seed: int,
    truth: GroundTruth,
) -> tuple[list[ExportFile], Holding, Encounters]:
    """The loyalty scheme's two exports, the cards it holds and the store visits to survey."""
    rng = seeds.numbers(seed, SOURCE)
    person, key, second = hold(rng, members, DUPLICATE_SHARE, prefix="9826", start=10**11, width=12)
    count = person.size
    span = (END - np.datetime64("2014-06-01T00:00:00")).astype(float)
    joined = np.datetime64("2014-06-01T00:00:00") + (rng.beta(1.3, 1.0, count) * span).astype(
        "timedelta64[s]"
    )
    per_card = rng.poisson(np.where(second, 1.2, VISITS_PER_CARD) * people.activity[person])
    card = np.repeat(np.arange(count), per_card)
    visited_at = np.sort(draw_times(rng, card.size, "store"))
    card = card[rng.permutation(card.size)]
    first_visit = np.full(count, END, dtype="datetime64[s]")
    np.minimum.at(first_visit, card, visited_at)
    joined = np.minimum(
        joined, first_visit - rng.integers(600, 5 * 86400, count).astype("timedelta64[s]")
    )
    order = np.argsort(key, kind="stable")
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    person, key, second, joined = (a[order] for a in (person, key, second, joined))
    card = rank[card]
    truth.add_persons(SOURCE, key, people.person_id[person])
    members_sheet = _members(people, person, key, joined, rng)
    truth.plant_defects(
        members_sheet, MEMBER_DEFECTS, rng, rate=DEFECT_RATE, source=SOURCE,
        kind="customer_records", file=MEMBERS_PATH, key_column="CardNo",
    )  # fmt: skip
    tills, encounters = _tills(people, person, key, card, visited_at, org, rng)
    truth.plant_defects(
        tills, TILL_DEFECTS, rng, rate=DEFECT_RATE, source=TILLS_SOURCE, kind="orders",
        file=TILLS_PATH, key_column="TransactionLine",
    )  # fmt: skip
    exports = [
        ExportFile(MEMBERS_PATH, "csv", (members_sheet,)),
        ExportFile(TILLS_PATH, "csv", (tills,)),
    ]
    return exports, Holding(person, key, joined), encounters


def _members(
    people: Population,
    person: np.ndarray,
    key: np.ndarray,
    joined: np.ndarray,
    rng: np.random.Generator,
) -> Sheet:
    count = person.size
    first, family = written_names(
        people, person, rng, nickname=0.06, typo=0.02, both_families=0.7, plain=0.1
    )
    middle = people.middle[person]
    style = rng.choice(4, size=count, p=[0.55, 0.25, 0.12, 0.08])
    with_middle = rng.random(count) < 0.1
    names: list[str] = []
    for f, m, last, title, s, wm in zip(
        first.tolist(), middle.tolist(), family.tolist(), people.title[person].tolist(),
        style.tolist(), with_middle.tolist(), strict=True,
    ):  # fmt: skip
        given = f"{f} {m}" if wm and m else f
        if s == 1:
            names.append(f"{title} {given} {last}")
        elif s == 2:
            names.append(f"{last.upper() if len(last) < 9 else last}, {given}")
        else:
            names.append(f"{given} {last}")
    full = np.array(names, dtype=object)
    full = np.where(style == 3, vary_case(full, rng, upper=1.0), full)
    old = people.old_email[person]
    email = np.where((old != None) & (rng.random(count) < 0.1), old, people.email[person])  # noqa: E711  # numpy elementwise
    where = people.address_at(person, joined)
    phone = format_phones(
        people.mobile[person],
        people.mobile_country[person],
        rng.choice(np.array([0, 1, 7, 2]), count),
        international_only=people.mobile_country[person] != where.country,
    )
    tier = rng.choice(
        np.array(["Bronze", "Silver", "Gold"], dtype=object), count, p=[0.6, 0.3, 0.1]
    )
    return Sheet(
        "members",
        {
            "CardNo": key,
            "Full Name": full,
            "Email": blank(vary_emails(email, rng, case=0.05), rng, 0.25),
            "Mobile": blank(phone, rng, 0.15),
            "Postcode": blank(where.postcode, rng, 0.1),
            "Home Store": _STORE_IDS[people.home_store[person]],
            "Joined": np.array(iso_date(joined.astype("datetime64[D]")), dtype=object),
            "Tier": tier,
            "Points": np.array(
                [str(p) for p in rng.integers(0, 6000, count).tolist()], dtype=object
            ),
        },
    )


def _tills(
    people: Population,
    person: np.ndarray,
    key: np.ndarray,
    card: np.ndarray,
    visited_at: np.ndarray,
    org: Organisation,
    rng: np.random.Generator,
) -> tuple[Sheet, Encounters]:
    shopper = person[card]
    count = card.size
    home = people.home_store[shopper]
    # Most visits are to the home store; the rest to another store in the same country.
    elsewhere = rng.integers(0, len(STORES), count)
    same_country = _STORE_IN_SPAIN[elsewhere] == _STORE_IN_SPAIN[home]
    store = np.where((rng.random(count) < 0.2) & same_country, elsewhere, home)
    spain = _STORE_IN_SPAIN[store]
    numbers = 2_000_001 + np.cumsum(rng.integers(1, 4, count))  # rising with time
    receipt = np.array(
        [
            f"R{s[2:]}-{n:08d}"
            for s, n in zip(_STORE_IDS[store].tolist(), numbers.tolist(), strict=True)
        ],
        dtype=object,
    )
    lines = draw_lines(rng, spain)
    returned = rng.random(lines.order.size) < 0.05
    symbol = rng.random(lines.order.size) < 0.3
    amount = [
        (f"£{a:.2f}" if not es else f"{a:.2f} €") if sym else f"{a:.2f}"
        for a, es, sym in zip(
            lines.amount.tolist(), spain[lines.order].tolist(), symbol.tolist(), strict=True
        )
    ]
    sheet = Sheet(
        "till_transactions",
        {
            "TransactionLine": np.array(
                [
                    f"{r}-{n}"
                    for r, n in zip(
                        receipt[lines.order].tolist(), lines.number.tolist(), strict=True
                    )
                ],
                dtype=object,
            ),
            "Receipt": receipt[lines.order],
            "CardNo": key[card][lines.order],
            "StoreCode": _STORE_IDS[store][lines.order],
            "TxnTime": np.array(
                day_month_year(visited_at[lines.order], with_time=True, seconds=True), dtype=object
            ),
            "SKU": SKUS[lines.product],
            "Description": NAMES[lines.product],
            "Category": CATEGORIES[lines.product],
            "Qty": np.array(["0", "1", "2", "3"], dtype=object)[lines.quantity],
            "Amount": np.array(amount, dtype=object),
            "Currency": label(spain, "EUR", "GBP")[lines.order],
            "Type": label(returned, "RETURN", "SALE"),
        },
    )
    team = _STORE_TEAMS[store]
    encounters = Encounters(
        person=shopper,
        customer_source=constant(SOURCE, count),
        customer_key=key[card],
        at=visited_at,
        channel=constant("store", count),
        team=team,
        agent=org.pick_agents(rng, team, visited_at),
        reference=receipt,
        interaction=np.full(count, None, dtype=object),
        touchpoint=constant("store visit", count),
        journey_stage=constant("buy", count),
    )
    return sheet, encounters
