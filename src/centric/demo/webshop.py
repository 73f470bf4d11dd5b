"""The web shop: customer accounts as newline-delimited JSON, order lines as Parquet.

Accounts nest the address (``address.city``), carry a verified-e-mail flag and, when the
customer linked it, their CRM number; about 4% of customers opened a second account with another
e-mail. Names are typed by the customers themselves: nicknames, lower case, one family name.
Orders come from the web site and the app, delivered home or collected in a store. A few rows
are broken on purpose. This module builds the exports; it must not write files itself.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from centric.demo import seeds
from centric.demo.accounts import Encounters, Holding, hold
from centric.demo.basket import CATEGORIES, NAMES, SKUS, draw_lines
from centric.demo.columns import blank, constant, label, only_where, shared_strings
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.population import Population
from centric.demo.retailer import STORES, TEAM_INDEX
from centric.demo.timeline import END, draw_times, iso_date, iso_z, later
from centric.demo.truth import Defect, GroundTruth
from centric.demo.variation import (
    format_phones,
    vary_case,
    vary_emails,
    vary_postcodes,
    written_names,
)

SOURCE = "webshop"
ORDERS_SOURCE = "webshop_orders"
CUSTOMERS_PATH = "data/webshop/customers.ndjson"
ORDERS_PATH = "data/webshop/orders.parquet"
DUPLICATE_SHARE = 0.04
DEFECT_RATE = 0.005
ORDERS_PER_ACCOUNT = 2.4
CUSTOMER_DEFECTS = (
    Defect("placeholder_email", "email", "n/a@", "is not an e-mail address"),
    Defect("not_a_phone", "phone", "call after 6pm", "is not a phone number"),
    Defect(
        "spreadsheet_formula", "lastName", "=cmd|' /C calc'!A0", "looks like a spreadsheet formula"
    ),
)
ORDER_DEFECTS = (
    Defect("negative_quantity", "quantity", -1, "is below the minimum 0"),
    Defect("missing_amount", "line_total", None, "amount is missing"),
)
DECLARATIONS = (
    SourceDeclaration(
        SOURCE,
        "customer_records",
        CUSTOMERS_PATH,
        {},
        {
            "source_key": "id",
            "customer_number": "crmCustomerNo",
            "first_name": "firstName",
            "last_name": "lastName",
            "date_of_birth": "dateOfBirth",
            "email": "email",
            "email_verified": "emailVerified",
            "phone": "phone",
            "address_line1": "address.line1",
            "address_line2": "address.line2",
            "city": "address.city",
            "region": "address.region",
            "postcode": "address.postcode",
            "country": "address.country",
            "marketing_consent": "marketingOptIn",
            "created_at": "createdAt",
            "updated_at": "updatedAt",
        },
    ),
    SourceDeclaration(
        ORDERS_SOURCE,
        "orders",
        ORDERS_PATH,
        {},
        {
            "source_key": "line_id",
            "customer_source": {"constant": SOURCE},
            "customer_key": "account_id",
            "order_id": "order_id",
            "ordered_at": "ordered_at",
            "channel": "channel",
            "store_id": "fulfilment_site",
            "product": "product_name",
            "category": "category",
            "quantity": "quantity",
            "amount": "line_total",
            "currency": "currency",
            "status": "status",
        },
    ),
)


def export_webshop(
    people: Population,
    members: np.ndarray,
    crm: Holding,
    seed: int,
    truth: GroundTruth,
) -> tuple[list[ExportFile], Holding, Encounters]:
    """The web shop's two exports, the accounts it holds and the orders surveys may follow."""
    rng = seeds.numbers(seed, SOURCE)
    person, key, second = hold(rng, members, DUPLICATE_SHARE, prefix="W", start=10_000_000, width=8)
    count = person.size
    span = (END - np.datetime64("2016-01-01T00:00:00")).astype(float)
    created = np.datetime64("2016-01-01T00:00:00") + (rng.beta(1.4, 1.0, count) * span).astype(
        "timedelta64[s]"
    )

    # Orders first: an account exists before its first order.
    rate = np.where(second, 0.9, ORDERS_PER_ACCOUNT) * people.activity[person]
    per_account = rng.poisson(rate)
    account = np.repeat(np.arange(count), per_account)
    ordered_at = np.sort(draw_times(rng, account.size, "online"))
    account = account[rng.permutation(account.size)]
    first_order = np.full(count, END, dtype="datetime64[s]")
    np.minimum.at(first_order, account, ordered_at)
    opened_before = first_order - rng.integers(1, 30 * 86400, count).astype("timedelta64[s]")
    created = np.minimum(created, opened_before)
    updated = created + (rng.random(count) * (END - created).astype(float)).astype("timedelta64[s]")
    order = np.argsort(created, kind="stable")
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    person, key, second, created, updated = (
        a[order] for a in (person, key, second, created, updated)
    )
    account = rank[account]
    truth.add_persons(SOURCE, key, people.person_id[person])
    customers = _customers(people, person, key, second, created, updated, crm, rng)
    truth.plant_defects(
        customers, CUSTOMER_DEFECTS, rng, rate=DEFECT_RATE, source=SOURCE,
        kind="customer_records", file=CUSTOMERS_PATH, key_column="id",
    )  # fmt: skip
    orders, encounters = _orders(people, person, key, account, ordered_at, rng)
    truth.plant_defects(
        orders, ORDER_DEFECTS, rng, rate=DEFECT_RATE, source=ORDERS_SOURCE, kind="orders",
        file=ORDERS_PATH, key_column="line_id",
    )  # fmt: skip
    exports = [
        ExportFile(CUSTOMERS_PATH, "ndjson", (customers,)),
        ExportFile(
            ORDERS_PATH,
            "parquet",
            (orders,),
            types={
                "ordered_at": pa.timestamp("s", tz="UTC"),
                "quantity": pa.int32(),
                "line_total": pa.float64(),
            },
        ),
    ]
    return exports, Holding(person, key, created), encounters


def _customers(
    people: Population,
    person: np.ndarray,
    key: np.ndarray,
    second: np.ndarray,
    created: np.ndarray,
    updated: np.ndarray,
    crm: Holding,
    rng: np.random.Generator,
) -> Sheet:
    count = person.size
    first, family = written_names(
        people, person, rng, nickname=0.06, typo=0.02, both_families=0.3, plain=0.25
    )
    casual = rng.random(count) < 0.04
    first = np.where(casual, vary_case(first, rng, lower=1.0), first)
    family = np.where(casual, vary_case(family, rng, lower=1.0), family)
    # A second account usually means another address: an old one, or a tagged variant.
    old = people.old_email[person]
    email = np.where(second & (old != None), old, people.email[person])  # noqa: E711  # numpy elementwise
    email = vary_emails(
        email, rng, case=0.03, gmail_dots=np.where(second, 0.5, 0.05), plus_tag=0.04
    )
    home = people.address_at(person, updated)
    phone = format_phones(
        people.mobile[person],
        people.mobile_country[person],
        rng.choice(np.array([0, 1, 2, 3, 4, 5]), count),
        international_only=people.mobile_country[person] != home.country,
    )
    crm_record = crm.records_of(rng, person)
    linked = (crm_record >= 0) & (rng.random(count) < 0.35)
    crm_number = only_where(linked, crm.key[np.maximum(crm_record, 0)])
    return Sheet(
        "customers",
        {
            "id": key,
            "email": email,
            "emailVerified": (rng.random(count) < 0.85).tolist(),
            "firstName": first,
            "lastName": family,
            "phone": blank(phone, rng, 0.3),
            "dateOfBirth": blank(np.array(iso_date(people.dob[person]), dtype=object), rng, 0.65),
            "crmCustomerNo": crm_number,
            "marketingOptIn": (rng.random(count) < 0.4).tolist(),
            "createdAt": np.array(iso_z(created), dtype=object),
            "updatedAt": np.array(iso_z(updated), dtype=object),
            "address.line1": home.line1,
            "address.line2": home.line2,
            "address.city": home.city,
            "address.region": blank(home.region, rng, 0.6),
            "address.postcode": vary_postcodes(home.postcode, rng, 0.08),
            "address.country": home.country,
        },
    )


def _orders(
    people: Population,
    person: np.ndarray,
    key: np.ndarray,
    account: np.ndarray,
    ordered_at: np.ndarray,
    rng: np.random.Generator,
) -> tuple[Sheet, Encounters]:
    buyer = person[account]
    count = account.size
    app_user = rng.random(people.size) < 0.35
    app = rng.random(count) < np.where(app_user[buyer], 0.7, 0.12)
    channel = label(app, "app", "web")
    collect = rng.random(count) < 0.2
    home_store = people.home_store[buyer]
    store_id = np.array([s.team_id for s in STORES], dtype=object)[home_store]
    spain = people.home.country[buyer] == "ES"
    site = np.where(collect, store_id, label(spain, "DC-ZAZ", "DC-MK"))
    roll = rng.random(count)
    recent = ordered_at > END - np.timedelta64(4, "D")
    status = shared_strings(
        np.where(
            recent,
            "dispatched",
            np.where(roll < 0.06, "returned", np.where(roll < 0.085, "cancelled", "delivered")),
        )
    )
    numbers = 1_000_003 + np.cumsum(rng.integers(1, 8, count))  # rising with time
    order_id = np.array([f"LK-{n:07d}" for n in numbers.tolist()], dtype=object)
    lines = draw_lines(rng, spain)
    line_id = np.array(
        [
            f"{o}-{n}"
            for o, n in zip(order_id[lines.order].tolist(), lines.number.tolist(), strict=True)
        ],
        dtype=object,
    )
    sheet = Sheet(
        "orders",
        {
            "line_id": line_id,
            "order_id": order_id[lines.order],
            "account_id": key[account][lines.order],
            "ordered_at": ordered_at[lines.order],
            "channel": channel[lines.order],
            "fulfilment": label(collect, "click_collect", "delivery")[lines.order],
            "fulfilment_site": site[lines.order],
            "sku": SKUS[lines.product],
            "product_name": NAMES[lines.product],
            "category": CATEGORIES[lines.product],
            "quantity": lines.quantity.astype(np.int32),
            "line_total": lines.amount,
            "currency": label(spain, "EUR", "GBP")[lines.order],
            "status": status[lines.order],
        },
    )
    # Surveys follow an order once it has arrived (or was collected).
    arrived = status == "delivered"
    received = later(rng, ordered_at, 60.0, minimum_minutes=12 * 60)
    digital = np.where(app, TEAM_INDEX["DIG-APP"], TEAM_INDEX["DIG-WEB"])
    store_team = np.array([TEAM_INDEX[s.team_id] for s in STORES])[home_store]
    encounters = Encounters(
        person=buyer[arrived],
        customer_source=constant(SOURCE, int(arrived.sum())),
        customer_key=key[account][arrived],
        at=received[arrived],
        channel=channel[arrived],
        team=np.where(collect, store_team, digital)[arrived],
        agent=np.full(int(arrived.sum()), None, dtype=object),
        reference=order_id[arrived],
        interaction=np.full(int(arrived.sum()), None, dtype=object),
        touchpoint=label(collect, "click and collect", "home delivery")[arrived],
        journey_stage=constant("receive", int(arrived.sum())),
    )
    return sheet, encounters
