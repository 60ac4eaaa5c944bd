from django.utils import timezone

from common.cli import ArgumentError, PortalCommand, csv_text, parse_date
from municipalities.cli import get_office
from reporting.grants.selectors import default_as_of, grant_rows, grant_years, yes_no

HEADER = [
    "kommunenummer",
    "navn",
    "office",
    "criterion_1",
    "criterion_2",
    "criterion_3",
    "criterion_4",
    "proposed",
    "confirmed",
    "reason",
    "confirmation_stale",
]


class Command(PortalCommand):
    help = (
        "Print the grant-priority proposal per municipality for a year (2021-2023), with the office's "
        "confirmation where there is one. As-of defaults to the year's last day or today, whichever is earlier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD")
        parser.add_argument("--office", default=None, help="office slug (default: the whole country)")

    def run(self, *, year: int, as_of: str | None, office: str | None, **options) -> str:
        years = grant_years()
        if year not in years:
            raise ArgumentError(f"--year must be between {years[0]} and {years[-1]}, got {year}")
        date = parse_date(as_of, name="--as-of") if as_of is not None else default_as_of(year, timezone.localdate())
        rows = grant_rows(year=year, as_of=date, office=get_office(office))
        return csv_text(HEADER, (grant_csv_row(row) for row in rows))


def grant_csv_row(row) -> list:
    c = row.confirmation
    return [
        row.municipality.number,
        row.municipality.name,
        row.municipality.office.slug,
        *(yes_no(v) for v in row.criteria),
        yes_no(row.proposed),
        yes_no(c.confirmed) if c else "",
        c.reason if c else "",
        yes_no(row.stale) if c else "",
    ]
