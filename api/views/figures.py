"""Figures: exactly the JSON object `report_figures` prints for the same arguments, nothing around it (the
same function computes it, and it is written the same way: sorted keys, UTF-8, one-space indent)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer

from common.cli import json_text
from reporting.figures.selectors import period_figures_json
from reporting.reports.selectors import period_figures_submitted_json

from ..params import date_param, flag_param, office_param, period_param, time_param
from ..serializers import FiguresSerializer
from .base import ApiView
from .openapi import READ_ERRORS, responses


class CommandJSONRenderer(JSONRenderer):
    """JSON as the commands print it (common.cli.json_text)."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            return super().render(data, accepted_media_type, renderer_context)
        return json_text(data).encode()


class FiguresView(ApiView):
    renderer_classes = [CommandJSONRenderer]

    @extend_schema(
        summary=gettext_lazy("Tallene for en periode"),
        description=gettext_lazy(
            "Nøyaktig det JSON-objektet kommandoen report_figures skriver ut for de samme argumentene: levende "
            "tall som standard, per embete og for hele landet, per periodens referansedato eller as_of. Med "
            "submitted=true kommer hvert embetes tall fra siste innsendte eller godkjente rapport (levende der "
            "det ikke finnes en), med source og version."
        ),
        parameters=[
            OpenApiParameter("period", str, required=True, description=gettext_lazy("Periodens kortnavn.")),
            OpenApiParameter("office", str, description=gettext_lazy("Bare dette embetet (kortnavn).")),
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description=gettext_lazy("Standard: periodens referansedato.")
            ),
            OpenApiParameter("known_at", OpenApiTypes.DATETIME, description=gettext_lazy("Slik det var kjent da.")),
            OpenApiParameter("submitted", bool, description=gettext_lazy("Innsendte tall der de finnes.")),
        ],
        responses=responses(FiguresSerializer, READ_ERRORS, 400),
        tags=["tall"],
    )
    def get(self, request):
        period = period_param(request, required=True)
        office = office_param(request)
        as_of = date_param(request, "as_of", default=period.reference_date)
        known_at = time_param(request, "known_at")
        if flag_param(request, "submitted"):
            return self.answer(
                period_figures_submitted_json(period=period, office=office, as_of=as_of, known_at=known_at)
            )
        return self.answer(period_figures_json(period=period, office=office, as_of=as_of, known_at=known_at))
