"""The demo users for the embedded DEBUG run."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from municipalities.models import Office

# The demo offices and their staff user.
DEMO_OFFICE_STAFF = {"oslo-og-viken": "demo-staff-oslo-og-viken", "innlandet": "demo-staff-innlandet"}

DEMO_USERS = [
    ("demo-staff-oslo-og-viken", User.Role.OFFICE_STAFF, "oslo-og-viken", "Kari", "Demo (Oslo og Viken)"),
    ("demo-staff-innlandet", User.Role.OFFICE_STAFF, "innlandet", "Ola", "Demo (Innlandet)"),
    ("demo-hdir", User.Role.DIRECTORATE, "", "Hilde", "Demo (Helsedirektoratet)"),
    ("demo-admin", User.Role.ADMINISTRATOR, "", "Arne", "Demo (administrator)"),
]


@transaction.atomic
def demo_users_create(*, password: str) -> list[User]:
    offices = {o.slug: o for o in Office.objects.all()}
    users = []
    for username, role, office_slug, first, last in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "office": offices[office_slug] if office_slug else None,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.invalid",
                "is_active": True,
                "is_staff": role == User.Role.ADMINISTRATOR,
                "is_superuser": False,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users.append(user)
    return users
