"""The OpenID Connect client, on Authlib's Django integration.

Authlib does the protocol: discovery from the issuer (read when first needed and kept for a day), the
authorization code flow with PKCE (S256), state and nonce kept in the session, the code exchange and the ID
token's signature (the provider's JWKS) and claims (iss, aud, exp, iat, nonce). This module adds what a
security officer will ask for on top: the discovered endpoints must be https (http only on loopback) and the
discovery document must name the configured issuer; the ID token must carry a subject and this portal as its
audience; an `iss` in the provider's answer must be the issuer (RFC 9207); every failure has a short reason
for the security log.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.http import HttpRequest, HttpResponseRedirect
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError

from .config import ProviderSettings, provider_settings, url_origin, url_problem

logger = logging.getLogger("lhl.identity")

METADATA_MAX_AGE_SECONDS = 24 * 60 * 60
# The ID token's times may be off by this much between the provider's clock and ours.
CLOCK_LEEWAY_SECONDS = 120
SESSION_NAME = "lhl_oidc"  # Authlib keeps each sign-in's state, nonce and PKCE verifier under this name


class ProviderUnavailable(Exception):
    """The provider could not be reached, or its discovery document is not acceptable."""


class SignInFailed(Exception):
    """The provider's answer was refused; `reason` is short and goes to the security log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the provider says signed in. Only these claims are used: never roles, groups or offices."""

    issuer: str
    subject: str
    email: str
    email_verified: bool
    id_token: str


def metadata_problem(metadata: dict, provider: ProviderSettings) -> str | None:
    """Why a discovery document is not acceptable, or None."""
    if metadata.get("issuer") != provider.issuer:
        return (
            f"the discovery document names the issuer {metadata.get('issuer')!r}, "
            f"not OIDC_ISSUER {provider.issuer!r}: set OIDC_ISSUER to exactly the provider's issuer"
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not metadata.get(key):
            return f"the discovery document has no {key}"
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint"):
        if metadata.get(key):
            problem = url_problem(metadata[key], name=key)
            if problem:
                return problem
    methods = metadata.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        return "the provider does not support PKCE with S256"
    return None


class _ProviderApp(DjangoOAuth2App):
    def __init__(self, provider: ProviderSettings):
        self.provider = provider
        super().__init__(
            DjangoIntegration(SESSION_NAME),
            name=SESSION_NAME,
            client_id=provider.client_id,
            client_secret=provider.client_secret or None,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "default_timeout": provider.timeout,
                "token_endpoint_auth_method": "client_secret_basic" if provider.client_secret else "none",
            },
        )

    def load_server_metadata(self) -> dict:
        loaded_at = self.server_metadata.get("_loaded_at")
        if loaded_at is not None and time.time() - loaded_at < METADATA_MAX_AGE_SECONDS:
            return self.server_metadata
        self.server_metadata.clear()
        try:
            metadata = super().load_server_metadata()
        except (requests.RequestException, ValueError) as exc:
            self.server_metadata.clear()
            raise ProviderUnavailable(f"discovery at {self.provider.discovery_url} failed: {exc}") from exc
        problem = metadata_problem(metadata, self.provider)
        if problem:
            self.server_metadata.clear()
            raise ProviderUnavailable(problem)
        return metadata

    def cached_metadata(self) -> dict:
        """The discovery document if already read (never fetches)."""
        return self.server_metadata if "_loaded_at" in self.server_metadata else {}


_apps: dict[ProviderSettings, _ProviderApp] = {}
_apps_lock = threading.Lock()


def provider_app(provider: ProviderSettings | None = None) -> _ProviderApp | None:
    """The client for the configured provider (None when single sign-on is off). Creating it fetches nothing."""
    provider = provider or provider_settings()
    if provider is None:
        return None
    with _apps_lock:
        app = _apps.get(provider)
        if app is None:
            _apps.clear()  # only the current configuration is kept
            app = _apps[provider] = _ProviderApp(provider)
    return app


def authorization_redirect(request: HttpRequest, *, redirect_uri: str) -> HttpResponseRedirect:
    """The redirect to the provider's authorization endpoint: client_id, state, nonce, PKCE challenge (S256)."""
    app = provider_app()
    if app is None:
        raise ProviderUnavailable("single sign-on is not configured")
    try:
        return app.authorize_redirect(request, redirect_uri)
    except requests.RequestException as exc:
        raise ProviderUnavailable(str(exc)) from exc


def complete_sign_in(request: HttpRequest) -> ProviderIdentity:
    """Check the provider's answer on the redirect URI and return who signed in, or raise SignInFailed."""
    app = provider_app()
    if app is None:
        raise ProviderUnavailable("single sign-on is not configured")
    provider = app.provider
    answered_issuer = request.GET.get("iss")
    if answered_issuer is not None and answered_issuer != provider.issuer:
        raise SignInFailed("issuer-mismatch")
    if not request.GET.get("state"):
        raise SignInFailed("state-missing")
    claims_options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
        "sub": {"essential": True},
        "nonce": {"essential": True},
    }
    try:
        token = app.authorize_access_token(request, claims_options=claims_options, leeway=CLOCK_LEEWAY_SECONDS)
    except MismatchingStateError:
        raise SignInFailed("state-mismatch") from None
    except OAuthError as exc:
        raise SignInFailed(f"provider-error:{exc.error}") from None
    except ExpiredTokenError:
        raise SignInFailed("id-token-expired") from None
    except (InvalidClaimError, MissingClaimError) as exc:
        raise SignInFailed(f"id-token-claim:{getattr(exc, 'claim', '') or exc.error}") from None
    except JoseError as exc:
        raise SignInFailed(f"id-token-invalid:{exc.error}") from None
    except requests.RequestException as exc:
        raise ProviderUnavailable(str(exc)) from exc
    except ValueError:  # an answer that is not the JSON or the token it should be
        raise SignInFailed("provider-answer-invalid") from None
    claims = token.get("userinfo")
    if not claims:
        raise SignInFailed("id-token-missing")
    claims = dict(claims)
    if "email" not in claims and app.load_server_metadata().get("userinfo_endpoint"):
        claims.update(_userinfo(app, token, subject=claims["sub"]))
    verified = claims.get("email_verified")
    return ProviderIdentity(
        issuer=provider.issuer,
        subject=str(claims["sub"]),
        email=str(claims.get("email") or "").strip(),
        email_verified=verified is True or verified == "true",
        id_token=token["id_token"],
    )


def _userinfo(app: _ProviderApp, token: dict, *, subject: str) -> dict:
    """E-mail claims from the UserInfo endpoint (a provider may keep them out of the ID token)."""
    try:
        info = app.userinfo(token=token)
    except (requests.RequestException, OAuthError, ValueError) as exc:
        raise SignInFailed(f"userinfo:{type(exc).__name__}") from None
    if info.get("sub") != subject:
        raise SignInFailed("userinfo-subject-mismatch")
    return {key: info[key] for key in ("email", "email_verified") if key in info}


def logout_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the provider's session too (RP-initiated logout), or None when the
    provider offers no end-session endpoint or cannot be reached."""
    app = provider_app()
    if app is None:
        return None
    try:
        metadata = app.load_server_metadata()
    except ProviderUnavailable as exc:
        logger.warning("provider logout skipped: %s", exc)
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return app.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token, client_id=app.provider.client_id
    )["url"]


def form_action_origins() -> list[str]:
    """Origins a form on a portal page may end up at: the provider (logout redirects there), never fetching."""
    app = provider_app()
    if app is None:
        return []
    origins = {app.provider.origin}
    metadata = app.cached_metadata()
    for key in ("authorization_endpoint", "end_session_endpoint"):
        if metadata.get(key):
            origins.add(url_origin(metadata[key]))
    return sorted(origins)
