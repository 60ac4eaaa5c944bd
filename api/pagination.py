"""Lists answer page by page: `?page=N` (from 1) and `?page_size=N` (default 100, at most 500, so the 356
municipalities fit in one page), as `{count, next, previous, results}`; some lists add what they were
computed for (`as_of`, `year`…) beside these. A page or page size that is not a whole number in ASCII digits
is a 400 (a page size above 500 gives 500); a page after the last is a 404."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from common.numbers import parse_int
from common.text import excerpt

from .params import bad_param


def _whole_number(request, name: str) -> int | None:
    """The parameter as a whole number from 1, None when absent; anything else is a 400."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return None
    number = parse_int(text, minimum=1)
    if number is None:
        message = gettext("skriv et helt tall fra 1 (fikk «%(text)s»)") % {"text": excerpt(text)}
        raise bad_param(name, message)
    return number


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = _("Sidenummer, fra 1.")
    page_size_query_description = _("Antall per side (standard 100, høyst 500).")
    invalid_page_message = _("Siden finnes ikke.")
    # What the list was computed for (name → OpenAPI schema), set by the views that add it.
    meta_schema: dict[str, dict] = {}

    def __init__(self) -> None:
        self.meta: dict[str, Any] = {}

    def get_page_size(self, request) -> int:
        size = _whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        if request.query_params.get(self.page_query_param) in self.last_page_strings:  # ?page=last
            return paginator.num_pages
        return _whole_number(request, self.page_query_param) or 1

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        response.data = {**self.meta, **response.data}
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        for link, page in (("next", 3), ("previous", 1)):  # OpenAPI 3.1: null is a type, not "nullable"
            paginated["properties"][link] = {
                "type": ["string", "null"],
                "format": "uri",
                "example": f"https://lhl.example.no/api/v1/municipalities/?page={page}",
            }
        paginated["properties"]["count"]["example"] = 356
        paginated["properties"] = {**self.meta_schema, **paginated["properties"]}
        paginated["required"] = [*self.meta_schema, *paginated["required"]]
        return paginated


class StatusPagination(Pagination):
    meta_schema = {
        "as_of": {"type": "string", "format": "date", "description": "Statusdatoen listen gjelder for."},
        "known_at": {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "Slik det var kjent på dette tidspunktet (null: alt som er registrert).",
        },
    }


class GrantPagination(Pagination):
    meta_schema = {
        "year": {"type": "integer", "description": "Tilskuddsåret."},
        "as_of": {"type": "string", "format": "date", "description": "Kriteriene er vurdert per denne datoen."},
    }
