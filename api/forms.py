from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from common.forms import PortalForm

from .models import ApiToken

VALIDITY_CHOICES = [(30, _("30 dager")), (90, _("90 dager")), (180, _("180 dager")), (365, _("1 år"))]


class TokenForm(PortalForm):
    """A new personal API token: its name, how long it lasts and what it may do."""

    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hva nøkkelen brukes til, for eksempel «Power BI» eller «Saksbehandlingssystemet»."),
    )
    days = forms.TypedChoiceField(label=_("Gyldig i"), choices=VALIDITY_CHOICES, coerce=int, initial=90)
    scope = forms.ChoiceField(
        label=_("Tilgang"),
        widget=forms.RadioSelect,
        initial=ApiToken.Scope.READ,
        choices=ApiToken.Scope.choices,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = cast(forms.ChoiceField, self.fields["scope"])
        if not permissions.can_hold_write_token(user):
            scope.choices = [(ApiToken.Scope.READ, ApiToken.Scope.READ.label)]
            self.fields["scope"].help_text = _("Bare ansatte hos statsforvalteren kan registrere gjennom API-et.")
        else:
            self.fields["scope"].help_text = _(
                "«Lese og skrive» lar et system registrere opplysninger for embetets kommuner på dine vegne."
            )
