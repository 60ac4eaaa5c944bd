"""import_status: all or nothing, every bad line named, re-imports add nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from municipalities.facts import StatusFact
from municipalities.selectors import status_as_of
from municipalities.services import fact_retract
from networks.models import Network
from tests.factories import UserFactory, municipality, record

HEADER = "kommunenummer,fact,value,effective_date,detail\n"


@pytest.fixture
def import_status(db, tmp_path, capsys):
    """Run the command on CSV text: (exit code, stdout, stderr)."""

    def run(text: str, *args: str, encoding: str = "utf-8") -> tuple[int, str, str]:
        path = tmp_path / "status.csv"
        path.write_bytes(text.encode(encoding))
        capsys.readouterr()
        try:
            call_command("import_status", str(path), *args)
            code = 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def status(number: str, as_of: str = "2021-06-30"):
    m = municipality(number)
    return status_as_of([m], as_of=datetime.date.fromisoformat(as_of))[m.pk]


def test_import_records_every_row_and_prints_a_summary(import_status):
    text = HEADER + (
        "4201,phase,2,2020-06-01,\n"
        "4201,decision,process_described,2020-11-05,20/877\n"
        "4201,dialogue_meeting,held,2020-10-15,2020-10-15\n"
        "4201,priority,yes,2021-04-30,hverdagsmestring\n"
    )
    code, out, err = import_status(text)
    assert (code, out, err) == (0, "", "recorded=4 unchanged=0\n")
    s = status("4201")
    assert s.value("phase") == "2"
    assert s.value("decision") == "process_described"
    assert s.facts["decision"].detail == "20/877"
    assert s.meeting_state_in_year(2020) == "held"
    assert s.priority_codes() == ["hverdagsmestring"]
    facts = StatusFact.objects.filter(municipality__number="4201")
    assert {f.source for f in facts} == {"import"}
    assert {f.recorded_by.username for f in facts} == {"system"}


def test_optional_target_date_column(import_status):
    text = (
        "kommunenummer,fact,value,effective_date,detail,target_date\n"
        "4202,decision,process_described,2020-11-05,20/877,2021-12-31\n"
    )
    assert import_status(text)[0] == 0
    assert status("4202").facts["decision"].target_date == datetime.date(2021, 12, 31)


def test_one_bad_row_writes_nothing_and_names_its_line(import_status):
    text = HEADER + "4201,phase,2,2020-06-01,\n4202,phase,4,2020-06-01,\n4203,phase,3,2021-01-01,\n"
    code, out, err = import_status(text)
    assert code == 1
    assert out == ""
    assert err.startswith("line 3: ")
    assert "«4»" in err
    assert err.count("\n") == 1
    assert not StatusFact.objects.filter(municipality__office__slug="agder").exists()


def test_every_bad_line_is_listed_in_line_order(import_status, office_a):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    rows = [
        "4201,phase,2,2020-06-01,",  # 2: fine
        "9999,phase,2,2020-06-01,",  # 3: unknown municipality
        "4201,status,2,2020-06-01,",  # 4: unknown fact
        "4201,decision,adopted,2020-06-01,",  # 5: unknown value
        "4201,priority,yes,2021-04-30,ingen-slik-kode",  # 6: unknown code
        "4201,network,participating,2021-02-01,no-such-network",  # 7: unknown network
        "4201,phase,3,2021-13-01,",  # 8: malformed date
        f"4201,phase,3,{tomorrow},",  # 9: in the future
        "4201,phase,3,2017-12-31,",  # 10: before 2018
        "4201,dialogue_meeting,held,2020-10-15,neste uke",  # 11: meeting without a date
        "4201,phase,2,2020-06-01,",  # 12: fine
    ]
    code, _out, err = import_status(HEADER + "\n".join(rows) + "\n")
    assert code == 1
    lines = err.splitlines()
    assert [int(line.split(":")[0].removeprefix("line ")) for line in lines] == list(range(3, 12))
    assert "9999" in lines[0]
    assert "status" in lines[1]
    assert "adopted" in lines[2]
    assert "ingen-slik-kode" in lines[3]
    assert "no-such-network" in lines[4]
    assert "2021-13-01" in lines[5]
    assert "senere enn i dag" in lines[6]  # the one message of the effective-date window
    assert "2018" in lines[7]
    assert "møtedato" in lines[8]
    assert StatusFact.objects.count() == 0


def test_reimport_records_nothing(import_status):
    text = HEADER + "4201,phase,2,2020-06-01,\n4201,decision,process_described,2020-11-05,20/877\n"
    assert import_status(text)[2] == "recorded=2 unchanged=0\n"
    assert import_status(text)[2] == "recorded=0 unchanged=2\n"
    assert StatusFact.objects.filter(municipality__number="4201").count() == 2


def test_reimport_never_undoes_a_later_correction(import_status):
    text = HEADER + "4201,phase,2,2021-03-01,\n"
    import_status(text)
    agder_staff = UserFactory(username="staff-agder", office=municipality("4201").office)
    record("4201", "phase", "3", "2021-03-01", user=agder_staff)  # corrected the same day
    assert import_status(text)[2] == "recorded=0 unchanged=1\n"
    assert status("4201").value("phase") == "3"


def test_a_retracted_fact_is_imported_again(import_status, staff_a):
    text = HEADER + "4201,phase,3,2021-03-01,\n"
    import_status(text)
    fact = StatusFact.objects.get(municipality__number="4201")
    fact_retract(fact=fact, reason="Trukket ved en feil", user=staff_a)
    assert import_status(text)[2] == "recorded=1 unchanged=0\n"
    assert status("4201").value("phase") == "3"


def test_a_different_target_date_is_a_new_fact(import_status):
    header = "kommunenummer,fact,value,effective_date,detail,target_date\n"
    import_status(header + "4202,samfunnsdel,planned,2021-01-10,,2021-12-31\n")
    assert import_status(header + "4202,samfunnsdel,planned,2021-01-10,,2022-06-30\n")[2] == "recorded=1 unchanged=0\n"
    assert status("4202").facts["samfunnsdel"].target_date == datetime.date(2022, 6, 30)


def test_within_one_import_the_later_row_wins_a_tie(import_status):
    assert import_status(HEADER + "4201,phase,3,2021-03-01,\n4201,phase,2,2021-03-01,\n")[0] == 0
    assert status("4201").value("phase") == "2"


def test_office_option_refuses_other_offices_rows(import_status):
    text = HEADER + "4201,phase,2,2020-06-01,\n0301,phase,2,2020-06-01,\n"
    code, out, err = import_status(text, "--office", "agder")
    assert out == ""
    assert code == 1
    assert err.startswith("line 3: ")
    assert "oslo-og-viken" in err
    assert StatusFact.objects.count() == 0


def test_unknown_office_is_an_argument_error(import_status):
    code, _out, err = import_status(HEADER + "4201,phase,2,2020-06-01,\n", "--office", "atlantis")
    assert code == 2
    assert err.startswith("error: ")
    assert StatusFact.objects.count() == 0


def test_staff_user_defaults_to_own_office_and_is_refused_others(import_status, staff_a):
    text = HEADER + "0301,phase,2,2020-06-01,\n3401,phase,2,2020-06-01,\n"
    code, out, err = import_status(text, "--user", "staff-a")
    assert (code, out) == (1, "")
    assert err.startswith("line 3: ")
    assert "innlandet" in err
    assert StatusFact.objects.count() == 0

    code, _out, err = import_status(HEADER + "0301,phase,2,2020-06-01,\n", "--user", "staff-a")
    assert (code, err) == (0, "recorded=1 unchanged=0\n")
    assert StatusFact.objects.get().recorded_by == staff_a


def test_staff_user_with_another_office_is_an_argument_error(import_status, staff_a):
    code, _out, err = import_status(HEADER + "3401,phase,2,2020-06-01,\n", "--user", "staff-a", "--office", "innlandet")
    assert code == 2
    assert err.startswith("error: ")
    assert StatusFact.objects.count() == 0


def test_directorate_user_is_refused(import_status, directorate_user):
    code, _out, err = import_status(HEADER + "0301,phase,2,2020-06-01,\n", "--user", "hdir")
    assert code == 2
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert StatusFact.objects.count() == 0


def test_unknown_user_is_an_argument_error(import_status):
    code, _out, _err = import_status(HEADER + "0301,phase,2,2020-06-01,\n", "--user", "nobody")
    assert code == 2
    assert StatusFact.objects.count() == 0


def test_semicolon_file_is_rejected_with_a_hint(import_status):
    text = "kommunenummer;fact;value;effective_date;detail\n0301;phase;2;2020-06-01;\n"
    code, _out, err = import_status(text)
    assert code == 1
    assert err.startswith("line 1: ")
    assert "semicolon" in err
    assert "CSV UTF-8" in err
    assert StatusFact.objects.count() == 0


def test_short_municipality_number_is_rejected_with_a_hint(import_status):
    code, _out, err = import_status(HEADER + "301,phase,2,2020-06-01,\n")
    assert code == 1
    assert err.startswith("line 2: ")
    assert "0301" in err
    assert "Excel" in err
    assert StatusFact.objects.count() == 0


def test_norwegian_date_is_rejected_with_a_hint(import_status):
    code, _out, err = import_status(HEADER + "0301,phase,2,01.06.2020,\n")
    assert code == 1
    assert "ÅÅÅÅ-MM-DD" in err


def test_bom_is_accepted(import_status):
    assert import_status("\ufeff" + HEADER + "0301,phase,2,2020-06-01,\n")[0] == 0


def test_missing_network_is_created_with_create_networks(import_status, staff_a):
    text = HEADER + "0301,network,participating,2021-02-01,lhl-oslo\n3024,network,planned,2021-02-01,lhl-oslo\n"
    code, out, err = import_status(text)
    assert code == 1
    assert "lhl-oslo" in err
    assert not Network.objects.exists()

    code, out, err = import_status(text, "--create-networks", "--user", "staff-a")
    assert (code, out, err) == (0, "", "recorded=2 unchanged=0\n")
    network = Network.objects.get()
    assert network.qualified_slug == "oslo-og-viken/lhl-oslo"
    assert network.created_by == staff_a
    assert status("0301").networks_in() == ["oslo-og-viken/lhl-oslo"]
    assert status("3024").networks_in() == ["oslo-og-viken/lhl-oslo"]
    assert import_status(text, "--create-networks", "--user", "staff-a")[2] == "recorded=0 unchanged=2\n"
    assert Network.objects.count() == 1


def test_create_networks_writes_no_network_when_another_row_is_bad(import_status):
    text = HEADER + "0301,network,participating,2021-02-01,lhl-oslo\n0301,phase,9,2021-02-01,\n"
    assert import_status(text, "--create-networks")[0] == 1
    assert not Network.objects.exists()


def test_network_of_another_office_needs_its_prefix(import_status, staff_b):
    Network.objects.create(office=staff_b.office, slug="lhl-innlandet", name="LHL Innlandet", created_by=staff_b)
    code, out, err = import_status(
        HEADER + "0301,network,participating,2021-02-01,lhl-innlandet\n", "--create-networks"
    )
    assert (code, out) == (1, "")
    assert "innlandet/lhl-innlandet" in err
    assert not StatusFact.objects.exists()
    assert Network.objects.count() == 1

    code, _out, err = import_status(HEADER + "0301,network,participating,2021-02-01,innlandet/lhl-innlandet\n")
    assert code == 0
    assert status("0301").networks_in() == ["innlandet/lhl-innlandet"]


def test_detail_on_a_fact_without_one_is_refused(import_status):
    code, _out, err = import_status(HEADER + "0301,phase,2,2020-06-01,x\n")
    assert code == 1
    assert err.startswith("line 2: ")
