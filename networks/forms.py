from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import PortalModelForm

from .models import Network

# Path segments under embeter/<slug>/nettverk/ that a network slug may not take.
RESERVED_SLUGS = frozenset({"ny"})


class NetworkForm(PortalModelForm):
    class Meta:
        model = Network
        fields = ["name", "slug", "operator", "target_group", "practice", "support", "status"]
        labels = {
            "name": _("Navn"),
            "slug": _("Kortnavn"),
            "operator": _("Drives av"),
            "target_group": _("Målgruppe"),
            "practice": _("Hvordan nettverket fungerer i praksis"),
            "support": _("Hvordan nettverket støtter kommunenes gjennomføring"),
            "status": _("Type nettverk"),
        }
        help_texts = {
            "slug": _(
                "Små bokstaver, tall og bindestrek, unikt i embetet. Brukes i importfiler "
                "(«embete/kortnavn» fra andre embeter) og kan ikke endres senere."
            ),
            "operator": _("For eksempel statsforvalteren, KS eller USHT."),
            "status": _("Eksisterende nettverk som brukes, videreutviklet eller nyetablert."),
        }
        widgets = {"practice": forms.Textarea(attrs={"rows": 3}), "support": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        if self.instance.pk is not None:
            del self.fields["slug"]  # immutable after creation: a posted slug is ignored
        else:
            self.fields["slug"].error_messages["invalid"] = _(
                "Bruk bare små bokstaver (a–z), tall, bindestrek og understrek."
            )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("«%(slug)s» er reservert; velg et annet kortnavn.") % {"slug": slug})
        if Network.objects.filter(office=self.office, slug=slug).exists():
            raise forms.ValidationError(_("Embetet har allerede et nettverk med dette kortnavnet."))
        return slug

    def validate_unique(self) -> None:
        """Office is not a form field; clean_slug checks the slug within the office."""
