"""Bulk entry in the browser: the office's working sheet (download, upload, preview, confirm) and one change for
many municipalities. Staff of the office only; everyone else gets a logged 403.

Uploaded files are read once and dropped: only the parsed cells (plain data) are kept, in the user's session,
for at most PREVIEW_MAX_AGE, until the preview is confirmed or abandoned. Files are never stored or served back.
"""

from __future__ import annotations

import datetime
import secrets
import time

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from common.forms import DateInput
from common.http import xlsx_response
from common.uploads import MAX_UPLOAD_BYTES

from .fact_types import FACT_TYPES, MEETING_FORMATS, fact_choices
from .facts import EARLIEST_EFFECTIVE_DATE
from .group_change import group_items, group_preview, group_problems, group_record
from .models import Municipality, Office
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

SESSION_KEY = "sheet_previews"
PREVIEW_MAX_AGE = 30 * 60  # seconds
PREVIEW_MAX_COUNT = 3
VERSIONS_SALT = "lhl.municipalities.group_change"


def _office_for_write(request: HttpRequest, slug: str) -> Office:
    office = get_object_or_404(Office, slug=slug)
    permissions.require_office_write(request, office, target=f"office:{office.slug}:bulk")
    return office


def _validate_effective(value: datetime.date) -> datetime.date:
    if value > timezone.localdate():
        raise forms.ValidationError(_("Datoen kan ikke være senere enn i dag."))
    if value < EARLIEST_EFFECTIVE_DATE:
        raise forms.ValidationError(_("Datoen kan ikke være før 1. januar 2018."))
    return value


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Utfylt arbeidsark (.xlsx)"),
        help_text=gettext_lazy("Arbeidsarket du lastet ned her, med dine endringer. Høyst 5 MB."),
    )
    effective_date = forms.DateField(
        label=gettext_lazy("Endringene gjelder fra"),
        widget=DateInput(),
        help_text=gettext_lazy("Datoen endringene trådte i kraft (for eksempel møtedatoen). Ikke fram i tid."),
    )
    note = forms.CharField(
        label=gettext_lazy("Merknad (valgfri)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Lagres på hver endring, for eksempel «Etter nettverkssamling i Kristiansand»."),
    )

    def clean_effective_date(self):
        return _validate_effective(self.cleaned_data["effective_date"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor. Største tillatte størrelse er %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


# --- Session storage of parsed previews -----------------------------------------------------------------


def _previews(request: HttpRequest) -> dict:
    stored = request.session.get(SESSION_KEY) or {}
    now = time.time()
    return {k: v for k, v in stored.items() if now - v.get("created", 0) < PREVIEW_MAX_AGE}


def _store_preview(request: HttpRequest, entry: dict) -> str:
    stored = _previews(request)
    while len(stored) >= PREVIEW_MAX_COUNT:
        stored.pop(min(stored, key=lambda k: stored[k]["created"]))
    token = secrets.token_urlsafe(16)
    stored[token] = {**entry, "created": time.time()}
    request.session[SESSION_KEY] = stored
    return token


def _save_previews(request: HttpRequest, stored: dict) -> None:
    request.session[SESSION_KEY] = stored


# --- The working sheet ----------------------------------------------------------------------------------


@require_safe
def sheet_download(request: HttpRequest, slug: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    today = timezone.localdate()
    response = xlsx_response(
        office_sheet_bytes(office=office, as_of=today), f"lhl-arbeidsark-{office.slug}-{today.isoformat()}.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def sheet_upload(request: HttpRequest, slug: str) -> HttpResponse:
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
                token = _store_preview(
                    request,
                    {
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
        {"office": office, "form": form, "problems": problems, "columns": office_columns(office)},
    )


@require_http_methods(["GET", "POST"])
def sheet_preview_view(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    stored = _previews(request)
    entry = stored.get(token)
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
            stored.pop(token, None)
            _save_previews(request, stored)
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
            stored.pop(token, None)
            _save_previews(request, stored)
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
        stored.pop(token, None)
        _save_previews(request, stored)
        return render(
            request,
            "sheets/sheet_upload.html",
            {"office": office, "form": SheetUploadForm(), "problems": exc.problems, "columns": office_columns(office)},
        )
    if outdated:
        entry["signature"] = preview.signature()
        entry["versions"] = {str(k): v for k, v in preview.versions.items()}
        stored[token] = entry
        _save_previews(request, stored)
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


def _value_choices() -> list:
    return [
        (ft.label, [(f"{ft.key}:{code}", label) for code, label in ft.values.items()]) for ft in FACT_TYPES.values()
    ]


class GroupChangeForm(forms.Form):
    municipalities = forms.MultipleChoiceField(
        label=gettext_lazy("Kommuner"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Velg minst én kommune.")},
    )
    fact = forms.ChoiceField(label=gettext_lazy("Opplysning"), choices=fact_choices())
    value = forms.ChoiceField(label=gettext_lazy("Verdi"), choices=_value_choices)
    effective_date = forms.DateField(
        label=gettext_lazy("Gjelder fra"),
        widget=DateInput(),
        help_text=gettext_lazy("Datoen endringen trådte i kraft. Ikke fram i tid."),
    )
    meeting_date = forms.DateField(
        label=gettext_lazy("Møtedato (dialogmøte)"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Kun for dialogmøter: datoen møtet holdes eller ble holdt (kan ligge fram i tid)."),
    )
    meeting_format = forms.ChoiceField(
        label=gettext_lazy("Møteform (dialogmøte)"),
        required=False,
        choices=[("", "—"), *MEETING_FORMATS.items()],
    )
    participants = forms.CharField(label=gettext_lazy("Hvem deltok (dialogmøte)"), required=False, max_length=500)
    network = forms.ChoiceField(label=gettext_lazy("Nettverk"), required=False)
    priority = forms.ChoiceField(label=gettext_lazy("Innsatsområde eller løsning (prioritering)"), required=False)
    target_date = forms.DateField(
        label=gettext_lazy("Måldato (valgfri)"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("For vedtak og forankring i planer: når det er planlagt."),
    )
    note = forms.CharField(
        label=gettext_lazy("Merknad (valgfri)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.municipality_objects = {
            m.number: m for m in Municipality.objects.filter(office=office).select_related("county").by_name()
        }
        self.fields["municipalities"].choices = [(n, m.display_name) for n, m in self.municipality_objects.items()]
        self.networks = {n.slug: n for n in office_networks(office)}
        self.fields["network"].choices = [("", "—"), *((slug, n.name) for slug, n in self.networks.items())]
        self.fields["priority"].choices = [("", "—"), *((e.code, e.name) for e in catalogue_entries())]

    def clean_effective_date(self):
        return _validate_effective(self.cleaned_data["effective_date"])

    def clean(self):
        data = super().clean()
        fact, value = data.get("fact"), data.get("value")
        if fact and value:
            value_fact, _sep, code = value.partition(":")
            if value_fact != fact:
                self.add_error(
                    "value",
                    _("Velg en verdi som hører til opplysningen «%(fact)s».") % {"fact": FACT_TYPES[fact].label},
                )
            else:
                data["value_code"] = code
        if fact == "dialogue_meeting" and not data.get("meeting_date"):
            self.add_error("meeting_date", _("Oppgi møtedatoen for dialogmøtet."))
        if fact == "network" and not data.get("network"):
            self.add_error("network", _("Velg nettverket."))
        if fact == "priority" and not data.get("priority"):
            self.add_error("priority", _("Velg innsatsområdet eller løsningen."))
        return data

    def items(self):
        data = self.cleaned_data
        fact = data["fact"]
        detail, network = "", None
        if fact == "dialogue_meeting":
            detail = data["meeting_date"].isoformat()
        elif fact == "network":
            network = self.networks[data["network"]]
            detail = network.slug
        elif fact == "priority":
            detail = data["priority"]
        chosen = set(data["municipalities"])
        municipalities = [m for n, m in self.municipality_objects.items() if n in chosen]
        return group_items(
            municipalities=municipalities,
            fact=fact,
            value=data["value_code"],
            effective_date=data["effective_date"],
            detail=detail,
            network=network,
            target_date=data.get("target_date") if FACT_TYPES[fact].has_target_date else None,
            meeting_format=data.get("meeting_format", "") if fact == "dialogue_meeting" else "",
            participants=data.get("participants", "") if fact == "dialogue_meeting" else "",
            note=data.get("note", ""),
        )


@require_http_methods(["GET", "POST"])
def group_change(request: HttpRequest, slug: str) -> HttpResponse:
    office = _office_for_write(request, slug)
    action = request.POST.get("action", "")
    if request.method == "GET" or action == "edit":
        initial = {"effective_date": timezone.localdate()}
        initial |= {"municipalities": request.GET.getlist("kommune")} if request.method == "GET" else {}
        form = GroupChangeForm(request.POST or None, office=office, initial=initial)
        if action == "edit":
            form.errors.clear()  # back from the preview: show what was typed, without complaints
        return render(request, "sheets/group_change.html", {"office": office, "form": form})

    form = GroupChangeForm(request.POST, office=office)
    problems: list[str] = []
    if form.is_valid():
        items = form.items()
        problems = group_problems(items)
    if not form.is_valid() or problems:
        return render(request, "sheets/group_change.html", {"office": office, "form": form, "problems": problems})

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
            "detail_text": _detail_text(form, item),
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


def _detail_text(form: GroupChangeForm, item) -> str:
    if item.fact == "network" and item.network is not None:
        return item.network.name
    if item.fact == "priority":
        return dict(form.fields["priority"].choices).get(item.detail, item.detail)
    if item.fact == "dialogue_meeting":
        return item.detail
    return ""
