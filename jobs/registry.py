"""Builders and permission functions, registered per job kind in settings by dotted path.

    JOB_BUILDERS = {"report_package": "reporting.packages.build_package"}
    JOB_PERMISSIONS = {"report_package": "reporting.packages.can_view_package_job"}

A builder is called as ``fn(job=job, progress=progress)`` where ``progress(percent, text)`` records how far it
has come, and returns ``(filename, content_bytes)``. It must be deterministic for the same job (use
``job.created_at`` as the generated-at time) so that a re-run gives a byte-identical file. Raise
``jobs.errors.JobFailed("Norwegian message")`` for a permanent failure the user should read; a database
``OperationalError``/``InterfaceError`` is treated as transient and retried.

A permission function is called as ``fn(user, job) -> bool``; without one, only the requester sees the job.

A kind whose jobs can be drafts (a live office package) registers in JOB_DRAFTS a function ``fn(user) -> Q``
naming the jobs of that kind that are drafts the user may not see; the admin lists and opens none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from accounts.permissions import can_read

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Job

Progress = Callable[[int, str], None]
Builder = Callable[..., tuple[str, bytes]]


def builder_for(kind: str) -> Builder:
    try:
        path = settings.JOB_BUILDERS[kind]
    except KeyError:
        raise LookupError(f"No builder registered for job kind {kind!r} (settings.JOB_BUILDERS).") from None
    return import_string(path)


def requester_only(user: User, job: Job) -> bool:
    return job.requested_by_id is not None and job.requested_by_id == user.pk


def can_view_job(user: User, job: Job) -> bool:
    """May this user see the job's status and download its file? Decided per kind; default: the requester."""
    if not can_read(user):
        return False
    path = settings.JOB_PERMISSIONS.get(job.kind)
    check = import_string(path) if path else requester_only
    return bool(check(user, job))


def hidden_draft_jobs(user: User) -> Q:
    """The jobs that are drafts `user` may not see, over every kind that has drafts (settings.JOB_DRAFTS)."""
    hidden = Q(pk__in=[])
    for kind, path in getattr(settings, "JOB_DRAFTS", {}).items():
        hidden |= Q(kind=kind) & import_string(path)(user)
    return hidden
