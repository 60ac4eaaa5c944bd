from common.cli import ArgumentError, PortalCommand, csv_text
from reporting.grants.funding import DEFAULT_TOTAL_NOK, FIRST_YEAR, LAST_YEAR, funding_allocation


class Command(PortalCommand):
    help = "Print each office's share of the year's funds: office,municipalities,amount_nok_1000."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--total", type=int, default=DEFAULT_TOTAL_NOK, help="total in NOK (default 10000000)")

    def run(self, *, year: int, total: int, **options) -> str:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ArgumentError(f"--year must be between {FIRST_YEAR} and {LAST_YEAR} (the reform period), got {year}")
        if total <= 0:
            raise ArgumentError(f"--total must be a positive number of NOK, got {total}")
        rows = [(a.office.slug, a.municipalities, a.amount_nok_1000) for a in funding_allocation(total_nok=total)]
        return csv_text(["office", "municipalities", "amount_nok_1000"], rows)
