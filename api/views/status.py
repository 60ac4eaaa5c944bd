"""Status as of a date (the `export_status` rows), a municipality's current facts and fact history, and
recording a fact (office staff, their own office's municipalities)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from accounts import permissions
from municipalities.exporting import status_rows
from municipalities.facts import StatusFact
from municipalities.selectors import current_facts, facts_timeline, municipality_list_for_user
from municipalities.services import StaleStatusError

from ..inputs import fact_body, idempotency_key, if_match_version
from ..pagination import Pagination, StatusPagination
from ..params import date_param, office_param, time_param
from ..problems import Problem, invalid
from ..serializers import (
    FactRecordedSerializer,
    FactSerializer,
    FactWriteSerializer,
    MunicipalityStatusSerializer,
    StatusRowSerializer,
)
from ..services import FactRejected, KeyReused, api_fact_record, request_fingerprint
from .base import ApiView
from .openapi import NUMBER, READ_ERRORS, responses

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description=gettext_lazy("Statusdatoen, ÅÅÅÅ-MM-DD, 2018 til i dag (standard: i dag).")
)
KNOWN_AT = OpenApiParameter(
    "known_at",
    OpenApiTypes.DATETIME,
    description=gettext_lazy("Slik det var kjent på dette tidspunktet (ISO; uten sone er norsk tid). Standard: nå."),
)


class StatusListView(ApiView):
    pagination_class = StatusPagination

    @extend_schema(
        summary=gettext_lazy("Status for alle kommuner per dato"),
        description=gettext_lazy(
            "Én rad per kommune, sortert etter kommunenummer, med de samme kolonnene og verdiene som "
            "kommandoen export_status for samme dato (prioriteringene som liste)."
        ),
        parameters=[AS_OF, KNOWN_AT, OpenApiParameter("office", str, description=gettext_lazy("Bare dette embetet."))],
        responses=responses(StatusRowSerializer(many=True), READ_ERRORS, 400),
        tags=["status"],
    )
    def get(self, request):
        as_of = date_param(request, "as_of", default=timezone.localdate())
        known_at = time_param(request, "known_at")
        office = office_param(request)
        municipalities = municipality_list_for_user(user=request.user)
        if office is not None:
            municipalities = municipalities.filter(office=office)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(municipalities.order_by("number"), request, view=self)
        numbers = [m.number for m in page]
        rows = list(status_rows(municipalities.filter(number__in=numbers), as_of, known_at))
        paginator.meta = {"as_of": as_of.isoformat(), "known_at": known_at.isoformat() if known_at else None}
        return paginator.get_paginated_response(StatusRowSerializer(rows, many=True).data)


class MunicipalityStatusView(ApiView):
    @extend_schema(
        summary=gettext_lazy("Én kommunes status per dato"),
        description=gettext_lazy(
            "Raden fra export_status, opplysningene som gjelder per datoen, og kommunens statusversjon nå "
            "(til If-Match når du registrerer)."
        ),
        parameters=[NUMBER, AS_OF, KNOWN_AT],
        responses=responses(MunicipalityStatusSerializer, READ_ERRORS, 400, 404),
        tags=["status"],
    )
    def get(self, request, number: str):
        municipality = self.municipality(number)
        as_of = date_param(request, "as_of", default=timezone.localdate())
        known_at = time_param(request, "known_at")
        same = municipality_list_for_user(user=request.user).filter(pk=municipality.pk)
        row = next(iter(status_rows(same, as_of, known_at)))
        facts = current_facts([municipality.pk], as_of=as_of, known_at=known_at).order_by("fact", "detail")
        data = {
            "kommunenummer": municipality.number,
            "as_of": as_of,
            "known_at": known_at,
            "status_version": municipality.status_version,
            "status": row,
            "current_facts": list(facts),
        }
        return self.answer(MunicipalityStatusSerializer(data).data)


def _describe(fact: StatusFact, status_version: int) -> dict:
    setattr(fact, "status_version", status_version)  # read by FactRecordedSerializer, not a model field  # noqa: B010
    return dict(FactRecordedSerializer(fact).data)


class MunicipalityFactsView(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary=gettext_lazy("Én kommunes opplysninger (historikk)"),
        description=gettext_lazy(
            "Alle opplysninger som er registrert for kommunen, nyeste først, med tilbaketrekkinger. "
            "Opplysninger rettes aldri: en rettelse er en ny opplysning."
        ),
        parameters=[NUMBER],
        responses=responses(FactSerializer(many=True), READ_ERRORS, 404),
        tags=["status"],
    )
    def get(self, request, number: str):
        municipality = self.municipality(number)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(facts_timeline(municipality=municipality), request, view=self)
        return paginator.get_paginated_response(FactSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Registrer en opplysning"),
        description=gettext_lazy(
            "For ansatte hos statsforvalteren, med en API-nøkkel som kan skrive, for eget embetes kommuner. "
            "Innholdet sjekkes av den samme inndatabyggeren som skjemaene, arbeidsarket og CSV-importen, med de "
            'samme norske meldingene. `If-Match: "<statusversjon>"` gir 409 hvis statusen er endret i '
            "mellomtiden. `Idempotency-Key` (høyst 255 tegn) gjør at et gjentatt kall gir samme svar og registrerer "
            "ingenting på nytt i 24 timer; samme nøkkel med annet innhold gir 422."
        ),
        parameters=[
            NUMBER,
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description=gettext_lazy('Statusversjonen du så, i anførselstegn: "12".'),
            ),
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description=gettext_lazy("En nøkkel du velger per endring, for eksempel en UUID."),
            ),
        ],
        request=FactWriteSerializer,
        examples=[
            OpenApiExample(
                "Vedtak: prosess beskrevet",
                value={
                    "fact": "decision",
                    "value": "process_described",
                    "effective_date": "2021-03-01",
                    "detail": "21/15",
                    "target_date": "2022-06-30",
                    "note": "Fra saksbehandlingssystemet",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Fase 3", value={"fact": "phase", "value": "3", "effective_date": "2021-05-01"}, request_only=True
            ),
        ],
        responses=responses(FactRecordedSerializer, READ_ERRORS, 400, 403, 404, 409, 422, status=201),
        tags=["status"],
    )
    def post(self, request, number: str):
        municipality = permissions.municipality_for_writing(
            request,
            municipality_list_for_user(user=request.user),
            target=lambda m: f"municipality:{m.number}:api-fact",
            number=number,
        )
        given = fact_body(request.data)
        expected = if_match_version(request.headers.get("If-Match"))
        key = idempotency_key(request.headers.get("Idempotency-Key"))
        try:
            answer = api_fact_record(
                user=request.user,
                municipality=municipality,
                given=given,
                expected_version=expected,
                idempotency_key=key,
                fingerprint=request_fingerprint(method="POST", path=request.path, body=given),
                describe=_describe,
            )
        except FactRejected as rejected:
            target = f"municipality:{municipality.number}:api-fact"
            permissions.log_security_event(request, target=target, outcome="invalid")
            raise invalid([{"field": p.field, "message": p.message} for p in rejected.problems]) from None
        except StaleStatusError as stale:
            message = _(
                "Statusen til %(name)s er endret siden versjon %(expected)s (nå %(current)s). Hent statusen "
                "på nytt og send den nye versjonen i If-Match."
            )
            values = {"name": municipality.name, "expected": stale.expected, "current": stale.current}
            raise Problem(409, message % values, status_version=stale.current) from None
        except KeyReused:
            message = _("Idempotency-Key «%(key)s» er brukt før med et annet innhold; bruk en ny nøkkel per endring.")
            raise Problem(422, message % {"key": key}) from None
        headers = {"Idempotent-Replayed": "true"} if answer.replayed else None
        return self.answer(answer.body, status=answer.status, headers=headers)
