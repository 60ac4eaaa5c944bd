"""Reads of the country: offices, counties and municipalities (every token reads them all)."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema

from accounts import permissions
from municipalities.models import County
from municipalities.selectors import municipality_list_for_user, office_list

from ..pagination import Pagination
from ..params import county_param, office_param
from ..serializers import CountySerializer, MunicipalitySerializer, OfficeSerializer
from .base import ApiView
from .openapi import NUMBER, OFFICE_SLUG, READ_ERRORS, responses


def _offices():
    return (
        office_list()
        .prefetch_related(Prefetch("counties", queryset=County.objects.order_by("number")))
        .annotate(municipality_count=Count("municipalities"))
        .order_by("position")
    )


def _office_data(office) -> dict:
    return {
        "slug": office.slug,
        "region": office.region,
        "title": office.title,
        "position": office.position,
        "counties": [county.number for county in office.counties.all()],
        "municipality_count": office.municipality_count,
    }


class OfficeListView(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary=_("Embetene"),
        description=_("De ti statsforvalterembetene i fast rekkefølge."),
        responses=responses(OfficeSerializer(many=True), READ_ERRORS),
        tags=["referansedata"],
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(list(_offices()), request, view=self)
        return paginator.get_paginated_response(OfficeSerializer([_office_data(o) for o in page], many=True).data)


class OfficeDetailView(ApiView):
    @extend_schema(
        summary=_("Ett embete"),
        parameters=[OFFICE_SLUG],
        responses=responses(OfficeSerializer, READ_ERRORS, 404),
        tags=["referansedata"],
    )
    def get(self, request, slug: str):
        office = permissions.get_for_reading(request, _offices(), slug=slug)
        return self.answer(OfficeSerializer(_office_data(office)).data)


class CountyListView(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary=_("Fylkene"),
        description=_("De elleve fylkene (2020–2023) og embetet hvert hører til."),
        responses=responses(CountySerializer(many=True), READ_ERRORS),
        tags=["referansedata"],
    )
    def get(self, request):
        counties = County.objects.select_related("office").order_by("number")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(counties, request, view=self)
        return paginator.get_paginated_response(CountySerializer(page, many=True).data)


class MunicipalityListView(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary=_("Kommunene"),
        description=_("De 356 kommunene (2020–2023), sortert etter kommunenummer."),
        parameters=[
            OpenApiParameter("office", str, description=_("Bare dette embetets kommuner (kortnavn).")),
            OpenApiParameter("county", str, description=_("Bare dette fylkets kommuner (fylkesnummer).")),
        ],
        responses=responses(MunicipalitySerializer(many=True), READ_ERRORS, 400),
        tags=["referansedata"],
    )
    def get(self, request):
        municipalities = municipality_list_for_user(user=request.user).order_by("number")
        office, county = office_param(request), county_param(request)
        if office is not None:
            municipalities = municipalities.filter(office=office)
        if county is not None:
            municipalities = municipalities.filter(county=county)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(municipalities, request, view=self)
        return paginator.get_paginated_response(MunicipalitySerializer(page, many=True).data)


class MunicipalityDetailView(ApiView):
    @extend_schema(
        summary=_("Én kommune"),
        parameters=[NUMBER],
        responses=responses(MunicipalitySerializer, READ_ERRORS, 404),
        tags=["referansedata"],
    )
    def get(self, request, number: str):
        return self.answer(MunicipalitySerializer(self.municipality(number)).data)
