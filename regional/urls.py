"""The office's own reform work: implementation plan, events, prize nominations, status meetings, examples."""

from django.urls import path

from .views import events, index, library, meetings, nominations, plan

app_name = "regional"

urlpatterns = [
    path("regionalt/", index.index, name="index"),
    # Implementation plan
    path("embeter/<slug:slug>/plan/", plan.plan_detail, name="plan-detail"),
    path("embeter/<slug:slug>/plan/ny-versjon/", plan.plan_edit, name="plan-edit"),
    path("embeter/<slug:slug>/plan/versjoner/", plan.plan_versions, name="plan-versions"),
    path("embeter/<slug:slug>/plan/versjoner/<int:number>/", plan.plan_version, name="plan-version"),
    path("embeter/<slug:slug>/plan/versjoner/<int:number>/publiser/", plan.plan_publish, name="plan-publish"),
    path("embeter/<slug:slug>/plan/sammenlign/", plan.plan_compare_view, name="plan-compare"),
    # Events
    path("arrangementer/", events.event_list, name="event-list"),
    path("arrangementer/arrangementer.xlsx", events.event_xlsx, name="event-xlsx"),
    path("embeter/<slug:slug>/arrangementer/", events.office_events, name="office-events"),
    path("embeter/<slug:slug>/arrangementer/ny/", events.event_edit, name="event-create"),
    path("embeter/<slug:slug>/arrangementer/<int:pk>/endre/", events.event_edit, name="event-edit"),
    path("embeter/<slug:slug>/arrangementer/<int:pk>/slett/", events.event_delete, name="event-delete"),
    path("kalender/", events.feed_tokens, name="feed-tokens"),
    path("kalender/<str:token>.ics", events.event_feed, name="event-feed"),
    # Prize nominations
    path("prisen/", nominations.nomination_overview, name="nomination-overview"),
    path("embeter/<slug:slug>/prisen/", nominations.office_nominations, name="office-nominations"),
    path("embeter/<slug:slug>/prisen/ny/", nominations.nomination_edit, name="nomination-create"),
    path("embeter/<slug:slug>/prisen/<int:pk>/endre/", nominations.nomination_edit, name="nomination-edit"),
    # Monthly status meetings
    path("embeter/<slug:slug>/statusmoter/", meetings.office_meetings, name="office-meetings"),
    path("embeter/<slug:slug>/statusmoter/ny/", meetings.meeting_edit, name="meeting-create"),
    path("embeter/<slug:slug>/statusmoter/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("embeter/<slug:slug>/statusmoter/<int:pk>/endre/", meetings.meeting_edit, name="meeting-edit"),
    # Example library
    path("eksempler/", library.library, name="library"),
    path("eksempler/<int:pk>/", library.example_detail, name="example-detail"),
]
