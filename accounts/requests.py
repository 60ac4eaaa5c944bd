"""The request type of every view behind the login: its user is a signed-in portal user.

`LoginRequiredMiddleware` sends anyone else to the login page before a view runs, so views (and the helpers
they call) may read `request.user.office`, `.role` and the permission predicates without a None check. Views
that anonymous users reach (login, password reset, the accessibility statement, the calendar feed) keep
`HttpRequest`.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    user: User  # narrowed from User | AnonymousUser by LoginRequiredMiddleware
