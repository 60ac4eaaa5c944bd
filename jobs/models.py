"""The job row is the record of truth for background work: queued on commit, taken with a lease, swept when lost."""

import datetime
import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def job_file_name(instance: "Job", filename: str) -> str:
    """A generated storage name; the user-facing name lives in Job.filename and never touches the disk."""
    today = timezone.localdate()
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{suffix}" if re.fullmatch(r"[a-z0-9]{1,8}", suffix) else ""
    return f"jobs/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Job(models.Model):
    class Status(models.TextChoices):
        NOT_QUEUED = "not_queued", _("Venter på køtjenesten")
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Ferdig")
        ERROR = "error", _("Feilet")

    ACTIVE_STATUSES = (Status.NOT_QUEUED, Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("type"), max_length=50)
    params = models.JSONField(_("parametre"), default=dict, blank=True)
    key = models.CharField(_("nøkkel"), max_length=200, help_text=_("Høyst én aktiv jobb per nøkkel."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_QUEUED)
    progress = models.PositiveSmallIntegerField(_("fremdrift"), default=0)
    progress_text = models.CharField(_("fremdriftstekst"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("forsøk"), default=0)
    lease_until = models.DateTimeField(_("låst til"), null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    queued_at = models.DateTimeField(_("lagt i kø"), null=True, blank=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    error = models.TextField(_("feilmelding"), blank=True)
    file = models.FileField(_("fil"), upload_to=job_file_name, blank=True, max_length=255)
    filename = models.CharField(_("filnavn"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"), null=True, blank=True)

    class Meta:
        verbose_name = _("jobb")
        verbose_name_plural = _("jobber")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["not_queued", "queued", "running"]),
                name="jobs_job_one_active_per_key",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="jobs_job_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")),
                name="jobs_job_done_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "queued_at"], name="jobs_job_status_queued")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def lease_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.lease_until is None or self.lease_until <= (now or timezone.now())
