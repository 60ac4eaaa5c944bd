from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions

from .catalogue import catalogue_name_correct
from .forms import CatalogueNameForm
from .models import FocusArea, Solution
from .selectors import municipality_list_for_user, office_list


@require_safe
def office_list_view(request: HttpRequest) -> HttpResponse:
    offices = office_list().prefetch_related("counties").annotate(municipality_count=Count("municipalities"))
    rows = [(office, office.municipality_count) for office in offices]
    return render(request, "municipalities/office_list.html", {"rows": rows, "today": timezone.localdate()})


@require_safe
def office_detail(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    municipalities = municipality_list_for_user(user=request.user).filter(office=office).by_name()
    return render(
        request,
        "municipalities/office_detail.html",
        {
            "office": office,
            "municipalities": municipalities,
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_safe
def municipality_detail(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(municipality_list_for_user(user=request.user), number=number)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "can_write": permissions.can_edit_municipality(request.user, municipality),
        },
    )


@require_safe
def catalogue_list(request: HttpRequest) -> HttpResponse:
    areas = FocusArea.objects.prefetch_related("solutions").all()
    return render(
        request,
        "municipalities/catalogue_list.html",
        {"areas": areas, "can_edit": permissions.can_edit_catalogue(request.user)},
    )


@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, code: str) -> HttpResponse:
    entry = FocusArea.objects.filter(code=code).first() or get_object_or_404(Solution, code=code)
    if not permissions.can_edit_catalogue(request.user):
        raise permissions.deny(request, target=f"catalogue:{code}")
    form = CatalogueNameForm(request.POST or None, initial={"name": entry.name})
    if request.method == "POST" and form.is_valid():
        if catalogue_name_correct(entry=entry, name=form.cleaned_data["name"], user=request.user):
            messages.success(request, _("Navnet er rettet."))
        else:
            messages.info(request, _("Navnet var uendret."))
        return redirect("municipalities:catalogue")
    return render(request, "municipalities/catalogue_edit.html", {"entry": entry, "form": form})
