"""Vega-Lite specifications for the charts of the pages, built from domain results.

Each function takes rows the page already has and returns a JSON-ready spec; the browser draws
it with the bundled Vega. Intervals are drawn as bands or bars so that noise is visible next to
every estimate, and changes the statistics call real are marked. This module must not compute
figures.
"""

from __future__ import annotations

from typing import Any

from jinja2.utils import htmlsafe_json_dumps

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
REAL = "real change"
_BASE: dict[str, Any] = {
    "$schema": SCHEMA,
    "width": "container",
    "background": None,
    "config": {
        "font": "system-ui, sans-serif",
        "axis": {"labelColor": "#5b6475", "titleColor": "#5b6475", "gridColor": "#e6e9ef"},
        "view": {"stroke": None},
    },
}


def trend_chart(rows: list[dict[str, Any]], *, title: str, unit: str) -> dict[str, Any]:
    """A metric by period: the 95% interval as a band, the estimate as a line, real changes
    as large red points."""
    values = [
        {
            "period": row["period"],
            "estimate": row["estimate"],
            "low": row["ci_low"],
            "high": row["ci_high"],
            "n": row["n"],
            "change": row.get("change"),
            "label": row.get("change_label") or "",
        }
        for row in rows
        if not row.get("suppressed") and row.get("estimate") is not None
    ]
    x = {"field": "period", "type": "temporal", "timeUnit": "yearmonth", "title": None}
    tooltip = [
        {"field": "period", "type": "temporal", "timeUnit": "yearmonth", "title": "month"},
        {"field": "estimate", "type": "quantitative", "format": ".1f", "title": title},
        {"field": "low", "type": "quantitative", "format": ".1f", "title": "95% low"},
        {"field": "high", "type": "quantitative", "format": ".1f", "title": "95% high"},
        {"field": "n", "type": "quantitative", "title": "answers"},
        {"field": "label", "type": "nominal", "title": "vs previous month"},
    ]
    return {
        **_BASE,
        "height": 180,
        "data": {"values": values},
        "encoding": {"x": x},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.18, "color": "#2450a6"},
                "encoding": {
                    "y": {"field": "low", "type": "quantitative", "title": f"{title} ({unit})"},
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "line", "color": "#2450a6", "strokeWidth": 2},
                "encoding": {"y": {"field": "estimate", "type": "quantitative"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 45, "color": "#2450a6"},
                "encoding": {
                    "y": {"field": "estimate", "type": "quantitative"},
                    "tooltip": tooltip,
                },
            },
            {
                "transform": [{"filter": {"field": "label", "equal": REAL}}],
                "mark": {"type": "point", "filled": True, "size": 160, "color": "#b3261e"},
                "encoding": {
                    "y": {"field": "estimate", "type": "quantitative"},
                    "tooltip": tooltip,
                },
            },
        ],
    }


def interval_chart(rows: list[dict[str, Any]], *, group: str, title: str) -> dict[str, Any]:
    """Groups side by side: each estimate with its 95% interval, coloured by whether it differs
    from the rest for real."""
    values = [
        {
            "group": str(row.get(group) or "(none)"),
            "estimate": row["estimate"],
            "low": row["ci_low"],
            "high": row["ci_high"],
            "n": row["n"],
            "label": row.get("vs_rest_label") or "",
        }
        for row in rows
        if not row.get("suppressed") and row.get("estimate") is not None
    ]
    y = {"field": "group", "type": "nominal", "title": None, "sort": "-x"}
    color = {
        "field": "label",
        "type": "nominal",
        "title": "vs the rest",
        "scale": {"domain": ["real difference", "within noise"], "range": ["#b3261e", "#5b6475"]},
    }
    return {
        **_BASE,
        "height": {"step": 22},
        "data": {"values": values},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#9aa3b2"},
                "encoding": {
                    "x": {"field": "low", "type": "quantitative", "title": title},
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {
                    "x": {"field": "estimate", "type": "quantitative"},
                    "color": color,
                    "tooltip": [
                        {"field": "group", "title": "group"},
                        {"field": "estimate", "format": ".1f", "title": title},
                        {"field": "low", "format": ".1f", "title": "95% low"},
                        {"field": "high", "format": ".1f", "title": "95% high"},
                        {"field": "n", "title": "answers"},
                        {"field": "label", "title": "vs the rest"},
                    ],
                },
            },
        ],
    }


def linkage_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Teams placed by employee NPS (x) and customer NPS (y)."""
    values = [
        {"team": row["team_name"], "enps": row["enps"], "nps": row["nps"]}
        for row in rows
        if row.get("enps") is not None and row.get("nps") is not None
    ]
    return {
        **_BASE,
        "height": 240,
        "data": {"values": values},
        "mark": {"type": "point", "filled": True, "size": 80, "color": "#2450a6"},
        "encoding": {
            "x": {"field": "enps", "type": "quantitative", "title": "employee NPS"},
            "y": {"field": "nps", "type": "quantitative", "title": "customer NPS"},
            "tooltip": [
                {"field": "team", "title": "team"},
                {"field": "enps", "format": ".1f", "title": "eNPS"},
                {"field": "nps", "format": ".1f", "title": "NPS"},
            ],
        },
    }


def board_charts(figures: dict[str, Any]) -> dict[str, str | None]:
    """Every chart of the board dashboard by element id, as HTML-safe JSON text (``None``
    when it has nothing to draw)."""
    specs = {
        f"trend-{item['metric']}": trend_chart(item["rows"], title=item["title"], unit=item["unit"])
        for item in figures["series"]
    }
    specs["by-channel"] = interval_chart(figures["by_channel"], group="channel", title="NPS")
    specs["by-team"] = interval_chart(figures["by_team"], group="team_name", title="NPS")
    specs["linkage"] = linkage_chart(figures["team_linkage"])
    return {
        name: str(htmlsafe_json_dumps(spec)) if spec["data"]["values"] else None
        for name, spec in specs.items()
    }
