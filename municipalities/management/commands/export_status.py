from common.cli import PortalCommand, csv_text, parse_date
from municipalities.cli import get_office
from municipalities.exporting import STATUS_COLUMNS, status_rows
from municipalities.models import Municipality


class Command(PortalCommand):
    help = "Print every municipality's status as of a date, as CSV sorted by kommunenummer."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, help="the date, YYYY-MM-DD")
        parser.add_argument("--office", default=None, help="only this office's municipalities (slug)")

    def run(self, *, as_of: str, office: str | None, **options) -> str:
        date = parse_date(as_of, name="--as-of")
        target = get_office(office)
        municipalities = Municipality.objects.all()
        if target is not None:
            municipalities = municipalities.filter(office=target)
        return csv_text(STATUS_COLUMNS, status_rows(municipalities, date))
