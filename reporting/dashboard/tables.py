"""The dashboard's large tables as HTML written in Python: the overview's figure rows and priority rows and each
trend's table. A template spends some twenty nodes on a cell; these tables have 130 to 400 cells, and on a cold
page (after every new fact) their template logic cost more than computing the figures. The markup is what the
templates wrote before; `templates/dashboard/overview.html` and `trends.html` place it with the tags in
`reporting.templatetags.dashboard_tables`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .selectors import FigureCell, NationalOverview, OfficeOverviewRow, TrendSeries

_TENTH = Decimal("0.1")


def _percent(value: float) -> str:
    """As the templates' `floatformat:1` writes it (15,4 in Norwegian: half up, from the shortest repr), at an
    eighth of its cost."""
    tenths = format(Decimal(repr(value)).quantize(_TENTH, ROUND_HALF_UP), "f")
    return tenths.replace(".", get_format("DECIMAL_SEPARATOR"))


def figure_cell(cell: FigureCell) -> str:
    """One figure: its count (a link to the municipalities behind it), its share, and the live value where a
    submitted value no longer agrees."""
    html = (
        f'<td class="text-end" data-key="{escape(cell.key)}" data-count="{cell.count}" '
        f'data-source="{escape(cell.source)}"><a href="{escape(cell.url)}">{cell.count}</a><br>'
        f'<span class="small text-nowrap">{_percent(cell.percent)} %</span>\n        '
    )
    if cell.drift:
        now = gettext("nå %(count)s (%(percent)s %%)") % {
            "count": cell.live_count,
            "percent": _percent(cell.live_percent),
        }
        html += (
            f'<br><span class="dashboard-drift" data-live="{cell.live_count}"><span aria-hidden="true">≠</span> '
            f"{escape(now)}</span>"
        )
    return html + "\n      </td>"


def _state_cell(row: OfficeOverviewRow) -> str:
    state = row.state
    html = f'<td data-status="{escape(state.status)}" class="small">{escape(state.label)}'
    if state.version:
        html += " (" + escape(gettext("versjon %(v)s") % {"v": state.version}) + ")"
    html += "\n        "
    if state.submitted_at:
        html += f'<br><span class="text-nowrap">{date_filter(timezone.localtime(state.submitted_at), "j.n.Y")}</span>'
    html += "\n        "
    if row.lateness:
        html += f'<br><span class="text-danger-emphasis" data-late>{escape(row.lateness)}</span>'
    return html + "\n      </td>"


def overview_rows(data: NationalOverview, *, office_query: str) -> SafeString:
    """The overview table's body rows, one per office."""
    office_url = reverse("municipalities:office-detail", args=["_S_"])
    own_badge = f' <span class="badge text-bg-primary">{escape(gettext("Ditt embete"))}</span>'
    query = f"?{office_query}" if office_query else ""
    out = []
    for row in data.rows:
        own = ' class="table-primary dashboard-own"' if row.is_own else ""
        url = office_url.replace("_S_", row.office.slug) + query
        html = (
            f'    <tr{own} data-office="{escape(row.office.slug)}">\n'
            f'      <th scope="row"><a href="{escape(url)}">{escape(row.title)}</a>'
            f"{own_badge if row.is_own else ''}</th>\n      "
        )
        if data.period is not None:
            html += _state_cell(row) + "\n      "
        html += f'\n      <td class="text-end">{row.municipalities}</td>\n      '
        html += "".join("\n      " + figure_cell(cell) + "\n      " for cell in row.cells)
        out.append(html + "\n    </tr>\n  ")
    return mark_safe("\n  " + "".join(out))


def overview_total_row(data: NationalOverview) -> SafeString:
    """The overview table's footer row: the whole country."""
    html = (
        '    <tr class="fw-semibold" data-office="">\n'
        f'      <th scope="row">{escape(gettext("Hele landet"))}</th>\n      '
    )
    if data.period is not None:
        html += "<td></td>"
    html += f'\n      <td class="text-end">{data.national_municipalities}</td>\n      '
    html += "".join("\n      " + figure_cell(cell) + "\n      " for cell in data.national)
    return mark_safe(html + "\n    </tr>")


def priority_rows(data: NationalOverview) -> SafeString:
    """The priorities table's body: each focus area, then its solutions, per office and for the country."""
    out = []
    for p in data.priorities:
        weight = "fw-semibold" if p["is_area"] else "fw-normal ps-4"
        counts = "".join(f'<td class="text-end">{count}</td>' for count in p["offices"])
        out.append(
            f'  <tr><th scope="row" class="{weight}">{escape(p["name"])}</th>{counts}'
            f'<td class="text-end fw-semibold">{p["national"]}</td></tr>\n  '
        )
    return mark_safe("\n" + "".join(out))


def _trend_cells(series: TrendSeries, live: str) -> str:
    return "".join(
        f'<td class="text-end" data-source="{escape(pt.source)}">{pt.count} ({_percent(pt.percent)} %)'
        f"{live if pt.is_live else ''}</td>"
        for pt in series.points
    )


def trend_rows(offices: list[TrendSeries], national: TrendSeries, *, highlight: str | None) -> SafeString:
    """A trend table's body and footer: each office's value per period, then the country's."""
    live = f' <span class="small dashboard-live">{escape(gettext("levende"))}</span>'
    rows = []
    for s in offices:
        marked = ' class="table-primary"' if s.slug == highlight else ""
        rows.append(
            f'        <tr{marked}><th scope="row" class="fw-normal">{escape(s.name)}</th>{_trend_cells(s, live)}</tr>\n'
        )
    return mark_safe(
        "<tbody>\n"
        + "".join(rows)
        + "        </tbody>\n"
        + f'        <tfoot><tr class="fw-semibold"><th scope="row">{escape(national.name)}</th>'
        + f"{_trend_cells(national, live)}</tr></tfoot>"
    )
