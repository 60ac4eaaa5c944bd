import os

from common.cli import ArgumentError, PortalCommand, csv_text
from demo.content import demo_content_create
from demo.users import demo_users_create
from municipalities.models import Office


class Command(PortalCommand):
    help = "Create the demo users (a re-run resets their passwords) and fictional demo content; prints the users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help="password for every demo user (default: $DEMO_PASSWORD or 'demo')",
        )

    def run(self, *, password: str | None, **options) -> str:
        password = password or os.environ.get("DEMO_PASSWORD") or "demo"
        if not Office.objects.exists():
            raise ArgumentError("no reference data: run 'python manage.py load_reference_data' first")
        users = demo_users_create(password=password)
        demo_content_create(users={u.username: u for u in users})
        return csv_text(
            ["username", "role", "office"],
            [(u.username, u.role, u.office.slug if u.office else "") for u in users],
        )
