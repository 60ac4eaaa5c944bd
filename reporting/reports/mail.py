"""E-mails about office reports: transitions (after commit) and deadline reminders. Django's mail only."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from common.dates import short_date

from .models import Report
from .selectors import office_staff_emails

logger = logging.getLogger("lhl.reports")


def report_url(report) -> str:
    path = reverse("reports:report", args=[report.office.slug, report.period.slug])
    return f"{getattr(settings, 'PORTAL_BASE_URL', '').rstrip('/')}{path}"


def _send(subject: str, body: str, recipients: list[str]) -> int:
    # A line break in a header is refused by Django (BadHeaderError): a name stored with one still gets its mail.
    subject = " ".join(subject.split())
    if not recipients:
        return 0
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:  # the transition is committed; a mail server problem must not turn it into a 500
        logger.exception("report mail %r to %s could not be sent", subject, recipients)
        return 0


def transition_mail_send(*, report_id: int, from_status: str, to_status: str, comment: str = "") -> int:
    """Submission → the directorate (settings.DIRECTORATE_EMAIL); return, reopen, accept → the office's staff."""
    report = Report.objects.select_related("office", "period").get(pk=report_id)
    names = {"office": report.office.title, "period": report.period.name, "version": report.version}
    url = report_url(report)
    if to_status == Report.Status.SUBMITTED:
        subject = _("Rapport sendt inn: %(office)s, %(period)s (versjon %(version)s)") % names
        body = _("%(office)s har sendt inn rapporten for %(period)s (versjon %(version)s).") % names
        recipients = [settings.DIRECTORATE_EMAIL] if settings.DIRECTORATE_EMAIL else []
    elif to_status == Report.Status.RETURNED:
        if from_status == Report.Status.ACCEPTED:
            subject = _("Rapporten er gjenåpnet: %(period)s") % names
            body = _("Direktoratet har gjenåpnet den godkjente rapporten for %(period)s. Begrunnelse:") % names
        else:
            subject = _("Rapporten er sendt tilbake: %(period)s") % names
            body = (
                _("Direktoratet har sendt tilbake rapporten for %(period)s (versjon %(version)s). Kommentar:") % names
            )
        body = f"{body}\n\n{comment}"
        recipients = office_staff_emails(report.office_id)
    elif to_status == Report.Status.ACCEPTED:
        subject = _("Rapporten er godkjent: %(period)s") % names
        body = _("Direktoratet har godkjent rapporten for %(period)s (versjon %(version)s).") % names
        if comment:
            body = f"{body}\n\n{comment}"
        recipients = office_staff_emails(report.office_id)
    else:
        return 0
    return _send(subject, f"{body}\n\n{url}\n", recipients)


def reminder_mail_send(*, office, period, days: int, recipients: list[str]) -> int:
    names = {"period": period.name, "deadline": short_date(period.deadline), "days": days}
    subject = _("Påminnelse: rapporten for %(period)s skal leveres innen %(deadline)s") % names
    body = (
        _("Det er %(days)s dager igjen til fristen %(deadline)s, og rapporten for %(period)s er ikke sendt inn ennå.")
        % names
    )
    path = reverse("reports:report", args=[office.slug, period.slug])
    url = f"{getattr(settings, 'PORTAL_BASE_URL', '').rstrip('/')}{path}"
    return _send(subject, f"{body}\n\n{url}\n", recipients)
