from common.cli import ArgumentError, PortalCommand, json_text, parse_date, parse_datetime
from municipalities.cli import get_office
from reporting.figures.selectors import period_figures_json
from reporting.periods.selectors import period_get
from reporting.reports.selectors import period_figures_submitted_json


class Command(PortalCommand):
    help = (
        "Print every registry figure of a period as JSON (sorted keys): per office (the chosen one, or all ten) "
        "and for the whole country, as of the period's reference date or --as-of. With --submitted, each "
        "office's figures come from its latest submitted or accepted report (live where there is none), with "
        '"source" and "version" per office, and the national entry is their sum.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="period slug, e.g. spring-2021")
        parser.add_argument("--office", default=None, help="office slug (default: all ten)")
        parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD (default: the reference date)")
        parser.add_argument("--known-at", dest="known_at", default=None, help="ISO time: as known at that time")
        parser.add_argument(
            "--submitted",
            action="store_true",
            help="submitted figures where an office's report is submitted or accepted, live figures elsewhere",
        )

    def options_parse(self, *, period: str, office: str | None, as_of: str | None, known_at: str | None) -> dict:
        found = period_get(period)
        if found is None:
            raise ArgumentError(f"unknown period {period!r}")
        return {
            "period": found,
            "office": get_office(office),
            "as_of": parse_date(as_of, name="--as-of") if as_of is not None else found.reference_date,
            "known_at": parse_datetime(known_at, name="--known-at") if known_at is not None else None,
        }

    def run(
        self,
        *,
        period: str,
        office: str | None,
        as_of: str | None,
        known_at: str | None,
        submitted: bool = False,
        **options,
    ) -> str:
        parsed = self.options_parse(period=period, office=office, as_of=as_of, known_at=known_at)
        if not submitted:
            return json_text(period_figures_json(**parsed))
        return json_text(period_figures_submitted_json(**parsed))
