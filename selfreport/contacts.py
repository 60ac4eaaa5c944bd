"""Writes to the contact register: create, correct, delete (each attributed in ContactChange, without the
personal data itself) and the import of a contact list from rows of a CSV file (all or nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.models import create_once
from common.text import single_line_problem
from municipalities.fact_builder import FactBuilder
from municipalities.models import Municipality, Office

from .models import Contact, ContactChange, Invitation, Language

EDITABLE = ("name", "email", "role", "language")
IMPORT_COLUMNS = ("kommunenummer", "name", "email", "role")
OPTIONAL_COLUMNS = ("language",)
LIMITS = {"name": 200, "email": 254, "role": 200}


def _log(contact: Contact, *, action: str, user: User, fields: Iterable[str] = (), source: str = "form") -> None:
    ContactChange(
        contact_id_at_change=contact.pk,
        municipality_id=contact.municipality_id,
        action=action,
        fields=",".join(fields),
        source=source,
        changed_by=user,
    ).save()


@transaction.atomic
def contact_create(
    *, municipality: Municipality, user: User, source: str = "form", submission: str = "", **fields: str
) -> Contact:
    """Add a contact. A second submit of the same form (`submission`, its one-time token) adds nothing and
    answers with the contact the first one added."""

    def create() -> Contact:
        now = timezone.now()
        values = {k: fields[k] for k in EDITABLE if k in fields}
        contact = Contact(
            municipality=municipality,
            created_at=now,
            created_by=user,
            changed_at=now,
            changed_by=user,
            submission=submission or None,
            **values,
        )
        contact.full_clean()
        contact.save()
        _log(contact, action=ContactChange.Action.CREATED, user=user, source=source)
        return contact

    return create_once(Contact.objects.all(), token=submission, create=create)[0]


@transaction.atomic
def contact_update(*, contact: Contact, user: User, source: str = "form", **fields: str) -> list[str]:
    """Correct a contact; returns the names of the fields that changed (none: nothing is written)."""
    changed = [k for k in EDITABLE if k in fields and getattr(contact, k) != fields[k]]
    if not changed:
        return []
    for key in changed:
        setattr(contact, key, fields[key])
    contact.changed_at = timezone.now()
    contact.changed_by = user
    contact.full_clean()
    contact.save(update_fields=[*changed, "changed_at", "changed_by"])
    # Links already sent keep working; the pages, later e-mails and attributions follow the correction.
    Invitation.objects.filter(contact=contact).update(language=contact.language, contact_name=contact.name)
    _log(contact, action=ContactChange.Action.CHANGED, user=user, fields=changed, source=source)
    return changed


@transaction.atomic
def contact_delete(*, contact: Contact, user: User) -> None:
    """Delete a contact. Their invitations lose their access at once (links no longer open, sessions end);
    the name they answered under stays with accepted responses, as every attribution does."""
    now = timezone.now()
    Invitation.objects.filter(contact=contact, revoked_at__isnull=True).update(revoked_at=now, revoked_by=user)
    _log(contact, action=ContactChange.Action.DELETED, user=user)
    contact.delete()


# --- import ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactProblem:
    line: int
    message: str


class ContactsRejected(Exception):
    def __init__(self, problems: list[ContactProblem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = sorted(problems, key=lambda p: p.line)


@dataclass
class ContactsImported:
    recorded: int
    unchanged: int


def _row_problems(row: dict[str, str]) -> list[str]:
    problems = []
    if not row.get("name"):
        problems.append(_("name mangler"))
    for column, limit in LIMITS.items():
        if len(row.get(column) or "") > limit:
            problems.append(_("%(column)s kan ha høyst %(limit)s tegn") % {"column": column, "limit": limit})
    for column in LIMITS:
        problem = single_line_problem(row.get(column) or "")
        if problem:
            problems.append(f"{column}: {problem}")
    email = row.get("email") or ""
    if not email:
        problems.append(_("email mangler"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("«%(email)s» er ikke en gyldig e-postadresse") % {"email": email})
    language = row.get("language") or Language.BOKMAL
    if language not in Language.values:
        problems.append(_("language må være nb eller nn (fikk «%(language)s»)") % {"language": language})
    return problems


@transaction.atomic
def contacts_import(rows: list[tuple[int, dict[str, str]]], *, office: Office, user: User) -> ContactsImported:
    """Create or correct contacts of `office`'s municipalities from rows (kommunenummer, name, email, role
    [, language]). A contact is the same when the municipality and e-mail address (in any case) are; a row
    that changes nothing is unchanged. Every problem is reported (ContactsRejected) and nothing is written."""
    builder = FactBuilder(office=office)  # the municipality numbers: the same checks and messages everywhere
    problems: list[ContactProblem] = []
    checked: list[tuple[int, Municipality, dict[str, str]]] = []
    seen: dict[tuple[int, str], int] = {}
    for line, row in rows:
        municipality, message = builder.municipality(row.get("kommunenummer") or "")
        row_problems = ([message] if message else []) + _row_problems(row)
        if municipality is not None and not row_problems:
            key = (municipality.pk, row["email"].casefold())
            if key in seen:
                row_problems.append(_("samme kontaktperson som på linje %(line)s") % {"line": seen[key]})
            seen[key] = line
        problems += [ContactProblem(line, p) for p in row_problems]
        if municipality is not None and not row_problems:
            checked.append((line, municipality, row))
    if problems:
        raise ContactsRejected(problems)
    existing = {
        (c.municipality_id, c.email_key): c
        for c in Contact.objects.filter(municipality__office=office).annotate(email_key=Lower("email"))
    }
    recorded = unchanged = 0
    for _line, municipality, row in checked:
        fields = {
            "name": row["name"],
            "email": row["email"],
            "role": row.get("role") or "",
            "language": row.get("language") or Language.BOKMAL,
        }
        contact = existing.get((municipality.pk, row["email"].casefold()))
        if contact is None:
            contact_create(municipality=municipality, user=user, source="import", **fields)
            recorded += 1
        elif contact_update(contact=contact, user=user, source="import", **fields):
            recorded += 1
        else:
            unchanged += 1
    return ContactsImported(recorded=recorded, unchanged=unchanged)
