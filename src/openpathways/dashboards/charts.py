"""Vega-Lite specs of the dashboard charts, drawn from the rows a table shows (hidden cells are
left out of the chart and listed in its description). Rendered in the page by the locally served
vega-embed and to PNG by vl-convert."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH = 560


def _base(title: str, description: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": WIDTH,
        "data": {"values": values},
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
    }


def bar_rates(
    title: str,
    description: str,
    values: list[dict[str, Any]],
    *,
    category_title: str,
    value_title: str,
    reference: float | None = None,
    reference_title: str = "",
    color_field: str | None = None,
    color_title: str = "",
) -> dict[str, Any]:
    """Horizontal bars: `values` rows have `category`, `value` (0-1 or None) and optionally the
    `color_field`; a rule marks `reference`."""
    bar: dict[str, Any] = {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "category", "type": "nominal", "sort": None, "title": category_title},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": value_title,
                "axis": {"format": ".0%"},
                "scale": {"domain": [0, 1]},
            },
        },
    }
    if color_field:
        bar["encoding"]["color"] = {
            "field": color_field,
            "type": "nominal",
            "title": color_title,
            "scale": {"range": ["#b3261e", "#1f5f99", "#8a8a8a"]},
        }
    else:
        bar["mark"]["color"] = "#1f5f99"
    layers = [bar]
    if reference is not None:
        layers.append(
            {
                "data": {"values": [{"reference": reference, "label": reference_title}]},
                "mark": {"type": "rule", "color": "#222", "strokeDash": [4, 3], "size": 2},
                "encoding": {
                    "x": {"field": "reference", "type": "quantitative"},
                    "tooltip": [{"field": "label"}, {"field": "reference", "format": ".1%"}],
                },
            }
        )
    spec = _base(title, description, [v for v in values if v.get("value") is not None])
    spec["layer"] = layers
    spec["height"] = {"step": 22}
    return spec


def line_rates(
    title: str,
    description: str,
    values: list[dict[str, Any]],
    *,
    period_title: str,
    value_title: str,
    series_title: str,
) -> dict[str, Any]:
    """Lines: `values` rows have `period`, `series` and `value` (0-1 or None)."""
    spec = _base(title, description, [v for v in values if v.get("value") is not None])
    spec.update(
        {
            "height": 240,
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "title": period_title},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": value_title,
                    "axis": {"format": ".0%"},
                },
                "color": {"field": "series", "type": "nominal", "title": series_title},
            },
        }
    )
    return spec
