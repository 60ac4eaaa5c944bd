"""import_contacts, start_round and round_status follow the command-line conventions."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from selfreport.models import Contact, ContactChange, InvitationLink
from selfreport.tokens import token_hash

from .helpers import contact

HEADER = "kommunenummer,name,email,role\n"


def _write(tmp_path, text: str, name: str = "kontakter.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_contacts_creates_then_leaves_unchanged(run, tmp_path, office_a):
    rows = HEADER + "0301,Per Post,per@oslo.example,Leve hele livet-koordinator\n3001,Kari Fjord,kari@halden.example,\n"
    path = _write(tmp_path, rows)
    code, out, err = run("import_contacts", path, "--office", office_a.slug)
    assert (code, out, err) == (0, "", "recorded=2 unchanged=0\n")
    assert sorted(Contact.objects.values_list("municipality__number", "name", "role", "language")) == [
        ("0301", "Per Post", "Leve hele livet-koordinator", "nb"),
        ("3001", "Kari Fjord", "", "nb"),
    ]
    assert ContactChange.objects.filter(action="created", source="import", changed_by__username="system").count() == 2
    assert run("import_contacts", path, "--office", office_a.slug)[2] == "recorded=0 unchanged=2\n"
    # A correction (the same address in another case) changes the contact, attributed.
    changed = _write(tmp_path, HEADER.strip() + ",language\n0301,Per Postmann,PER@oslo.example,Koordinator,nn\n")
    assert run("import_contacts", changed, "--office", office_a.slug)[2] == "recorded=1 unchanged=0\n"
    per = Contact.objects.get(municipality__number="0301")
    assert (per.name, per.language) == ("Per Postmann", "nn")
    assert ContactChange.objects.get(action="changed").fields == "name,email,role,language"


def test_import_contacts_is_all_or_nothing_with_every_problem(run, tmp_path, office_a):
    text = HEADER + (
        "0301,Per Post,per@oslo.example,\n"
        "3401,Inger Innland,inger@kongsvinger.example,\n"  # Innlandet's municipality
        "3001,,kari@halden.example,\n"
        "3002,Ola,ikke-en-adresse,\n"
        "301,Oslo Igjen,o@oslo.example,\n"
        "0301,Per Post,PER@oslo.example,\n"
        "3003,\u202eTeknisk,t@sarpsborg.example,\n"
    )
    code, out, err = run("import_contacts", _write(tmp_path, text), "--office", office_a.slug)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("line 3: 3401 Kongsvinger hører til et annet embete (innlandet), ikke oslo-og-viken")
    assert lines[1] == "line 4: name mangler"
    assert lines[2] == "line 5: «ikke-en-adresse» er ikke en gyldig e-postadresse"
    assert lines[3].startswith("line 6: kommunenummeret «301» mangler ledende null")
    assert lines[4] == "line 7: samme kontaktperson som på linje 2"
    assert lines[5] == "line 8: name: teksten inneholder et usynlig tegn (U+202E) som ikke er tillatt her"
    assert not Contact.objects.exists()


def test_import_contacts_arguments(run, tmp_path, office_a, staff_b, directorate_user):
    path = _write(tmp_path, HEADER + "0301,Per Post,per@oslo.example,\n")
    assert run("import_contacts", path, "--office", "nowhere")[0:3:2] == (2, "error: unknown office 'nowhere'\n")
    code, _out, err = run("import_contacts", path, "--office", office_a.slug, "--user", staff_b.username)
    assert code == 2
    assert err == "error: user 'staff-b' may not manage the contacts of 'oslo-og-viken'\n"
    assert run("import_contacts", path, "--office", office_a.slug, "--user", directorate_user.username)[0] == 2
    semicolons = _write(tmp_path, "kommunenummer;name;email;role\n0301;Per;per@oslo.example;\n", "excel.csv")
    assert run("import_contacts", semicolons, "--office", office_a.slug)[0] == 1
    assert not Contact.objects.exists()


@override_settings(PORTAL_BASE_URL="https://lhl.example.no")
def test_start_round_prints_one_link_per_contact(run, office_a, kari, django_capture_on_commit_callbacks):
    contact("0301", user=kari, name="Per Post")
    contact("0301", user=kari, name="Anne Annen")
    contact("3001", user=kari, name="Kari Fjord", language="nn")
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        code, out, err = run(
            "start_round", "--office", office_a.slug, "--deadline", deadline, "--municipalities", "3001,0301",
            "--message", "Svar før fristen", "--user", kari.username,
        )  # fmt: skip
    assert (code, err) == (0, "recorded=3 unchanged=0\n")
    assert out.startswith("kommunenummer,navn,email,link\n")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["kommunenummer"], r["navn"], r["email"]) for r in rows] == [
        ("0301", "Oslo", "anne.0301@kommune.example"),
        ("0301", "Oslo", "per.0301@kommune.example"),
        ("3001", "Halden", "kari.3001@kommune.example"),
    ]
    for row in rows:
        assert row["link"].startswith("https://lhl.example.no/svar/")
        token = row["link"].removeprefix("https://lhl.example.no/svar/").removesuffix("/")
        assert InvitationLink.objects.filter(token_hash=token_hash(token), replaced_at__isnull=True).exists()
    assert len(mail.outbox) == 3
    nynorsk = next(m for m in mail.outbox if m.to == ["kari.3001@kommune.example"])
    assert nynorsk.subject.startswith("Leve heile livet: stadfest statusen for Halden")


def test_start_round_without_base_prints_a_path_and_can_skip_mail(
    run, office_a, kari, django_capture_on_commit_callbacks
):
    contact("0301", user=kari, name="Per Post")
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _err = run("start_round", "--office", office_a.slug, "--deadline", deadline, "--no-email")
    assert code == 0
    link = out.splitlines()[1].split(",")[3]
    assert link.startswith("/svar/")
    assert link.endswith("/")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--municipalities", "3401"], "error: not a municipality of oslo-og-viken: 3401\n"),
        (["--municipalities", "9999"], "error: unknown municipality number: 9999\n"),
        (["--municipalities", "3001"], "error: mangler kontaktperson: 3001\n"),
        (["--deadline", "2020-01-01"], "error: svarfristen kan ikke være tilbake i tid\n"),
        (["--deadline", "1.5.2030"], "error: --deadline must be a date YYYY-MM-DD, got '1.5.2030'\n"),
    ],
)
def test_start_round_refuses_bad_arguments(run, office_a, kari, args, error):
    contact("0301", user=kari, name="Per Post")
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    given = ["--office", office_a.slug, "--deadline", deadline, *args]
    code, out, err = run("start_round", *given)
    assert (code, out, err) == (2, "", error)
    assert not InvitationLink.objects.exists()


def test_round_status_prints_a_row_per_contact_with_its_state(run, office_a, kari, client):
    from django.test import Client

    from .helpers import link_path, start

    contact("0301", user=kari, name="Per Post")
    contact("3001", user=kari, name="Kari Fjord")
    contact("3002", user=kari, name="Ola Ås")
    first, _issued = start(office_a, kari, ["0301"])
    _round, issued = start(office_a, kari, ["0301", "3001", "3002"])
    by_number = {i.invitation.municipality.number: i for i in issued}
    Client().get(link_path(by_number["3001"].token))
    code, out, err = run("round_status", "--office", office_a.slug)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "kommunenummer,navn,state,opened_at,submitted_at,reviewed_at,reviewed_by"
    rows = list(csv.reader(lines[1:]))
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("0301", "Oslo", "invited"),
        ("3001", "Halden", "opened"),
        ("3002", "Moss", "invited"),
    ]
    assert rows[1][3].startswith(timezone.localdate().isoformat() + "T")
    assert run("round_status", "--office", office_a.slug, "--round", str(first.pk))[1].count("\n") == 2
    assert run("round_status", "--office", "innlandet")[0:3:2] == (2, "error: innlandet has no status round\n")
    assert run("round_status", "--office", office_a.slug, "--round", "abc")[0] == 2
