"""Personal API tokens and the answers kept for idempotent writes.

A token is shown once when it is made; only its SHA-256 digest is stored (the token is 256 random bits, so a
fast digest is enough: nothing can be guessed from it). It acts as its user, and only while the user has the
role and office it was made under: a user moved to another office or role must make a new one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Lese")
        WRITE = "write", _("Lese og skrive")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(_("begynner med"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("tilgang"), max_length=10, choices=Scope.choices, default=Scope.READ)
    # The role and office the token was made under: it stops working when either changes.
    role = models.CharField(_("rolle"), max_length=20, editable=False)
    office = models.ForeignKey(
        "municipalities.Office",
        verbose_name=_("embete"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("laget"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laget av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(_("utløper"))
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trukket tilbake av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_name_unique_per_user",
                violation_error_message=_("Du har allerede en gyldig API-nøkkel med dette navnet."),
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_later"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state(self, now=None) -> str:
        """active, expired or revoked."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class IdempotencyRecord(models.Model):
    """The answer to a write sent with an Idempotency-Key, kept for API_IDEMPOTENCY_HOURS: the same key again
    gets the same answer and records nothing; the same key with another body is refused (422)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and the JSON body
    status = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotensnøkkel")
        verbose_name_plural = _("idempotensnøkler")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_unique_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
