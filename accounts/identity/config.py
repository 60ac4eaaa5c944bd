"""The single sign-on settings (README, "Innlogging med organisasjonens konto")."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_HOSTS = {"127.0.0.1", "localhost"}


@dataclass(frozen=True)
class ProviderSettings:
    issuer: str
    client_id: str
    client_secret: str
    button_label: str
    scopes: str
    timeout: int

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        return url_origin(self.issuer)


def provider_settings() -> ProviderSettings | None:
    """The identity provider's settings, or None when single sign-on is off (no OIDC_ISSUER or client id)."""
    issuer = settings.OIDC_ISSUER.strip()
    client_id = settings.OIDC_CLIENT_ID.strip()
    if not issuer or not client_id:
        return None
    return ProviderSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=settings.OIDC_CLIENT_SECRET,
        button_label=str(settings.OIDC_BUTTON_LABEL),
        scopes=settings.OIDC_SCOPES,
        timeout=settings.OIDC_TIMEOUT_SECONDS,
    )


def url_problem(url: str, *, name: str) -> str | None:
    """Why a provider URL is not acceptable, or None: https, or http on 127.0.0.1/localhost only (for tests)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"{name} is not a URL: {url!r}"
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and host in LOOPBACK_HOSTS:
        return None
    if parts.scheme == "http":
        return f"{name} must use https:// (http:// only on 127.0.0.1 or localhost), got {url!r}"
    return f"{name} must be an https:// URL, got {url!r}"


def issuer_problem(issuer: str) -> str | None:
    problem = url_problem(issuer, name="OIDC_ISSUER")
    if problem:
        return problem
    parts = urlsplit(issuer)
    if parts.query or parts.fragment:
        return f"OIDC_ISSUER must have no query or fragment, got {issuer!r}"
    return None


def url_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def password_login_enabled() -> bool:
    return bool(settings.PASSWORD_LOGIN)


def is_break_glass(user) -> bool:
    """The one administrator who may still sign in with a password (at /admin/login/) when passwords are off."""
    name = settings.BREAK_GLASS_USERNAME
    return bool(
        name
        and user is not None
        and getattr(user, "is_authenticated", False)
        and user.get_username() == name
        and user.is_administrator
    )


def access_contact() -> str:
    return settings.ACCESS_CONTACT.strip()
