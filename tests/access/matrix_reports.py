"""Matrix entries for the office report. The object is office A's spring-2021 report.

The live report (page, texts, autosave, submission) is office A's draft: anyone else gets 404. Submitted
versions are read by every reader. Decisions are the directorate's: anyone else gets 403.
"""

from .matrix import Entry, directorate_write, only, read_only

PERIOD = "spring-2021"


def _report(ctx) -> dict:
    return {"slug": ctx.office_a.slug, "period": PERIOD}


def _submitted(ctx, *, accepted: bool = False) -> dict:
    from reporting.models import Report, ReportingPeriod
    from reporting.reports.services import report_accept, report_submit

    period = ReportingPeriod.objects.get(slug=PERIOD)
    report = Report.objects.filter(office=ctx.office_a, period=period).first()
    if report is None or report.version == 0:
        report = report_submit(office=ctx.office_a, period=period, user=ctx.staff_a).report
    if accepted and report.status != Report.Status.ACCEPTED:
        report_accept(report=report, user=ctx.directorate)
    return _report(ctx)


def _version(ctx) -> dict:
    return {**_submitted(ctx), "version": 1}


def _draft(kwargs, *, get_ok, post_ok, post_data=lambda ctx: {}) -> Entry:
    return Entry(
        kwargs=kwargs,
        get=only({"staff_a": get_ok}, others=404 if get_ok != 405 else 405),
        post=only({"staff_a": post_ok}, others=404 if post_ok != 405 else 405),
        post_data=post_data,
    )


_round = lambda ctx: {"round": "0"}  # noqa: E731

ENTRIES = {
    "reports:index": read_only(params=("periode",)),
    # Never submitted: a draft of office A.
    "reports:report": _draft(_report, get_ok=200, post_ok=405),
    "reports:save": _draft(_report, get_ok=405, post_ok=302, post_data=_round),
    "reports:autosave": _draft(_report, get_ok=405, post_ok=200, post_data=_round),
    "reports:submit": _draft(_report, get_ok=200, post_ok=302, post_data=_round),
    "reports:accept": directorate_write(_submitted, post_data=lambda ctx: {"version": "1"}),
    # Without a comment (a reason) the form re-renders with an error: 200.
    "reports:return": directorate_write(_submitted, post_data=lambda ctx: {"version": "1"}),
    "reports:reopen": directorate_write(
        lambda ctx: _submitted(ctx, accepted=True), post_data=lambda ctx: {"version": "1"}
    ),
    "reports:versions": read_only(_report),
    "reports:version": read_only(_version),
    "reports:print": read_only(_version),
}
