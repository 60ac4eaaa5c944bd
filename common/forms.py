"""Form pieces the apps share.

Every form of the portal derives from `PortalForm` or `PortalModelForm` (a test checks it), which apply the
rules no form may forget:
- every date and date-time field accepts only dates within `common.dates`' bounds (and the browser's picker
  is told the same with min and max);
- every short single-line text field (a text, e-mail or URL input) refuses line breaks and invisible characters
  (`common.text.single_line_problem`).
A form that creates something also derives from `OneSubmissionForm`: its hidden one-time token lets the service
answer a double submit with the object the first submit created (see `common.models.create_once`).
"""

from __future__ import annotations

import re
import uuid
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from . import dates
from .text import single_line_problem


def sentence(message: str) -> str:
    """A rule's message (a sentence fragment) as a sentence beside a form field."""
    return message[:1].upper() + message[1:] + "."


class DateInput(forms.DateInput):
    """The browser's date picker, with the value in ISO form (YYYY-MM-DD) as the picker expects it."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            attrs={"min": dates.EARLIEST_DATE.isoformat(), "max": dates.LATEST_DATE.isoformat(), **(attrs or {})},
            format="%Y-%m-%d",
        )


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (`YYYY-MM-DDTHH:MM`)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        bounds = {"min": f"{dates.EARLIEST_DATE.isoformat()}T00:00", "max": f"{dates.LATEST_DATE.isoformat()}T23:59"}
        super().__init__(attrs={**bounds, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def validate_date_in_bounds(value) -> None:
    """A date or date and time within the portal's bounds (common.dates)."""
    if value is not None and not dates.in_bounds(value):
        raise ValidationError(sentence(dates.bounds_problem()), code="out_of_bounds")


def validate_single_line(value: str) -> None:
    problem = single_line_problem(value) if value else None
    if problem:
        raise ValidationError(sentence(problem), code="single_line")


SINGLE_LINE_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.SearchInput)


FieldT = TypeVar("FieldT", bound=forms.Field)


def narrower_date_window(field: FieldT) -> FieldT:
    """Mark a date field whose own rule (the fact registry's) keeps it within a narrower window than the portal's
    bounds and says so in its own words; the form then adds no second message."""
    setattr(field, "narrower_date_window", True)  # read back by _guard  # noqa: B010
    return field


# One wording for a required field left empty, on every form (Django's own says «Feltet er påkrevet.»). A field
# with a message of its own that says what to do («Velg minst én kommune.») keeps it.
REQUIRED_MESSAGE = gettext_lazy("Feltet må fylles ut.")


def _guard(field: forms.Field) -> None:
    if field.error_messages.get("required") is forms.Field.default_error_messages["required"]:
        field.error_messages["required"] = REQUIRED_MESSAGE
    if isinstance(field, forms.DateField | forms.DateTimeField):
        if getattr(field, "narrower_date_window", False):
            return
        if validate_date_in_bounds not in field.validators:
            field.validators.append(validate_date_in_bounds)
        if getattr(field.widget, "input_type", "") == "date":
            field.widget.attrs.setdefault("min", dates.EARLIEST_DATE.isoformat())
            field.widget.attrs.setdefault("max", dates.LATEST_DATE.isoformat())
    elif (
        isinstance(field, forms.CharField)
        and type(field.widget) in SINGLE_LINE_WIDGETS
        and validate_single_line not in field.validators
    ):
        field.validators.append(validate_single_line)


class PortalFormMixin:
    """Applies the portal's input rules to every field of the form (see the module docstring)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _guard(field)


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


_TOKEN = re.compile(r"^[0-9a-f]{32}$", re.ASCII)


class OneSubmissionForm(PortalFormMixin, forms.Form):
    """A hidden one-time token, new on every form the page shows: a second POST of the same form (a double click,
    the browser's resubmit) carries the same token, and the service creates nothing the second time."""

    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission"] = uuid.uuid4().hex

    def clean_submission(self) -> str:
        value = self.cleaned_data.get("submission") or ""
        return value if _TOKEN.match(value) else ""

    @property
    def submission_token(self) -> str:
        """The form's token ("" when missing or malformed: the create is then not guarded)."""
        return (self.cleaned_data or {}).get("submission", "") if hasattr(self, "cleaned_data") else ""
