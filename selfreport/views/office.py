"""The office's pages: its municipalities' contact persons, its status rounds (overview, sending a link again,
revoking one) and the review of each response. Contacts and rounds name people: their own office reads and
writes them, the directorate reads them, anyone else gets a logged 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from municipalities.models import Office

from ..contacts import contact_create, contact_delete, contact_update
from ..forms import ContactForm, ReviewForm, RoundForm
from ..models import Contact, Invitation, ResponseItem
from ..models import Round as StatusRound
from ..review import ReviewRefused, response_review
from ..rounds import RoundRefused, invitation_resend, invitation_revoke, round_start
from ..selectors import (
    contact_by_submission,
    contacts_of_office,
    municipalities_of_office,
    response_get,
    review_rows,
    round_rows,
    round_summary,
    rounds_of_office,
)


def _office(request: AuthenticatedRequest, slug: str, *, write: bool = False) -> Office:
    """The office, if the user may read its contacts (and, for a write, manage them); a logged 404 or 403."""
    office = get_object_or_404(Office, slug=slug)
    if not permissions.can_read_contacts(request.user, office):
        raise permissions.not_found(request, target=f"selfreport:{office.slug}")
    if write:
        permissions.require(
            request, permissions.can_manage_contacts(request.user, office), target=f"selfreport:{office.slug}:write"
        )
    return office


def _round(office: Office, pk: int) -> StatusRound:
    return get_object_or_404(rounds_of_office(office=office), pk=pk)


def _invitation(round_: StatusRound, pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("municipality", "contact", "round__office", "round__created_by"),
        round=round_,
        pk=pk,
    )


# --- contacts ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = _office(request, slug, write=request.method == "POST")
    can_manage = permissions.can_manage_contacts(request.user, office)
    municipalities = municipalities_of_office(office=office)
    form = ContactForm(request.POST or None, municipalities=municipalities) if can_manage else None
    if request.method == "POST" and contact_by_submission(office=office, token=request.POST.get("submission", "")):
        # The same form sent twice (a double click): the first submit added the contact.
        messages.info(request, _("Allerede lagret."))
        return redirect("selfreport:contacts", slug=office.slug)
    if request.method == "POST" and form is not None and form.is_valid():
        contact = contact_create(
            municipality=form.cleaned_data["municipality"],
            user=request.user,
            submission=form.submission_token,
            **form.values(),
        )
        messages.success(
            request,
            _("%(name)s er lagt til for %(municipality)s.")
            % {"name": contact.name, "municipality": contact.municipality},
        )
        return redirect("selfreport:contacts", slug=office.slug)
    rows = list(municipalities)
    contacts: dict[int, list[Contact]] = {}
    for contact in contacts_of_office(office=office):
        contacts.setdefault(contact.municipality_id, []).append(contact)
    return render(
        request,
        "selfreport/contacts.html",
        {
            "office": office,
            "rows": [(m, contacts.get(m.pk, [])) for m in rows],
            "missing": sum(1 for m in rows if not contacts.get(m.pk)),
            "form": form,
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    office = _office(request, slug, write=True)
    contact = get_object_or_404(contacts_of_office(office=office), pk=pk)
    form = ContactForm(request.POST or None, instance=contact, municipalities=municipalities_of_office(office=office))
    if request.method == "POST" and form.is_valid():
        values = form.values()
        fresh = Contact.objects.get(pk=contact.pk)  # the form changed `contact` in place while validating
        changed = contact_update(contact=fresh, user=request.user, **values)
        messages.success(request, _("Endringene er lagret.") if changed else _("Ingen endringer å lagre."))
        return redirect("selfreport:contacts", slug=office.slug)
    return render(
        request,
        "selfreport/contact_edit.html",
        {"office": office, "contact": contact, "form": form},
    )


@require_http_methods(["GET", "POST"])
def contact_remove(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    office = _office(request, slug, write=True)
    contact = get_object_or_404(contacts_of_office(office=office), pk=pk)
    if request.method == "POST":
        name = contact.name
        contact_delete(contact=contact, user=request.user)
        messages.success(request, _("%(name)s er slettet.") % {"name": name})
        return redirect("selfreport:contacts", slug=office.slug)
    return render(request, "selfreport/contact_delete.html", {"office": office, "contact": contact})


# --- rounds ------------------------------------------------------------------------------------------------------


@require_safe
def round_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = _office(request, slug)
    rounds = list(rounds_of_office(office=office))
    summaries = [(r, round_summary(round_rows(round_=r), r)) for r in rounds[:10]]
    return render(
        request,
        "selfreport/rounds.html",
        {"office": office, "summaries": summaries, "can_manage": permissions.can_manage_contacts(request.user, office)},
    )


@require_http_methods(["GET", "POST"])
def round_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = _office(request, slug, write=True)
    municipalities = list(municipalities_of_office(office=office))
    form = RoundForm(request.POST or None, municipalities=municipalities, grace_days=settings.ROUND_LINK_GRACE_DAYS)
    if request.method == "POST" and form.is_valid():
        try:
            round_, issued = round_start(
                office=office,
                user=request.user,
                deadline=form.cleaned_data["deadline"],
                message=form.cleaned_data["message"],
                municipalities=form.chosen(),
                submission=form.submission_token,
            )
        except RoundRefused as refused:
            form.add_error(None, str(refused)[:1].upper() + str(refused)[1:] + ".")
        else:
            if issued:
                messages.success(
                    request,
                    _("Runden er startet. %(count)s kontaktpersoner får en personlig lenke på e-post.")
                    % {"count": len(issued)},
                )
            return redirect("selfreport:round", slug=office.slug, pk=round_.pk)
    return render(
        request,
        "selfreport/round_start.html",
        {"office": office, "form": form, "without": [m for m in municipalities if not m.contact_count]},  # type: ignore[attr-defined]
    )


@require_safe
def round_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    office = _office(request, slug)
    round_ = _round(office, pk)
    rows = round_rows(round_=round_)
    return render(
        request,
        "selfreport/round_detail.html",
        {
            "office": office,
            "round": round_,
            "rows": rows,
            "summary": round_summary(rows, round_),
            "can_manage": permissions.can_manage_contacts(request.user, office),
            "expired": round_.is_expired(),
            "today": timezone.localdate(),
        },
    )


@require_POST
def invitation_send_again(request: AuthenticatedRequest, slug: str, pk: int, invitation: int) -> HttpResponse:
    office = _office(request, slug, write=True)
    found = _invitation(_round(office, pk), invitation)
    try:
        invitation_resend(invitation=found, user=request.user)
    except RoundRefused as refused:
        messages.error(request, str(refused)[:1].upper() + str(refused)[1:] + ".")
    else:
        messages.success(
            request,
            _("En ny lenke er sendt til %(name)s. Den gamle lenken virker ikke lenger.") % {"name": found.contact_name},
        )
    return redirect("selfreport:round", slug=office.slug, pk=pk)


@require_POST
def invitation_close(request: AuthenticatedRequest, slug: str, pk: int, invitation: int) -> HttpResponse:
    office = _office(request, slug, write=True)
    found = _invitation(_round(office, pk), invitation)
    if invitation_revoke(invitation=found, user=request.user):
        messages.success(
            request,
            _("Lenken til %(name)s er trukket tilbake. Send en ny lenke hvis kontaktpersonen skal svare likevel.")
            % {"name": found.contact_name},
        )
    else:
        messages.info(request, _("Lenken var allerede trukket tilbake."))
    return redirect("selfreport:round", slug=office.slug, pk=pk)


# --- review ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedRequest, slug: str, pk: int, invitation: int) -> HttpResponse:
    office = _office(request, slug, write=request.method == "POST")
    round_ = _round(office, pk)
    response = response_get(round_=round_, invitation_id=invitation)
    if response is None:
        found = _invitation(round_, invitation)
        return render(request, "selfreport/review.html", {"office": office, "round": round_, "invitation": found})
    pending = [item for item in response.items.all() if item.state == ResponseItem.State.PENDING]
    can_review = permissions.can_manage_contacts(request.user, office) and response.state == response.State.SUBMITTED
    form = ReviewForm(request.POST or None, items=pending, version=response.version) if can_review else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Svaret er allerede behandlet."))
            return redirect("selfreport:review", slug=office.slug, pk=round_.pk, invitation=invitation)
        if form.is_valid():
            try:
                result = response_review(
                    response=response,
                    user=request.user,
                    decisions=form.decisions(accept_all="accept_all" in request.POST),
                    comment=form.cleaned_data.get("comment") or "",
                    expected_version=form.expected_version(),
                )
            except ReviewRefused as refused:
                form.add_error(None, str(refused))
            else:
                if result.returned:
                    messages.success(
                        request,
                        _("%(accepted)s endringer er godtatt og %(returned)s sendt tilbake til kommunen.")
                        % {"accepted": result.accepted, "returned": result.returned},
                    )
                else:
                    messages.success(request, _("Svaret er godkjent, og endringene er registrert."))
                return redirect("selfreport:round", slug=office.slug, pk=round_.pk)
    rows = review_rows(response=response)
    if form is not None:
        for row in rows:
            if row.item.state == ResponseItem.State.PENDING:
                row.field = form[f"item-{row.item.pk}"]
    return render(
        request,
        "selfreport/review.html",
        {
            "office": office,
            "round": round_,
            "invitation": response.invitation,
            "response": response,
            "rows": rows,
            "form": form,
            "events": list(response.events.select_related("user")),
            "municipality_url": reverse(
                "municipalities:municipality-detail", args=[response.invitation.municipality.number]
            ),
        },
    )
