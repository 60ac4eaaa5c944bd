"""The summary's charts as PNG images, drawn with matplotlib (Agg, no pyplot state) from the summary's data:
the same per-period figures the dashboard's trend charts show (each office's submitted value where it
submitted, else the live one; the country as their sum). Live values are hatched, as the dashboard draws
them hollow. Rendering is deterministic: fixed size, resolution and bundled font, no metadata.

Each chart function returns `Chart`: the PNG, its caption, and the rows of the table printed under it, so
the document never says a number only in a picture.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.typing import RcKeyType

from reporting.figures.registry import FigureEntry

from .data import LIVE, SummaryData
from .wording import period_in_sentence

PERIOD_COLOURS = ("#6baed6", "#08519c", "#3f007d", "#00441b")  # the dashboard's blues, then two more
TEXT_COLOUR = "#212529"
WIDTH_IN = 6.3  # the text width of an A4 page with 25 mm margins
DPI = 200
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib: the same glyphs on every machine
    "font.size": 8,
    "axes.edgecolor": "#868e96",
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "hatch.linewidth": 0.8,
}
# A bar at least this long (per cent) carries its label inside, at its end, so «100 %» never runs past the axis.
LABEL_INSIDE_FROM = 85
# The office chart shows the first of these figures a period of the year asks for.
OFFICE_CHART_FIGURES = ("phase_3", "decided_or_in_process", "plan_or_process", "plan_adopted", "dialogue_meetings")


@dataclass
class Chart:
    png: bytes
    caption: str
    header: list[str]
    rows: list[list[str]]
    bold_rows: frozenset[int] = frozenset()


def number(count: int, share: float) -> str:
    """A cell: the count first, then the share with a decimal comma («45 (12,6 %)»)."""
    return f"{count} ({percent(share)})"


def percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "\u00a0%"


def change(first: FigureEntry, last: FigureEntry, key: str) -> str:
    points = (last.share(key) - first.share(key)) * 100
    return f"{last.counts[key] - first.counts[key]:+d} ({points:+.1f})".replace(".", ",").replace("-", "−")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _wrap(text: str, width: int = 44) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _tint(colour: str, amount: float = 0.75) -> str:
    """The colour mixed with white (the fill behind a live bar's hatching)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _label_colour(fill: str) -> str:
    """White on a dark bar, the text colour on a light one (WCAG's relative luminance, threshold 0.4)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.4 else TEXT_COLOUR


def _bar_label(ax, value: float, y: float, fill: str) -> None:
    """The bar's value: after the bar, or inside its end when the bar reaches LABEL_INSIDE_FROM %."""
    text = f"{value:.0f}\u00a0%"
    if value >= LABEL_INSIDE_FROM:
        ax.text(value - 1, y, text, va="center", ha="right", fontsize=6.5, color=_label_colour(fill))
    else:
        ax.text(value + 1, y, text, va="center", ha="left", fontsize=6.5, color=TEXT_COLOUR)


def _bars(ax, labels: list[str], series: list[tuple[str, list[float], list[bool]]]) -> None:
    """Horizontal grouped bars: one group per label (top to bottom), one bar per series (a period). The axis
    ends at 100 %; the labels stay inside it."""
    count = len(series)
    height = 0.8 / max(count, 1)
    for index, (_name, values, live) in enumerate(series):
        colour = PERIOD_COLOURS[index % len(PERIOD_COLOURS)]
        for row, (value, is_live) in enumerate(zip(values, live, strict=True)):
            y = row + (index - (count - 1) / 2) * height
            fill = _tint(colour) if is_live else colour
            ax.barh(
                y,
                value,
                height=height * 0.92,
                color=fill,
                edgecolor=colour,
                hatch="////" if is_live else None,
                linewidth=0.8,
            )
            _bar_label(ax, value, y, fill)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.margins(x=0)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:.0f}\u00a0%"))
    ax.grid(axis="x", color="#dee2e6", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _legend(ax, data: SummaryData, any_live: bool) -> None:
    handles = [
        Patch(facecolor=PERIOD_COLOURS[i % len(PERIOD_COLOURS)], label=p["name"]) for i, p in enumerate(data.periods)
    ]
    if any_live:
        handles.append(Patch(facecolor="#e9ecef", edgecolor="#495057", hatch="////", label="Levende tall"))
    if not handles:  # a year without periods: nothing to tell apart
        return
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(handles), frameon=False)


def chart_keys(data: SummaryData) -> list[str]:
    """The figures the year's periods asked for, in registry order (every figure when none asked)."""
    asked = {key for period in data.periods for key in period["asked"]}
    return [key for key, _name in data.figures if key in asked] or [key for key, _name in data.figures]


def national_chart(data: SummaryData) -> Chart:
    """The country's share per figure in each period of the year."""
    keys = chart_keys(data)
    names = dict(data.figures)
    entries = [data.entry(p) for p in data.periods]
    partly_live = [bool(data.live_offices(p)) for p in data.periods]
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, 0.4 * len(keys) + 1.0))
        ax = figure.add_subplot()
        _bars(
            ax,
            [_wrap(names[k]) for k in keys],
            [
                (p["name"], [e.share(k) * 100 for k in keys], [live] * len(keys))
                for p, e, live in zip(data.periods, entries, partly_live, strict=True)
            ],
        )
        _legend(ax, data, any(partly_live))
        figure.tight_layout()
        png = _png(figure)
    header = ["Tall", *[p["name"] for p in data.periods]]
    if len(entries) > 1:
        header.append("Endring")
    rows = []
    for key in keys:
        row = [names[key], *[number(e.counts[key], e.share(key)) for e in entries]]
        if len(entries) > 1:
            row.append(change(entries[0], entries[-1], key))
        rows.append(row)
    caption = "Andel av landets kommuner per tall og periode" + (
        " (skravert: tallene bygger helt eller delvis på levende tall)" if any(partly_live) else ""
    )
    if len(entries) > 1:
        caption += (
            ". Endring: antall kommuner (prosentpoeng) fra "
            f"{period_in_sentence(data.periods[0]['name'])} til {period_in_sentence(data.periods[-1]['name'])}"
        )
    return Chart(png, caption, header, rows)


def office_chart_key(data: SummaryData) -> str:
    keys = chart_keys(data)
    return next((k for k in OFFICE_CHART_FIGURES if k in keys), keys[0])


def office_chart(data: SummaryData) -> Chart:
    """One figure per office in each period (submitted where the office submitted, live hatched)."""
    key = office_chart_key(data)
    name = dict(data.figures)[key]
    regions = [o["region"] for o in data.offices]
    series = []
    any_live = False
    for period in data.periods:
        by_slug = {o["slug"]: o for o in period["offices"]}
        values, live = [], []
        for office in data.offices:
            part = by_slug[office["slug"]]
            values.append(FigureEntry.from_json(part["figures"]).share(key) * 100)
            live.append(part["source"] == LIVE)
        any_live = any_live or any(live)
        series.append((period["name"], values, live))
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, 0.34 * len(regions) * max(1, len(data.periods)) / 2 + 1.1))
        ax = figure.add_subplot()
        _bars(ax, regions, series)
        _legend(ax, data, any_live)
        figure.tight_layout()
        png = _png(figure)
    rows = []
    for office in data.offices:
        cells = [office["region"]]
        for period in data.periods:
            part = next(o for o in period["offices"] if o["slug"] == office["slug"])
            entry = FigureEntry.from_json(part["figures"])
            cells.append(number(entry.counts[key], entry.share(key)) + (" levende" if part["source"] == LIVE else ""))
        rows.append(cells)
    totals = ["Hele landet", *[number(data.entry(p).counts[key], data.entry(p).share(key)) for p in data.periods]]
    caption = f"{name}, per embete og periode (andel av embetets kommuner; skravert: levende tall)"
    return Chart(png, caption, ["Embete", *[p["name"] for p in data.periods]], [*rows, totals], frozenset({len(rows)}))


def priorities_chart(data: SummaryData) -> Chart:
    """How many phase-3 municipalities prioritise each focus area, nationally, per period; the table below
    lists every focus area and solution."""
    areas = [(code, name) for code, name, is_area in data.catalogue if is_area]
    entries = [data.entry(p) for p in data.periods]
    phase3 = [e.counts["phase_3"] for e in entries]
    partly_live = [bool(data.live_offices(p)) for p in data.periods]
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, 0.55 * len(areas) + 1.0))
        ax = figure.add_subplot()
        _bars(
            ax,
            [_wrap(name, 34) for _code, name in areas],
            [
                (
                    p["name"],
                    [(e.priorities.get(code, 0) / n * 100 if n else 0.0) for code, _name in areas],
                    [live] * len(areas),
                )
                for p, e, n, live in zip(data.periods, entries, phase3, partly_live, strict=True)
            ],
        )
        ax.set_xlabel("Andel av kommunene i fase 3")
        _legend(ax, data, any(partly_live))
        figure.tight_layout()
        png = _png(figure)
    rows: list[list[str]] = []
    bold: set[int] = set()
    for code, name, is_area in data.catalogue:
        if is_area:
            bold.add(len(rows))
        counts = [e.priorities.get(code, 0) for e in entries]
        rows.append(
            [
                name if is_area else f"– {name}",
                *[number(c, c / n if n else 0.0) for c, n in zip(counts, phase3, strict=True)],
            ]
        )
    header = [
        "Innsatsområde / løsning",
        *[f"{p['name']} (av {n} i fase 3)" for p, n in zip(data.periods, phase3, strict=True)],
    ]
    caption = "Innsatsområder prioritert av kommunene i fase 3, hele landet (andel av kommunene i fase 3)"
    return Chart(png, caption, header, rows, frozenset(bold))
