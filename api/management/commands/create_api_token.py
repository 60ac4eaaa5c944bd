from django.utils import timezone

from accounts.cli import get_user
from accounts.services import system_actor
from api.models import ApiToken
from api.services import TokenRefused, api_token_create
from common.cli import ArgumentError, PortalCommand

DEFAULT_DAYS = 90


class Command(PortalCommand):
    help = (
        "Make a personal API token for a user and print the token alone on stdout (it is shown this once; only "
        "its digest is stored). Read access unless --write (office staff only). Recorded as made by `system`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the token's user (username)")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"days it is valid (default {DEFAULT_DAYS})")
        parser.add_argument("--name", default=None, help="what the token is for (default: the command and the time)")
        parser.add_argument("--write", action="store_true", help="the token may also record facts")

    def run(self, *, user: str, days: int, name: str | None, write: bool, **options) -> str:
        owner = get_user(user)
        if name is None:
            name = f"create_api_token {timezone.localtime():%Y-%m-%d %H:%M:%S}"
        scope = ApiToken.Scope.WRITE if write else ApiToken.Scope.READ
        try:
            _stored, token = api_token_create(user=owner, name=name, days=days, scope=scope, created_by=system_actor())
        except TokenRefused as refused:
            raise ArgumentError(str(refused)) from None
        return token + "\n"
