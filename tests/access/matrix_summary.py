"""Matrix entries for the directorate's annual summary (year 2021), with a draft and with a final summary.

A draft is the directorate's alone: everyone else, the administrator included, gets a logged 404. A final
version is read by the directorate and every office's staff (the administrator: 404); reopening it is the
directorate's (office staff, who read it, get a logged 403). `ENTRIES` hold the draft rows (the version page
needs a final version); `FINAL_ENTRIES` the same URLs once the summary is final (tests/access/test_summary_matrix.py).
"""

from .matrix import LOGIN, Entry, everyone, only

YEAR = 2021


def _draft(ctx) -> dict:
    from summary.services import summary_texts_save

    summary_texts_save(year=YEAR, texts={"summary": "Utkast."}, user=ctx.directorate, round=None)
    return {"year": YEAR}


def _final(ctx) -> dict:
    from summary.models import AnnualSummary
    from summary.services import summary_finalise

    if not AnnualSummary.objects.filter(year=YEAR, status="final").exists():
        _draft(ctx)
        summary_finalise(year=YEAR, user=ctx.directorate)
    return {"year": YEAR}


def _version(ctx) -> dict:
    return {**_final(ctx), "version": 1}


def _directorate(kwargs, *, get_ok, post_ok, post_data=lambda ctx: {}, others=404) -> Entry:
    """The directorate's page or write; everyone else 404 (405 where the method is not allowed at all)."""
    return Entry(
        kwargs=kwargs,
        get=everyone(405) if get_ok == 405 else only({"directorate": get_ok}, others=others),
        post=everyone(405) if post_ok == 405 else only({"directorate": post_ok}, others=others),
        post_data=post_data,
    )


_round = lambda ctx: {"round": "0", "text_summary": "Endret."}  # noqa: E731
_reason = lambda ctx: {"version": "1", "reason": "Nye tall."}  # noqa: E731
_readers = {"directorate": 200, "staff_a": 200, "staff_b": 200}

ENTRIES = {
    "summary:index": Entry(get=everyone(200), post=everyone(405)),
    "summary:detail": _directorate(_draft, get_ok=200, post_ok=405),
    "summary:save": _directorate(_draft, get_ok=405, post_ok=302, post_data=_round),
    "summary:autosave": _directorate(_draft, get_ok=405, post_ok=200, post_data=_round),
    "summary:document": _directorate(_draft, get_ok=405, post_ok=302),
    "summary:finalise": _directorate(_draft, get_ok=200, post_ok=302, post_data=lambda ctx: {"round": "0"}),
    # A draft cannot be reopened: the directorate is told so (a message and back to the page).
    "summary:reopen": _directorate(_draft, get_ok=200, post_ok=302, post_data=_reason),
    "summary:version": Entry(kwargs=_version, get=only(_readers, others=404), post=everyone(405)),
}

FINAL_ENTRIES = {
    "summary:index": Entry(get=everyone(200), post=everyone(405)),
    "summary:detail": Entry(kwargs=_final, get=only(_readers, others=404), post=everyone(405)),
    # Texts of a final summary are refused (409, the typed text shown back); others still see no draft.
    "summary:save": _directorate(_final, get_ok=405, post_ok=409, post_data=lambda ctx: {"round": "1"}),
    "summary:autosave": _directorate(_final, get_ok=405, post_ok=409, post_data=lambda ctx: {"round": "1"}),
    "summary:document": _directorate(_final, get_ok=405, post_ok=302),
    "summary:finalise": _directorate(_final, get_ok=200, post_ok=302, post_data=lambda ctx: {"round": "1"}),
    "summary:reopen": Entry(
        kwargs=_final,
        get={"directorate": 200, "staff_a": 403, "staff_b": 403, "admin": 404, "anonymous": LOGIN, "municipality": 404},
        post={
            "directorate": 302,
            "staff_a": 403,
            "staff_b": 403,
            "admin": 404,
            "anonymous": LOGIN,
            "municipality": 404,
        },
        post_data=_reason,
    ),
    "summary:version": Entry(kwargs=_version, get=only(_readers, others=404), post=everyone(405)),
}
