"""The events as an iCalendar feed (RFC 5545), built with the icalendar package."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def _description(event: Event) -> str:
    wanted = []
    if event.hdir_wanted:
        wanted.append("Helsedirektoratet")
    if event.ministry_wanted:
        wanted.append("HOD/politisk ledelse")
    lines = [
        f"Arrangør: {event.office.title_on(event.start.date())}",
        f"Målgruppe: {event.target_group}",
        f"Hovedtema: {event.theme}",
    ]
    if wanted:
        lines.append("Deltakelse ønskes fra: " + " og ".join(wanted))
    return "\n".join(lines)


def events_ical(events: Iterable[Event], *, base_url: str, stamp: datetime.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Leve hele livet-portalen//arrangementer//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Leve hele livet – konferanser og seminarer")
    host = base_url.split("//", 1)[-1].strip("/") or "lhl-portal"
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"arrangement-{event.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end)
        entry.add("summary", event.title)
        entry.add("location", event.place)
        entry.add("description", _description(event))
        entry.add("categories", [event.office.region])
        calendar.add_component(entry)
    return calendar.to_ical()
