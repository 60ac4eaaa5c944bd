"""What every API view shares: token-only access, and answers that carry the data version they were computed
from in their ETag, with conditional requests answered 304.

The ETag is `"<data version>.<digest>"`: the portal's data version (reporting.dashboard.selectors.data_version,
the key the dashboard cache uses, read before the answer is computed) and a digest of the answer itself, so a
304 is never given for an answer that changed in a way the data version does not count (a report submitted, a
period edited). Answers are `Cache-Control: private, no-cache` (a client revalidates with If-None-Match) and vary
by Authorization (a shared cache never serves one token's answer to another).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils.cache import get_conditional_response, patch_vary_headers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions
from municipalities.models import Municipality
from municipalities.selectors import municipality_list_for_user
from reporting.dashboard.selectors import data_version


def answer_etag(version: str, data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return f'"{version}.{hashlib.sha256(canonical.encode()).hexdigest()[:20]}"'


class ApiView(APIView):
    http_method_names = ["get", "head", "post"]  # a view answers those it defines; no OPTIONS, PUT or DELETE

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # authentication, token scope, rate limit
        self.data_version = data_version() if request.method in ("GET", "HEAD") else None

    def answer(self, data: Any, status: int = 200, headers: dict | None = None) -> Response:
        return Response(data, status=status, headers=headers)

    def municipality(self, number: str) -> Municipality:
        """The municipality by number, for any reader; 404 when there is none."""
        return permissions.get_for_reading(
            self.request, municipality_list_for_user(user=self.request.user), number=number
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not 200 <= response.status_code < 300 or getattr(response, "data", None) is None:
            return response
        version = getattr(self, "data_version", None) or data_version()
        etag = answer_etag(version, response.data)
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ["Authorization"])
        if request.method in ("GET", "HEAD"):
            return get_conditional_response(request._request, etag=etag, response=response)
        return response


def api_path(route: str, view: type[APIView], name: str):
    """A route of the API: the views answer by token, not by the session, so the login redirect is off."""
    return path(route, login_not_required(view.as_view()), name=name)
