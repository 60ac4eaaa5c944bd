"""The user's own page for API tokens: make one (shown once), see them all, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from accounts.requests import AuthenticatedRequest

from ..forms import TokenForm
from ..models import ApiToken
from ..selectors import api_tokens_of_user
from ..services import TokenRefused, api_token_create, api_token_revoke


def _page(
    request: AuthenticatedRequest, form: TokenForm, *, created: tuple[ApiToken, str] | None = None, status: int = 200
):
    now = timezone.now()
    tokens = [(token, token.state(now)) for token in api_tokens_of_user(user=request.user)]
    response = render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "tokens": tokens,
            "created": created,
            "docs_url": reverse("api:docs"),
            "can_write": permissions.can_hold_write_token(request.user),
        },
        status=status,
    )
    add_never_cache_headers(response)  # a page that shows a new token is never kept by the browser
    return response


@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm(user=request.user))
    form = TokenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            created = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                scope=form.cleaned_data["scope"],
            )
        except TokenRefused as refused:
            form.add_error(None, str(refused))
        else:
            # 201 with the token on the page: it is shown this once and stored nowhere in the clear.
            return _page(request, TokenForm(user=request.user), created=created, status=201)
    return _page(request, form)


@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404
    if token.user_id != request.user.pk:
        raise permissions.not_found(request, target=f"api-token:{pk}")
    if api_token_revoke(token=token, user=request.user):
        messages.success(request, _("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name})
    else:
        messages.info(request, _("API-nøkkelen «%(name)s» var allerede trukket tilbake.") % {"name": token.name})
    return redirect("api-tokens:list")
