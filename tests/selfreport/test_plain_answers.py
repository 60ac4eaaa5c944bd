"""A municipality is asked in plain words (selfreport), but the words for each value are the fact registry's
(`FactType.plain_labels`): the questions take them from there, and no other module spells a fact's values."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from municipalities.registry import FACT_TYPES
from selfreport.items import NETWORK_ANSWERS, QUESTIONS

from .helpers import contact, link_path, start

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "municipalities" / "registry"


def test_plain_words_name_only_the_facts_own_values_and_every_question_offers_every_value():
    for fact_type in FACT_TYPES.values():
        assert set(fact_type.plain_labels) <= set(fact_type.values), fact_type.key
    for question in QUESTIONS:
        assert list(question.answers) == list(FACT_TYPES[question.kind].plain_answers())
        assert set(question.answers) == set(FACT_TYPES[question.kind].values), question.kind
    assert set(NETWORK_ANSWERS) == set(FACT_TYPES["network"].values)


def test_the_plain_words_are_the_registrys_with_the_labels_where_none_are_given():
    decision = FACT_TYPES["decision"].plain_answers()
    assert list(decision) == ["plan_adopted", "process_described", "none"]
    assert str(decision["none"]) == "Nei, ikke ennå"
    assert str(FACT_TYPES["samfunnsdel"].plain_answers()["anchored"]) == "Ja, det står i planen"
    assert str(FACT_TYPES["phase"].plain_answers()["2"]) == "Vi planlegger fortsatt (fase 2)"
    assert {k: str(v) for k, v in FACT_TYPES["involvement"].plain_answers().items()} == {"yes": "Ja", "no": "Nei"}


def test_no_module_outside_the_registry_spells_a_plain_answer():
    with override("nb"):
        spelled = {
            str(label) for ft in FACT_TYPES.values() for label in ft.plain_labels.values() if str(label) != "Nei"
        }
    assert spelled
    found = []
    for path in ROOT.glob("*/**/*.py"):
        if REGISTRY in path.parents or ".venv" in path.parts or "node_modules" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {s}" for s in spelled if re.search(rf'_\(\s*"{re.escape(s)}"', text)]
    assert found == []


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_municipalitys_page_offers_the_registrys_plain_words(language, office_a, kari):
    contact("0301", user=kari, name="Per Post", language=language)
    _round, issued = start(office_a, kari, ["0301"], message="")
    client = Client()
    client.get(link_path(issued[0].token))
    html = client.get(reverse("selfreport:response", args=["0301"])).content.decode()
    with override(language):
        for fact in ("decision", "samfunnsdel", "phase"):
            for code, label in FACT_TYPES[fact].plain_answers().items():
                assert escape(str(label)) in html, (fact, code, str(label))
