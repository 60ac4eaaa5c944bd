"""Views of the office report: the report page with texts (autosaved), submission, the directorate's
decisions, submitted versions and their print view.

Permissions: the live report (texts, drafts) is its own office's only; anyone else gets 404 (logged) until a
version has been submitted, and then sees the submitted version. The directorate decides (403 for others).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from municipalities.models import Office
from municipalities.selectors import office_list
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_list

from .forms import DecisionForm, ReportTextsForm, SubmitForm, section_field_name
from .models import Report
from .page import report_page
from .selectors import current_period, report_get, report_states
from .services import ReportRefused, report_accept, report_reopen, report_return, report_submit, report_texts_save


def _objects(request: AuthenticatedRequest, slug: str, period_slug: str) -> tuple[Office, ReportingPeriod]:
    office = permissions.get_for_reading(request, Office, slug=slug)
    return office, permissions.get_for_reading(request, ReportingPeriod, slug=period_slug)


def _report_url(office: Office, period: ReportingPeriod) -> str:
    return reverse("reports:report", args=[office.slug, period.slug])


def _require_own(request: AuthenticatedRequest, office: Office, period: ReportingPeriod, what: str) -> None:
    """Drafts are their own office's only: anyone else gets a logged 404."""
    if not permissions.can_see_drafts(request.user, office):
        raise permissions.not_found(request, target=f"report:{office.slug}/{period.slug}:{what}")


def _texts_form(page, data=None) -> ReportTextsForm:
    initial = {"round": page.report.version}
    for section in page.period.sections:
        saved = page.texts.get(section)
        initial[section_field_name(section)] = saved.text if saved else ""
    if "examples" in page.period.sections and page.texts.get("examples"):
        initial["examples"] = list(page.texts["examples"].example_ids)
    return ReportTextsForm(data, initial=initial, sections=page.period.sections, examples=page.examples)


def _render_report(request: AuthenticatedRequest, page, *, form=None, status: int = 200, own: bool) -> HttpResponse:
    editing = own and page.editable
    if editing and form is None:
        form = _texts_form(page)
    return render(
        request,
        "reports/report_detail.html",
        {
            "page": page,
            "office": page.office,
            "period": page.period,
            "report": page.report,
            "own": own,
            "editing": editing,
            "form": form,
            "can_decide": permissions.can_decide_reports(request.user),
            "autosave_url": reverse("reports:autosave", args=[page.office.slug, page.period.slug]),
            "storage_key": f"lhl-report:{page.office.slug}:{page.period.slug}:{request.user.pk}",
            "last_saved_at": max((t.saved_at for t in page.texts.values()), default=None),
        },
        status=status,
    )


@require_safe
def report_index(request: AuthenticatedRequest) -> HttpResponse:
    """Every office's report for a period (default: the next deadline, else the latest period)."""
    periods = list(period_list())
    chosen = request.GET.get("periode")
    period = next((p for p in periods if p.slug == chosen), None)
    if period is None:
        period = current_period(periods)
    rows = []
    if period is not None:
        states = report_states(period=period)
        for office in office_list():
            state = states[office.pk]
            rows.append(
                {
                    "office": office,
                    "state": state,
                    "label": state.label,
                    "lateness": state.lateness(period.deadline),
                    "readable": permissions.can_see_drafts(request.user, office) or state.version is not None,
                    "own": permissions.can_see_drafts(request.user, office),
                }
            )
    return render(request, "reports/report_index.html", {"periods": periods, "period": period, "rows": rows})


@require_safe
def report_detail(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    office, period_obj = _objects(request, slug, period)
    own = permissions.can_see_drafts(request.user, office)
    page = report_page(office=office, period=period_obj, show_latest_submission=not own)
    if not own and page.shown is None:
        raise permissions.not_found(request, target=f"report:{office.slug}/{period_obj.slug}")
    return _render_report(request, page, own=own)


@require_POST
def report_save(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    """The save button (works without JavaScript): saves, or re-renders with what was typed and why not."""
    office, period_obj = _objects(request, slug, period)
    _require_own(request, office, period_obj, "save")
    page = report_page(office=office, period=period_obj)
    form = _texts_form(page, request.POST)
    if not form.is_valid():
        return _render_report(request, page, form=form, own=True)
    try:
        result = report_texts_save(
            office=office,
            period=period_obj,
            texts=form.texts(),
            example_ids=form.example_ids(),
            user=request.user,
            round=form.cleaned_data["round"],
        )
    except ReportRefused as refused:
        messages.error(request, str(refused))
        page = report_page(office=office, period=period_obj)
        # Keep what the user typed visible (read-only when the report is locked), so nothing is lost.
        return _render_report(request, page, form=form, own=True, status=409)
    if result.saved_sections:
        messages.success(request, _("Utkastet er lagret."))
    else:
        messages.info(request, _("Ingen endringer å lagre."))
    return redirect(_report_url(office, period_obj))


@require_POST
def report_autosave(request: AuthenticatedRequest, slug: str, period: str) -> JsonResponse:
    """The autosave endpoint (static/js/report-autosave.js): JSON in every case."""
    office, period_obj = _objects(request, slug, period)
    _require_own(request, office, period_obj, "autosave")
    page = report_page(office=office, period=period_obj)
    form = _texts_form(page, request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse(
            {"ok": False, "message": _("Teksten kunne ikke lagres: se feilmeldingen i skjemaet."), "errors": errors},
            status=400,
        )
    try:
        result = report_texts_save(
            office=office,
            period=period_obj,
            texts=form.texts(),
            example_ids=form.example_ids(),
            user=request.user,
            round=form.cleaned_data["round"],
            autosave=True,
        )
    except ReportRefused as refused:
        return JsonResponse({"ok": False, "refused": True, "message": str(refused)}, status=409)
    saved_at = result.saved_at or timezone.now()
    return JsonResponse(
        {
            "ok": True,
            "saved": result.saved_sections,
            "status": result.report.status,
            "saved_at": saved_at.isoformat(),
            "message": (
                _("Utkastet er lagret kl. %(time)s.") % {"time": timezone.localtime(saved_at).strftime("%H:%M:%S")}
                if result.saved_sections
                else _("Alt er lagret.")
            ),
        }
    )


@require_http_methods(["GET", "POST"])
def report_submit_view(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    office, period_obj = _objects(request, slug, period)
    _require_own(request, office, period_obj, "submit")
    page = report_page(office=office, period=period_obj)
    form = SubmitForm(request.POST or None, initial={"round": page.report.version})
    if request.method == "POST" and form.is_valid():
        try:
            submission = report_submit(
                office=office, period=period_obj, user=request.user, round=form.cleaned_data["round"]
            )
        except ReportRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("Rapporten er sendt inn (versjon %(v)s). Direktoratet har fått beskjed.") % {"v": submission.version},
            )
        return redirect(_report_url(office, period_obj))
    empty = [label for key, label in period_obj.section_labels if not (page.texts.get(key) and page.texts[key].text)]
    return render(
        request,
        "reports/report_submit.html",
        {"page": page, "office": office, "period": period_obj, "form": form, "empty_sections": empty},
    )


# A decision of the directorate: its service, its texts, whether the comment is required, the states it applies to.
Decision = TypedDict(
    "Decision",
    {
        "service": Callable[..., object],
        "title": str,
        "button": str,
        "required": bool,
        "label": str,
        "help": str,
        "done": str,
        "from": tuple[str, ...],
    },
)

DECISIONS: dict[str, Decision] = {
    "accept": {
        "service": report_accept,
        "title": _("Godkjenn rapporten"),
        "button": _("Godkjenn"),
        "required": False,
        "label": _("Kommentar (valgfri)"),
        "help": _("Embetet får kommentaren på e-post."),
        "done": _("Rapporten er godkjent."),
        "from": (Report.Status.SUBMITTED,),
    },
    "return": {
        "service": report_return,
        "title": _("Send rapporten tilbake"),
        "button": _("Send tilbake"),
        "required": True,
        "label": _("Hva må embetet rette?"),
        "help": _("Embetets ansatte får kommentaren på e-post."),
        "done": _("Rapporten er sendt tilbake til embetet."),
        "from": (Report.Status.SUBMITTED,),
    },
    "reopen": {
        "service": report_reopen,
        "title": _("Gjenåpne den godkjente rapporten"),
        "button": _("Gjenåpne"),
        "required": True,
        "label": _("Begrunnelse"),
        "help": _("Rapporten får status «Sendt tilbake». Innsendte versjoner blir liggende som de er."),
        "done": _("Rapporten er gjenåpnet og sendt tilbake til embetet."),
        "from": (Report.Status.ACCEPTED,),
    },
}


def _decision(request: AuthenticatedRequest, slug: str, period: str, action: str) -> HttpResponse:
    office, period_obj = _objects(request, slug, period)
    if not permissions.can_decide_reports(request.user):
        raise permissions.deny(request, target=f"report:{office.slug}/{period_obj.slug}:{action}")
    report = report_get(office=office, period=period_obj)
    if report is None or report.version == 0:
        raise permissions.not_found(request, target=f"report:{office.slug}/{period_obj.slug}:{action}")
    spec = DECISIONS[action]
    form = DecisionForm(
        request.POST or None,
        initial={"version": report.version},
        required=spec["required"],
        label=spec["label"],
        help_text=spec["help"],
    )
    if request.method == "POST" and form.is_valid():
        kwargs = {"report": report, "user": request.user, "version": form.cleaned_data["version"]}
        kwargs["reason" if action == "reopen" else "comment"] = form.cleaned_data["comment"]
        try:
            spec["service"](**kwargs)
        except ReportRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, spec["done"])
        return redirect(_report_url(office, period_obj))
    return render(
        request,
        "reports/report_decide.html",
        {
            "office": office,
            "period": period_obj,
            "report": report,
            "form": form,
            "spec": spec,
            "allowed": report.status in spec["from"],
        },
    )


@require_http_methods(["GET", "POST"])
def report_accept_view(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    return _decision(request, slug, period, "accept")


@require_http_methods(["GET", "POST"])
def report_return_view(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    return _decision(request, slug, period, "return")


@require_http_methods(["GET", "POST"])
def report_reopen_view(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    return _decision(request, slug, period, "reopen")


@require_safe
def report_versions(request: AuthenticatedRequest, slug: str, period: str) -> HttpResponse:
    """The submitted versions and every transition (who, when, why)."""
    office, period_obj = _objects(request, slug, period)
    page = report_page(office=office, period=period_obj)
    own = permissions.can_see_drafts(request.user, office)
    transitions = page.transitions if own else [t for t in page.transitions if t.to_status != Report.Status.DRAFT]
    return render(
        request,
        "reports/report_versions.html",
        {"page": page, "office": office, "period": period_obj, "own": own, "transitions": transitions},
    )


def _version_page(request: AuthenticatedRequest, slug: str, period: str, version: int):
    office, period_obj = _objects(request, slug, period)
    page = report_page(office=office, period=period_obj, version=version)
    if page is None:
        raise permissions.not_found(request, target=f"report:{office.slug}/{period_obj.slug}:v{version}")
    return page


@require_safe
def report_version(request: AuthenticatedRequest, slug: str, period: str, version: int) -> HttpResponse:
    page = _version_page(request, slug, period, version)
    return render(
        request,
        "reports/report_version.html",
        {"page": page, "office": page.office, "period": page.period, "submission": page.shown},
    )


@require_safe
def report_print(request: AuthenticatedRequest, slug: str, period: str, version: int) -> HttpResponse:
    page = _version_page(request, slug, period, version)
    return render(
        request,
        "reports/report_print.html",
        {"page": page, "office": page.office, "period": page.period, "submission": page.shown},
    )
