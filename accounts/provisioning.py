"""Provisioning accounts from a roster (`manage.py import_users FILE.csv`): the portal decides who may sign in
and with which role and office; the identity provider only proves who someone is.

Rows come as (line number, {column: text}) pairs with the columns username, email, role, office. Every row is
checked first; with any problem nothing is written. A row creates the account or updates its e-mail, role and
office (and is_staff, which follows the administrator role); it never changes whether an account is active,
and a new account has no password (it signs in through the identity provider). Every creation and change is
recorded in the admin's history of the account, attributed to the user who ran the import (or `system`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User

ROSTER_COLUMNS = ("username", "email", "role", "office")
ROSTER_ROLES = (User.Role.OFFICE_STAFF, User.Role.DIRECTORATE, User.Role.ADMINISTRATOR)


@dataclass(frozen=True)
class RosterRow:
    line: int
    username: str
    email: str
    role: str
    office: Any  # municipalities.Office, reached through the user's office relation


class RosterRejected(Exception):
    """The roster has problems, as (line, Norwegian message) pairs in line order; nothing was written."""

    def __init__(self, problems: Sequence[tuple[int, str]]):
        super().__init__(f"{len(problems)} problems")
        self.problems = sorted(problems, key=lambda p: p[0])


@dataclass(frozen=True)
class RosterResult:
    recorded: int
    unchanged: int


def roster_check(rows: Sequence[tuple[int, dict[str, str]]]) -> list[RosterRow]:
    """Every row checked against the offices, the existing accounts and the other rows; raises RosterRejected."""
    office_model: Any = User._meta.get_field("office").related_model  # accounts imports no app
    offices = {o.slug: o for o in office_model.objects.all()}
    existing = {u.username: u for u in User.objects.only("username", "email", "role")}
    problems: list[tuple[int, str]] = []
    checked: list[RosterRow] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        row_problems: list[str] = []
        username, email = row["username"], row["email"]
        role, office_slug = row["role"], row["office"]
        if not username:
            row_problems.append(_("brukernavn mangler"))
        else:
            try:
                User.username_validator(username)
                if len(username) > 150:
                    raise ValidationError("too long")
            except ValidationError:
                row_problems.append(
                    _("ugyldig brukernavn «%(username)s» (høyst 150 tegn: bokstaver, tall og @ . + - _)")
                    % {"username": username}
                )
            if username in first_line:
                row_problems.append(
                    _("brukernavnet «%(username)s» står også på linje %(other)s")
                    % {"username": username, "other": first_line[username]}
                )
            else:
                first_line[username] = line
            current = existing.get(username)
            if current is not None and current.role == User.Role.SYSTEM:
                row_problems.append(_("«%(username)s» er systemaktøren og kan ikke endres") % {"username": username})
        if not email:
            row_problems.append(_("e-postadresse mangler (den kobler kontoen til organisasjonens innlogging)"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                row_problems.append(_("ugyldig e-postadresse «%(email)s»") % {"email": email})
        office = None
        if role not in ROSTER_ROLES:
            row_problems.append(
                _("ukjent rolle «%(role)s» (gyldige: %(valid)s)") % {"role": role, "valid": ", ".join(ROSTER_ROLES)}
            )
        elif role == User.Role.OFFICE_STAFF:
            if not office_slug:
                row_problems.append(_("ansatte hos statsforvalter må ha et embete (kortnavn, f.eks. agder)"))
            elif office_slug not in offices:
                row_problems.append(
                    _("ukjent embete «%(office)s» (gyldige: %(valid)s)")
                    % {"office": office_slug, "valid": ", ".join(sorted(offices))}
                )
            else:
                office = offices[office_slug]
        elif office_slug:
            row_problems.append(
                _("rollen %(role)s har ikke embete; la kolonnen office stå tom (fikk «%(office)s»)")
                % {"role": role, "office": office_slug}
            )
        problems += [(line, message) for message in row_problems]
        if not row_problems:
            checked.append(RosterRow(line, username, email, role, office))
    problems += _shared_addresses(checked, existing)
    if problems:
        raise RosterRejected(problems)
    return checked


def _shared_addresses(rows: list[RosterRow], existing: dict[str, User]) -> list[tuple[int, str]]:
    """An e-mail address may belong to one account only, as it will be once the roster is applied: the first
    sign-in through the provider finds the account by it."""
    owners: dict[str, list[str]] = defaultdict(list)
    final = {username: user.email for username, user in existing.items() if user.role != User.Role.SYSTEM}
    final.update({row.username: row.email for row in rows})
    for username, email in final.items():
        if email:
            owners[email.lower()].append(username)
    problems = []
    for row in rows:
        others = sorted(u for u in owners[row.email.lower()] if u != row.username)
        if others:
            problems.append(
                (
                    row.line,
                    _("e-postadressen «%(email)s» hører også til %(others)s; én adresse kan bare høre til én konto")
                    % {"email": row.email, "others": ", ".join(others)},
                )
            )
    return problems


@transaction.atomic
def roster_import(rows: Sequence[tuple[int, dict[str, str]]], *, actor: User) -> RosterResult:
    """Check every row, then create or update the accounts: all or nothing."""
    checked = roster_check(rows)
    users = User.objects.select_for_update().in_bulk([row.username for row in checked], field_name="username")
    content_type = ContentType.objects.get_for_model(User)
    recorded = unchanged = 0
    for row in checked:
        wanted = {
            "email": row.email,
            "role": row.role,
            "office": row.office,
            "is_staff": row.role == User.Role.ADMINISTRATOR,
        }
        user = users.get(row.username)
        if user is None:
            user = User(username=row.username, **wanted)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            message = _("Opprettet ved import_users: rolle %(role)s, embete %(office)s") % {
                "role": row.role,
                "office": row.office.slug if row.office else "–",
            }
            action = ADDITION
        else:
            changed = [field for field, value in wanted.items() if getattr(user, field) != value]
            if not changed:
                unchanged += 1
                continue
            for field in changed:
                setattr(user, field, wanted[field])
            user.full_clean(exclude=["password"])
            user.save(update_fields=changed)
            message = _("Endret ved import_users: %(fields)s") % {"fields": ", ".join(changed)}
            action = CHANGE
        LogEntry.objects.create(
            user=actor,
            content_type=content_type,
            object_id=str(user.pk),
            object_repr=str(user)[:200],
            action_flag=action,
            change_message=message,
        )
        recorded += 1
    return RosterResult(recorded=recorded, unchanged=unchanged)
