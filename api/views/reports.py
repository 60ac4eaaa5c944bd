"""Office reports: the state of every office's report per period, and one report's texts (the office's own
draft for its own staff; the latest submitted version for everyone else, and a 404 before there is one, as
on the report page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema

from accounts import permissions
from municipalities.models import Office
from municipalities.selectors import office_list
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_list
from reporting.reports.selectors import latest_submitted_snapshot, report_get, report_states, report_texts_latest

from ..pagination import Pagination
from ..params import office_param, period_param
from ..serializers import ReportStateSerializer, ReportTextsSerializer
from .base import ApiView
from .openapi import READ_ERRORS, REPORT_OFFICE, REPORT_PERIOD, responses


def _state_data(period: ReportingPeriod, office: Office, state) -> dict:
    return {
        "period": period.slug,
        "office": office.slug,
        "status": state.status,
        "status_changed_at": state.status_changed_at,
        "submitted_at": state.submitted_at,
        "version": state.version,
    }


class ReportListView(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary=gettext_lazy("Rapportenes status per embete og periode"),
        description=gettext_lazy(
            "Én rad per periode og embete (ikke påbegynt der embetet ikke har begynt), sortert etter periodens "
            "referansedato og embetenes rekkefølge."
        ),
        parameters=[
            OpenApiParameter("period", str, description=gettext_lazy("Bare denne perioden (kortnavn).")),
            OpenApiParameter("office", str, description=gettext_lazy("Bare dette embetet (kortnavn).")),
        ],
        responses=responses(ReportStateSerializer(many=True), READ_ERRORS, 400),
        tags=["rapporter"],
    )
    def get(self, request):
        period, office = period_param(request), office_param(request)
        periods = [period] if period is not None else list(period_list())
        offices = [office] if office is not None else list(office_list().order_by("position"))
        rows = []
        for p in periods:
            states = report_states(period=p)
            rows += [_state_data(p, o, states[o.pk]) for o in offices]
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ReportStateSerializer(page, many=True).data)


class ReportTextsView(ApiView):
    @extend_schema(
        summary=gettext_lazy("Én rapports tekster"),
        description=gettext_lazy(
            "Embetets egne ansatte får utkastet (source=live); alle andre får siste innsendte versjon "
            "(source=submitted), og 404 før rapporten er sendt inn."
        ),
        parameters=[REPORT_PERIOD, REPORT_OFFICE],
        responses=responses(ReportTextsSerializer, READ_ERRORS, 404),
        tags=["rapporter"],
    )
    def get(self, request, period: str, office: str):
        office_obj = permissions.get_for_reading(request, office_list(), slug=office)
        period_obj = permissions.get_for_reading(request, ReportingPeriod, slug=period)
        state = report_states(period=period_obj)[office_obj.pk]
        data = _state_data(period_obj, office_obj, state)
        if permissions.can_see_drafts(request.user, office_obj):
            texts = {
                section: text.text
                for section, text in report_texts_latest(report_get(office=office_obj, period=period_obj)).items()
            }
            data.update(source="live", texts_version=None, texts=texts)
        else:
            snapshot = latest_submitted_snapshot(office=office_obj, period=period_obj)
            if snapshot is None or snapshot.submission is None:
                raise permissions.not_found(request, target=f"report:{office_obj.slug}/{period_obj.slug}:api")
            data.update(source="submitted", texts_version=snapshot.version, texts=dict(snapshot.submission.texts))
        return self.answer(ReportTextsSerializer(data).data)
