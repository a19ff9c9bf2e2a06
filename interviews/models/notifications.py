"""The outbox: every email the domain decides to send, as a row with a state.

Transitions write these rows in their own transaction; workers claim and
send them. The database, not the broker, is what guarantees delivery.
"""

import secrets

from django.conf import settings
from django.db import models

from ..enums import NotificationKind, NotificationStatus
from .meetings import Meeting
from .requests import InterviewRequest


class Notification(models.Model):
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Empty for emails about an account rather than a request (a mentor's
    # invitation to claim an imported account, an approval decision).
    request = models.ForeignKey(
        InterviewRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # One row per intended email, whatever retries or replays happen.
    idempotency_key = models.CharField(max_length=200, unique=True)
    # Anything the email needs that may change later (the nudge's number…).
    payload = models.JSONField(default=dict, blank=True)
    # Set when a worker claims the row; a claim older than the lease is
    # taken to belong to a worker that died, and the row is claimed again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["meeting", "status"]),
            models.Index(fields=["request", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"


class NotificationPreferences(models.Model):
    """Which optional emails a person gets (all on until they say otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    request_nudges = models.BooleanField(
        "reminders of requests waiting for my answer", default=True
    )
    meeting_reminders = models.BooleanField("a reminder before each meeting", default=True)
    thank_you_reminders = models.BooleanField("reminders to send a thank-you note", default=True)
    outcome_prompts = models.BooleanField("asking whether a meeting happened", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Email preferences of {self.user}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed; a new token revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
