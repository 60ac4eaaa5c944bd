from pathlib import Path

from common.cli import ArgumentError, PortalCommand, parse_date
from municipalities.cli import get_office
from municipalities.sheet import office_sheet_bytes


class Command(PortalCommand):
    help = "Write the office's working sheet (.xlsx) with every municipality's status as of a date."

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="the office (slug)")
        parser.add_argument("--as-of", required=True, help="the date, YYYY-MM-DD")
        parser.add_argument("--output", required=True, type=Path, help="the .xlsx file to write")

    def run(self, *, office: str, as_of: str, output: Path, **options) -> None:
        date = parse_date(as_of, name="--as-of")
        target = get_office(office)
        data = office_sheet_bytes(office=target, as_of=date)
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise ArgumentError(f"cannot write {output}: {exc.strerror}") from None
