from pathlib import Path

from accounts import permissions
from lhl_portal.cli import ArgumentError, InputRejected, PortalCommand, get_office, get_user, read_csv
from municipalities.importing import IMPORT_COLUMNS, OPTIONAL_COLUMNS, ImportRejected, status_import


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
        target = get_office(office)
        if not actor.is_system:
            if actor.is_directorate or actor.is_administrator:
                raise ArgumentError(f"user {actor.username!r} ({actor.role}) may not record status facts")
            if not actor.is_office_staff or actor.office_id is None or not actor.is_active:
                raise ArgumentError(f"user {actor.username!r} may not record status facts")
            if target is None:
                target = actor.office
            elif not permissions.can_write_office(actor, target):
                raise ArgumentError(f"user {actor.username!r} may not record facts for the office {target.slug!r}")
        rows = read_csv(file, header=IMPORT_COLUMNS, optional=OPTIONAL_COLUMNS)
        try:
            result = status_import(rows, user=actor, office=target, create_networks=create_networks)
        except ImportRejected as exc:
            raise InputRejected([(p.line, p.message) for p in exc.problems]) from None
        self.summary(recorded=result.recorded, unchanged=result.unchanged)
