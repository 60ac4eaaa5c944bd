"""Sign-in through the identity provider: the start (straight to the provider) and the provider's answer."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.permissions import log_security_event

from .config import access_contact, issuer_problem, password_login_enabled, provider_settings
from .linking import SignInRefused, user_for_identity
from .provider import ProviderUnavailable, SignInFailed, authorization_redirect, complete_sign_in

logger = logging.getLogger("lhl.identity")

BACKEND = "accounts.backends.IdentityProviderBackend"
NEXT_KEY = "lhl_oidc_next"
ID_TOKEN_KEY = "lhl_oidc_id_token"
ISSUER_KEY = "lhl_oidc_issuer"


def absolute_url(request: HttpRequest, path: str) -> str:
    """PORTAL_BASE_URL + path when set (the address registered at the provider), else this request's host."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL + path
    return request.build_absolute_uri(path)


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return value
    return ""


def _unavailable(request: HttpRequest) -> HttpResponse:
    context = {"password_login": password_login_enabled()}
    response = render(request, "accounts/sso_unavailable.html", context, status=503)
    response["Retry-After"] = "60"
    return response


@login_not_required
@never_cache
@require_safe
def sso_start(request: HttpRequest) -> HttpResponse:
    """Redirect straight to the provider's authorization endpoint (client_id, state, nonce, PKCE S256)."""
    provider = provider_settings()
    if provider is None:
        raise Http404
    next_url = _safe_next(request, request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    problem = issuer_problem(provider.issuer)
    if problem:
        logger.error("single sign-on refused: %s", problem)
        return _unavailable(request)
    request.session[NEXT_KEY] = next_url
    try:
        return authorization_redirect(request, redirect_uri=absolute_url(request, reverse("accounts:sso-callback")))
    except ProviderUnavailable as exc:
        logger.error("identity provider unavailable: %s", exc)
        return _unavailable(request)


@login_not_required
@never_cache
@require_safe
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: check it, find the provisioned account, sign it in."""
    provider = provider_settings()
    if provider is None:
        raise Http404
    try:
        identity = complete_sign_in(request)
    except ProviderUnavailable as exc:
        logger.error("identity provider unavailable: %s", exc)
        return _unavailable(request)
    except SignInFailed as exc:
        log_security_event(request, target=f"sso:{exc.reason}")
        cancelled = exc.reason == "provider-error:access_denied"
        return render(request, "accounts/sso_failed.html", {"cancelled": cancelled}, status=400)
    try:
        user = user_for_identity(identity=identity)
    except SignInRefused as exc:
        log_security_event(request, target=f"sso:{exc.reason}:{identity.email or identity.subject}", user=exc.user)
        context = {
            "reason": exc.reason,
            "email": identity.email,
            "contact": access_contact(),
            "contact_is_email": "@" in access_contact() and " " not in access_contact(),
        }
        return render(request, "accounts/sso_refused.html", context, status=403)
    next_url = request.session.get(NEXT_KEY) or ""
    login(request, user, backend=BACKEND)
    request.session.pop(NEXT_KEY, None)
    request.session[ID_TOKEN_KEY] = identity.id_token
    request.session[ISSUER_KEY] = identity.issuer
    logger.info("signed in through the identity provider: user=%s", user.get_username())
    return redirect(_safe_next(request, next_url) or resolve_url(settings.LOGIN_REDIRECT_URL))
