"""System checks for single sign-on: a wrong issuer or a half-done configuration is refused at start."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from .config import issuer_problem


@register()
def identity_provider_settings(app_configs, **kwargs):
    problems: list[CheckMessage] = []
    issuer, client_id = settings.OIDC_ISSUER.strip(), settings.OIDC_CLIENT_ID.strip()
    if issuer and not client_id:
        problems.append(Error("OIDC_ISSUER is set but OIDC_CLIENT_ID is not", id="lhl.E020"))
    if client_id and not issuer:
        problems.append(Error("OIDC_CLIENT_ID is set but OIDC_ISSUER is not", id="lhl.E021"))
    if issuer:
        problem = issuer_problem(issuer)
        if problem:
            problems.append(Error(problem, id="lhl.E022"))
    if not settings.PASSWORD_LOGIN and not (issuer and client_id):
        problems.append(
            Warning(
                "PASSWORD_LOGIN=0 without OIDC_ISSUER and OIDC_CLIENT_ID: only the break-glass account can sign in",
                id="lhl.W020",
            )
        )
    return problems
