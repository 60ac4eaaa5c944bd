"""Views of the annual summary: the list of years, the directorate's page (sections with autosave, example
choice, draft documents, marking final, reopening) and the final versions the offices read.

Permissions: the draft (texts, autosave, draft documents, marking final) is the directorate's alone: anyone
else gets a logged 404, the administrator included. A final version (and its document) is read by the
directorate and every office's staff; reopening it is the directorate's (office staff get a logged 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.saving import saved_message
from jobs.selectors import job_latest_for_key
from jobs.services import JOB_MESSAGE_TAG, QUEUE_DOWN_MESSAGE, JobRequest

from .forms import DocumentForm, FinaliseForm, ReopenForm, SummaryTextsForm, section_field_name
from .models import EXAMPLES_SECTION, SECTIONS
from .page import SummaryPage, summary_page
from .selectors import due_date, summaries_by_year, summary_get, summary_version_get, summary_years
from .services import (
    SummaryRefused,
    document_key,
    summary_finalise,
    summary_reopen,
    summary_request_draft_document,
    summary_request_version_document,
    summary_texts_save,
    version_data,
)


def _detail_url(year: int) -> str:
    return reverse("summary:detail", args=[year])


def _draft_page(request: AuthenticatedRequest, year: int, what: str) -> SummaryPage:
    """The directorate's page of a year with periods; anyone else (or a year without periods): logged 404."""
    page = summary_page(year, with_draft=True) if permissions.can_see_summary_draft(request.user) else None
    if page is None:
        raise permissions.not_found(request, target=f"summary:{year}:{what}")
    return page


def _texts_form(page: SummaryPage, data=None) -> SummaryTextsForm:
    initial = {"round": page.summary.version, EXAMPLES_SECTION: page.chosen_ids}
    for section in SECTIONS:
        saved = page.texts.get(section)
        initial[section_field_name(section)] = saved.text if saved else ""
    return SummaryTextsForm(data, initial=initial, candidates=page.candidates)


def _render_draft(request: AuthenticatedRequest, page: SummaryPage, *, form=None, status: int = 200) -> HttpResponse:
    if page.editable and form is None:
        form = _texts_form(page)
    return render(
        request,
        "summary/summary_detail.html",
        {
            "page": page,
            "summary": page.summary,
            "form": form,
            "editing": page.editable,
            "autosave_url": reverse("summary:autosave", args=[page.year]),
            "storage_key": f"lhl-summary:{page.year}:{request.user.pk}",
            "reopen_form": None if page.editable else ReopenForm(initial={"version": page.summary.version}),
        },
        status=status,
    )


@require_safe
def summary_index(request: AuthenticatedRequest) -> HttpResponse:
    """The years: every year with periods for the directorate, the finalised ones for the offices."""
    directorate = permissions.can_see_summary_draft(request.user)
    readable = permissions.can_read_final_summary(request.user)
    stored = summaries_by_year()
    rows = []
    for year in summary_years():
        summary = stored.get(year)
        if not directorate and (summary is None or summary.version == 0 or not readable):
            continue
        rows.append({"year": year, "summary": summary, "due": due_date(year)})
    return render(
        request,
        "summary/summary_index.html",
        {"rows": rows, "directorate": directorate, "today": timezone.localdate()},
    )


@require_safe
def summary_detail(request: AuthenticatedRequest, year: int) -> HttpResponse:
    if permissions.can_see_summary_draft(request.user):
        return _render_draft(request, _draft_page(request, year, "page"))
    summary = summary_get(year)
    if summary is None or summary.version == 0 or not permissions.can_read_final_summary(request.user):
        raise permissions.not_found(request, target=f"summary:{year}")
    return _render_version(request, year, summary.version)


@require_POST
def summary_save(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """The save button (works without JavaScript): saves, or re-renders with what was typed and why not."""
    page = _draft_page(request, year, "save")
    form = _texts_form(page, request.POST)
    if not form.is_valid():
        return _render_draft(request, page, form=form, status=200)
    try:
        result = summary_texts_save(
            year=year,
            texts=form.texts(),
            example_ids=form.example_ids(),
            user=request.user,
            round=form.cleaned_data["round"],
        )
    except SummaryRefused as refused:
        messages.error(request, str(refused))
        return _render_draft(request, _draft_page(request, year, "save"), form=form, status=409)
    messages.add_message(request, *saved_message(result.saved_sections, result.last_saved_at))
    return redirect(_detail_url(year))


@require_POST
def summary_autosave(request: AuthenticatedRequest, year: int) -> JsonResponse:
    """The autosave endpoint (static/js/report-autosave.js): JSON in every case."""
    page = _draft_page(request, year, "autosave")
    form = _texts_form(page, request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse(
            {"ok": False, "message": _("Teksten kunne ikke lagres: se feilmeldingen i skjemaet."), "errors": errors},
            status=400,
        )
    try:
        result = summary_texts_save(
            year=year,
            texts=form.texts(),
            example_ids=form.example_ids(),
            user=request.user,
            round=form.cleaned_data["round"],
            autosave=True,
        )
    except SummaryRefused as refused:
        return JsonResponse({"ok": False, "refused": True, "message": str(refused)}, status=409)
    saved_at = result.saved_at or timezone.now()
    return JsonResponse(
        {
            "ok": True,
            "saved": result.saved_sections,
            "status": result.summary.status,
            "saved_at": saved_at.isoformat(),
            "message": saved_message(result.saved_sections, result.last_saved_at)[1],
        }
    )


def _requested(request: AuthenticatedRequest, result: JobRequest) -> None:
    """As the packages' answer: nothing says «lages» about a job that already ended (its box says how)."""
    result.job.refresh_from_db(fields=["status"])
    if result.queue_down:
        messages.warning(request, _(QUEUE_DOWN_MESSAGE))
    elif not result.job.is_active:
        return
    elif result.created:
        messages.success(
            request,
            _("Dokumentet lages. Siden viser fremdriften, og filen kan lastes ned når den er klar."),
            extra_tags=JOB_MESSAGE_TAG,
        )
    else:
        messages.info(
            request,
            _("Dokumentet var allerede bestilt. Du ser den samme bestillingen her."),
            extra_tags=JOB_MESSAGE_TAG,
        )


@require_POST
def summary_document(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """Ask for the draft as a Word document, or (after a failed build) a final version's document again."""
    page = _draft_page(request, year, "document")
    form = DocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig bestilling. Last siden på nytt og prøv igjen."))
        return redirect(_detail_url(year))
    number = form.cleaned_data.get("version")
    try:
        if number:
            version = summary_version_get(page.summary, number)
            if version is None:
                raise Http404
            result = summary_request_version_document(version=version, user=request.user)
        else:
            result = summary_request_draft_document(year=year, user=request.user)
    except SummaryRefused as refused:
        messages.error(request, str(refused))
    else:
        _requested(request, result)
    return redirect(_detail_url(year))


@require_http_methods(["GET", "POST"])
def summary_finalise_view(request: AuthenticatedRequest, year: int) -> HttpResponse:
    page = _draft_page(request, year, "finalise")
    form = FinaliseForm(request.POST or None, initial={"round": page.summary.version})
    if request.method == "POST" and form.is_valid():
        try:
            version = summary_finalise(year=year, user=request.user, round=form.cleaned_data["round"])
        except SummaryRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("Årsrapporten er ferdigstilt som versjon %(v)s. Dokumentet lages nå, og embetene kan lese det.")
                % {"v": version.version},
            )
        return redirect(_detail_url(year))
    empty = [label for key, label in SECTIONS.items() if not (page.texts.get(key) and page.texts[key].text.strip())]
    return render(request, "summary/summary_finalise.html", {"page": page, "form": form, "empty_sections": empty})


@require_http_methods(["GET", "POST"])
def summary_reopen_view(request: AuthenticatedRequest, year: int) -> HttpResponse:
    summary = summary_get(year)
    readable = summary is not None and summary.version > 0 and permissions.can_read_final_summary(request.user)
    if not permissions.can_write_summary(request.user):
        # Office staff read the final version but may not reopen it (403); anyone else sees nothing here (404).
        if readable:
            raise permissions.deny(request, target=f"summary:{year}:reopen")
        raise permissions.not_found(request, target=f"summary:{year}:reopen")
    page = _draft_page(request, year, "reopen")
    form = ReopenForm(request.POST or None, initial={"version": page.summary.version})
    if request.method == "POST" and form.is_valid():
        try:
            summary_reopen(
                year=year, user=request.user, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
            )
        except SummaryRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Årsrapporten er gjenåpnet som utkast. Den ferdigstilte versjonen er uendret."))
        return redirect(_detail_url(year))
    return render(
        request,
        "summary/summary_reopen.html",
        {"page": page, "form": form, "allowed": page.summary.is_final},
        status=200,
    )


def _render_version(request: AuthenticatedRequest, year: int, number: int) -> HttpResponse:
    summary = summary_get(year)
    version = summary_version_get(summary, number) if summary is not None else None
    if summary is None or version is None:
        raise permissions.not_found(request, target=f"summary:{year}:v{number}")
    job = job_latest_for_key(key=document_key(year=year, version=number))
    data = version_data(version)
    return render(
        request,
        "summary/summary_version.html",
        {
            "year": year,
            "summary": summary,
            "version": version,
            "job": job,
            "data": data,
            "due": due_date(year),
            "sections": [(label, data.texts.get(key, "")) for key, label in SECTIONS.items()],
            "is_latest": number == summary.version,
            "directorate": permissions.can_see_summary_draft(request.user),
        },
    )


@require_safe
def summary_version_view(request: AuthenticatedRequest, year: int, version: int) -> HttpResponse:
    if not permissions.can_read_final_summary(request.user):
        raise permissions.not_found(request, target=f"summary:{year}:v{version}")
    return _render_version(request, year, version)
