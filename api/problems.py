"""Every refusal of the API as problem details (RFC 9457, `application/problem+json`): a Norwegian `title` for
the status and a Norwegian `detail` saying what to do, `status`, `instance` (the path) and, where it helps,
`errors` (each `{field, message}`: the input builder's messages for a fact), `status_version` (409) or
`request_id` (500, 503).

Refused writes are security events: 401 and 403 on a writing method are logged here (a 403 decided by
accounts.permissions is logged there already).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts import permissions

PROBLEM_CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger("lhl.request")

TITLES = {
    400: gettext_lazy("Ugyldig forespørsel"),
    401: gettext_lazy("Mangler gyldig API-nøkkel"),
    403: gettext_lazy("Ingen tilgang"),
    404: gettext_lazy("Finnes ikke"),
    405: gettext_lazy("Metoden er ikke tillatt"),
    406: gettext_lazy("Kan ikke svare i ønsket format"),
    409: gettext_lazy("Konflikt"),
    412: gettext_lazy("Forutsetningen holder ikke"),
    415: gettext_lazy("Ukjent innholdstype"),
    422: gettext_lazy("Kan ikke behandles"),
    429: gettext_lazy("For mange forespørsler"),
    500: gettext_lazy("Intern feil"),
    503: gettext_lazy("Tjenesten er midlertidig utilgjengelig"),
}


def invalid(errors: list[dict[str, str]]) -> Problem:
    """400 for bad input: every problem as {field, message}, and all of them in `detail`."""
    return Problem(400, "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)


class Problem(exceptions.APIException):
    """A refusal with its own status, Norwegian detail and extension members (`errors`, `status_version`…)."""

    def __init__(self, status_code: int, detail: str, **extra: Any):
        super().__init__(detail=detail)
        self.status_code = status_code
        self.extra = extra


def problem_body(*, status_code: int, detail: str, instance: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, TITLES[400] if status_code < 500 else TITLES[500])),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def problem_response(request, status_code: int, detail: str, *, headers=None, **extra: Any) -> Response:
    return Response(
        problem_body(status_code=status_code, detail=detail, instance=request.path, **extra),
        status=status_code,
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def _detail(exc: Exception) -> str:
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Send en API-nøkkel i feltet «Authorization: Bearer <nøkkel>». Nøkler lages på siden API-nøkler.")
    if isinstance(exc, exceptions.ParseError):
        return _("Innholdet er ikke gyldig JSON.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Send innholdet som JSON (Content-Type: application/json).")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Metoden %(method)s er ikke tillatt her.") % {"method": exc.args[0] if exc.args else ""}
    if isinstance(exc, exceptions.NotAcceptable):
        return _("API-et svarer bare med JSON (Accept: application/json).")
    if isinstance(exc, exceptions.Throttled):
        return _("For mange forespørsler med denne brukerens API-nøkler; vent %(s)s sekunder.") % {
            "s": int(exc.wait or 0) + 1
        }
    if isinstance(exc, Http404 | exceptions.NotFound):
        return _("Finnes ikke (eller er et annet embetes utkast).")
    if isinstance(exc, DjangoPermissionDenied):
        return _("Brukeren til API-nøkkelen har ikke lov til dette.")
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        return str(detail) if isinstance(detail, str) else _("Ugyldig forespørsel.")
    return _("Ugyldig forespørsel.")


def exception_handler(exc: Exception, context: dict) -> Response | None:
    request = context["request"]
    if isinstance(exc, OperationalError | InterfaceError):
        request_id = getattr(request, "request_id", "-")
        logger.error("database unavailable request_id=%s path=%s: %s", request_id, request.path, exc)
        return problem_response(
            request,
            503,
            _("Databasen er midlertidig utilgjengelig. Prøv igjen om litt."),
            headers={"Retry-After": "30"},
            request_id=request_id,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        request_id = getattr(request, "request_id", "-")
        logger.error("unhandled error request_id=%s path=%s", request_id, request.path, exc_info=exc)
        return problem_response(
            request,
            500,
            _("Noe gikk galt hos oss. Oppgi forespørsels-ID %(id)s hvis du kontakter brukerstøtte.")
            % {"id": request_id},
            request_id=request_id,
        )
    status_code = response.status_code
    # A refused write is a security event; accounts.permissions logged its own refusals (Django's exceptions).
    if status_code in (401, 403) and request.method not in SAFE_METHODS and not isinstance(exc, DjangoPermissionDenied):
        permissions.log_security_event(request, target=getattr(exc, "target", f"api:{request.method}:{status_code}"))
    extra = getattr(exc, "extra", {})
    body = problem_body(status_code=status_code, detail=_detail(exc), instance=request.path, **extra)
    headers = {k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    if "WWW-Authenticate" in headers and isinstance(exc, exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] += ', error="invalid_token"'  # a token was sent and is not valid (RFC 6750)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
