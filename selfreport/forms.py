"""The office's forms: a contact, a new round, the review of a response. (The municipality's own form is
response_form.py.)"""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.forms import DateInput, OneSubmissionForm, PortalForm, PortalModelForm

from .models import Contact, Language
from .review import ACCEPT, RETURN
from .rounds import MESSAGE_LIMIT, deadline_problem


class ContactForm(OneSubmissionForm, PortalModelForm):
    class Meta:
        model = Contact
        fields = ["municipality", "name", "email", "role", "language"]  # (submission: OneSubmissionForm's field)
        labels = {"municipality": _("Kommune")}
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["municipality"])
        field.queryset = municipalities
        field.label_from_instance = lambda m: f"{m.number} {m.display_name}"  # type: ignore[method-assign,assignment]
        field.empty_label = "—"
        cast(forms.ChoiceField, self.fields["language"]).choices = Language.choices
        if self.instance.pk:
            field.disabled = True  # a contact stays with their municipality; delete and add to move

    def values(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in ("name", "email", "role", "language")}


def contacts_text(count: int) -> str:
    return ngettext("%(count)s kontaktperson", "%(count)s kontaktpersoner", count) % {"count": count}


class RoundForm(OneSubmissionForm, PortalForm):
    deadline = forms.DateField(
        label=_("Svarfrist"), widget=DateInput(), help_text=_("Lenkene virker til og med 14 dager etter fristen.")
    )
    message = forms.CharField(
        label=_("Melding til kommunene (valgfri)"),
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_LIMIT}),
        help_text=_("Står i e-posten og øverst på siden kommunen svarer på."),
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Kommuner"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én kommune.")},
    )

    def __init__(self, *args, municipalities, grace_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        # `municipalities` come annotated with contact_count (selectors.municipalities_of_office).
        self.municipality_objects = {m.number: m for m in municipalities if m.contact_count}
        cast(forms.ChoiceField, self.fields["municipalities"]).choices = [
            (m.number, f"{m.display_name} ({contacts_text(m.contact_count)})")
            for m in self.municipality_objects.values()
        ]
        self.fields["municipalities"].initial = list(self.municipality_objects)
        self.fields["deadline"].help_text = _("Lenkene virker til og med %(days)s dager etter fristen.") % {
            "days": grace_days
        }

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        problem = deadline_problem(deadline)
        if problem:
            raise forms.ValidationError(problem[:1].upper() + problem[1:] + ".")
        return deadline

    def chosen(self) -> list:
        return [self.municipality_objects[n] for n in self.cleaned_data["municipalities"]]


class ReviewForm(PortalForm):
    """A decision for every pending change; a comment when anything is returned."""

    comment = forms.CharField(
        label=_("Kommentar til kommunen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text=_("Påkrevd når du sender noe tilbake. Kommunen ser kommentaren sammen med punktene."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, items, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["version"].initial = version
        for item in self.items:
            self.fields[f"item-{item.pk}"] = forms.ChoiceField(
                label=_("Avgjørelse"),
                choices=[(ACCEPT, _("Godta")), (RETURN, _("Send tilbake"))],
                widget=forms.RadioSelect,
                required=False,
            )

    def decisions(self, *, accept_all: bool = False) -> dict[int, str]:
        if accept_all:
            return {item.pk: ACCEPT for item in self.items}
        return {item.pk: self.cleaned_data.get(f"item-{item.pk}") or "" for item in self.items}

    def expected_version(self) -> int | None:
        raw = (self.data.get("version") or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 10 else None
