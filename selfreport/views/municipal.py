"""The municipality's pages: the personal link (traded for a session, then a redirect to an address without the
secret), the status page to confirm or change and submit, and signing out. They speak the contact's written
standard (bokmål or nynorsk). No password: the session carries the invitation, not a user."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import log_security_event

from .. import sessions
from ..mail import office_name
from ..middleware import municipal_page
from ..models import Invitation, Language
from ..response_form import ResponseForm
from ..responses import ResponseRefused, invitation_opened, response_save
from ..selectors import link_find, page_data, submitted_rows
from ..throttle import link_opening_allowed
from ..tokens import plausible

logger = logging.getLogger("lhl.selfreport")

LINK_STATUS = {"unknown": 404, "replaced": 410, "revoked": 410, "expired": 410, "limited": 429}


def _problem(request: HttpRequest, reason: str, invitation: Invitation | None = None) -> HttpResponse:
    """The page for a link or session that does not open: it names the office, except for an unknown link."""
    language = invitation.language if invitation is not None else Language.BOKMAL
    with translation.override(language):
        context: dict[str, object] = {"reason": reason, "invitation": invitation}
        if invitation is not None:
            round_ = invitation.round
            context.update(
                {
                    "office_name": office_name(round_),
                    "sender": round_.created_by if round_.created_by.is_office_staff else None,
                    "expires_on": round_.expires_on,
                }
            )
        return render(request, "selfreport/link_problem.html", context, status=LINK_STATUS.get(reason, 410))


def municipal_view(view: Callable) -> Callable:
    """A page of one municipality's session: the session's invitation (valid) and its municipality's number in
    the address, else 404; rendered in the contact's language."""

    @wraps(view)
    def wrapped(request: HttpRequest, number: str, *args, **kwargs) -> HttpResponse:
        access = sessions.access_of(request)
        if access is None or request.user.is_authenticated:
            raise Http404
        invitation, reason = sessions.invitation_for(access)
        if reason or invitation is None:
            sessions.end(request)
            return _problem(request, "expired" if reason in ("gone", "") else reason, invitation)
        with translation.override(invitation.language):
            if invitation.municipality.number != number:
                log_security_event(request, target=f"selfreport:{access.invitation_id}:municipality:{number[:10]}")
                return render(request, "selfreport/not_found.html", {"invitation": invitation}, status=404)
            return view(request, invitation, *args, **kwargs)

    return login_not_required(municipal_page(wrapped))


@login_not_required
@municipal_page
@require_safe
def link_open(request: HttpRequest) -> HttpResponse:
    """The personal link. A valid one starts the municipality's session and redirects to its page."""
    if not link_opening_allowed(request):
        return _problem(request, "limited")
    token = getattr(request, "link_token", "")
    link = link_find(token=token) if plausible(token) else None
    if link is None:
        return _problem(request, "unknown")
    invitation = link.invitation
    if link.replaced_at is not None:
        return _problem(request, "replaced", invitation)
    if invitation.revoked_at is not None or invitation.contact_id is None:
        return _problem(request, "revoked", invitation)
    if invitation.round.is_expired():
        return _problem(request, "expired", invitation)
    sessions.start(request, link=link)
    invitation_opened(invitation=invitation)
    return redirect("selfreport:response", number=invitation.municipality.number)


@municipal_view
@require_http_methods(["GET", "POST"])
def response_page(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    data = page_data(invitation=invitation)
    response = data.response
    editable = response is None or response.editable
    form = None
    if editable:
        form = ResponseForm(
            request.POST if request.method == "POST" else None,
            municipality=invitation.municipality,
            status=data.status,
            networks=data.networks,
            areas=data.areas,
            items=data.items,
            version=response.version if response else 0,
            comment=response.comment if response else "",
        )
    elif request.method == "POST":
        messages.error(request, _("Svaret er allerede sendt inn. Statsforvalteren går gjennom det nå."))
        return redirect("selfreport:response", number=invitation.municipality.number)
    if request.method == "POST" and form is not None:
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                response_save(
                    invitation=invitation,
                    changes=form.changes(),
                    comment=form.cleaned_data.get("comment") or "",
                    expected_version=form.expected_version(),
                    submit=submit,
                )
            except ResponseRefused as refused:
                messages.error(request, str(refused))
                return redirect("selfreport:response", number=invitation.municipality.number)
            if submit:
                messages.success(request, _("Takk! Svaret er sendt til statsforvalteren."))
            else:
                messages.success(
                    request,
                    _("Utkastet er lagret. Du kan fortsette senere med lenken i e-posten."),
                )
            return redirect("selfreport:response", number=invitation.municipality.number)
    round_ = invitation.round
    return render(
        request,
        "selfreport/response.html",
        {
            "invitation": invitation,
            "round": round_,
            "office_name": office_name(round_),
            "data": data,
            "response": response,
            "form": form,
            "days_left": (round_.deadline - timezone.localdate()).days,
            "show_submitted": response is not None and not response.editable,
            "submitted": submitted_rows(data) if response is not None else [],
            "signed_in": True,
        },
    )


@login_not_required
@municipal_page
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    access = sessions.access_of(request)
    language: str = Language.BOKMAL
    if access is not None:
        invitation = Invitation.objects.filter(pk=access.invitation_id).only("language").first()
        language = invitation.language if invitation else language
    sessions.end(request)
    return redirect(f"{reverse('selfreport:signed-out')}?sprak={language}")


@login_not_required
@municipal_page
@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("sprak")
    with translation.override(language if language in Language.values else Language.BOKMAL):
        return render(request, "selfreport/signed_out.html", {"grace_days": settings.ROUND_LINK_GRACE_DAYS})
