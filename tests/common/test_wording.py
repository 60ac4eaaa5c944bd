"""One wording on every page: a required field left empty, a date in a table and in prose, a time of day."""

import datetime

from django import forms
from django.template import Context, Template
from django.utils import translation

from common.dates import clock, short_date
from common.forms import PortalForm, PortalModelForm
from reporting.periods.forms import PeriodForm


class _Form(PortalForm):
    name = forms.CharField(label="Navn")
    day = forms.DateField(label="Dato")
    choice = forms.ChoiceField(choices=[("a", "A")], error_messages={"required": "Velg en av dem."})


def test_a_required_field_left_empty_says_feltet_maa_fylles_ut():
    form = _Form(data={})
    assert form.errors == {
        "name": ["Feltet må fylles ut."],
        "day": ["Feltet må fylles ut."],
        "choice": ["Velg en av dem."],  # a message that says what to do stays
    }


def test_model_forms_say_the_same(db):
    assert issubclass(PeriodForm, PortalModelForm)
    form = PeriodForm(data={})
    assert form.errors["name"] == ["Feltet må fylles ut."]


def test_dates_in_tables_and_prose_and_times_of_day():
    day = datetime.date(2026, 12, 3)
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }} | {{ d|date }} | {{ d|date:"b" }}')
    with translation.override("nb"):
        assert template.render(Context({"d": day})) == "3.12.2026 | 3. desember 2026 | des"
    with translation.override("nn"):
        assert template.render(Context({"d": day})) == "3.12.2026 | 3. desember 2026 | des"
    assert short_date(datetime.date(2021, 11, 1)) == "1.11.2021"
    assert clock(datetime.datetime(2026, 12, 3, 13, 32, tzinfo=datetime.UTC)) == "14.32"
