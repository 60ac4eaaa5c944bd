from functools import partial

from django.contrib import admin, messages
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.admin import DraftAdminMixin, RoleAdminMixin

from .models import Job
from .registry import hidden_draft_jobs
from .services import job_enqueue


@admin.register(Job)
class JobAdmin(DraftAdminMixin, RoleAdminMixin, admin.ModelAdmin):
    """Administrators see every job but drafts (a live office package is its office's) and may restart failed
    ones; nobody edits or deletes a job here."""

    list_display = ("pk", "kind", "key", "status", "progress", "attempts", "requested_by", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("key",)
    actions = ["retry"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def hidden_drafts(self, user):
        return hidden_draft_jobs(user)

    @admin.action(description=_("Start feilede jobber på nytt"))
    def retry(self, request, queryset) -> None:
        restarted = []
        for job in queryset.filter(status=Job.Status.ERROR):
            try:
                with transaction.atomic():
                    Job.objects.filter(pk=job.pk, status=Job.Status.ERROR).update(
                        status=Job.Status.NOT_QUEUED, attempts=0, error="", progress=0, progress_text=""
                    )
            except IntegrityError:
                self.message_user(
                    request,
                    _("Jobb %(pk)s har allerede en aktiv jobb med samme nøkkel.") % {"pk": job.pk},
                    messages.WARNING,
                )
                continue
            restarted.append(job.pk)
        for pk in restarted:
            transaction.on_commit(partial(job_enqueue, job_id=pk))
        self.message_user(request, _("%(n)s jobber startet på nytt.") % {"n": len(restarted)})
