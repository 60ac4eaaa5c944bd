"""The body of the grant-priority table as HTML, written in Python: one row per municipality (356 on the national
page) costs one string join instead of some thirty template nodes. The markup is what the table template wrote
before (templates/reporting/includes/_grant_table.html renders it with `grant_table_body`)."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
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


def _confirmation_cell(row: GrantRow, t: dict[str, str]) -> str:
    c = row.confirmation
    if c is None:
        return f'<span class="text-body-secondary">{t["not_assessed"]}</span>'
    parts = [t["prioritised"] if c.confirmed else t["not_prioritised"]]
    if row.overridden:
        parts.append(f' <span class="badge text-bg-warning">{t["overridden"]}</span>')
    if row.stale:
        parts.append(f' <span class="badge text-bg-danger">{t["stale"]}</span>')
    who = c.recorded_by.get_full_name() or c.recorded_by.username
    parts.append(f'<div class="small">{escape(c.reason)}</div>')
    when = date_filter(timezone.localtime(c.recorded_at), "j.n.Y H:i")  # in Oslo time, as the templates show it
    parts.append(f'<div class="small text-body-secondary">{escape(who)}, {when}</div>')
    return "".join(parts)


def grant_table_body(rows: list[GrantRow], *, show_office: bool, can_confirm: bool, query: str) -> SafeString:
    """The <tr> rows of the grant table (or its one «Ingen kommuner.» row). Plain f-strings with escape(): the
    national page has 356 rows of some ten cells, where format_html's per-argument work added up."""
    if not rows:
        return format_html('<tr><td colspan="9">{}</td></tr>', _("Ingen kommuner."))
    t = {key: str(escape(text)) for key, text in _texts().items()}
    cells_yes = f'<td class="text-center">{t["yes"]}</td>'
    cells_no = f'<td class="text-center"><strong>{t["no"]}</strong></td>'
    detail_url = reverse("municipalities:municipality-detail", args=["_N_"])
    confirm_url = reverse("reporting:grant-confirm", args=["_S_", "_N_"])
    query_text = escape(query)
    numbered: dict[int, str] = {}  # «Kriterium N:», translated once per number
    reasons: dict[str, str] = {}  # each failure text escaped once
    out: list[str] = []
    for row in rows:
        m = row.municipality
        name = escape(m.display_name)
        number = escape(m.number)
        html: list[str] = [
            f'<tr><th scope="row" class="fw-normal"><a href="{detail_url.replace("_N_", number)}">{name}</a> '
            f'<span class="small text-body-secondary">{number}</span></th>'
        ]
        if show_office:
            html.append(f"<td>{escape(m.office.region)}</td>")
        html += [cells_yes if ok else cells_no for ok in row.criteria]
        if row.proposed:
            html.append(f"<td>{t['prioritised']}</td>")
        else:
            items = []
            for criterion, why in row.failures:
                if criterion not in numbered:
                    numbered[criterion] = escape(_("Kriterium %(number)s:") % {"number": criterion})
                if why not in reasons:
                    reasons[why] = escape(why)
                items.append(f"<li>{numbered[criterion]} {reasons[why]}</li>")
            html.append(f'<td>{t["not_prioritised"]}<ul class="small mb-0 ps-3">{"".join(items)}</ul></td>')
        html.append(f"<td>{_confirmation_cell(row, t)}</td>")
        if can_confirm:
            url = confirm_url.replace("_S_", escape(m.office.slug)).replace("_N_", number)
            label = t["again"] if row.confirmation else t["confirm"]
            html.append(
                f'<td><a href="{url}?{query_text}">{label}<span class="visually-hidden"> {name}</span></a></td>'
            )
        html.append("</tr>")
        out.append("".join(html))
    return mark_safe("\n".join(out))
