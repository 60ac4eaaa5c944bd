import pytest

from municipalities.selectors import municipality_search


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("0301", "0301"),
        ("Oslo", "0301"),
        ("guovdageaidnu", "5430"),
        ("Kautokeino", "5430"),
        ("Gáivuotna", "5426"),
        ("gaivuotna", "5426"),
        ("Kaivuono", "5426"),  # Kven
        ("Aarborte", "1826"),
        ("hattfjelldal", "1826"),
    ],
)
def test_search_finds_every_official_name_form(db, query, number):
    assert number in [m.number for m in municipality_search(query=query)]


def test_number_prefix_and_empty_query(db):
    assert [m.number for m in municipality_search(query="420")][:2] == ["4201", "4202"]
    assert municipality_search(query="  ") == []
