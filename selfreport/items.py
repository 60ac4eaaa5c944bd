"""What a municipality is asked, item by item, in plain words, and how its answers become the fact registry's
input. The questions are this module's; the answers (each value in plain words, `FactType.plain_labels`), values,
rules and messages are the registry's: every answer goes through the one input builder
(`municipalities.fact_builder`), as every other way in does.

Single facts are asked one by one (`QUESTIONS`); the keyed ones as groups sharing one date: the networks the
municipality can take part in, and the focus areas and solutions it may prioritise.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from municipalities.fact_builder import Built, FactBuilder, RawFact
from municipalities.models import Municipality
from municipalities.registry import FACT_TYPES, PRIORITISED

EXAMPLE = "example"  # the kind of the item that carries a good example


@dataclass(frozen=True)
class Question:
    kind: str  # the registry's fact code
    text: Promise
    help: Promise | None = None
    target_label: Promise | None = None  # facts with a target date
    case: bool = False  # the decision's case number (its detail)
    link: bool = False

    @property
    def answers(self) -> Mapping[str, Promise]:
        """The registry's value codes in plain words, in the order they are offered."""
        return FACT_TYPES[self.kind].plain_answers()


WHEN_PLANNED = _("Når er det planlagt? (hvis det ikke er gjort ennå)")

QUESTIONS: tuple[Question, ...] = (
    Question(
        "decision",
        _("Har kommunestyret vedtatt en plan for hvordan kommunen skal gjennomføre Leve hele livet?"),
        help=_(
            "Svar «beskrevet» hvis kommunen har bestemt hvordan og når planen skal vedtas. Oppgi da når den skal "
            "vedtas."
        ),
        target_label=_("Når skal planen vedtas?"),
        case=True,
        link=True,
    ),
    Question(
        "areas_considered",
        _("Har kommunestyret bestemt hvilke av reformens innsatsområder og løsninger kommunen skal bruke?"),
        help=_("Det vil si tatt stilling til dem ut fra en kartlegging av kommunens egne utfordringer og behov."),
    ),
    Question(
        "involvement",
        _("Har eldre, pårørende eller frivillige vært med i planarbeidet?"),
    ),
    Question(
        "samfunnsdel",
        _("Står Leve hele livet i kommuneplanens samfunnsdel?"),
        help=_("Samfunnsdelen er den overordnede delen av kommuneplanen."),
        target_label=WHEN_PLANNED,
    ),
    Question(
        "action_plan",
        _("Står Leve hele livet i handlingsdelen eller økonomiplanen?"),
        target_label=WHEN_PLANNED,
    ),
    Question(
        "other_plans",
        _("Står Leve hele livet i andre planer?"),
        help=_("For eksempel en helse- og omsorgsplan, en annen sektorplan eller planstrategien."),
        target_label=WHEN_PLANNED,
    ),
    Question(
        "phase",
        _("Hvor langt har kommunen kommet?"),
    ),
)
QUESTION_BY_KIND = {q.kind: q for q in QUESTIONS}

NETWORK_ANSWERS = FACT_TYPES["network"].plain_answers()
NOT_ANSWERED = _("Ikke svart")


@dataclass
class Answer:
    """One answer as the form read it; `data` is what is stored on a response item (text only)."""

    kind: str
    key: str
    value: str
    effective_date: datetime.date | None
    target_date: datetime.date | None = None
    detail: str = ""
    link: str = ""

    @property
    def data(self) -> dict[str, str]:
        return {
            "value": self.value,
            "effective_date": self.effective_date.isoformat() if self.effective_date else "",
            "target_date": self.target_date.isoformat() if self.target_date else "",
            "detail": self.detail,
            "link": self.link,
        }

    @classmethod
    def from_data(cls, kind: str, key: str, data: dict[str, Any]) -> Answer:
        def date(name: str) -> datetime.date | None:
            try:
                return datetime.date.fromisoformat(data.get(name) or "")
            except ValueError:
                return None

        return cls(
            kind=kind,
            key=key,
            value=str(data.get("value") or ""),
            effective_date=date("effective_date"),
            target_date=date("target_date"),
            detail=str(data.get("detail") or ""),
            link=str(data.get("link") or ""),
        )


def raw_fact(answer: Answer, municipality: Municipality) -> RawFact:
    """The builder's input for an answer (a keyed fact's key is its detail)."""
    return RawFact(
        municipality=municipality,
        fact=answer.kind,
        value=answer.value,
        effective_date=answer.effective_date,
        detail=answer.key or answer.detail,
        target_date=answer.target_date,
        link=answer.link,
    )


def build(answer: Answer, municipality: Municipality, builder: FactBuilder) -> Built:
    return builder.build(raw_fact(answer, municipality))


def differs(answer: Answer, current: Any) -> bool:
    """Does the answer change the current fact (a FactView, or None when never recorded)?"""
    if not answer.value:
        return False
    if current is None:
        ft = FACT_TYPES[answer.kind]
        # A priority never recorded means «not prioritised»: answering «no» changes nothing.
        return not (ft.unrecorded_means and answer.value == ft.unrecorded_means)
    ft = FACT_TYPES[answer.kind]
    if answer.value != current.value:
        return True
    if answer.effective_date is not None and answer.effective_date != current.effective_date:
        return True
    if ft.has_target_date and answer.target_date != current.target_date:
        return True
    if ft.has_link and answer.link != (current.link or ""):
        return True
    return bool(not ft.keyed and ft.detail and answer.detail != (current.detail or ""))


def is_prioritised(current: Any) -> bool:
    return current is not None and current.value in PRIORITISED
