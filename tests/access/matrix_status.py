"""Matrix entries for the status pages: the status download, recording and retracting facts,
good examples. (The office overview and the municipality page keep their entries in matrix_core.py.)"""

import datetime

from django.utils import timezone

from tests.factories import municipality, record

from .matrix import office_write, read_only


def _fact_pk(ctx) -> int:
    return record("0301", "phase", "2", "2021-01-01", user=ctx.staff_a).pk


def _version() -> str:
    return str(municipality("0301").status_version)


ENTRIES = {
    "municipalities:office-status-xlsx": read_only(
        lambda ctx: {"slug": ctx.office_a.slug}, params=("as_of", "q", "county", "phase", "missing", "sort")
    ),
    "municipalities:fact-create": office_write(
        lambda ctx: {"number": ctx.municipality_a.number},
        post_ok=302,
        post_data=lambda ctx: {
            "fact": "phase",
            "value": "3",
            "effective_date": datetime.date(2021, 4, 1).isoformat(),
            "status_version": _version(),
            "loaded_at": timezone.now().isoformat(),
        },
    ),
    "municipalities:fact-retract": office_write(
        lambda ctx: {"number": ctx.municipality_a.number, "pk": _fact_pk(ctx)},
        post_ok=302,
        post_data=lambda ctx: {"reason": "Feil kommune", "status_version": _version()},
    ),
    # An empty POST re-renders the form with its errors.
    "municipalities:example-create": office_write(lambda ctx: {"number": ctx.municipality_a.number}, post_ok=200),
}
