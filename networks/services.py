"""Writes: an office registers and edits its networks (the slug never changes after creation)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.models import unique_race_as
from municipalities.models import Office

from .models import Network

EDITABLE_FIELDS = ("name", "operator", "target_group", "practice", "support", "status")


@transaction.atomic
def network_create(*, office: Office, user: User, slug: str, **fields) -> Network:
    values = {k: fields[k] for k in EDITABLE_FIELDS if k in fields}
    network = Network(office=office, slug=slug, created_by=user, **values)
    # The slug's uniqueness within the office is the database's to decide: two creations with one slug at the same
    # moment both pass any check made before, and the second gets the form's own message.
    network.full_clean(validate_constraints=False)
    with unique_race_as({"slug": _("Embetet har allerede et nettverk med dette kortnavnet.")}):
        network.save()
    return network


@transaction.atomic
def network_update(*, network: Network, **fields) -> Network:
    changed = [k for k in EDITABLE_FIELDS if k in fields and getattr(network, k) != fields[k]]
    for key in changed:
        setattr(network, key, fields[key])
    if changed:
        network.full_clean()
        network.save(update_fields=changed)
    return network
