"""seed_demo's reports: one submitted (oslo-og-viken) and one returned (innlandet) for spring-2021, once."""

from demo.regional_work import demo_content_create as regional_demo
from demo.reports import demo_content_create
from demo.users import demo_users_create
from reporting.models import GrantConfirmation, Report, ReportSubmission, ReportTransition
from reporting.reports.selectors import report_states


def test_demo_reports_are_there_and_idempotent(db, spring):
    users = {u.username: u for u in demo_users_create(password="pw")}
    regional_demo(users=users)
    demo_content_create(users=users)
    counts = (ReportSubmission.objects.count(), ReportTransition.objects.count(), GrantConfirmation.objects.count())
    demo_content_create(users=users)
    assert counts == (
        ReportSubmission.objects.count(),
        ReportTransition.objects.count(),
        GrantConfirmation.objects.count(),
    )
    oslo = Report.objects.get(office__slug="oslo-og-viken", period=spring)
    innlandet = Report.objects.get(office__slug="innlandet", period=spring)
    assert (oslo.status, oslo.version) == ("submitted", 1)
    assert (innlandet.status, innlandet.version) == ("returned", 1)
    submission = ReportSubmission.objects.get(report=oslo)
    assert all(submission.texts[key] for key in spring.sections)
    assert len(submission.example_ids) == 2
    assert submission.plan is not None
    assert "Demo (fiktiv)" in ReportTransition.objects.get(report=innlandet, to_status="returned").comment
    states = report_states(period=spring)
    assert states[oslo.office_id].submitted_figures is not None
    assert states[innlandet.office_id].submitted_figures is None  # returned: counts as live


def test_demo_has_an_open_period_and_every_report_state(db):
    import datetime

    from django.utils import timezone

    from reporting.models import ReportingPeriod

    users = {u.username: u for u in demo_users_create(password="pw")}
    regional_demo(users=users)
    demo_content_create(users=users)
    demo_content_create(users=users)  # idempotent: no second open period, draft or acceptance
    today = timezone.localdate()
    open_periods = [p for p in ReportingPeriod.objects.all() if p.reference_date > today]
    assert len(open_periods) == 1
    period = open_periods[0]
    assert today < period.reference_date < period.deadline <= today + datetime.timedelta(days=215)
    assert set(Report.objects.values_list("status", flat=True)) >= {"draft", "submitted", "returned", "accepted"}
    assert Report.objects.get(period=period, office__slug="oslo-og-viken").status == "draft"
    assert ReportTransition.objects.filter(to_status="accepted").count() == 1


def test_open_period_dates_always_lie_ahead():
    import datetime

    from demo.reports import open_period_dates

    assert open_period_dates(datetime.date(2026, 12, 3))[:3] == ("spring-2027", "Våren 2027", datetime.date(2027, 4, 1))
    assert open_period_dates(datetime.date(2027, 4, 1))[0] == "autumn-2027"
    assert open_period_dates(datetime.date(2027, 3, 31))[3] == datetime.date(2027, 5, 1)
