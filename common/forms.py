"""Form pieces the apps share."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, with the value in ISO form (YYYY-MM-DD) as the picker expects it."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
