"""Exceptions a builder may raise, and the transient ones the task retries."""

from django.db import InterfaceError, OperationalError

# Database connection trouble is transient: the task retries it with backoff.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


class JobFailed(Exception):
    """A permanent failure with a message written for the user (Norwegian)."""
