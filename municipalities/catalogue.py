"""Corrections of catalogue names: attributed, audited, never overwritten by a reload."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import CatalogueNameChange, FocusArea, Solution


@transaction.atomic
def catalogue_name_correct(*, entry: FocusArea | Solution, name: str, user: User) -> bool:
    """Returns False when nothing changed."""
    entry = type(entry).objects.select_for_update().get(pk=entry.pk)
    if entry.name == name:
        return False
    CatalogueNameChange.objects.create(code=entry.code, old_name=entry.name, new_name=name, changed_by=user)
    entry.name = name
    entry.name_corrected_at = timezone.now()
    entry.name_corrected_by = user
    entry.full_clean()
    entry.save(update_fields=["name", "name_corrected_at", "name_corrected_by"])
    return True
