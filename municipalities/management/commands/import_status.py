from pathlib import Path
from typing import cast

from accounts import permissions
from accounts.cli import get_user
from common.cli import ArgumentError, InputRejected, PortalCommand, read_csv
from municipalities.cli import get_office
from municipalities.importing import IMPORT_COLUMNS, OPTIONAL_COLUMNS, ImportRejected, status_import
from municipalities.models import Office


class Command(PortalCommand):
    help = (
        "Import status facts from CSV (kommunenummer,fact,value,effective_date,detail[,target_date]); "
        "all or nothing, a fact already recorded is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file, UTF-8, comma-separated")
        parser.add_argument("--office", default=None, help="only this office's municipalities (slug)")
        parser.add_argument(
            "--create-networks",
            action="store_true",
            help="create a missing network slug under the municipality's office",
        )
        parser.add_argument("--user", default=None, help="record as this user (default: the system actor)")

    def run(self, *, file: Path, office: str | None, create_networks: bool, user: str | None, **options) -> None:
        actor = get_user(user)
        try:
            # the office asked for or the user's own: a municipalities Office either way
            target = cast(Office | None, permissions.fact_import_office(actor, get_office(office)))
        except permissions.CommandRefused as refused:
            raise ArgumentError(str(refused)) from None
        rows = read_csv(file, header=IMPORT_COLUMNS, optional=OPTIONAL_COLUMNS)
        try:
            result = status_import(rows, user=actor, office=target, create_networks=create_networks)
        except ImportRejected as exc:
            raise InputRejected([(p.line, p.message) for p in exc.problems]) from None
        self.summary(recorded=result.recorded, unchanged=result.unchanged)
