"""Server-rendered SVG for the dashboard: the municipality map and the trend charts.

Built as strings (every text escaped) because a template loop over 356 shapes is the slow part of the map
page. Colours are fill/stroke attributes, never style attributes (the CSP forbids inline styles). Every
chart has a table beside it on the page with the same numbers, so nothing is said only in the picture.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from municipalities.mapshapes import country_map

from .selectors import MAP_CATEGORIES, UNRECORDED_CATEGORY, MapRow, TrendSeries

# Fill per map kind and category. Hatched patterns (url(#...)) are proposals not yet confirmed.
MAP_FILLS: dict[str, dict[str, str]] = {
    "fase": {"3": "#08519c", "2": "#6baed6", UNRECORDED_CATEGORY: "#f1f3f5"},
    "vedtak": {
        "plan_adopted": "#8c2d04",
        "process_described": "#fd8d3c",
        "none": "#adb5bd",  # recorded: no decision (darker than never recorded)
        UNRECORDED_CATEGORY: "#f1f3f5",
    },
    "samfunnsdel": {"anchored": "#00441b", "planned": "#74c476", "none": "#adb5bd", UNRECORDED_CATEGORY: "#f1f3f5"},
    "tilskudd": {
        "confirmed_yes": "#2166ac",
        "proposed_yes": "url(#lhl-hatch-yes)",
        "proposed_no": "url(#lhl-hatch-no)",
        "confirmed_no": "#b2182b",
    },
}
BORDER = "#495057"

PATTERNS = (
    '<pattern id="lhl-hatch-yes" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<rect width="3" height="6" fill="#2166ac"/></pattern>'
    '<pattern id="lhl-hatch-no" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<rect width="3" height="6" fill="#b2182b"/></pattern>'
)


def pattern_defs() -> SafeString:
    """The hatch patterns, once per page (legend swatches and the map refer to them by id)."""
    return mark_safe(
        f'<svg class="lhl-defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>{PATTERNS}</defs></svg>'
    )


def swatch(kind: str, category: str) -> SafeString:
    fill = MAP_FILLS[kind][category]
    return mark_safe(
        '<svg class="lhl-swatch" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true" focusable="false">'
        f'<rect x="0.5" y="0.5" width="27" height="17" fill="{fill}" stroke="{BORDER}"/></svg>'
    )


def map_svg(rows: list[MapRow], kind: str, *, office: str | None, title_id: str, query: str = "") -> SafeString:
    """The country (or one office's municipalities) coloured by `kind`, one link per municipality."""
    country = country_map()
    labels = {code: str(label) for code, label in MAP_CATEGORIES[kind]}
    fills = MAP_FILLS[kind]
    url = reverse("municipalities:municipality-detail", args=["0000"]).replace("0000", "{number}")
    suffix = f"?{escape(query)}" if query else ""
    parts = [
        f'<svg class="dashboard-map" viewBox="{country.view_box(office)}" role="group" '
        f'aria-labelledby="{title_id}" preserveAspectRatio="xMidYMid meet">'
        f'<g stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">'
    ]
    for row in rows:
        if office is not None and row.office != office:
            continue
        shape = country.shapes.get(row.number)
        if shape is None:
            continue
        category = row.categories[kind]
        name = escape(f"{row.name} ({row.number}): {labels.get(category, category)}")
        parts.append(
            f'<a href="{url.format(number=row.number)}{suffix}" data-name="{name}"><title>{name}</title>'
            f'<path d="{shape.path}" fill="{fills.get(category, "#ffffff")}"/></a>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))


# ---- trend charts --------------------------------------------------------------------------------------------

CHART_W, CHART_H = 380, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 12, 34
NATIONAL_COLOUR, OFFICE_COLOUR, OTHER_COLOUR, TEXT_COLOUR = "#212529", "#0b5ed7", "#868e96", "#212529"


def _x(index: int, count: int) -> float:
    inner = CHART_W - LEFT - RIGHT
    return LEFT + (inner / 2 if count == 1 else inner * index / (count - 1))


def _y(percent: float) -> float:
    return TOP + (CHART_H - TOP - BOTTOM) * (1 - percent / 100)


def _line(series: TrendSeries, colour: str, width: float, dash: str = "") -> str:
    count = len(series.points)
    points = " ".join(f"{_x(i, count):.1f},{_y(p.percent):.1f}" for i, p in enumerate(series.points))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{width}"{dashed}/>'


def _markers(series: TrendSeries, colour: str, radius: float) -> str:
    count = len(series.points)
    out = []
    for i, p in enumerate(series.points):
        # Live values (no submitted report) are hollow; submitted ones solid.
        fill = "#ffffff" if p.is_live else colour
        text = escape(f"{series.name}, {p.period.name}: {p.percent:.1f} %")
        out.append(
            f'<circle cx="{_x(i, count):.1f}" cy="{_y(p.percent):.1f}" r="{radius}" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2"><title>{text}</title></circle>'
        )
    return "".join(out)


def trend_chart(
    *, label: str, national: TrendSeries, offices: list[TrendSeries], highlight: str | None, table_id: str
) -> SafeString:
    """A line chart of shares (0–100 %) across the periods: every office thin and grey, the highlighted
    office blue and dashed, the country thick and dark."""
    periods = [p.period for p in national.points]
    parts = [
        f'<svg class="dashboard-chart" viewBox="0 0 {CHART_W} {CHART_H}" role="img" '
        f'aria-label="{escape(label)}" aria-describedby="{table_id}">'
    ]
    for percent in (0, 25, 50, 75, 100):
        y = _y(percent)
        parts.append(
            f'<line x1="{LEFT}" x2="{CHART_W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT_COLOUR}">'
            f"{percent} %</text>"
        )
    step = max(1, (len(periods) + 3) // 4)  # at most about four labels on the axis
    for i, period in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            # The first and last labels hang inwards so they are never clipped at the chart's edges.
            anchor = "start" if i == 0 and len(periods) > 1 else "end" if i == len(periods) - 1 and i else "middle"
            parts.append(
                f'<text x="{_x(i, len(periods)):.1f}" y="{CHART_H - 12}" text-anchor="{anchor}" font-size="11" '
                f'fill="{TEXT_COLOUR}">{escape(period.name)}</text>'
            )
    chosen = None
    for series in offices:
        if series.slug == highlight:
            chosen = series
            continue
        parts.append(_line(series, OTHER_COLOUR, 1))
    if chosen is not None:
        parts.append(_line(chosen, OFFICE_COLOUR, 2.5, "6 3"))
        parts.append(_markers(chosen, OFFICE_COLOUR, 4))
    parts.append(_line(national, NATIONAL_COLOUR, 3))
    parts.append(_markers(national, NATIONAL_COLOUR, 4.5))
    parts.append("</svg>")
    return mark_safe("".join(parts))
