import pytest
from django.core.management import call_command

from reporting.grants.funding import funding_allocation

# Seed 001's own table (NOK 1000), offices in the directorate's order.
SEED_001 = [
    ("oslo-og-viken", 52, 1230),
    ("innlandet", 46, 1146),
    ("vestfold-og-telemark", 23, 823),
    ("agder", 25, 851),
    ("rogaland", 23, 823),
    ("vestland", 43, 1104),
    ("more-og-romsdal", 26, 865),
    ("trondelag", 38, 1034),
    ("nordland", 41, 1076),
    ("troms-og-finnmark", 39, 1048),
]


def test_funding_rule_reproduces_seed_001(db):
    got = [(a.office.slug, a.municipalities, a.amount_nok_1000) for a in funding_allocation(total_nok=10_000_000)]
    assert got == SEED_001
    assert sum(a for _, _, a in got) == 10_000


def test_funding_command_prints_csv(db, capsys):
    call_command("funding_allocation", "--year", "2021")
    out = capsys.readouterr().out
    lines = out.split("\n")
    assert lines[0] == "office,municipalities,amount_nok_1000"
    assert lines[1] == "oslo-og-viken,52,1230"
    assert lines[-1] == ""
    assert len(lines) == 12


def test_funding_rounds_each_office_half_up(db, capsys):
    call_command("funding_allocation", "--year", "2022", "--total", "1000")
    # 50 + 500*52/356 NOK = 123.03 NOK → 0 (thousands)
    assert "oslo-og-viken,52,0" in capsys.readouterr().out


@pytest.mark.parametrize("year", ["2019", "2024"])
def test_year_outside_the_reform_is_an_argument_error(db, capsys, year):
    with pytest.raises(SystemExit) as exc:
        call_command("funding_allocation", "--year", year)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.count("\n") == 1


def test_commands_honour_a_given_stdout(db):
    import io

    buffer = io.StringIO()
    call_command("funding_allocation", "--year", "2021", stdout=buffer)
    assert buffer.getvalue().startswith("office,municipalities,amount_nok_1000\n")
