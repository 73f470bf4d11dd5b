"""The CRM: Larkfield's oldest customer system, exported as a Windows ``;``-separated CSV.

Records go back to 2012, so many hold an old address or e-mail; legacy imports left names in
capitals; dates are ``dd/mm/yyyy``; about 2% of customers were keyed in twice (a married name,
a nickname); the column names are the CRM's own (``CustNo``, ``Forename``, ``DOB``...). The
export also carries a few broken rows and one row exported twice, which ingest must quarantine.
This module builds the export and its declaration; it must not write files itself.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from centric.demo import seeds
from centric.demo.accounts import Holding, hold
from centric.demo.columns import blank, label
from centric.demo.declarations import SourceDeclaration
from centric.demo.exports import ExportFile, Sheet
from centric.demo.names import name_book
from centric.demo.population import Population
from centric.demo.timeline import END, day_month_year
from centric.demo.truth import BadRow, Defect, GroundTruth
from centric.demo.variation import (
    abbreviate_streets,
    format_phones,
    vary_case,
    vary_emails,
    vary_postcodes,
    written_names,
)

SOURCE = "crm"
PATH = "data/crm/customers.csv"
DUPLICATE_SHARE = 0.02
DEFECT_RATE = 0.005
DEFECTS = (
    Defect(
        "impossible_date",
        "DOB",
        lambda dob: "31/02/" + (dob[-4:] if isinstance(dob, str) else "1980"),
        "does not match the format",
    ),
    Defect("placeholder_email", "Email", "n/a@", "is not an e-mail address"),
    Defect(
        "spreadsheet_formula",
        "Forename",
        '=HYPERLINK("http://example.com/claim","Claim your prize")',
        "looks like a spreadsheet formula",
    ),
)
DECLARATION = SourceDeclaration(
    SOURCE,
    "customer_records",
    PATH,
    {"delimiter": ";", "encoding": "cp1252", "header": True},
    {
        "source_key": "CustNo",
        "customer_number": "CustNo",
        "title": "Title",
        "first_name": "Forename",
        "last_name": "Surname",
        "date_of_birth": {"column": "DOB", "format": "%d/%m/%Y"},
        "gender": "Gender",
        "email": "Email",
        "phone": "Tel",
        "address_line1": "Addr1",
        "address_line2": "Addr2",
        "city": "Town",
        "region": "County",
        "postcode": "PostCode",
        "country": "Country",
        "marketing_consent": "OptIn",
        "created_at": {"column": "Created", "format": "%d/%m/%Y %H:%M"},
        "updated_at": {"column": "LastModified", "format": "%d/%m/%Y %H:%M"},
    },
)
_COUNTRY_NAMES = {"GB": ("United Kingdom", "UK", "GB"), "ES": ("Spain", "España", "ES")}


def export_crm(
    people: Population, members: np.ndarray, seed: int, truth: GroundTruth
) -> tuple[list[ExportFile], Holding]:
    """The CRM export and the records it holds."""
    rng = seeds.numbers(seed, SOURCE)
    person, key, second = hold(rng, members, DUPLICATE_SHARE, prefix="C", start=1_000_000, width=7)
    count = person.size
    created = np.datetime64("2012-03-01T00:00:00") + (
        rng.beta(1.6, 1.0, count) * (END - np.datetime64("2012-03-01T00:00:00")).astype(float)
    ).astype("timedelta64[s]")
    created = np.where(
        second, created + rng.integers(30, 900, count) * np.timedelta64(1, "D"), created
    )
    created = np.minimum(created, END - np.timedelta64(2, "D"))
    updated = created + (rng.random(count) * (END - created).astype(float)).astype("timedelta64[s]")
    # Records are exported in customer-number order, which is creation order.
    order = np.argsort(created, kind="stable")
    person, key, second, created, updated = (
        a[order] for a in (person, key, second, created, updated)
    )
    truth.add_persons(SOURCE, key, people.person_id[person])

    first, family = written_names(
        people,
        person,
        rng,
        nickname=np.where(second, 0.25, 0.03),
        respell=0.03,
        typo=0.025,
        both_families=0.8,
        plain=0.1,
    )
    # A second record is often a woman's married (or maiden) name.
    renamed = second & (people.sex[person] == "F") & (rng.random(count) < 0.25)
    pool = name_book().family["en"]
    family[renamed] = pool.names[pool.draw(rng, int(renamed.sum()))]
    with_middle = (people.middle[person] != None) & (rng.random(count) < 0.15)  # noqa: E711  # numpy elementwise
    first[with_middle] = first[with_middle] + " " + people.middle[person][with_middle]
    legacy = rng.random(count) < 0.08
    first = np.where(legacy, vary_case(first, rng, upper=1.0), first)
    family = np.where(legacy, vary_case(family, rng, upper=1.0), family)

    dob = np.array(day_month_year(people.dob[person]), dtype=object)
    swap = rng.random(count) < 0.01
    dob = np.array(
        [
            f"{d[3:5]}/{d[0:2]}/{d[6:]}" if s and int(d[0:2]) <= 12 else d
            for d, s in zip(dob.tolist(), swap.tolist(), strict=True)
        ],
        dtype=object,
    )
    home = people.address_at(person, updated)
    old_mail = (people.old_email[person] != None) & (rng.random(count) < 0.5)  # noqa: E711  # numpy elementwise
    email = np.where(old_mail, people.old_email[person], people.email[person])
    email = blank(vary_emails(email, rng, case=0.08), rng, 0.2)
    use_landline = (people.landline[person] != None) & (rng.random(count) < 0.4)  # noqa: E711  # numpy elementwise
    phone_digits = np.where(use_landline, people.landline[person], people.mobile[person])
    phone_country = np.where(use_landline, home.country, people.mobile_country[person]).astype(
        object
    )
    phone = format_phones(
        phone_digits,
        phone_country,
        rng.choice(np.array([0, 1, 2, 7]), count),
        international_only=(phone_country != home.country),
    )
    country_pick = rng.random(count)
    country = np.array(
        [
            _COUNTRY_NAMES[c][int(p * len(_COUNTRY_NAMES[c]))]
            for c, p in zip(home.country.tolist(), country_pick.tolist(), strict=True)
        ],
        dtype=object,
    )
    gender = np.where(rng.random(count) < 0.1, "U", people.sex[person])
    title = blank(people.title[person], rng, 0.3)
    columns: dict[str, np.ndarray] = {
        "CustNo": key,
        "Title": title,
        "Forename": first,
        "Surname": family,
        "DOB": blank(dob, rng, 0.2),
        "Gender": gender,
        "Email": email,
        "Tel": blank(phone, rng, 0.15),
        "Addr1": abbreviate_streets(home.line1, rng.random(count) < 0.2),
        "Addr2": home.line2,
        "Town": home.city,
        "County": blank(home.region, rng, 0.4),
        "PostCode": vary_postcodes(home.postcode, rng, 0.1),
        "Country": country,
        "OptIn": label(rng.random(count) < 0.55, "Y", "N"),
        "Created": np.array(day_month_year(created, with_time=True), dtype=object),
        "LastModified": np.array(day_month_year(updated, with_time=True), dtype=object),
    }
    sheet = Sheet("customers", columns)
    truth.plant_defects(
        sheet, DEFECTS, rng, rate=DEFECT_RATE, source=SOURCE, kind="customer_records",
        file=PATH, key_column="CustNo",
    )  # fmt: skip
    sheet = _with_repeated_row(sheet, rng, truth)
    export = ExportFile(PATH, "csv", (sheet,), delimiter=";", encoding="cp1252", eol="\r\n")
    return [export], Holding(person, key, created)


def _with_repeated_row(sheet: Sheet, rng: np.random.Generator, truth: GroundTruth) -> Sheet:
    # An export glitch: one customer appears twice, an older copy before the current one.
    # Ingest keeps the last occurrence and quarantines the first.
    broken = {b.source_row - 1 for b in truth.bad_rows if b.file == PATH}
    candidates = [i for i in range(sheet.rows) if i not in broken]
    position = candidates[int(rng.integers(0, len(candidates)))]
    columns: dict[str, np.ndarray] = {}
    for name, values in sheet.columns.items():
        stale = values[position]
        if name == "LastModified":
            stale = "01/01/2024 09:00"
        columns[name] = np.concatenate(
            [values[:position], np.array([stale], dtype=object), values[position:]]
        )
    # Rows after the inserted one move down by one.
    for index, bad in enumerate(truth.bad_rows):
        if bad.file == PATH and bad.source_row - 1 >= position:
            truth.bad_rows[index] = replace(bad, source_row=bad.source_row + 1)
    key = columns["CustNo"][position]
    truth.bad_rows.append(
        BadRow(
            SOURCE, "customer_records", PATH, position + 1, str(key), "repeated_row",
            "appears again at row",
        )
    )  # fmt: skip
    return Sheet(sheet.name, columns)
