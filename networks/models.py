"""Regional Leve hele livet networks, registered by an office. Participation is a dated status fact."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    class Status(models.TextChoices):
        EXISTING = "existing", _("Eksisterende nettverk som brukes")
        DEVELOPED = "developed", _("Videreutviklet nettverk")
        NEW = "new", _("Nyetablert nettverk")

    office = models.ForeignKey(
        "municipalities.Office", verbose_name=_("embete"), on_delete=models.PROTECT, related_name="networks"
    )
    slug = models.SlugField(_("kortnavn"), max_length=60, help_text=_("Unikt innen embetet; kan ikke endres."))
    name = models.CharField(_("navn"), max_length=200)
    operator = models.CharField(_("drives av"), max_length=200, blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=300, blank=True)
    practice = models.TextField(_("hvordan nettverket fungerer i praksis"), max_length=3000, blank=True)
    support = models.TextField(_("hvordan nettverket støtter gjennomføringen"), max_length=3000, blank=True)
    status = models.CharField(_("type"), max_length=10, choices=Status.choices, default=Status.EXISTING)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nettverk")
        verbose_name_plural = _("nettverk")
        ordering = ["office__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="network_slug_unique_in_office"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def qualified_slug(self) -> str:
        """How the network is named from outside its office: office-slug/network-slug."""
        return f"{self.office.slug}/{self.slug}"
