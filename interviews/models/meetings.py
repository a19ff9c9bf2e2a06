"""The agreed conversation: one per confirmed request, for its whole life."""

import uuid

from django.db import models

from ..enums import MeetingFormat, MeetingOutcome
from .requests import InterviewRequest


class Meeting(models.Model):
    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="meeting"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=20, choices=MeetingFormat.choices)
    # Where to meet: shown to the student only once the meeting is confirmed.
    location = models.CharField("place", max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    phone = models.CharField("phone number", max_length=40, blank=True)
    # The calendar identity: the UID never changes, the sequence grows with
    # every change the other party must hear about (RFC 5545 SEQUENCE).
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    # What happened, once decided: reported by a participant, or inferred by
    # the system after the grace period when nobody reported (then `inferred`).
    outcome = models.CharField(max_length=20, choices=MeetingOutcome.choices, blank=True)
    outcome_inferred = models.BooleanField(default=False)
    # The two participants' reports disagree: advisors look into it.
    outcome_disputed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            # The dashboards count meetings by when they start (PostgreSQL
            # reads these columns from the index alone).
            models.Index(
                fields=["starts_at"],
                include=["request", "ends_at", "outcome"],
                name="meeting_starts_outcome",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Meeting {self.starts_at:%Y-%m-%d %H:%M} UTC ({self.request})"
