"""Parts of the routes' OpenAPI description: the refusals each may answer with (problem details, RFC 9457)
and the path parameters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from ..problems import PROBLEM_CONTENT_TYPE
from ..serializers import ProblemSerializer

WHY = {
    400: _("Ugyldig parameter eller inndata; `errors` sier hva, med de samme norske meldingene som skjemaene."),
    401: _("Mangler gyldig API-nøkkel (mangler, ukjent, utløpt eller trukket tilbake)."),
    403: _("API-nøkkelens bruker har ikke lov til dette (logges som sikkerhetshendelse)."),
    404: _("Finnes ikke, eller er et annet embetes utkast."),
    409: _("Kommunens status er endret siden versjonen i If-Match; `status_version` er versjonen nå."),
    422: _("Idempotency-Key er brukt før med et annet innhold."),
    429: _("For mange forespørsler; se Retry-After."),
}
READ_ERRORS = (401, 429)


def responses(success, errors=READ_ERRORS, *more: int, status: int = 200) -> dict:
    codes = sorted({*errors, *more})
    result: dict = {(status, "application/json"): success}
    for code in codes:
        result[(code, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(ProblemSerializer, description=WHY[code])
    return result


def path_parameter(name: str, description) -> OpenApiParameter:
    return OpenApiParameter(name, str, OpenApiParameter.PATH, description=description)


NUMBER = path_parameter("number", _("Kommunenummeret, fire sifre (0301 for Oslo)."))
OFFICE_SLUG = path_parameter("slug", _("Embetets kortnavn, for eksempel oslo-og-viken."))
REPORT_PERIOD = path_parameter("period", _("Periodens kortnavn, for eksempel autumn-2021."))
REPORT_OFFICE = path_parameter("office", _("Embetets kortnavn."))
