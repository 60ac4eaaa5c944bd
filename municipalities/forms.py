from django import forms
from django.utils.translation import gettext_lazy as _


class CatalogueNameForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"), max_length=200, help_text=_("Koden endres aldri; bare navnet som vises i portalen.")
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Navnet kan ikke være tomt."))
        return name
