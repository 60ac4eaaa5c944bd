"""Reading dates back from PostgreSQL without failing on a value Python cannot hold.

PostgreSQL stores dates from 4713 BC to 294276 AD; Python's from year 1 to 9999. A value outside Python's range
(an event typed as 0001-01-01 00:30 in Oslo is a moment in 1 BC in UTC) makes psycopg2 raise while reading the
row, so every page, download and command that lists it fails, and only a database fix recovers. The readers
installed here return such a value clamped to a date Python holds with a day to spare (so converting it to Oslo
time cannot overflow), and the page shows it; the forms (common.forms) never accept one again.
"""

from __future__ import annotations

import datetime

LOWEST_DATE = datetime.date(1, 1, 2)
HIGHEST_DATE = datetime.date(9999, 12, 30)
LOWEST_MOMENT = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
HIGHEST_MOMENT = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)

_installed = False


def _is_low(text: str) -> bool:
    return text.endswith(" BC") or text.startswith("-")


def _clamped(base, low, high, name: str):
    import psycopg2.extensions

    def cast(value, cursor):
        try:
            return base(value, cursor)
        except (ValueError, OverflowError):
            if value is None:
                return None
            return low if _is_low(value) else high

    return psycopg2.extensions.new_type(base.values, name, cast)


def install_robust_date_readers() -> None:
    """Register the clamping readers for date, timestamp and timestamptz (psycopg2; once per process)."""
    global _installed
    if _installed:
        return
    try:
        import psycopg2.extensions as ext
    except ImportError:  # SQLite, the embedded default, keeps dates as text and has no such limit to reach
        return
    naive_low, naive_high = LOWEST_MOMENT.replace(tzinfo=None), HIGHEST_MOMENT.replace(tzinfo=None)
    for caster in (
        _clamped(ext.PYDATE, LOWEST_DATE, HIGHEST_DATE, "LHL_DATE"),
        _clamped(ext.PYDATETIME, naive_low, naive_high, "LHL_DATETIME"),
        _clamped(ext.PYDATETIMETZ, LOWEST_MOMENT, HIGHEST_MOMENT, "LHL_DATETIMETZ"),
    ):
        ext.register_type(caster)
    _installed = True
