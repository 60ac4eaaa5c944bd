"""What the annual summary does for a reader beyond its numbers: period names written as Norwegian writes them
inside a sentence, chart labels that stay inside the plot, and a document for a year without periods or without
any recorded data."""

import datetime

import pytest
from django.utils import timezone
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from summary.charts import _bars
from summary.data import summary_data_build
from summary.document import summary_document_bytes
from summary.selectors import year_periods
from summary.services import directorate_part
from summary.wording import period_in_sentence

from .conftest import document, headings, table_after, text_after


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Våren 2021", "våren 2021"),
        ("Høsten 2021", "høsten 2021"),
        ("HØSTEN 2022", "høsten 2022"),
        ("Hausten 2022", "hausten 2022"),
        ("Ekstrarunde Oslo 2022", "Ekstrarunde Oslo 2022"),  # not a season: kept as the directorate wrote it
    ],
)
def test_a_period_name_inside_a_sentence(name, expected):
    assert period_in_sentence(name) == expected


def test_every_value_label_stays_inside_the_plot():
    """A full bar's «100 %» used to run past the plot's right edge; now it sits inside the bar's end."""
    figure = Figure(figsize=(6.3, 3))
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    _bars(ax, ["Fase ikke vurdert", "I fase 3"], [("Våren 2021", [100.0, 3.0], [False, True]),
                                                   ("Høsten 2021", [86.0, 84.0], [True, False])])  # fmt: skip
    renderer = figure.canvas.get_renderer()
    plot = ax.get_window_extent(renderer)
    labels = {text.get_text(): text.get_window_extent(renderer) for text in ax.texts}
    assert set(labels) == {"100\u00a0%", "3\u00a0%", "86\u00a0%", "84\u00a0%"}
    for text, box in labels.items():
        assert plot.x0 <= box.x0, f"the label {text!r} starts left of the plot"
        assert box.x1 <= plot.x1, f"the label {text!r} runs past the plot's right edge"
    assert ax.get_xlim() == (0.0, 100.0)
    # white on the dark blue of a submitted full bar, dark on the light live fill
    colours = {text.get_text(): text.get_color() for text in ax.texts}
    assert colours["100\u00a0%"] == "#ffffff"
    assert colours["86\u00a0%"] == "#212529"


def _document(year: int):
    data = summary_data_build(
        year=year,
        periods=year_periods(year),
        directorate=directorate_part(None),
        generated_at=timezone.make_aware(datetime.datetime(2022, 1, 20, 10, 0)),
        generated_by="Hilde Hdir",
    )
    return document(summary_document_bytes(data))


@pytest.mark.django_db
def test_a_year_without_periods_still_builds():
    """The page and the command refuse such a year; the document itself no longer crashes on it (the charts'
    legend had no period to show)."""
    doc = _document(2019)
    found = [text for _level, text in headings(doc)]
    assert found[:3] == ["Sammendrag", "Om grunnlaget", "Nasjonale tall"]
    for heading in ("Nasjonale tall", "Tall per embete", "Prioriterte innsatsområder og løsninger i fase 3"):
        assert text_after(doc, heading).endswith("Ingen rapporteringsperioder har referansedato i 2019.")
    assert len(doc.inline_shapes) == 0  # no charts


@pytest.mark.django_db
def test_a_year_with_a_period_and_nothing_recorded_builds_with_live_zeros():
    doc = _document(2020)  # autumn-2020; the test database holds no facts and no reports
    rows = table_after(doc, "Høsten 2020 (per 31. oktober 2020)")
    assert rows[0][1] == "Hele landet (356 kommuner, levende tall)"
    assert rows[-1][:2] == ["Fase ikke vurdert", "356 (100,0\u00a0%)"]
    assert len(doc.inline_shapes) == 3
    assert text_after(doc, "Embetenes vurderinger").startswith("Ingen av årets perioder ba embetene")
