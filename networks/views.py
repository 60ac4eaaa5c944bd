"""An office's networks: the list, the detail page with its members, and create/edit for the office's staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from municipalities.selectors import office_list

from .forms import NetworkForm
from .selectors import network_list, network_members
from .services import EDITABLE_FIELDS, network_create, network_update


@require_safe
def network_list_view(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
    return render(
        request,
        "networks/network_list.html",
        {
            "office": office,
            "networks": network_list(office=office),
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_safe
def network_detail(request: AuthenticatedRequest, slug: str, network_slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
    network = permissions.get_for_reading(request, network_list(office=office), slug=network_slug)
    today = timezone.localdate()
    return render(
        request,
        "networks/network_detail.html",
        {
            "office": office,
            "network": network,
            "members": network_members(network=network, as_of=today),
            "today": today,
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_http_methods(["GET", "POST"])
def network_create_view(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.office_for_writing(
        request, office_list(), target=lambda found: f"office:{found.slug}:network-create", slug=slug
    )
    form = NetworkForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            network = network_create(
                office=office, user=request.user, slug=data["slug"], **{k: data[k] for k in EDITABLE_FIELDS}
            )
        except ValidationError as exc:  # created by someone else at the same moment
            form.add_error(None, exc)
        else:
            messages.success(request, _("Nettverket er registrert."))
            return redirect("networks:detail", slug=office.slug, network_slug=network.slug)
    return render(request, "networks/network_form.html", {"office": office, "form": form, "network": None})


@require_http_methods(["GET", "POST"])
def network_edit(request: AuthenticatedRequest, slug: str, network_slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
    network = permissions.get_for_writing(
        request,
        network_list(office=office),
        office=lambda found: found.office_id,
        target=lambda found: f"network:{found.qualified_slug}:edit",
        slug=network_slug,
    )
    form = NetworkForm(request.POST or None, instance=network, office=office)
    if request.method == "POST" and form.is_valid():
        network.refresh_from_db()  # the form wrote its values onto the instance; the service compares
        network_update(network=network, **{k: form.cleaned_data[k] for k in EDITABLE_FIELDS})
        messages.success(request, _("Endringene er lagret."))
        return redirect("networks:detail", slug=office.slug, network_slug=network.slug)
    return render(request, "networks/network_form.html", {"office": office, "form": form, "network": network})
