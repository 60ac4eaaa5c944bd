"""Grant priority: the proposals and confirmations of a year, the columns of `grant_priority`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from reporting.grants.selectors import default_as_of, grant_rows

from ..pagination import GrantPagination
from ..params import date_param, office_param, year_param
from ..serializers import GrantRowSerializer
from .base import ApiView
from .openapi import READ_ERRORS, responses


class GrantPriorityView(ApiView):
    pagination_class = GrantPagination

    @extend_schema(
        summary=gettext_lazy("Prioritering i tilskuddsordninger"),
        description=gettext_lazy(
            "Én rad per kommune med de samme kolonnene som kommandoen grant_priority: de fire kriteriene, "
            "forslaget og embetets bekreftelse. Kriteriene vurderes per as_of (standard: årets siste dag eller i "
            "dag, det som kommer først)."
        ),
        parameters=[
            OpenApiParameter("year", int, required=True, description=gettext_lazy("Tilskuddsåret, 2021–2023.")),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description=gettext_lazy("Vurderingsdatoen.")),
            OpenApiParameter("office", str, description=gettext_lazy("Bare dette embetet (kortnavn).")),
        ],
        responses=responses(GrantRowSerializer(many=True), READ_ERRORS, 400),
        tags=["tilskudd"],
    )
    def get(self, request):
        year = year_param(request)
        as_of = date_param(request, "as_of", default=default_as_of(year, timezone.localdate()))
        rows = grant_rows(year=year, as_of=as_of, office=office_param(request))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        paginator.meta = {"year": year, "as_of": as_of.isoformat()}
        return paginator.get_paginated_response(GrantRowSerializer(page, many=True).data)
