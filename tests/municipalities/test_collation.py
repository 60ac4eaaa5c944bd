from municipalities.collation import norwegian_sort_key
from municipalities.models import Municipality

NAMES = ["Zebra", "Øvre Eiker", "Åfjord", "Aarborte - Hattfjelldal", "Ås", "Røros", "Raarvihke - Røyrvik"]


def test_python_sort_key_gives_norwegian_order():
    got = sorted(NAMES, key=norwegian_sort_key)
    assert got == [
        "Røros",
        "Raarvihke - Røyrvik",
        "Zebra",
        "Øvre Eiker",
        "Åfjord",
        "Aarborte - Hattfjelldal",
        "Ås",
    ]


def test_database_order_matches_norwegian_order(db):
    numbers = ("5043", "3021", "1826", "5058", "5025", "3014")
    got = [m.name for m in Municipality.objects.filter(number__in=numbers).by_name()]
    assert got == [
        "Indre Østfold",
        "Rosse - Røros",
        "Raarvihke - Røyrvik",
        "Åfjord",
        "Aarborte - Hattfjelldal",
        "Ås",
    ]


def test_whole_country_orders_the_same_on_the_database_and_in_python(db):
    got = [m.name for m in Municipality.objects.by_name()]
    assert got == sorted(got, key=norwegian_sort_key)
