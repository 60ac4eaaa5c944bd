"""The municipality's form: today's status pre-filled, item by item, to confirm or change; a comment for the
office; an optional good example. Every change is checked by the registry's input builder (`items.build`), so
it meets the same rules and messages as every other way in, in the contact's written standard.

A change's date is left empty: an item whose answer is unchanged is no change; a changed answer needs the date
it took effect (the builder asks for it). Changing only the case number, link or target date of a recorded
fact keeps that fact's date. Items the office has accepted are shown, not editable.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, PortalForm, narrower_date_window
from municipalities.fact_builder import FactBuilder
from municipalities.models import GoodExample, Municipality
from municipalities.registry import FACT_TYPES, for_form

from .items import EXAMPLE, NETWORK_ANSWERS, NOT_ANSWERED, QUESTIONS, Answer, Question, build, differs, is_prioritised
from .models import ResponseItem

BUILDER_FIELDS = {"value": "value", "effective_date": "date", "target_date": "target", "detail": "case", "link": "link"}
EXAMPLE_FIELDS = {"title": "example_title", "text": "example_text", "code": "example_code", "link": "example_link"}


@dataclass
class Row:
    """One single-fact item as the template shows it."""

    question: Question
    current: Any  # the current fact (FactView) or None
    saved: ResponseItem | None
    names: dict[str, str] = field(default_factory=dict)  # value, date, target, case, link → field name

    @property
    def locked(self) -> bool:
        return self.saved is not None and self.saved.state == ResponseItem.State.ACCEPTED

    @property
    def returned(self) -> bool:
        return self.saved is not None and self.saved.state == ResponseItem.State.RETURNED

    @property
    def current_answer(self) -> str:
        if self.current is None:
            return str(FACT_TYPES[self.question.kind].unrecorded_label)
        return str(self.question.answers.get(self.current.value, self.current.value))


@dataclass
class NetworkRow:
    name: str
    key: str  # the network's qualified slug
    field: str
    current: Any
    saved: ResponseItem | None

    @property
    def locked(self) -> bool:
        return self.saved is not None and self.saved.state == ResponseItem.State.ACCEPTED


@dataclass
class PriorityGroup:
    name: str
    rows: list[tuple[str, str, str, Any, ResponseItem | None]]  # (code, name, field, current, saved)


def _date_field(label, help_text=None) -> forms.DateField:
    """A date the registry's rules check (its window and its words), through the input builder."""
    return narrower_date_window(forms.DateField(label=label, required=False, widget=DateInput(), help_text=help_text))


class ResponseForm(PortalForm):
    comment = forms.CharField(
        label=_("Vil du si noe til statsforvalteren? (valgfritt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    example_title = forms.CharField(label=_("Tittel"), required=False, max_length=200)
    example_text = forms.CharField(
        label=_("Beskriv tiltaket"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
    )
    example_code = forms.ChoiceField(
        label=_("Hvilket innsatsområde eller hvilken løsning gjelder det?"), required=False
    )
    example_link = forms.CharField(label=_("Lenke (valgfritt)"), required=False, max_length=500)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data=None,
        *,
        municipality: Municipality,
        status,
        networks: list,
        areas: list,
        items: dict[tuple[str, str], ResponseItem],
        version: int,
        comment: str = "",
        today: datetime.date | None = None,
    ):
        super().__init__(data)
        self.municipality = municipality
        self.status = status
        self.today = today or timezone.localdate()
        self._changes: list[tuple[str, str, dict[str, str]]] = []
        self.example_data: dict[str, str] | None = None
        self.fields["version"].initial = version
        self.fields["comment"].initial = comment
        self.rows = [self._single(q, items.get((q.kind, ""))) for q in QUESTIONS]
        self.network_rows = self._networks(networks, items)
        self.fields["networks_date"] = _date_field(_("Dato for endringene i nettverk"))
        self.priority_groups = self._priorities(areas, items)
        self.fields["priorities_date"] = _date_field(_("Dato for endringene i prioriteringene"))
        names = {}
        code_choices: list = [("", _("Velg (valgfritt)"))]
        for area in areas:
            names[area.code] = gettext(area.name)
            group = [(area.code, gettext("%(area)s (hele innsatsområdet)") % {"area": gettext(area.name)})]
            group += [(s.code, gettext(s.name)) for s in area.solutions.all()]
            code_choices.append((gettext(area.name), group))
        cast(forms.ChoiceField, self.fields["example_code"]).choices = code_choices
        self.example_item = items.get((EXAMPLE, ""))
        if self.example_item is not None:
            for name, form_field in EXAMPLE_FIELDS.items():
                self.fields[form_field].initial = self.example_item.data.get(name, "")
                self.fields[form_field].disabled = self.example_locked

    @property
    def example_locked(self) -> bool:
        return self.example_item is not None and self.example_item.state == ResponseItem.State.ACCEPTED

    # --- building the fields ---------------------------------------------------------------------------------

    def _single(self, q: Question, saved: ResponseItem | None) -> Row:
        current = self.status.facts.get(q.kind)
        row = Row(question=q, current=current, saved=saved)
        ft = FACT_TYPES[q.kind]
        shown = Answer.from_data(q.kind, "", saved.data) if saved is not None and not row.locked else None
        prefix = q.kind
        choices = [(code, q.answers[code]) for code in q.answers]
        if current is None:
            choices.insert(0, ("", NOT_ANSWERED))
        row.names["value"] = f"{prefix}-value"
        # The question is the fieldset's legend; the field is «the answer» to it.
        self.fields[row.names["value"]] = forms.ChoiceField(
            label=_("Svar"), choices=choices, required=False, help_text=str(q.help or "")
        )
        row.names["date"] = f"{prefix}-date"
        self.fields[row.names["date"]] = _date_field(
            _("Dato for endringen"), _("Når vedtaket ble gjort eller endringen skjedde.")
        )
        initial = {
            "value": current.value if current else "",
            "target": current.target_date if current else None,
            "case": current.detail if current else "",
            "link": current.link if current else "",
            "date": None,
        }
        if shown is not None and saved is not None:
            initial = {
                "value": shown.value,
                "target": shown.target_date,
                "case": shown.detail,
                "link": shown.link,
                "date": shown.effective_date if saved.data.get("date_given") else None,
            }
        if ft.has_target_date and q.target_label:
            row.names["target"] = f"{prefix}-target"
            self.fields[row.names["target"]] = _date_field(q.target_label)
        if q.case:
            row.names["case"] = f"{prefix}-case"
            self.fields[row.names["case"]] = forms.CharField(
                label=_("Saksnummer (valgfritt)"), required=False, max_length=120
            )
        if q.link:
            row.names["link"] = f"{prefix}-link"
            self.fields[row.names["link"]] = forms.CharField(
                label=_("Lenke til vedtaket (valgfritt)"), required=False, max_length=500
            )
        for part, name in row.names.items():
            self.fields[name].initial = initial[part]
            self.fields[name].disabled = row.locked
        return row

    def _networks(self, networks: list, items) -> list[NetworkRow]:
        rows = []
        choices_known = [(code, NETWORK_ANSWERS[code]) for code in NETWORK_ANSWERS]
        for index, network in enumerate(networks, start=1):
            key = network.qualified_slug
            current = self.status.networks.get(key)
            saved = items.get(("network", key))
            name = f"net-{index}"
            row = NetworkRow(name=network.name, key=key, field=name, current=current, saved=saved)
            choices = choices_known if current is not None else [("", NOT_ANSWERED), *choices_known]
            self.fields[name] = forms.ChoiceField(label=network.name, choices=choices, required=False)
            value = current.value if current else ""
            if saved is not None and not row.locked:
                value = saved.data.get("value", value)
            self.fields[name].initial = value
            self.fields[name].disabled = row.locked
            rows.append(row)
        return rows

    def _priorities(self, areas: list, items) -> list[PriorityGroup]:
        groups = []
        for area in areas:
            rows = []
            for code, name in [
                (area.code, gettext("Hele innsatsområdet")),
                *((s.code, s.name) for s in area.solutions.all()),
            ]:
                current = self.status.priorities.get(code)
                saved = items.get(("priority", code))
                field_name = f"prio-{code}"
                checked = is_prioritised(current)
                locked = saved is not None and saved.state == ResponseItem.State.ACCEPTED
                if saved is not None and not locked:
                    checked = saved.data.get("value") in ("yes",)
                self.fields[field_name] = forms.BooleanField(
                    label=gettext(name),
                    required=False,
                    initial=checked,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
                self.fields[field_name].disabled = locked
                rows.append((code, gettext(name), field_name, current, saved))
            groups.append(PriorityGroup(name=gettext(area.name), rows=rows))
        return groups

    # --- checking ----------------------------------------------------------------------------------------------

    def clean(self):
        data = super().clean() or {}
        builder = FactBuilder(office=self.municipality.office, today=self.today)
        answers: list[tuple[Answer, dict[str, str]]] = []
        for row in self.rows:
            if row.locked:
                continue
            names = row.names
            value = data.get(names["value"]) or ""
            given = data.get(names["date"])
            answer = Answer(
                kind=row.question.kind,
                key="",
                value=value,
                effective_date=given,
                target_date=data.get(names["target"]) if "target" in names else None,
                detail=(data.get(names["case"]) or "").strip() if "case" in names else "",
                link=(data.get(names["link"]) or "").strip() if "link" in names else "",
            )
            if not differs(answer, row.current):
                continue
            if given is None and row.current is not None and value == row.current.value:
                answer.effective_date = row.current.effective_date  # details of the same fact corrected
            answers.append((answer, {**names, "date_given": "1" if given else ""}))
        group_date = data.get("networks_date")
        for net in self.network_rows:
            if net.locked:
                continue
            answer = Answer(kind="network", key=net.key, value=data.get(net.field) or "", effective_date=group_date)
            if differs(answer, net.current):
                answers.append((answer, {"value": net.field, "date": "networks_date", "case": net.field}))
        group_date = data.get("priorities_date")
        for group in self.priority_groups:
            for code, _name, field_name, current, saved in group.rows:
                if saved is not None and saved.state == ResponseItem.State.ACCEPTED:
                    continue
                wanted = "yes" if data.get(field_name) else "no"
                if wanted == ("yes" if is_prioritised(current) else "no"):
                    continue
                answer = Answer(kind="priority", key=code, value=wanted, effective_date=group_date)
                answers.append((answer, {"value": field_name, "date": "priorities_date", "case": field_name}))
        said: set[tuple[str | None, str]] = set()
        for answer, names in answers:
            built = build(answer, self.municipality, builder)
            for problem in built.problems:
                name = names.get(BUILDER_FIELDS.get(problem.field, ""))
                if name not in self.fields:
                    name = None
                if name in self.errors or (name, problem.message) in said:
                    continue  # a field Django already refused, or the same message for a group's date
                said.add((name, problem.message))
                self.add_error(name, for_form(problem.message))
            if built.item is not None:
                stored = answer.data
                if names.get("date_given"):
                    stored["date_given"] = "1"
                self._changes.append((answer.kind, answer.key, stored))
        self._clean_example(data)
        return data

    def _clean_example(self, data) -> None:
        if self.example_locked:
            return
        given = {name: (data.get(form_field) or "").strip() for name, form_field in EXAMPLE_FIELDS.items()}
        if not any(given.values()):
            return
        example = GoodExample(
            municipality=self.municipality,
            title=given["title"],
            text=given["text"],
            code=given["code"],
            link=given["link"],
            date=self.today,
        )
        try:
            example.full_clean(exclude=["municipality", "recorded_by"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                target = EXAMPLE_FIELDS.get(name)
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)
            return
        self.example_data = given

    # --- what the service stores ---------------------------------------------------------------------------------

    def changes(self) -> list[tuple[str, str, dict[str, str]]]:
        """(kind, key, data) for every change, the example included."""
        result = list(self._changes)
        if self.example_data is not None:
            result.append((EXAMPLE, "", self.example_data))
        return result

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, what it is, message) for the list at the top: a field named by its question, so that
        «Dato for endringen» says which one."""
        context: dict[str, str] = {}
        for row in self.rows:
            for name in row.names.values():
                context[name] = str(row.question.text)
        for net in self.network_rows:
            context[net.field] = str(_("Nettverk"))
        context["networks_date"] = str(_("Nettverk"))
        for name in EXAMPLE_FIELDS.values():
            context[name] = str(_("Et godt eksempel"))
        summary = [("", "", str(message)) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            label = str(bound.label)
            what = f"{context[name]} – {label}" if name in context else label
            summary += [(bound.id_for_label, what, str(message)) for message in errors]
        return summary

    def expected_version(self) -> int | None:
        raw = (self.data.get("version") or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 10 else None
