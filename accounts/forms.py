from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .identity.config import password_login_enabled


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


class AccountCreationForm(AdminUserCreationForm):
    """The admin's form for a new account. Without a password the account signs in through the identity provider
    (the default when PASSWORD_LOGIN is off; the break-glass administrator is the one who needs a password then)."""

    usable_password = forms.ChoiceField(
        label=_("Innlogging med passord"),
        required=False,
        choices={"true": _("Ja"), "false": _("Nei, bare med organisasjonens konto")},
        widget=forms.RadioSelect(attrs={"class": "radiolist inline"}),
        help_text=_("Uten passord logger brukeren inn med organisasjonens konto (single sign-on), via e-postadressen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usable_password"].initial = "true" if password_login_enabled() else "false"
