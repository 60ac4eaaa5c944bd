"""build_report: the report package workbook, built synchronously (no job is recorded)."""

from pathlib import Path

from django.utils import timezone

from accounts.cli import get_user
from common.cli import ArgumentError, PortalCommand, parse_datetime
from municipalities.cli import get_office
from municipalities.selectors import as_aware
from reporting.packages.services import package_build_now
from reporting.periods.selectors import period_get
from reporting.reports.snapshot import display_name


class Command(PortalCommand):
    help = (
        "Build a period's report package (.xlsx) for one office or the whole country, as the portal does, "
        "without recording a job: live figures by default; with --submitted the office's latest submitted "
        "snapshot, or with --national the mixed package (submitted where submitted or accepted, live otherwise)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="period slug, e.g. spring-2021")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--office", default=None, help="office slug")
        who.add_argument("--national", action="store_true", help="the national package (every office)")
        parser.add_argument("--submitted", action="store_true", help="the submitted snapshot / the mixed package")
        parser.add_argument(
            "--generated-at",
            dest="generated_at",
            default=None,
            help="ISO time written as generated-at (default now; Europe/Oslo when naive); "
            "a submitted snapshot keeps its own",
        )
        parser.add_argument("--output", required=True, help="the .xlsx file to write")

    def run(self, *, period, office, national, submitted, generated_at, output, **options) -> None:
        found = period_get(period)
        if found is None:
            raise ArgumentError(f"unknown period {period!r}")
        chosen = None if national else get_office(office)
        moment = as_aware(parse_datetime(generated_at, name="--generated-at")) if generated_at else timezone.now()
        target = Path(output)
        if not target.parent.is_dir():
            raise ArgumentError(f"--output: folder {str(target.parent)!r} does not exist")
        built = package_build_now(
            period=found,
            office=chosen,
            submitted=submitted,
            generated_at=moment,
            generated_by=display_name(get_user(None)),
        )
        if built is None:
            assert chosen is not None, "only an office's submitted package can be missing"
            raise ArgumentError(f"office {chosen.slug!r} has no submitted report for {found.slug!r}")
        _filename, content = built
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise ArgumentError(f"--output: cannot write {output}: {exc.strerror}") from None
        return None
