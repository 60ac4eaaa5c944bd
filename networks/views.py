"""An office's networks: the list, the detail page with its members, and create/edit for the office's staff."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from municipalities.selectors import office_list

from .forms import NetworkForm
from .models import Network
from .selectors import network_get, network_list, network_members
from .services import EDITABLE_FIELDS, network_create, network_update


def _network(office, slug: str) -> Network:
    try:
        return network_get(office=office, slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None


@require_safe
def network_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
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
def network_detail(request: HttpRequest, slug: str, network_slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    network = _network(office, network_slug)
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
def network_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    permissions.require_office_write(request, office, target=f"office:{office.slug}:network-create")
    form = NetworkForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        network = network_create(
            office=office, user=request.user, slug=data["slug"], **{k: data[k] for k in EDITABLE_FIELDS}
        )
        messages.success(request, _("Nettverket er registrert."))
        return redirect("networks:detail", slug=office.slug, network_slug=network.slug)
    return render(request, "networks/network_form.html", {"office": office, "form": form, "network": None})


@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, slug: str, network_slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    network = _network(office, network_slug)
    permissions.require_office_write(request, office, target=f"network:{network.qualified_slug}:edit")
    form = NetworkForm(request.POST or None, instance=network, office=office)
    if request.method == "POST" and form.is_valid():
        network.refresh_from_db()  # the form wrote its values onto the instance; the service compares
        network_update(network=network, **{k: form.cleaned_data[k] for k in EDITABLE_FIELDS})
        messages.success(request, _("Endringene er lagret."))
        return redirect("networks:detail", slug=office.slug, network_slug=network.slug)
    return render(request, "networks/network_form.html", {"office": office, "form": form, "network": network})
