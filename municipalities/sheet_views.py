"""Bulk entry in the browser: the office's working sheet (download, upload, preview, confirm) and one change for
many municipalities. Staff of the office only; everyone else gets a logged 403.

Uploaded files are read once and dropped: only the parsed cells (plain data) are kept, in the database for the
uploader alone (`sheet_previews.py`), until the preview is confirmed, abandoned or expired. Files are never stored
or served back.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.http import xlsx_response

from .fact_forms import GroupChangeForm
from .forms import SheetUploadForm
from .group_change import group_detail_text, group_preview, group_record
from .models import Municipality, Office
from .registry import FACT_TYPES, MEETING_FORMATS
from .services import StaleStatusError
from .sheet import (
    ParsedSheet,
    PreviewOutdated,
    SheetRejected,
    catalogue_entries,
    office_columns,
    office_networks,
    office_sheet_bytes,
    sheet_apply,
    sheet_parse,
    sheet_preview,
)
from .sheet_previews import preview_drop, preview_get, preview_store, preview_update

MAX_PROBLEMS_SHOWN = 200  # a sheet wrong everywhere lists the first ones and how many more
VERSIONS_SALT = "lhl.municipalities.group_change"


def _office_for_write(request: AuthenticatedRequest, slug: str) -> Office:
    return permissions.office_for_writing(request, Office, target=lambda o: f"office:{o.slug}:bulk", slug=slug)


# --- The working sheet ----------------------------------------------------------------------------------


@require_safe
def sheet_download(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    today = timezone.localdate()
    response = xlsx_response(
        office_sheet_bytes(office=office, as_of=today), f"lhl-arbeidsark-{office.slug}-{today.isoformat()}.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def sheet_upload(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    problems: list = []
    if request.method == "POST":
        form = SheetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            upload.close()
            effective = form.cleaned_data["effective_date"]
            try:
                parsed = sheet_parse(data, office=office)
                preview = sheet_preview(parsed, office=office, effective_date=effective)
            except SheetRejected as exc:
                problems = exc.problems
            else:
                token = preview_store(
                    user=request.user,
                    entry={
                        "office": office.slug,
                        "parsed": parsed.to_dict(),
                        "effective_date": effective.isoformat(),
                        "note": form.cleaned_data["note"],
                        "signature": preview.signature(),
                        "versions": {str(k): v for k, v in preview.versions.items()},
                    },
                )
                return redirect("sheets:sheet-preview", slug=office.slug, token=token)
            finally:
                del data
    else:
        form = SheetUploadForm(initial={"effective_date": timezone.localdate()})
    return render(
        request,
        "sheets/sheet_upload.html",
        {
            "office": office,
            "form": form,
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "more_problems": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
            "columns": office_columns(office),
        },
    )


@require_http_methods(["GET", "POST"])
def sheet_preview_view(request: AuthenticatedRequest, slug: str, token: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    entry = preview_get(user=request.user, token=token)
    if entry is None or entry.get("office") != office.slug:
        messages.warning(
            request,
            _("Forhåndsvisningen finnes ikke lenger (den er brukt eller utløpt). Last opp arket på nytt."),
        )
        return redirect("sheets:sheet-upload", slug=office.slug)
    parsed = ParsedSheet.from_dict(entry["parsed"])
    effective = datetime.date.fromisoformat(entry["effective_date"])
    outdated = False
    if request.method == "POST":
        chosen = request.POST.getlist("include_stale")
        try:
            result = sheet_apply(
                parsed,
                office=office,
                effective_date=effective,
                user=request.user,
                note=entry["note"],
                include_stale=chosen,
                expected=entry["signature"],
                expected_versions={int(k): v for k, v in entry["versions"].items()},
            )
        except PreviewOutdated:
            outdated = True
        except SheetRejected as exc:
            preview_drop(user=request.user, token=token)
            return render(
                request,
                "sheets/sheet_upload.html",
                {
                    "office": office,
                    "form": SheetUploadForm(initial={"effective_date": effective, "note": entry["note"]}),
                    "problems": exc.problems,
                    "columns": office_columns(office),
                },
            )
        else:
            preview_drop(user=request.user, token=token)
            messages.success(
                request,
                _("%(count)s endringer er registrert for %(municipalities)s kommuner.")
                % {"count": len(result.changes), "municipalities": len({c.number for c in result.changes})},
            )
            if result.skipped:
                messages.warning(
                    request,
                    _("Disse kommunene ble ikke endret fordi statusen var endret etter nedlastingen: %(numbers)s.")
                    % {"numbers": ", ".join(result.skipped)},
                )
            return redirect("municipalities:office-detail", slug=office.slug)
    try:
        preview = sheet_preview(parsed, office=office, effective_date=effective)
    except SheetRejected as exc:
        preview_drop(user=request.user, token=token)
        return render(
            request,
            "sheets/sheet_upload.html",
            {"office": office, "form": SheetUploadForm(), "problems": exc.problems, "columns": office_columns(office)},
        )
    if outdated:
        entry["signature"] = preview.signature()
        entry["versions"] = {str(k): v for k, v in preview.versions.items()}
        preview_update(user=request.user, token=token, entry=entry)
    return render(
        request,
        "sheets/sheet_preview.html",
        {
            "office": office,
            "preview": preview,
            "groups": preview.by_municipality(),
            "effective_date": effective,
            "note": entry["note"],
            "exported_at": datetime.datetime.fromisoformat(parsed.exported_at),
            "outdated": outdated,
            "token": token,
            "fresh_count": sum(1 for c in preview.changes if not c.stale),
        },
    )


# --- One change for many --------------------------------------------------------------------------------


def _group_form(office: Office, data=None, **kwargs) -> GroupChangeForm:
    return GroupChangeForm(
        data,
        office=office,
        municipalities=Municipality.objects.filter(office=office).select_related("county", "office").by_name(),
        networks=office_networks(office),
        catalogue=catalogue_entries(),
        **kwargs,
    )


def _group_page(request: AuthenticatedRequest, office: Office, form: GroupChangeForm) -> HttpResponse:
    return render(request, "sheets/group_change.html", {"office": office, "form": form})


@require_http_methods(["GET", "POST"])
def group_change(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    action = request.POST.get("action", "")
    if request.method == "GET" or action == "edit":
        initial: dict[str, Any] = {"effective_date": timezone.localdate()}
        initial |= {"municipalities": request.GET.getlist("kommune")} if request.method == "GET" else {}
        form = _group_form(office, request.POST or None, initial=initial)
        if action == "edit":
            form.errors.clear()  # back from the preview: show what was typed, without complaints
        return _group_page(request, office, form)

    form = _group_form(office, request.POST)
    if not form.is_valid():
        return _group_page(request, office, form)
    items = form.items
    rows = group_preview(items)
    conflict = False
    if action == "confirm":
        try:
            signed = signing.loads(request.POST.get("versions", ""), salt=VERSIONS_SALT)
            expected = {int(k): v for k, v in signed.items()}
        except (signing.BadSignature, AttributeError, ValueError):
            expected = None
            conflict = True
        if expected is not None and set(expected) == {i.municipality.pk for i in items}:
            try:
                facts = group_record(items=items, user=request.user, expected_versions=expected)
            except StaleStatusError:
                conflict = True
            else:
                messages.success(
                    request,
                    _("%(count)s opplysninger er registrert (én per valgt kommune).") % {"count": len(facts)},
                )
                return redirect("municipalities:office-detail", slug=office.slug)
        else:
            conflict = True
        rows = group_preview([*_refreshed(items)])
    versions = signing.dumps({str(r.municipality.pk): r.version for r in rows}, salt=VERSIONS_SALT)
    item = items[0]
    return render(
        request,
        "sheets/group_preview.html",
        {
            "office": office,
            "form": form,
            "rows": rows,
            "fact_type": FACT_TYPES[item.fact],
            "item": item,
            "detail_text": group_detail_text(item, catalogue=catalogue_entries()),
            "meeting_format_label": MEETING_FORMATS.get(item.meeting_format, ""),
            "versions": versions,
            "conflict": conflict,
        },
    )


def _refreshed(items):
    fresh = Municipality.objects.in_bulk({i.municipality.pk for i in items})
    for item in items:
        item.municipality = fresh[item.municipality.pk]
        yield item
