"""Forms of the office report: the texts (one field per section the period asks for), submission and the
directorate's decisions. Every form carries the round/version it was rendered for (B-3, B-5)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import short_date
from common.forms import REQUIRED_MESSAGE, PortalForm
from reporting.periods.models import TEXT_SECTIONS

from .models import TEXT_MAX_LENGTH

HELP = {
    "priorities": _(
        "Hvilke innsatsområder og løsninger kommunene i fase 3 har prioritert. Tabellen ved siden av viser tallene."
    ),
    "examples": _("Beskriv eksemplene «fra plan til handling», og kryss av for dem som skal være med."),
    "organisation": _("Ledelsesforankring, tverrfaglige ressurser og synlighet på tvers av sektorer."),
    "assessment": _("En kort vurdering av status opp mot målene for reformen."),
    "plan": _(
        "Kommentar til den reviderte regionale gjennomføringsplanen. Den sist publiserte versjonen legges "
        "ved rapporten."
    ),
}


def section_field_name(section: str) -> str:
    return f"text_{section}"


class ReportTextsForm(PortalForm):
    round = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, sections: list[str], examples: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[section_field_name(section)] = forms.CharField(
                label=TEXT_SECTIONS.get(section, section),
                help_text=HELP.get(section, ""),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8, "data-autosave-field": section}),
                error_messages={
                    "max_length": _("Teksten er for lang: høyst %(limit_value)d tegn (nå %(show_value)d).")
                },
            )
        if "examples" in self.sections:
            self.fields["examples"] = forms.TypedMultipleChoiceField(
                label=_("Eksempler som skal være med"),
                required=False,
                coerce=int,
                choices=[
                    (e.pk, f"{e.title} ({e.municipality.display_name}, {short_date(e.date)})") for e in examples or []
                ],
                widget=forms.CheckboxSelectMultiple(attrs={"data-autosave-field": "examples"}),
                error_messages={"invalid_choice": _("Eksempelet finnes ikke blant embetets eksempler.")},
            )

    def texts(self) -> dict[str, str]:
        return {s: self.cleaned_data.get(section_field_name(s), "") for s in self.sections}

    def example_ids(self) -> list[int] | None:
        return list(self.cleaned_data.get("examples") or []) if "examples" in self.fields else None

    def section_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(s, self[section_field_name(s)]) for s in self.sections]


class SubmitForm(PortalForm):
    round = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DecisionForm(PortalForm):
    """Accept (comment optional), return (comment required) or reopen (reason required)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Kommentar"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, required: bool, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        if label:
            self.fields["comment"].label = label
        self.fields["comment"].help_text = help_text
        self.fields["comment"].error_messages["required"] = REQUIRED_MESSAGE
