"""The demo retailer, Larkfield: its trading period, cities, regions, stores, teams and products.

These are fixed facts, the same for every seed and size, so that a demo of any size describes
the same company. The generator's random parts (customers, staff, activity) are drawn elsewhere
on top of them. This module holds data only; it must not draw random numbers or write files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

BRAND = "Larkfield"
WORK_DOMAIN = "larkfield.co.uk"
# The period the demo describes; never today's date, so every run yields the same data.
PERIOD_START = datetime(2025, 1, 1)
PERIOD_END = datetime(2026, 11, 1)  # exclusive: the last day is 2026-10-31
EMERGING_START = datetime(2026, 8, 1)
EMERGING_THEME = "self_checkout_errors"


@dataclass(frozen=True)
class City:
    """A city where customers live and Larkfield trades."""

    name: str
    region: str  # county or province, as an address would give it
    country: str  # ISO 3166-1 alpha-2
    postcode_areas: tuple[str, ...]  # UK outward areas, or the first two digits in Spain
    landline: str  # area code of a fixed line, national format
    weight: float  # share of customers living there, relative


CITIES: tuple[City, ...] = (
    City("London", "Greater London", "GB", ("E", "N", "SE", "SW", "W", "NW"), "020", 9.0),
    City("Brighton", "East Sussex", "GB", ("BN",), "01273", 1.2),
    City("Reading", "Berkshire", "GB", ("RG",), "0118", 1.2),
    City("Southampton", "Hampshire", "GB", ("SO",), "023", 1.3),
    City("Birmingham", "West Midlands", "GB", ("B",), "0121", 3.0),
    City("Nottingham", "Nottinghamshire", "GB", ("NG",), "0115", 1.4),
    City("Leicester", "Leicestershire", "GB", ("LE",), "0116", 1.3),
    City("Coventry", "West Midlands", "GB", ("CV",), "024", 1.1),
    City("Cardiff", "South Glamorgan", "GB", ("CF",), "029", 1.3),
    City("Bristol", "Bristol", "GB", ("BS",), "0117", 1.6),
    City("Manchester", "Greater Manchester", "GB", ("M",), "0161", 3.2),
    City("Leeds", "West Yorkshire", "GB", ("LS",), "0113", 1.8),
    City("Liverpool", "Merseyside", "GB", ("L",), "0151", 1.6),
    City("Sheffield", "South Yorkshire", "GB", ("S",), "0114", 1.4),
    City("Newcastle upon Tyne", "Tyne and Wear", "GB", ("NE",), "0191", 1.3),
    City("York", "North Yorkshire", "GB", ("YO",), "01904", 0.8),
    City("Glasgow", "Glasgow City", "GB", ("G",), "0141", 2.0),
    City("Edinburgh", "City of Edinburgh", "GB", ("EH",), "0131", 1.6),
    City("Aberdeen", "Aberdeenshire", "GB", ("AB",), "01224", 0.8),
    City("Belfast", "County Antrim", "GB", ("BT",), "028", 1.0),
    City("Madrid", "Madrid", "ES", ("28",), "91", 4.0),
    City("Barcelona", "Barcelona", "ES", ("08",), "93", 3.2),
    City("Valencia", "Valencia", "ES", ("46",), "96", 1.4),
    City("Sevilla", "Sevilla", "ES", ("41",), "95", 1.2),
    City("Bilbao", "Bizkaia", "ES", ("48",), "94", 0.9),
    City("Málaga", "Málaga", "ES", ("29",), "95", 1.0),
)


@dataclass(frozen=True)
class Team:
    """A node of the organisation: the company, a region or division, a store or a team."""

    team_id: str
    name: str
    parent: str | None
    team_type: str
    region: str | None
    language: str = "en"
    city: str | None = None  # stores only

    @property
    def serves_customers(self) -> bool:
        """Whether customers meet this team (its engagement can move their scores)."""
        return self.team_type in ("store", "contact centre", "digital")


REGIONS: tuple[tuple[str, str], ...] = (
    ("REG-LSE", "London & South East"),
    ("REG-MDW", "Midlands & Wales"),
    ("REG-NTH", "North of England"),
    ("REG-SNI", "Scotland & Northern Ireland"),
    ("REG-ESP", "Spain"),
)
_REGION_NAMES = dict(REGIONS)

_STORES: tuple[tuple[str, str, str, str], ...] = (
    ("ST01", "London Oxford Street", "London", "REG-LSE"),
    ("ST02", "London Stratford", "London", "REG-LSE"),
    ("ST03", "London Croydon", "London", "REG-LSE"),
    ("ST04", "Brighton Churchill Square", "Brighton", "REG-LSE"),
    ("ST05", "Reading Broad Street", "Reading", "REG-LSE"),
    ("ST06", "Southampton West Quay", "Southampton", "REG-LSE"),
    ("ST07", "Birmingham Bullring", "Birmingham", "REG-MDW"),
    ("ST08", "Nottingham Victoria", "Nottingham", "REG-MDW"),
    ("ST09", "Leicester Highcross", "Leicester", "REG-MDW"),
    ("ST10", "Coventry Cathedral Lanes", "Coventry", "REG-MDW"),
    ("ST11", "Cardiff St David's", "Cardiff", "REG-MDW"),
    ("ST12", "Bristol Cabot Circus", "Bristol", "REG-MDW"),
    ("ST13", "Manchester Arndale", "Manchester", "REG-NTH"),
    ("ST14", "Manchester Trafford", "Manchester", "REG-NTH"),
    ("ST15", "Leeds Trinity", "Leeds", "REG-NTH"),
    ("ST16", "Liverpool One", "Liverpool", "REG-NTH"),
    ("ST17", "Sheffield Meadowhall", "Sheffield", "REG-NTH"),
    ("ST18", "Newcastle Eldon Square", "Newcastle upon Tyne", "REG-NTH"),
    ("ST19", "York Coppergate", "York", "REG-NTH"),
    ("ST20", "Glasgow Buchanan Street", "Glasgow", "REG-SNI"),
    ("ST21", "Edinburgh Princes Street", "Edinburgh", "REG-SNI"),
    ("ST22", "Aberdeen Union Square", "Aberdeen", "REG-SNI"),
    ("ST23", "Belfast Victoria Square", "Belfast", "REG-SNI"),
    ("ST24", "Madrid Gran Vía", "Madrid", "REG-ESP"),
    ("ST25", "Madrid Castellana", "Madrid", "REG-ESP"),
    ("ST26", "Barcelona Diagonal", "Barcelona", "REG-ESP"),
    ("ST27", "Barcelona Glòries", "Barcelona", "REG-ESP"),
    ("ST28", "Valencia Colón", "Valencia", "REG-ESP"),
    ("ST29", "Sevilla Nervión", "Sevilla", "REG-ESP"),
    ("ST30", "Bilbao Zubiarte", "Bilbao", "REG-ESP"),
    ("ST31", "Málaga Larios", "Málaga", "REG-ESP"),
)


def _organisation() -> tuple[Team, ...]:
    teams = [Team("ORG", BRAND, None, "company", None)]
    teams += [Team(rid, name, "ORG", "region", name) for rid, name in REGIONS]
    for store_id, name, city, region_id in _STORES:
        language = "es" if region_id == "REG-ESP" else "en"
        teams.append(
            Team(store_id, name, region_id, "store", _REGION_NAMES[region_id], language, city)
        )
    teams += [
        Team("CS", "Customer Service", "ORG", "division", None),
        Team("CC-PHN", "Phone team North", "CS", "contact centre", None),
        Team("CC-PHS", "Phone team South", "CS", "contact centre", None),
        Team("CC-CHAT", "Chat and messaging", "CS", "contact centre", None),
        Team("CC-EMS", "E-mail and social", "CS", "contact centre", None),
        Team("CC-ES", "Atención al cliente España", "CS", "contact centre", "Spain", "es"),
        Team("CC-RES", "Customer resolutions", "CS", "contact centre", None),
        Team("DIG", "Digital", "ORG", "division", None),
        Team("DIG-WEB", "Web shop", "DIG", "digital", None),
        Team("DIG-APP", "Mobile app", "DIG", "digital", None),
        Team("DIG-FUL", "Fulfilment and delivery", "DIG", "operations", None),
    ]
    return tuple(teams)


TEAMS: tuple[Team, ...] = _organisation()
TEAM_INDEX: dict[str, int] = {team.team_id: index for index, team in enumerate(TEAMS)}
STORES: tuple[Team, ...] = tuple(team for team in TEAMS if team.team_type == "store")
NORTHERN_REGIONS = frozenset({"REG-NTH", "REG-SNI"})


@dataclass(frozen=True)
class Product:
    """A product in the catalogue, priced in pounds (euro prices derive from it)."""

    sku: str
    name: str
    category: str
    price: float


_CATALOGUE: tuple[tuple[str, str, float], ...] = (
    ("Air fryer", "Kitchen", 89.99), ("Kettle", "Kitchen", 24.99),
    ("Toaster", "Kitchen", 29.99), ("Blender", "Kitchen", 39.99),
    ("Coffee machine", "Kitchen", 149.00), ("Microwave", "Kitchen", 99.99),
    ("Frying pan", "Kitchen", 19.99), ("Rice cooker", "Kitchen", 34.50),
    ("Stand mixer", "Kitchen", 229.99), ("Mug set", "Kitchen", 12.00),
    ("Knife block", "Kitchen", 45.00), ("Food storage set", "Kitchen", 14.99),
    ("Sofa bed", "Furniture", 449.00), ("Bookcase", "Furniture", 119.99),
    ("Office chair", "Furniture", 129.00), ("Dining table", "Furniture", 299.00),
    ("TV stand", "Furniture", 89.00), ("Wardrobe", "Furniture", 349.00),
    ("Bed frame", "Furniture", 249.00), ("Desk", "Furniture", 149.99),
    ("Duvet cover", "Home", 29.99), ("Rug", "Home", 64.99), ("Desk lamp", "Home", 24.99),
    ("Mattress", "Home", 399.00), ("Towel bale", "Home", 34.99), ("Cushion", "Home", 9.99),
    ("Candle", "Home", 7.50), ("Curtains", "Home", 49.99), ("Mirror", "Home", 59.99),
    ("Vacuum cleaner", "Electricals", 179.99), ("Hairdryer", "Electricals", 34.99),
    ("Bluetooth speaker", "Electricals", 59.99), ("Printer", "Electricals", 119.99),
    ("Fan", "Electricals", 39.99), ("Baby monitor", "Electricals", 79.99),
    ("Phone charger", "Electricals", 14.99), ("Batteries (pack)", "Electricals", 6.99),
    ("Light bulbs (box)", "Electricals", 8.99), ("Winter coat", "Clothing", 119.00),
    ("Rain jacket", "Clothing", 64.99), ("Hoodie", "Clothing", 34.99),
    ("Jeans", "Clothing", 45.00), ("Socks (3 pack)", "Clothing", 9.99),
    ("Trainers", "Clothing", 69.99), ("Backpack", "Clothing", 39.99),
    ("Lawn mower", "Garden", 229.99), ("Garden chair", "Garden", 45.00),
    ("Barbecue", "Garden", 179.00), ("Plant pot", "Garden", 12.49), ("Hose", "Garden", 24.99),
    ("Shampoo", "Beauty", 5.99), ("Toothpaste", "Beauty", 3.49),
    ("Electric toothbrush", "Beauty", 49.99), ("Perfume", "Beauty", 59.00),
    ("Face cream", "Beauty", 18.00), ("Board game", "Toys", 24.99),
    ("Building blocks", "Toys", 39.99), ("Teddy bear", "Toys", 14.99),
    ("Jigsaw puzzle", "Toys", 12.99), ("Chocolate bar", "Food", 1.99),
    ("Coffee beans", "Food", 8.50),
)  # fmt: skip
PRODUCTS: tuple[Product, ...] = tuple(
    Product(f"LK{100101 + index * 37:06d}", name, category, price)
    for index, (name, category, price) in enumerate(_CATALOGUE)
)
EURO_PER_POUND = 1.17
