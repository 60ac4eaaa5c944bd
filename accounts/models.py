"""Users and their roles. Staff belong to one statsforvalter office (embete)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel

SYSTEM_USERNAME = "system"


class User(AbstractUser):
    class Role(models.TextChoices):
        OFFICE_STAFF = "office_staff", _("Ansatt hos statsforvalter")
        DIRECTORATE = "directorate", _("Helsedirektoratet")
        ADMINISTRATOR = "administrator", _("Administrator")
        SYSTEM = "system", _("Systemaktør")

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.OFFICE_STAFF)
    office = models.ForeignKey(
        "municipalities.Office",
        verbose_name=_("embete"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="office_staff", office__isnull=False)
                | (~Q(role="office_staff") & Q(office__isnull=True)),
                name="user_office_iff_staff",
                violation_error_message=_("Ansatte hos statsforvalter må ha ett embete; andre roller har ingen."),
            ),
        ]

    def get_session_auth_hash(self) -> str:
        """Sessions end when the password, role or office changes: a moved user must sign in again."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}|{self.role}|{self.office_id}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_office_staff(self) -> bool:
        return self.role == self.Role.OFFICE_STAFF

    @property
    def is_directorate(self) -> bool:
        return self.role == self.Role.DIRECTORATE

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR

    @property
    def is_system(self) -> bool:
        return self.role == self.Role.SYSTEM


class IdentityLink(models.Model):
    """A portal account linked to one identity at an identity provider (OpenID Connect issuer and subject).

    Made at the account's first sign-in through the provider, when the provider vouches for the account's
    e-mail address; from then on the account is found by (issuer, subject) alone. Nothing about roles or
    offices is taken from the provider.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identity_links", verbose_name=_("bruker"))
    issuer = models.CharField(_("identitetsleverandør"), max_length=500)
    subject = models.CharField(_("identitet hos leverandøren"), max_length=255)
    email_at_link = models.EmailField(_("e-post da kontoen ble koblet"), blank=True)
    linked_at = models.DateTimeField(_("koblet"), auto_now_add=True)

    class Meta:
        verbose_name = _("koblet identitet")
        verbose_name_plural = _("koblede identiteter")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_link_one_account_per_identity"),
            models.UniqueConstraint(fields=["user", "issuer"], name="identity_link_one_identity_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class SecurityEvent(AppendOnlyModel):
    """An append-only log of refused access and other security-relevant events: never changed or deleted (the
    queryset and save refuse it, and on PostgreSQL a trigger). The one change allowed is the database's own when
    an account is deleted: `user` becomes empty, and `username` still says who it was."""

    save_refusal = "Append-only: a security event is never changed; log a new one."

    class Outcome(models.TextChoices):
        DENIED = "denied", _("Avvist")
        INVALID = "invalid", _("Ugyldig inndata")

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    username = models.CharField(_("brukernavn"), max_length=150, blank=True)
    office_slug = models.CharField(_("embete"), max_length=50, blank=True)
    path = models.CharField(_("adresse"), max_length=500)
    method = models.CharField(_("metode"), max_length=10)
    target = models.CharField(_("mål"), max_length=200, blank=True)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices)
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("sikkerhetshendelse")
        verbose_name_plural = _("sikkerhetshendelser")
        ordering = ["-created_at", "-id"]
