"""The example library (eksempelsamling): good examples of every office, searchable and filterable."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..forms import LibraryFilterForm
from ..selectors import LibraryFilter, catalogue_names, example_get, example_search

PAGE_SIZE = 20


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    filters = LibraryFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = LibraryFilter(
            area=data["omrade"],
            solution=data["losning"],
            county=data["fylke"],
            size=data["storrelse"],
            text=data["q"].strip(),
        )
    page = Paginator(example_search(filters), PAGE_SIZE).get_page(request.GET.get("side"))
    names = catalogue_names()
    page.object_list = list(page.object_list)
    for example in page.object_list:
        example.code_name = names.get(example.code, example.code)
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "regional/library.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "filtered": any(vars(filters).values()),
        },
    )


@require_safe
def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    example = example_get(pk)
    if example is None:
        raise Http404
    return render(
        request,
        "regional/example_detail.html",
        {"example": example, "code_name": catalogue_names().get(example.code, "")},
    )
