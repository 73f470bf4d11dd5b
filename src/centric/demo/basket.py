"""What customers buy: the lines of each order, drawn from Larkfield's catalogue.

Cheap everyday items sell far more often than furniture; most orders hold one or two lines and
most lines one unit; prices are in pounds in Britain and in euros in Spain. This module draws
numbers only; it must not format records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from centric.demo.retailer import EURO_PER_POUND, PRODUCTS

_PRICES = np.array([p.price for p in PRODUCTS])
_POPULARITY = _PRICES**-0.65 / (_PRICES**-0.65).sum()
SKUS = np.array([p.sku for p in PRODUCTS], dtype=object)
NAMES = np.array([p.name for p in PRODUCTS], dtype=object)
CATEGORIES = np.array([p.category for p in PRODUCTS], dtype=object)


@dataclass(frozen=True)
class Lines:
    """Order lines, one element each."""

    order: np.ndarray  # index of the order the line belongs to
    number: np.ndarray  # 1-based line number within the order
    product: np.ndarray  # index into PRODUCTS
    quantity: np.ndarray
    amount: np.ndarray  # line value in the order's currency


def draw_lines(rng: np.random.Generator, euro: np.ndarray) -> Lines:
    """Lines for orders, ``euro`` telling per order whether it is priced in euros."""
    per_order = 1 + np.minimum(rng.poisson(0.45, euro.size), 4)
    order = np.repeat(np.arange(euro.size), per_order)
    number = np.arange(order.size) - np.repeat(np.cumsum(per_order) - per_order, per_order) + 1
    product = rng.choice(len(PRODUCTS), size=order.size, p=_POPULARITY)
    quantity = rng.choice(np.array([1, 2, 3]), size=order.size, p=[0.85, 0.11, 0.04])
    pounds = _PRICES[product]
    # Euro prices end in .99 or a round figure, as shelf prices do.
    euros = np.where(
        pounds < 20, np.round(pounds * EURO_PER_POUND, 1) - 0.01, np.round(pounds * EURO_PER_POUND)
    )
    unit = np.where(euro[order], euros, pounds)
    amount = np.round(unit * quantity, 2)
    return Lines(order, number, product, quantity, amount)
