"""Every page of the URL × role matrix, as every role that may read it, in words people read.

Each GET the matrix allows (200) is rendered with recorded facts of every kind behind it, and the text a
person sees or hears (tags, scripts, styles and attributes stripped) must hold no ISO date (2021-11-01) and
none of the codes the code speaks (`plan_adopted`, `autumn-2021`, ...): those belong in addresses, form
values and files, never in a sentence, a table cell or an option.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from tests.factories import record

from .matrix import ROLES, sign_in
from .test_matrix import ENTRIES, URL_NAMES, _url, ctx  # noqa: F401 (ctx is the matrix's fixture)

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# The one date format in tables is 3.12.2026 (common/formats): a zero-padded day or month is another one.
PADDED_DATE = re.compile(r"\b(?:0\d\.\d{1,2}|\d{1,2}\.0\d)\.\d{4}\b")
# The registry's value codes, the report and job states, and the period slugs: English the page must translate.
ENGLISH = re.compile(
    r"\b(none|planned|anchored|plan_adopted|process_described|participating|offered|declined|held|cancelled|"
    r"not_started|not_queued|submitted|accepted|returned|draft|queued|running|autumn-\d{4}|spring-\d{4}|"
    r"dialogue_meeting|action_plan|other_plans|areas_considered)\b"
)
SKIPPED_ELEMENTS = {"script", "style", "template", "svg"}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.parts


def problems_in(html: str) -> list[str]:
    found = []
    for part in visible_text(html):
        for pattern in (ISO_DATE, PADDED_DATE, ENGLISH):
            found += [f"«{m.group(0)}» in «{part[:120]}»" for m in pattern.finditer(part)]
    return found


def test_the_check_finds_what_it_looks_for():
    html = (
        '<p data-x="2021-11-01" title="plan_adopted">Vedtatt <span>2021-11-01</span></p>'
        "<ul><li>planned</li></ul><option>autumn-2021</option><script>var a = 'none';</script><td>01.11.2021</td>"
    )
    assert problems_in(html) == [
        "«2021-11-01» in «2021-11-01»",
        "«planned» in «planned»",
        "«autumn-2021» in «autumn-2021»",
        "«01.11.2021» in «01.11.2021»",
    ]
    assert problems_in('<p>Høsten 2021, frist 1.11.2021 <a href="/rapporter/?periode=autumn-2021">x</a></p>') == []


@pytest.fixture
def facts(ctx):  # noqa: F811 (the matrix's fixture, imported above)
    """Facts of every kind on office A's municipalities, so that each page has values to name."""
    user = ctx.staff_a
    record("0301", "decision", "process_described", "2021-03-01", user=user, target_date=datetime.date(2022, 6, 1))
    record("3001", "decision", "plan_adopted", "2021-03-01", user=user, detail="21/123")
    record("0301", "samfunnsdel", "planned", "2021-04-01", user=user, target_date=datetime.date(2022, 6, 1))
    record("3001", "samfunnsdel", "anchored", "2021-04-01", user=user)
    record("3002", "samfunnsdel", "none", "2021-04-01", user=user)
    record("0301", "phase", "3", "2021-05-01", user=user)
    record("0301", "dialogue_meeting", "held", "2020-10-01", user=user, detail="2020-10-01")
    record("3001", "dialogue_meeting", "planned", "2020-10-01", user=user, detail="2020-12-01")
    record("0301", "areas_considered", "yes", "2021-03-01", user=user)
    return ctx


@pytest.mark.parametrize("name", [n for n in URL_NAMES if not ENTRIES[n].token])
def test_pages_show_no_iso_date_or_code(name, facts, client):
    entry = ENTRIES[name]
    readers = [role for role in ROLES if entry.get.get(role) == 200]
    if not readers:
        pytest.skip("no role reads this address as a page")
    url = _url(name, entry, facts)
    found = []
    for role in readers:
        client.logout()
        sign_in(client, role, facts)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        found += [f"{role}: {problem}" for problem in problems_in(response.content.decode())]
    assert found == [], f"{url}: {sorted(set(found))}"
