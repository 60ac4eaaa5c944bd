"""build_annual_summary follows the command-line conventions: a bad or missing argument is one `error:` line on
stderr, exit 2, and no file written."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2019"), "error: no reporting period has its reference date in 2019\n"),
        (("--year", "tjueentjue"), "error: --year must be a year YYYY, got 'tjueentjue'\n"),
        (("--year", "1999"), "error: --year must be between 2018 and 2035, got 1999\n"),
        (
            ("--year", "2021", "--generated-at", "i går"),
            "error: --generated-at must be an ISO date and time, got 'i går'\n",
        ),
    ],
)
def test_bad_arguments_are_an_error_line_and_exit_2(run, tmp_path, args, message):
    target = tmp_path / "arsrapport.docx"
    code, out, err = run("build_annual_summary", *args, "--output", str(target))
    assert (code, out, err) == (2, "", message)
    assert not target.exists()


def test_a_missing_folder_and_a_missing_year_are_refused(run, tmp_path):
    code, _out, err = run("build_annual_summary", "--year", "2021", "--output", str(tmp_path / "nei" / "a.docx"))
    assert code == 2
    assert err.startswith("error: --output: folder ")
    code, _out, err = run("build_annual_summary", "--output", str(tmp_path / "a.docx"))
    assert code == 2
    assert err.startswith("error: the following arguments are required: --year")
