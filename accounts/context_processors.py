from django.http import HttpRequest

from accounts import permissions


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_is_directorate": permissions.is_directorate(user),
        "user_can_edit_catalogue": permissions.can_edit_catalogue(user),
        "user_office": user.office if user.is_office_staff else None,
    }
