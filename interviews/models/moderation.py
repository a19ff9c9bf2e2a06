"""Reports from members and what advisors did about them (and about accounts)."""

from django.conf import settings
from django.db import models

from ..enums import ModerationActionKind, ReportReason, ReportStatus
from .requests import InterviewRequest, Message


class Report(models.Model):
    """A member flags a request, a message or a person for the career center.

    `reported_user` is always set (the author of the message, the other party
    of the request, or the person reported), so that the queue groups by person.
    """

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_received"
    )
    request = models.ForeignKey(
        InterviewRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=2000)
    # What was reported, copied when the report is made (the message's body, or
    # the request's "about me" and "why this mentor"; empty for a person): the
    # evidence stays when the author deletes their account and what they wrote
    # is redacted, or the message goes.
    reported_text = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField()
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Report #{self.pk} about {self.reported_user}"


class ModerationAction(models.Model):
    """The log: every moderation or onboarding decision, with who and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ModerationActionKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_actions"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
