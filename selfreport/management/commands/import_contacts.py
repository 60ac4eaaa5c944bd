from pathlib import Path

from accounts import permissions
from accounts.cli import get_user
from common.cli import ArgumentError, InputRejected, PortalCommand, read_csv
from municipalities.cli import get_office
from selfreport.contacts import IMPORT_COLUMNS, OPTIONAL_COLUMNS, ContactsRejected, contacts_import


class Command(PortalCommand):
    help = (
        "Import the contact persons of an office's municipalities from CSV (kommunenummer,name,email,role"
        "[,language]); all or nothing; a contact is the same when municipality and e-mail are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file, UTF-8, comma-separated")
        parser.add_argument("--office", required=True, help="the office whose municipalities these are (slug)")
        parser.add_argument("--user", default=None, help="record as this user (default: the system actor)")

    def run(self, *, file: Path, office: str, user: str | None, **options) -> None:
        actor = get_user(user)
        target = get_office(office)
        if not permissions.can_write_office_by_command(actor, target):
            raise ArgumentError(f"user {actor.username!r} may not manage the contacts of {target.slug!r}")
        rows = read_csv(file, header=IMPORT_COLUMNS, optional=OPTIONAL_COLUMNS)
        try:
            result = contacts_import(rows, office=target, user=actor)
        except ContactsRejected as exc:
            raise InputRejected([(p.line, p.message) for p in exc.problems]) from None
        self.summary(recorded=result.recorded, unchanged=result.unchanged)
