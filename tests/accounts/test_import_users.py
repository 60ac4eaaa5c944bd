"""import_users: accounts provisioned from a roster, all or nothing, by the command-line conventions."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from accounts.models import User
from tests.factories import AdministratorFactory, DirectorateFactory, UserFactory

HEADER = "username,email,role,office\n"


@pytest.fixture
def import_users(db, tmp_path, capsys):
    """Run the command on CSV text: (exit code, stdout, stderr)."""

    def run(text: str, *args: str) -> tuple[int, str, str]:
        path = tmp_path / "users.csv"
        path.write_text(text, encoding="utf-8")
        capsys.readouterr()
        try:
            call_command("import_users", str(path), *args)
            code = 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


ROSTER = HEADER + (
    "kari.nordmann,kari.nordmann@statsforvalteren.no,office_staff,agder\n"
    "hilde.berg,hilde.berg@helsedir.no,directorate,\n"
    "arne.admin,arne@helsedir.no,administrator,\n"
)


def test_the_roster_creates_accounts_without_passwords_attributed_to_the_system(import_users):
    code, out, err = import_users(ROSTER)
    assert (code, out, err) == (0, "", "recorded=3 unchanged=0\n")
    kari = User.objects.get(username="kari.nordmann")
    assert (kari.email, kari.role, kari.office.slug, kari.is_active) == (
        "kari.nordmann@statsforvalteren.no",
        "office_staff",
        "agder",
        True,
    )
    assert not kari.has_usable_password()
    hilde = User.objects.get(username="hilde.berg")
    assert (hilde.role, hilde.office, hilde.is_staff) == ("directorate", None, False)
    arne = User.objects.get(username="arne.admin")
    assert (arne.role, arne.is_staff, arne.is_superuser) == ("administrator", True, False)
    entries = LogEntry.objects.filter(object_id=str(kari.pk))
    assert [(e.user.username, e.change_message) for e in entries] == [
        ("system", "Opprettet ved import_users: rolle office_staff, embete agder")
    ]


def test_importing_the_same_roster_again_changes_nothing(import_users):
    import_users(ROSTER)
    assert import_users(ROSTER) == (0, "", "recorded=0 unchanged=3\n")
    assert LogEntry.objects.count() == 3


def test_a_row_updates_email_role_and_office_and_the_change_is_attributed(import_users, office_a):
    kari = UserFactory(username="kari.nordmann", email="old@example.invalid", office=office_a)
    admin = AdministratorFactory(username="arne")
    code, _out, err = import_users(
        HEADER + "kari.nordmann,kari.nordmann@statsforvalteren.no,directorate,\n", "--user", "arne"
    )
    assert (code, err) == (0, "recorded=1 unchanged=0\n")
    kari.refresh_from_db()
    assert (kari.email, kari.role, kari.office) == ("kari.nordmann@statsforvalteren.no", "directorate", None)
    assert kari.has_usable_password()  # an existing password is left alone
    entry = LogEntry.objects.get(object_id=str(kari.pk))
    assert entry.user == admin
    assert entry.change_message == "Endret ved import_users: email, role, office"


def test_an_import_never_reactivates_a_deactivated_account(import_users):
    import_users(ROSTER)
    User.objects.filter(username="hilde.berg").update(is_active=False)
    assert import_users(ROSTER)[2] == "recorded=0 unchanged=3\n"
    assert not User.objects.get(username="hilde.berg").is_active


def test_every_bad_line_is_named_and_nothing_is_written(import_users, office_a):
    UserFactory(username="existing", email="taken@example.no", office=office_a)
    text = HEADER + (
        "good.one,good.one@example.no,office_staff,agder\n"  # 2: fine, but not written
        "bad.role,bad.role@example.no,superuser,\n"  # 3
        "no.office,no.office@example.no,office_staff,\n"  # 4
        "wrong.office,wrong.office@example.no,office_staff,atlantis\n"  # 5
        "hdir.office,hdir.office@example.no,directorate,agder\n"  # 6
        "bad.mail,not-an-address,directorate,\n"  # 7
        "good.one,other@example.no,directorate,\n"  # 8: the username again
        "thief,TAKEN@example.no,directorate,\n"  # 9: another account's address
        "system,system@example.no,administrator,\n"  # 10: the system actor
        "has space,space@example.no,directorate,\n"  # 11
        ",nobody@example.no,directorate,\n"  # 12
    )
    code, out, err = import_users(text)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert [int(line.split(":")[0].removeprefix("line ")) for line in lines] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "line 3: ukjent rolle «superuser» (gyldige: office_staff, directorate, administrator)" in lines
    assert "line 4: ansatte hos statsforvalter må ha et embete (kortnavn, f.eks. agder)" in lines
    assert lines[2].startswith("line 5: ukjent embete «atlantis» (gyldige: agder, innlandet,")
    assert "line 6: rollen directorate har ikke embete; la kolonnen office stå tom (fikk «agder»)" in lines
    assert "line 7: ugyldig e-postadresse «not-an-address»" in lines
    assert "line 8: brukernavnet «good.one» står også på linje 2" in lines
    assert "line 9: e-postadressen «TAKEN@example.no» hører også til existing" in lines[6]
    assert "line 10: «system» er systemaktøren og kan ikke endres" in lines
    assert lines[8].startswith("line 11: ugyldig brukernavn «has space»")
    assert "line 12: brukernavn mangler" in lines
    assert not User.objects.filter(username="good.one").exists()
    assert not LogEntry.objects.exists()


def test_two_rows_may_swap_addresses_but_not_share_one(import_users):
    import_users(HEADER + "a,a@example.no,directorate,\nb,b@example.no,directorate,\n")
    assert import_users(HEADER + "a,b@example.no,directorate,\nb,a@example.no,directorate,\n")[0] == 0
    code, _out, err = import_users(HEADER + "a,same@example.no,directorate,\nb,Same@example.no,directorate,\n")
    assert code == 1
    assert err.count("hører også til") == 2


def test_a_wrong_header_or_an_excel_export_is_rejected(import_users):
    code, _out, err = import_users("brukernavn,epost,rolle,embete\nx,x@example.no,directorate,\n")
    assert (code, err.startswith("line 1: expected the header username,email,role,office")) == (1, True)
    code, _out, err = import_users("username;email;role;office\nx;x@example.no;directorate;\n")
    assert code == 1
    assert "semicolons" in err


def test_only_an_administrator_may_be_named_with_user(import_users, staff_a):
    DirectorateFactory(username="hdir")
    for username in ("staff-a", "hdir"):
        code, out, err = import_users(ROSTER, "--user", username)
        assert (code, out) == (2, "")
        assert err.startswith("error: user ")
        assert "may not create or change accounts" in err
    code, _out, err = import_users(ROSTER, "--user", "nobody")
    assert (code, err) == (2, "error: unknown user 'nobody'\n")
    assert not User.objects.filter(username="kari.nordmann").exists()
