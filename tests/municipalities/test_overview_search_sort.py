"""The office overview's search by name or number, its click-to-sort columns with aria-sort, and the .xlsx of
exactly what is shown."""

import io
import re

import openpyxl

from tests.factories import record

from .test_overview import _numbers, _url


def test_search_by_name_or_number(client_a, staff_a):
    by_name = client_a.get(_url(q="halden"))
    assert _numbers(by_name) == ["3001"]
    assert "Viser 1 av 52 kommuner" in by_name.content.decode()
    by_number = client_a.get(_url(q="030"))
    assert _numbers(by_number) == ["0301"]
    typed = client_a.get(_url(q="ingen slik kommune")).content.decode()
    assert 'value="ingen slik kommune"' in typed  # what was typed stays in the field
    assert "Ingen kommuner passer til filtrene." in typed


def test_sort_by_clicking_the_column_headers(client_a, staff_a):
    record("3001", "phase", "3", "2021-03-01", user=staff_a)
    record("0301", "phase", "2", "2021-03-01", user=staff_a)
    html = client_a.get(_url()).content.decode()
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert re.search(r'aria-sort="ascending"><a href="\?sort=-name"', head)  # default: by name, A–Å
    phase_link = re.search(r'aria-sort="none"><a href="(\?sort=phase)"', head).group(1)
    ascending = _numbers(client_a.get(_url() + phase_link))
    assert ascending.index("0301") < ascending.index("3001")
    descending_page = client_a.get(_url(sort="-phase"))
    descending = _numbers(descending_page)
    assert descending[0] == "3001"
    assert descending[1] == "0301"
    head = re.search(r"<thead>(.*?)</thead>", descending_page.content.decode(), re.S).group(1)
    assert re.search(r'aria-sort="descending"><a href="\?sort=phase"', head)
    numbers = _numbers(client_a.get(_url(sort="-number")))
    assert numbers == sorted(numbers, reverse=True)


def test_sort_links_keep_the_search_and_filters(client_a, staff_a):
    html = client_a.get(_url(q="os", county="03")).content.decode()
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    links = re.findall(r'href="([^"]+)"', head)
    assert len(links) == 4
    assert all("q=os" in link and "county=03" in link for link in links)


def test_xlsx_is_exactly_what_is_shown(client_a, staff_a):
    page = client_a.get(_url(q="o", sort="-name"))
    shown = _numbers(page)
    assert 1 < len(shown) < 52
    xlsx_url = re.search(r'href="([^"]*status\.xlsx[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&")
    response = client_a.get(xlsx_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].isascii()
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Status"]
    rows = list(sheet.iter_rows(values_only=True))
    numbers = [str(r[0]) for r in rows if r and r[0] and re.fullmatch(r"\d{4}", str(r[0]))]
    assert numbers == shown
