"""Reads: an office's networks, and which municipalities take part in a network as of a date."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from municipalities.models import Municipality, Office
from municipalities.selectors import FactView, status_as_of

from .models import Network

MEMBER_STATES = ("participating", "planned")


def network_list(*, office: Office) -> QuerySet[Network]:
    return Network.objects.filter(office=office).select_related("office", "created_by").order_by("name")


def network_members(*, network: Network, as_of: datetime.date) -> list[tuple[Municipality, FactView]]:
    """(municipality, its network fact) for every municipality participating in or planning to join the
    network on `as_of`, participating first, in Norwegian name order. Three queries however many."""
    candidates = Municipality.objects.filter(facts__fact="network", facts__network=network).distinct()
    statuses = status_as_of(candidates, as_of=as_of)
    facts = {}
    for municipality_id, status in statuses.items():
        fact = status.networks.get(network.qualified_slug)
        if fact is not None and fact.value in MEMBER_STATES:
            facts[municipality_id] = fact
    municipalities = Municipality.objects.filter(pk__in=facts).select_related("county", "office").by_name()
    members = [(m, facts[m.pk]) for m in municipalities]
    return sorted(members, key=lambda pair: MEMBER_STATES.index(pair[1].value))
