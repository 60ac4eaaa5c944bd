from pathlib import Path

from accounts import permissions
from accounts.cli import get_user
from accounts.provisioning import ROSTER_COLUMNS, RosterRejected, roster_import
from common.cli import ArgumentError, InputRejected, PortalCommand, read_csv


class Command(PortalCommand):
    help = (
        "Create or update accounts from CSV (username,email,role,office); all or nothing. Roles: office_staff "
        "(with an office slug), directorate, administrator. New accounts have no password: they sign in through "
        "the identity provider."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file, UTF-8, comma-separated")
        parser.add_argument(
            "--user", default=None, help="an administrator to record the changes as (default: the system actor)"
        )

    def run(self, *, file: Path, user: str | None, **options) -> None:
        actor = get_user(user)
        if not actor.is_system and not permissions.can_manage_users(actor):
            raise ArgumentError(f"user {actor.username!r} ({actor.role}) may not create or change accounts")
        rows = read_csv(file, header=ROSTER_COLUMNS)
        try:
            result = roster_import(rows, actor=actor)
        except RosterRejected as exc:
            raise InputRejected(exc.problems) from None
        self.summary(recorded=result.recorded, unchanged=result.unchanged)
