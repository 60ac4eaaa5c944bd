from django.utils import timezone

from common.cli import ArgumentError, PortalCommand, csv_text
from municipalities.cli import get_office
from selfreport.selectors import round_latest, round_rows, rounds_of_office

HEADER = ["kommunenummer", "navn", "state", "opened_at", "submitted_at", "reviewed_at", "reviewed_by"]


def _time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


class Command(PortalCommand):
    help = (
        "One row per contact of a round: kommunenummer,navn,state,opened_at,submitted_at,reviewed_at,reviewed_by "
        "(states invited, opened, draft, submitted, returned, accepted). Default: the office's latest round."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="the office (slug)")
        parser.add_argument("--round", default=None, help="the round's id (default: the latest)")

    def run(self, *, office, round, **options) -> str:
        target = get_office(office)
        if round is None:
            found = round_latest(office=target)
            if found is None:
                raise ArgumentError(f"{target.slug} has no status round")
        else:
            if not round.isascii() or not round.isdigit() or len(round) > 12:
                raise ArgumentError(f"--round must be a round id (a number), got {round[:20]!r}")
            found = rounds_of_office(office=target).filter(pk=int(round)).first()
            if found is None:
                raise ArgumentError(f"{target.slug} has no round {round}")
        rows = []
        for row in round_rows(round_=found):
            response = row.response
            rows.append(
                (
                    row.invitation.municipality.number,
                    row.invitation.municipality.name,
                    row.state,
                    _time(row.invitation.opened_at),
                    _time(response.submitted_at if response else None),
                    _time(response.reviewed_at if response else None),
                    response.reviewed_by.username if response and response.reviewed_by else "",
                )
            )
        return csv_text(HEADER, rows)
