"""The regional implementation plan: versions, drafts, publishing and comparison."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.numbers import parse_int
from municipalities.models import Office
from networks.selectors import network_list

from ..forms import PlanForm
from ..models import PlanVersion
from ..sections import SECTION_KEYS
from ..selectors import plan_compare, plan_version_get, plan_version_latest, plan_versions_for_user, published_plan
from ..services import plan_version_create, plan_version_publish


def _version_or_404(request: AuthenticatedRequest, office: Office, number: int) -> PlanVersion:
    """The version if it is published or the user's own office's draft; else a logged 404 (missing ones too)."""
    found = plan_version_get(office=office, number=number)
    if found is None or not (found.is_published or permissions.can_see_drafts(request.user, office)):
        raise permissions.not_found(request, target=f"plan:{office.slug}/v{number}")
    return found


@require_safe
def plan_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    published = published_plan(office)
    latest = plan_versions_for_user(user=request.user, office=office).first()
    return render(
        request,
        "regional/plan_detail.html",
        {
            "office": office,
            "version": latest,
            "published": published,
            "networks": network_list(office=office),
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_safe
def plan_versions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    versions = list(plan_versions_for_user(user=request.user, office=office))
    return render(
        request,
        "regional/plan_versions.html",
        {"office": office, "versions": versions, "can_write": permissions.can_write_office(request.user, office)},
    )


@require_safe
def plan_version(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    version = _version_or_404(request, office, number)
    return render(
        request,
        "regional/plan_version.html",
        {
            "office": office,
            "version": version,
            "networks": network_list(office=office),
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Write a revision: the form starts from the latest version and saves a new draft version."""
    office = permissions.office_for_writing(request, Office, target=lambda found: f"plan:{found.slug}", slug=slug)
    latest = plan_version_latest(office)
    initial = latest.section_texts() if latest else {}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sections = {key: form.cleaned_data[key] for key in SECTION_KEYS}
        if latest is not None and sections == latest.section_texts():
            messages.info(request, _("Ingen endringer: ingen ny versjon ble lagret."))
            return redirect("regional:plan-version", slug=office.slug, number=latest.number)
        version = plan_version_create(office=office, sections=sections, user=request.user)
        messages.success(
            request,
            _("Versjon %(number)d er lagret som utkast. Den er synlig bare for embetet til den publiseres.")
            % {"number": version.number},
        )
        return redirect("regional:plan-version", slug=office.slug, number=version.number)
    return render(
        request,
        "regional/plan_edit.html",
        {"office": office, "form": form, "latest": latest, "networks": network_list(office=office)},
    )


@require_http_methods(["GET", "POST"])
def plan_publish(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    version = _version_or_404(request, office, number)
    permissions.require_office_write(request, office, target=f"plan:{office.slug}/v{number}")
    if request.method == "POST":
        if plan_version_publish(version=version, user=request.user):
            messages.success(request, _("Versjon %(number)d er publisert.") % {"number": version.number})
        else:
            messages.info(request, _("Versjon %(number)d var allerede publisert.") % {"number": version.number})
        return redirect("regional:plan-version", slug=office.slug, number=version.number)
    return render(request, "regional/plan_publish.html", {"office": office, "version": version})


@require_safe
def plan_compare_view(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    versions = list(plan_versions_for_user(user=request.user, office=office))
    by_number = {v.number: v for v in versions}
    old = new = None
    comparison = None
    error = ""
    old_number, new_number = parse_int(request.GET.get("fra", "")), parse_int(request.GET.get("til", ""))
    if old_number is None or new_number is None:
        old_number = new_number = None
        if len(versions) >= 2:
            new_number, old_number = versions[0].number, versions[1].number
    if old_number is not None and new_number is not None:
        old, new = by_number.get(old_number), by_number.get(new_number)
        if old is None or new is None:
            # Another office's draft, or a version that does not exist: not found.
            raise permissions.not_found(request, target=f"plan:{office.slug}/compare")
        comparison = plan_compare(old, new)
    elif versions:
        error = _("Planen har bare én versjon som du kan se; det er ingenting å sammenligne.")
    return render(
        request,
        "regional/plan_compare.html",
        {"office": office, "versions": versions, "old": old, "new": new, "comparison": comparison, "error": error},
    )
