"""When things happen in the demo: seasonal days, opening hours, and how systems write times.

Shops are busier at weekends and before Christmas, the web shop in the evening, the contact
centre in office hours; times are drawn in bulk with numpy as ``datetime64[s]`` within the demo
period and written in each system's own format (ISO with ``Z``, ``dd/mm/yyyy HH:MM``, ...).
Nothing here may read the clock.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Literal

import numpy as np

from centric.demo.retailer import PERIOD_END, PERIOD_START

Rhythm = Literal["store", "online", "office", "any"]
START = np.datetime64(PERIOD_START, "s")
END = np.datetime64(PERIOD_END, "s")
DAY = np.timedelta64(1, "D")
_HOURS: dict[str, np.ndarray] = {
    "store": np.array(
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 9, 9, 8, 7, 8, 9, 8, 6, 4, 0, 0, 0], dtype=float
    ),
    "online": np.array(
        [2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 3, 4, 4, 5, 6, 5, 5, 5, 5, 6, 7, 9, 10, 9, 6, 4],
        dtype=float,
    ),
    "office": np.array(
        [0, 0, 0, 0, 0, 0, 0, 0, 6, 9, 9, 8, 7, 7, 8, 8, 7, 6, 4, 3, 2, 0, 0, 0], dtype=float
    ),
    "any": np.ones(24),
}


@cache
def _day_weights(rhythm: str) -> np.ndarray:
    days = (PERIOD_END - PERIOD_START).days
    weights = np.ones(days)
    for index in range(days):
        day = PERIOD_START + timedelta(days=index)
        if day.weekday() >= 5:
            weights[index] *= 1.35 if rhythm == "store" else 1.1 if rhythm == "online" else 0.5
        if day.month == 12 and day.day <= 24:
            weights[index] *= 1.8 if rhythm == "store" else 1.5
        elif day.month == 11 and day.day >= 20:
            weights[index] *= 1.6
        elif day.month == 1 and day.day <= 15:
            weights[index] *= 1.25
        if day.month == 12 and day.day in (25, 26) and rhythm == "store":
            weights[index] = 0.0
    shares: np.ndarray = weights / weights.sum()
    return shares


def draw_times(rng: np.random.Generator, count: int, rhythm: Rhythm) -> np.ndarray:
    """``count`` times within the period, following the seasonal and daily rhythm.

    Returns:
        ``datetime64[s]`` array.
    """
    weights = _day_weights(rhythm)
    days = rng.choice(weights.size, size=count, p=weights)
    hours = _HOURS[rhythm]
    hour = rng.choice(24, size=count, p=hours / hours.sum())
    seconds = days * 86400 + hour * 3600 + rng.integers(0, 3600, count)
    times: np.ndarray = START + seconds.astype("timedelta64[s]")
    return times


def later(
    rng: np.random.Generator, times: np.ndarray, mean_hours: float, minimum_minutes: float = 1
) -> np.ndarray:
    """Times an exponentially distributed while after ``times`` (mean ``mean_hours``)."""
    delay = rng.exponential(mean_hours * 3600, times.size) + minimum_minutes * 60
    shifted: np.ndarray = times + delay.astype("timedelta64[s]")
    return shifted


def iso_z(times: np.ndarray) -> list[str | None]:
    """``2025-03-14T15:42:10Z``; NaT becomes None."""
    return [None if s == "NaT" else s + "Z" for s in np.datetime_as_string(times, unit="s")]


def iso_space(times: np.ndarray) -> list[str | None]:
    """``2025-03-14 15:42:10``; NaT becomes None."""
    return [None if s == "NaT" else s.replace("T", " ") for s in np.datetime_as_string(times, "s")]


def day_month_year(
    times: np.ndarray, *, with_time: bool = False, seconds: bool = False
) -> list[str | None]:
    """``14/03/2025``, ``14/03/2025 15:42`` or ``14/03/2025 15:42:10``; NaT becomes None."""
    end = 19 if seconds else 16
    out: list[str | None] = []
    for s in np.datetime_as_string(times, unit="s"):
        if s == "NaT":
            out.append(None)
        else:
            text = f"{s[8:10]}/{s[5:7]}/{s[0:4]}"
            out.append(f"{text} {s[11:end]}" if with_time else text)
    return out


def iso_date(days: np.ndarray) -> list[str | None]:
    """``2025-03-14``; NaT becomes None."""
    return [None if s == "NaT" else s for s in np.datetime_as_string(days, unit="D")]
