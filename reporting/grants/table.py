"""The body of the grant-priority table as HTML, written in Python: one row per municipality (356 on the national
page) costs one string join instead of some thirty template nodes. The markup is what the table template wrote
before (templates/reporting/includes/_grant_table.html renders it with `grant_table_body`)."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import GrantRow


def _texts() -> dict[str, str]:
    return {
        "yes": _("Ja"),
        "no": _("Nei"),
        "prioritised": _("Prioriteres"),
        "not_prioritised": _("Prioriteres ikke"),
        "overridden": _("overstyrt"),
        "stale": _("utdatert: kriteriene er endret"),
        "not_assessed": _("Ikke vurdert"),
        "again": _("Vurder på nytt"),
        "confirm": _("Bekreft eller overstyr"),
    }


def _confirmation_cell(row: GrantRow, t: dict[str, str]) -> SafeString:
    c = row.confirmation
    if c is None:
        return format_html('<span class="text-body-secondary">{}</span>', t["not_assessed"])
    parts = [t["prioritised"] if c.confirmed else t["not_prioritised"]]
    if row.overridden:
        parts.append(format_html(' <span class="badge text-bg-warning">{}</span>', t["overridden"]))
    if row.stale:
        parts.append(format_html(' <span class="badge text-bg-danger">{}</span>', t["stale"]))
    who = c.recorded_by.get_full_name() or c.recorded_by.username
    parts.append(format_html('<div class="small">{}</div>', c.reason))
    parts.append(
        format_html('<div class="small text-body-secondary">{}, {}</div>', who, date_filter(c.recorded_at, "j.n.Y H:i"))
    )
    return mark_safe("".join(conditional_escape(p) for p in parts))


def grant_table_body(rows: list[GrantRow], *, show_office: bool, can_confirm: bool, query: str) -> SafeString:
    """The <tr> rows of the grant table (or its one «Ingen kommuner.» row)."""
    if not rows:
        return format_html('<tr><td colspan="9">{}</td></tr>', _("Ingen kommuner."))
    t = _texts()
    cells_yes = format_html('<td class="text-center">{}</td>', t["yes"])
    cells_no = format_html('<td class="text-center"><strong>{}</strong></td>', t["no"])
    detail_url = reverse("municipalities:municipality-detail", args=["_N_"])
    confirm_url = reverse("reporting:grant-confirm", args=["_S_", "_N_"])
    out: list[str] = []
    for row in rows:
        m = row.municipality
        name = m.display_name
        html: list[str] = [
            format_html(
                '<tr><th scope="row" class="fw-normal"><a href="{}">{}</a> '
                '<span class="small text-body-secondary">{}</span></th>',
                detail_url.replace("_N_", m.number),
                name,
                m.number,
            )
        ]
        if show_office:
            html.append(format_html("<td>{}</td>", m.office.region))
        html += [cells_yes if ok else cells_no for ok in row.criteria]
        if row.proposed:
            html.append(format_html("<td>{}</td>", t["prioritised"]))
        else:
            items = "".join(
                format_html("<li>{} {}</li>", _("Kriterium %(number)s:") % {"number": number}, why)
                for number, why in row.failures
            )
            html.append(
                format_html('<td>{}<ul class="small mb-0 ps-3">{}</ul></td>', t["not_prioritised"], mark_safe(items))
            )
        html.append(format_html("<td>{}</td>", _confirmation_cell(row, t)))
        if can_confirm:
            html.append(
                format_html(
                    '<td><a href="{}?{}">{}<span class="visually-hidden"> {}</span></a></td>',
                    confirm_url.replace("_S_", m.office.slug).replace("_N_", m.number),
                    query,
                    t["again"] if row.confirmation else t["confirm"],
                    name,
                )
            )
        html.append("</tr>")
        out.append("".join(html))
    return mark_safe("\n".join(out))
