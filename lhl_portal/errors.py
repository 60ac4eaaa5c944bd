"""Error pages that never show a traceback or settings."""

import uuid

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    request_id = getattr(request, "request_id", None) or uuid.uuid4().hex[:12]
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": request_id}))
