"""Demo users (and, through the other apps' demo modules, demo content) for the embedded DEBUG run."""

from __future__ import annotations

from django.db import transaction

from municipalities.models import Office

from .models import User

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


# Each app adds its fictional demo content in its own demo module; they run in this order.
DEMO_CONTENT = ["municipalities.demo", "regional.demo", "reporting.demo"]


def demo_content_create(*, users: dict[str, User]) -> None:
    """Idempotent: each app's demo_content_create adds only what is missing."""
    import importlib

    for module_name in DEMO_CONTENT:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        module.demo_content_create(users=users)
