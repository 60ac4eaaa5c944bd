"""build_annual_summary: the directorate's annual summary as a Word document, built synchronously (no job)."""

from pathlib import Path

from django.utils import timezone

from accounts.cli import get_user
from common.cli import ArgumentError, PortalCommand, parse_datetime
from municipalities.selectors import as_aware
from reporting.reports.snapshot import display_name
from summary.data import summary_data_build
from summary.document import summary_document_bytes
from summary.selectors import summary_get, year_periods
from summary.services import directorate_part

FIRST_YEAR, LAST_YEAR = 2018, 2035


class Command(PortalCommand):
    help = (
        "Build the directorate's annual summary for a year (.docx) as the portal does, without recording a job: "
        "the figures of the year's periods as report_figures --submitted prints them (as known now), the offices' "
        "submitted texts and examples, and the directorate's latest saved sections. Two builds with the same "
        "arguments are byte-identical."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="the reporting year, e.g. 2021 (due 1 February after)")
        parser.add_argument(
            "--generated-at",
            dest="generated_at",
            default=None,
            help="ISO time written as generated-at (default now; Europe/Oslo when naive)",
        )
        parser.add_argument("--output", required=True, help="the .docx file to write")

    def run(self, *, year, generated_at, output, **options) -> None:
        try:
            number = int(year)
        except ValueError:
            raise ArgumentError(f"--year must be a year YYYY, got {year!r}") from None
        if not FIRST_YEAR <= number <= LAST_YEAR:
            raise ArgumentError(f"--year must be between {FIRST_YEAR} and {LAST_YEAR}, got {number}")
        periods = year_periods(number)
        if not periods:
            raise ArgumentError(f"no reporting period has its reference date in {number}")
        moment = as_aware(parse_datetime(generated_at, name="--generated-at")) if generated_at else None
        moment = moment or timezone.now()
        target = Path(output)
        if not target.parent.is_dir():
            raise ArgumentError(f"--output: folder {str(target.parent)!r} does not exist")
        data = summary_data_build(
            year=number,
            periods=periods,
            directorate=directorate_part(summary_get(number)),
            generated_at=moment,
            generated_by=display_name(get_user(None)),
        )
        content = summary_document_bytes(data)
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise ArgumentError(f"--output: cannot write {output}: {exc.strerror}") from None
        return None
