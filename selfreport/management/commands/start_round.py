from accounts import permissions
from accounts.cli import get_user
from common.cli import ArgumentError, PortalCommand, csv_text, parse_date
from municipalities.cli import get_office
from municipalities.models import Municipality
from selfreport.mail import link_url
from selfreport.rounds import RoundRefused, round_start


class Command(PortalCommand):
    help = (
        "Start a status round: one personal link per contact of the office's municipalities (all, or those of "
        "--municipalities). Prints kommunenummer,navn,email,link on stdout (the only time a link is shown) and "
        "e-mails each contact unless --no-email."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="the office (slug)")
        parser.add_argument("--deadline", required=True, help="the deadline, YYYY-MM-DD")
        parser.add_argument("--municipalities", default=None, help="municipality numbers, comma-separated")
        parser.add_argument("--message", default="", help="a short message to the municipalities")
        parser.add_argument("--user", default=None, help="start it as this user (default: the system actor)")
        parser.add_argument("--no-email", action="store_true", help="send no e-mails (print the links only)")

    def run(self, *, office, deadline, municipalities, message, user, no_email, **options) -> str:
        actor = get_user(user)
        target = get_office(office)
        day = parse_date(deadline, name="--deadline")
        if not permissions.can_write_office_by_command(actor, target):
            raise ArgumentError(f"user {actor.username!r} may not start rounds for {target.slug!r}")
        chosen = None
        if municipalities is not None:
            numbers = [n.strip() for n in municipalities.split(",") if n.strip()]
            if not numbers:
                raise ArgumentError("--municipalities names no municipality")
            found = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
            unknown = [n for n in numbers if n not in found]
            if unknown:
                raise ArgumentError(f"unknown municipality number: {', '.join(unknown)}")
            outside = [n for n in numbers if found[n].office_id != target.pk]
            if outside:
                raise ArgumentError(f"not a municipality of {target.slug}: {', '.join(outside)}")
            chosen = [found[n] for n in numbers]
        try:
            _round, issued = round_start(
                office=target,
                user=actor,
                deadline=day,
                message=message,
                municipalities=chosen,
                send_email=not no_email,
            )
        except RoundRefused as refused:
            raise ArgumentError(str(refused)) from None
        rows = []
        for one in issued:
            invitation = one.invitation
            email = invitation.contact.email if invitation.contact is not None else ""
            rows.append((invitation.municipality.number, invitation.municipality.name, email, link_url(one.token)))
        self.summary(recorded=len(rows), unchanged=0)
        return csv_text(["kommunenummer", "navn", "email", "link"], sorted(rows))
