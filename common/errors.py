"""Error pages that never show a traceback or settings."""

import sys
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponse:
    request_id = getattr(request, "request_id", None) or uuid.uuid4().hex[:12]
    if _database_unavailable(sys.exc_info()[1]):
        # The database went away before the view ran (session or user lookup in a middleware), where
        # DatabaseUnavailableMiddleware.process_exception does not reach: the same Norwegian 503 page.
        response = HttpResponse(loader.get_template("503.html").render({"request_id": request_id}), status=503)
        response["Retry-After"] = "30"
        return response
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": request_id}))


def _database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)
