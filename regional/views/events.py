"""Events: each office's own list, the national list of coming events, the workbook and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.http import xlsx_response
from municipalities.models import Office

from ..exporting import events_xlsx
from ..forms import EventFilterForm, EventForm
from ..ical import events_ical
from ..models import Event
from ..selectors import event_list_coming, event_list_for_feed, events_of_office, feed_tokens_of_user, parse_month
from ..services import event_delete as event_delete_service
from ..services import event_save, feed_token_create, feed_token_revoke


def _filtered(request: AuthenticatedRequest):
    form = EventFilterForm(request.GET or None)
    month, participation = None, ""
    if form.is_bound and form.is_valid():
        month = parse_month(form.cleaned_data["maned"])
        participation = form.cleaned_data["deltakelse"]
    return form, event_list_coming(month=month, participation=participation)


@require_safe
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    form, events = _filtered(request)
    query = request.GET.urlencode()
    return render(request, "regional/event_list.html", {"form": form, "events": events, "query": query})


@require_safe
def event_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    _form, events = _filtered(request)
    content = events_xlsx(events, created=timezone.now())
    return xlsx_response(content, f"lhl-arrangementer-{timezone.localdate()}.xlsx")


@require_safe
def office_events(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    events = events_of_office(office)
    now = timezone.now()
    return render(
        request,
        "regional/office_events.html",
        {
            "office": office,
            "coming": [e for e in events if e.end >= now][::-1],
            "past": [e for e in events if e.end < now],
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedRequest, slug: str, pk: int | None = None) -> HttpResponse:
    office = permissions.office_for_writing(
        request, Office, target=lambda found: f"event:{found.slug}/{pk or 'new'}", slug=slug
    )
    event = permissions.get_for_reading(request, Event, office=office, pk=pk) if pk is not None else None
    form = EventForm(request.POST or None, instance=event, office=office)
    if request.method == "POST" and form.is_valid():
        saved = event_save(form=form, user=request.user)
        messages.success(request, _("Arrangementet «%(title)s» er lagret.") % {"title": saved.title})
        return redirect("regional:office-events", slug=office.slug)
    return render(request, "regional/event_edit.html", {"office": office, "form": form, "event": event})


@require_http_methods(["GET", "POST"])
def event_delete(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    office = permissions.office_for_writing(request, Office, target=lambda found: f"event:{found.slug}/{pk}", slug=slug)
    event = permissions.get_for_reading(request, Event, office=office, pk=pk)
    if request.method == "POST":
        title = event.title
        event_delete_service(event=event)
        messages.success(request, _("Arrangementet «%(title)s» er slettet.") % {"title": title})
        return redirect("regional:office-events", slug=office.slug)
    return render(request, "regional/event_delete.html", {"office": office, "event": event})


@require_http_methods(["GET", "POST"])
def feed_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """The user's calendar links: create one, or revoke one."""
    tokens = feed_tokens_of_user(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            feed_token_create(user=request.user)
            messages.success(request, _("Ny kalenderlenke er laget. Lim den inn i kalenderprogrammet ditt."))
            return redirect("regional:feed-tokens")
        if action == "revoke":
            try:
                token_id = int(request.POST.get("token", ""))
            except ValueError:
                token_id = None
            token = tokens.filter(pk=token_id).first() if token_id is not None else None
            if token is None:
                raise permissions.not_found(request, target=f"feed-token:{request.POST.get('token', '')[:40]}")
            if request.POST.get("confirm") != "1":
                return render(request, "regional/feed_token_revoke.html", {"token": token})
            feed_token_revoke(token=token)
            messages.success(request, _("Kalenderlenken er trukket tilbake og virker ikke lenger."))
            return redirect("regional:feed-tokens")
        messages.error(request, _("Ukjent handling."))
    rows = [(t, request.build_absolute_uri(reverse("regional:event-feed", kwargs={"token": t.token}))) for t in tokens]
    return render(request, "regional/feed_tokens.html", {"rows": rows})


FEED_NOT_FOUND = "Kalenderlenken er ukjent eller trukket tilbake. Lag en ny lenke i portalen under «Kalenderlenke»."


@login_not_required
@require_safe
def event_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed at a secret URL: no login (a calendar client cannot log in), only the token."""
    found = event_list_for_feed(token=token)
    if found is None:
        return HttpResponseNotFound(_(FEED_NOT_FOUND) + "\n", content_type="text/plain; charset=utf-8")
    _feed_token, events = found
    content = events_ical(
        events,
        base_url=request.build_absolute_uri("/"),
        stamp=timezone.now().replace(microsecond=0),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
