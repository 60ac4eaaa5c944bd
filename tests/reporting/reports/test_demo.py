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
