"""The office's own records as plain data, for `export_office`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from municipalities.models import GoodExample, Office
from networks.models import Network

from .models import Event, Nomination, StatusMeeting
from .selectors import published_plan


def office_export(office: Office) -> dict[str, Any]:
    plan = published_plan(office)
    return {
        "plan": {"version": plan.number, "sections": plan.section_texts()} if plan else None,
        "networks": [
            {
                "slug": n.slug,
                "name": n.name,
                "operator": n.operator,
                "target_group": n.target_group,
                "practice": n.practice,
                "support": n.support,
                "status": n.status,
            }
            # Networks have no date of their own: their registration time orders them.
            for n in Network.objects.filter(office=office).order_by("created_at", "id")
        ],
        "events": [
            {
                "start": timezone.localtime(e.start).isoformat(),
                "end": timezone.localtime(e.end).isoformat(),
                "title": e.title,
                "target_group": e.target_group,
                "theme": e.theme,
                "hdir_wanted": e.hdir_wanted,
                "ministry_wanted": e.ministry_wanted,
                "place": e.place,
            }
            for e in Event.objects.filter(office=office).order_by("start", "id")
        ],
        "nominations": [
            {
                "year": n.year,
                "county": n.county.number,
                "kommunenummer": n.municipality.number,
                "justification": n.justification,
            }
            for n in Nomination.objects.filter(office=office)
            .select_related("county", "municipality")
            .order_by("year", "id")
        ],
        "meetings": [
            {
                "date": m.date,
                "participants": m.participants,
                "minutes": m.minutes,
                "follow_ups": [{"text": f.text, "done": f.done} for f in m.follow_ups.all()],
            }
            for m in StatusMeeting.objects.filter(office=office).prefetch_related("follow_ups").order_by("date", "id")
        ],
        "examples": [
            {
                "kommunenummer": x.municipality.number,
                "title": x.title,
                "text": x.text,
                "code": x.code,
                "link": x.link,
                "date": x.date,
            }
            for x in GoodExample.objects.filter(municipality__office=office)
            .select_related("municipality")
            .order_by("date", "id")
        ],
    }
