"""Reads of the API's own records: tokens. (What the API answers with is read through the other apps'
selectors, in the views.)"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User

from .models import ApiToken


def api_tokens_of_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (another user's are never listed)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_by_digest(digest: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user", "user__office").filter(digest=digest).first()
