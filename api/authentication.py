"""Who is asking: a personal token sent as `Authorization: Bearer <token>`, and nothing else (no session, so
no CSRF surface). A token acts as its user, through accounts.permissions, never more:

- missing, unknown, expired or revoked, or its user deactivated, no longer a reader, or moved to another role or
  office since the token was made → 401 with a Norwegian reason;
- a read token asking to write → 403, logged as a security event (as every refused write is).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts import permissions

from .selectors import api_token_by_digest
from .services import api_token_touch, token_digest

REALM = "Leve hele livet API"


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword:
            raise exceptions.AuthenticationFailed(_("Bruk «Authorization: Bearer <nøkkel>» med en API-nøkkel."))
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Authorization-feltet skal være «Bearer» og nøkkelen, ett mellomrom.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøkkel.")) from None
        token = api_token_by_digest(token_digest(raw))
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøkkel."))
        now = timezone.now()
        state = token.state(now)
        if state == "revoked":
            raise exceptions.AuthenticationFailed(_("API-nøkkelen er trukket tilbake."))
        if state == "expired":
            raise exceptions.AuthenticationFailed(_("API-nøkkelen er utløpt."))
        user = token.user
        if not permissions.can_read(user):
            raise exceptions.AuthenticationFailed(_("Kontoen API-nøkkelen hører til, har ikke tilgang."))
        if (user.role, user.office_id) != (token.role, token.office_id):
            raise exceptions.AuthenticationFailed(
                _("Rollen eller embetet til kontoen er endret etter at API-nøkkelen ble laget; lag en ny nøkkel.")
            )
        api_token_touch(token, now=now)
        return user, token

    def authenticate_header(self, request) -> str:
        return f'Bearer realm="{REALM}"'


class TokenScopePermission(BasePermission):
    """A valid token reads; only a token made for writing writes (and then only what its user may write)."""

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None:
            return False  # no valid token: 401
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True  # a method the route does not have: 405 follows
        if not token.can_write:
            raise ReadOnlyToken(target=f"api-token:{token.pk}:read-only")
        return True


class ReadOnlyToken(exceptions.PermissionDenied):
    """403 for a write with a read token (logged as a refused write by api.problems)."""

    def __init__(self, *, target: str):
        super().__init__(_("API-nøkkelen gir bare lesetilgang; lag en nøkkel som kan skrive."))
        self.target = target
