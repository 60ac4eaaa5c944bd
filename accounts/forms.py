from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        # Never says whether the user exists.
        "invalid_login": _("Feil brukernavn eller passord. Merk at det skilles mellom store og små bokstaver."),
        "inactive": _("Feil brukernavn eller passord. Merk at det skilles mellom store og små bokstaver."),
    }

    username = forms.CharField(
        label=_("Brukernavn"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Passord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
