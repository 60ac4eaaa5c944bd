"""python manage.py export_office --office SLUG: the office's own records as JSON (a portable backup)."""

from __future__ import annotations

from typing import Any

from common.cli import ArgumentError, PortalCommand, json_text
from municipalities.cli import get_office
from regional.exporting_json import office_export


class Command(PortalCommand):
    help = "Print an office's plan, networks, events, nominations, meetings and good examples as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", required=True, help="the office's slug, e.g. oslo-og-viken")

    def run(self, **options: Any) -> str:
        office = get_office(options["office"])
        if office is None:
            raise ArgumentError("--office is required")
        return json_text(office_export(office))
