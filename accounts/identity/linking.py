"""Which portal account an identity from the provider is. The provider never creates an account or sets a role."""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import IdentityLink, User

from .provider import ProviderIdentity


class SignInRefused(Exception):
    """No portal account may be signed in for this identity; `reason` names why (for the page and the log)."""

    NO_ACCOUNT = "no-account"
    INACTIVE = "inactive"
    LINKED_TO_OTHER_IDENTITY = "linked-to-other-identity"

    def __init__(self, reason: str, *, user: User | None = None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


@transaction.atomic
def user_for_identity(*, identity: ProviderIdentity) -> User:
    """The account linked to (issuer, subject); at the first sign-in, the one account whose e-mail address the
    provider vouches for (`email_verified`), which is then linked. Raises SignInRefused otherwise."""
    link = IdentityLink.objects.select_related("user").filter(issuer=identity.issuer, subject=identity.subject).first()
    if link is not None:
        user = link.user
    else:
        user = _user_by_verified_email(identity)
        if not user.is_active:
            raise SignInRefused(SignInRefused.INACTIVE, user=user)
        if IdentityLink.objects.filter(user=user, issuer=identity.issuer).exists():
            # The account already belongs to another identity at this provider (an address handed on to
            # someone else, say): never re-link by e-mail.
            raise SignInRefused(SignInRefused.LINKED_TO_OTHER_IDENTITY, user=user)
        try:
            with transaction.atomic():
                IdentityLink.objects.create(
                    user=user, issuer=identity.issuer, subject=identity.subject, email_at_link=identity.email
                )
                _log_link(user, identity)
        except IntegrityError:  # two first sign-ins at the same moment: the other one linked it
            link = IdentityLink.objects.select_related("user").get(issuer=identity.issuer, subject=identity.subject)
            user = link.user
    if not user.is_active:
        raise SignInRefused(SignInRefused.INACTIVE, user=user)
    if user.role not in (User.Role.OFFICE_STAFF, User.Role.DIRECTORATE, User.Role.ADMINISTRATOR):
        raise SignInRefused(SignInRefused.NO_ACCOUNT)
    return user


def _log_link(user: User, identity: ProviderIdentity) -> None:
    """The link is in the account's admin history, attributed to the person who signed in."""
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user)[:200],
        action_flag=CHANGE,
        change_message=_("Koblet ved første innlogging til identiteten %(subject)s hos %(issuer)s (e-post %(email)s)")
        % {"subject": identity.subject, "issuer": identity.issuer, "email": identity.email},
    )


def _user_by_verified_email(identity: ProviderIdentity) -> User:
    if not identity.email or not identity.email_verified:
        raise SignInRefused(SignInRefused.NO_ACCOUNT)
    candidates = list(
        User.objects.filter(email__iexact=identity.email).exclude(role=User.Role.SYSTEM).select_related("office")[:2]
    )
    if len(candidates) != 1:  # none, or an address two accounts share: nobody is guessed
        raise SignInRefused(SignInRefused.NO_ACCOUNT)
    return candidates[0]
