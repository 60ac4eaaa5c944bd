"""Authentication backends: passwords (limited when PASSWORD_LOGIN is off) and provider sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from .identity.config import is_break_glass, password_login_enabled

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import User


class PasswordBackend(ModelBackend):
    """Django's password check. With PASSWORD_LOGIN=0 it accepts only the break-glass administrator, and only on
    the admin's login page; sessions other accounts started with a password before then end."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not password_login_enabled() and (request is None or request.path != reverse("admin:login")):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not password_login_enabled() and not is_break_glass(user):
            return None
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is not None and not password_login_enabled() and not is_break_glass(user):
            return None
        return user


class IdentityProviderBackend(ModelBackend):
    """The backend a sign-in through the identity provider is recorded with (accounts.identity.views logs the
    user in after the provider's answer is checked). It never accepts credentials itself; the session it keeps
    ends, as any other, when the account is deactivated or its role or office changes."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        return None
