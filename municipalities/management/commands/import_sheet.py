from pathlib import Path

from accounts import permissions
from accounts.cli import get_user
from common.cli import ArgumentError, InputRejected, PortalCommand, csv_text, parse_date
from municipalities.cli import get_office
from municipalities.registry import effective_date_problem
from municipalities.sheet import SheetRejected, sheet_apply, sheet_parse, sheet_preview, stale_problems

DRY_RUN_HEADER = ("kommunenummer", "fact", "detail", "old", "new")


class Command(PortalCommand):
    help = (
        "Record the changes in an edited office working sheet (.xlsx), all or nothing; "
        "--dry-run prints them as CSV (kommunenummer,fact,detail,old,new) instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the edited working sheet (.xlsx)")
        parser.add_argument("--office", required=True, help="the office (slug) the sheet belongs to")
        parser.add_argument("--effective-date", required=True, help="the date the changes took effect, YYYY-MM-DD")
        parser.add_argument("--user", default=None, help="record as this user (default: the system actor)")
        parser.add_argument("--dry-run", action="store_true", help="print the changes as CSV and write nothing")

    def run(self, *, file: Path, office: str, effective_date: str, user: str | None, dry_run: bool, **options):
        date = parse_date(effective_date, name="--effective-date", narrower_rule=True)
        problem = effective_date_problem(date)
        if problem:
            raise ArgumentError(f"--effective-date {date.isoformat()}: {problem}")
        target = get_office(office)
        actor = get_user(user)
        if not permissions.can_write_office_by_command(actor, target):
            raise ArgumentError(f"user {actor.username!r} may not record facts for the office {target.slug!r}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise ArgumentError(f"cannot read {file}: {exc.strerror}") from None
        try:
            parsed = sheet_parse(data, office=target)
            preview = sheet_preview(parsed, office=target, effective_date=date)
        except SheetRejected as exc:
            raise InputRejected([p.cli() for p in exc.problems]) from None
        stale = stale_problems(preview, parsed)
        if stale:
            raise InputRejected([p.cli() for p in stale])
        if dry_run:
            return csv_text(DRY_RUN_HEADER, ((c.number, c.fact, c.detail, c.old, c.new) for c in preview.changes))
        recorded = sheet_apply(
            parsed,
            office=target,
            effective_date=date,
            user=actor,
            expected=preview.signature(),
            expected_versions=preview.versions,
        )
        self.summary(recorded=len(recorded.changes), unchanged=preview.unchanged)
        return None
