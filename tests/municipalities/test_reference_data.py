import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from municipalities.catalogue import catalogue_name_correct
from municipalities.models import County, FocusArea, Municipality, Office, Solution
from municipalities.reference_data import DEFAULT_DATA_DIR, ReferenceDataError, load_reference_data

EXPECTED = {
    "oslo-og-viken": 52,
    "innlandet": 46,
    "vestfold-og-telemark": 23,
    "agder": 25,
    "rogaland": 23,
    "vestland": 43,
    "more-og-romsdal": 26,
    "trondelag": 38,
    "nordland": 41,
    "troms-og-finnmark": 39,
}


def test_reference_data_gives_356_municipalities_per_office(db):
    assert Municipality.objects.count() == 356
    got = {o.slug: o.municipalities.count() for o in Office.objects.all()}
    assert list(got) == list(EXPECTED)
    assert got == EXPECTED
    assert County.objects.count() == 11
    assert Municipality.objects.get(number="0301").name == "Oslo"


def test_catalogue_has_25_solutions_in_5_areas(db):
    assert FocusArea.objects.count() == 5
    assert Solution.objects.count() == 25
    assert sorted(a.solutions.count() for a in FocusArea.objects.all()) == [5, 5, 5, 5, 5]


def test_second_run_changes_nothing(db):
    result = load_reference_data()
    assert result.recorded == 0
    assert result.unchanged == 10 + 356 + 30


def test_corrected_catalogue_name_survives_a_rerun(db, directorate_user):
    area = FocusArea.objects.get(code="mat")
    assert catalogue_name_correct(entry=area, name="Mat og måltid (rettet)", user=directorate_user)
    load_reference_data()
    area.refresh_from_db()
    assert area.name == "Mat og måltid (rettet)"
    assert area.code == "mat"


def test_office_is_named_by_date(db):
    import datetime

    office = Office.objects.get(slug="agder")
    assert office.title_on(datetime.date(2020, 12, 31)) == "Fylkesmannen i Agder"
    assert office.title_on(datetime.date(2021, 1, 1)) == "Statsforvalteren i Agder"


def _copy(tmp_path: Path) -> Path:
    for name in ("kommuner_2020.csv", "innsatsomrader.csv"):
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_malformed_file_names_file_and_line_and_writes_nothing(db, tmp_path, capsys):
    data = _copy(tmp_path)
    lines = (data / "kommuner_2020.csv").read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(lines[4].split(",")[0], "12A4", 1)
    lines.append("9999,Nowhere,99")
    (data / "kommuner_2020.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    Municipality.objects.filter(number="0301").count()
    with pytest.raises(SystemExit) as exc:
        call_command("load_reference_data", "--data-dir", str(data))
    assert exc.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("line 5: kommuner_2020.csv:")
    assert err[1].startswith(f"line {len(lines)}: kommuner_2020.csv: expected 6 columns")


def test_incomplete_catalogue_writes_nothing(db, tmp_path, capsys):
    data = _copy(tmp_path)
    (data / "kommuner_2020.csv").write_text(
        (DEFAULT_DATA_DIR / "kommuner_2020.csv").read_text(encoding="utf-8").replace(",Oslo,", ",Oslo by,"),
        encoding="utf-8",
    )
    (data / "innsatsomrader.csv").write_text(
        "kind,code,area_code,name_nb,source_status,source\nsolution,x,nope,X,,\n", encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError) as exc:
        load_reference_data(data_dir=data)
    assert "innsatsomrader.csv" in exc.value.problems[0][1]
    assert Municipality.objects.get(number="0301").name == "Oslo"
