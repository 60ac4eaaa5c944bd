"""Forms of the annual summary: the directorate's sections and example choice (autosaved), marking it final,
reopening it and asking for a document. Every form carries the round/version it was rendered for."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm

from .models import EXAMPLES_SECTION, SECTIONS, TEXT_MAX_LENGTH

HELP = {
    "summary": _("Hovedbudskapet til departementet: status, utvikling gjennom året og de viktigste funnene."),
    "assessment": _("Helsedirektoratets vurdering av status opp mot målene for reformen."),
    "next_steps": _("Hva direktoratet og embetene skal gjøre videre."),
}


def section_field_name(section: str) -> str:
    return f"text_{section}"


class SummaryTextsForm(PortalForm):
    round = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for section, label in SECTIONS.items():
            self.fields[section_field_name(section)] = forms.CharField(
                label=label,
                help_text=HELP[section],
                required=False,
                max_length=TEXT_MAX_LENGTH,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8, "data-autosave-field": section}),
                error_messages={
                    "max_length": _("Teksten er for lang: høyst %(limit_value)d tegn (nå %(show_value)d).")
                },
            )
        self.fields[EXAMPLES_SECTION] = forms.TypedMultipleChoiceField(
            label=_("Gode eksempler som skal være med"),
            help_text=_("Eksemplene embetene har sendt inn i årets rapporter (innsendte eller godkjente)."),
            required=False,
            coerce=int,
            choices=[
                (e["id"], f"{e['title']} – {e['municipality']} ({e['office_title']}, {e['period_name']})")
                for e in candidates
            ],
            widget=forms.CheckboxSelectMultiple(attrs={"data-autosave-field": EXAMPLES_SECTION}),
            error_messages={"invalid_choice": _("Eksempelet er ikke blant eksemplene embetene har sendt inn.")},
        )

    def texts(self) -> dict[str, str]:
        return {s: self.cleaned_data.get(section_field_name(s), "") for s in SECTIONS}

    def example_ids(self) -> list[int]:
        return list(self.cleaned_data.get(EXAMPLES_SECTION) or [])

    def section_fields(self) -> list[forms.BoundField]:
        return [self[section_field_name(s)] for s in SECTIONS]


class FinaliseForm(PortalForm):
    round = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReopenForm(PortalForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Begrunnelse"),
        help_text=_(
            "Årsrapporten blir et utkast igjen. Den ferdigstilte versjonen blir liggende, og embetene ser den til "
            "en ny versjon er ferdigstilt."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Oppgi hvorfor årsrapporten gjenåpnes.")},
    )


class DocumentForm(PortalForm):
    """Ask for the draft's document (no version) or a final version's document built anew after a failure."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
