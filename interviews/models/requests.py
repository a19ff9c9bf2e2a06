"""An informational-interview request, the times proposed, and its history."""

from django.conf import settings
from django.db import models

from ..enums import (
    OPEN_STATUSES,
    DeclineReason,
    FoundVia,
    MeetingFormat,
    MessageKind,
    Party,
    RequestStatus,
    TransitionEvent,
    topic_labels,
)


class InterviewRequest(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests_sent"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests_received"
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    # Grows with every change; forms carry it so that a stale form (or a
    # replayed request) is refused instead of acting on what changed meanwhile.
    version = models.PositiveIntegerField(default=1)

    # The four parts of a good request.
    about_me = models.TextField(max_length=1500)
    found_via = models.CharField(max_length=20, choices=FoundVia.choices)
    referrer_name = models.CharField(max_length=150, blank=True)
    found_via_detail = models.CharField(max_length=300, blank=True)
    topics = models.JSONField(default=list, blank=True)
    why_this_mentor = models.TextField(max_length=2000)
    format = models.CharField(max_length=20, choices=MeetingFormat.choices)
    duration_minutes = models.PositiveSmallIntegerField(default=30)

    # The proposal round that is waiting for an answer (negotiation or, once
    # confirmed, reschedule). Slots of older rounds are history.
    current_round = models.PositiveSmallIntegerField(default=1)
    # Set while a reschedule of the confirmed meeting awaits the other party.
    reschedule_proposed_by = models.CharField(
        max_length=10, choices=Party.choices, blank=True, default=""
    )
    # Since when the current proposal has been waiting; expiry counts from here.
    awaiting_since = models.DateTimeField()

    decline_reason = models.CharField(
        max_length=20, choices=DeclineReason.choices, blank=True, default=""
    )
    suggested_mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="suggested_in_declines"
    )

    # Milestones, so that dashboards never replay the history.
    sent_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            # One open request per student and mentor, enforced by the database
            # even if two sends race. (An upcoming meeting also blocks a new
            # request; that rule needs the meeting's time, so the domain checks it.)
            models.UniqueConstraint(
                fields=["student", "mentor"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(student=models.F("mentor")),
                name="request_not_to_oneself",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=60),
                name="request_duration_15_to_60",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status", "sent_at"]),
            models.Index(fields=["student", "status", "sent_at"]),
            models.Index(fields=["status", "awaiting_since"]),
            # The advisors' dashboards select requests by when they were sent
            # and count their milestones: on PostgreSQL the milestones ride in
            # the index (INCLUDE), so a year of requests is read from the index
            # alone instead of from the wide rows (texts) of the table.
            models.Index(
                fields=["sent_at"],
                include=[
                    "status",
                    "student",
                    "mentor",
                    "first_response_at",
                    "confirmed_at",
                    "thanked_at",
                    "decline_reason",
                ],
                name="request_sent_milestones",
            ),
            # A mentor's requests of this month (capacity, the directory).
            models.Index(
                fields=["mentor", "sent_at"], include=["status"], name="request_mentor_month"
            ),
            # Active mentors are counted by when they first answered.
            models.Index(
                fields=["first_response_at"], include=["mentor"], name="request_first_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"Request #{self.pk} from {self.student} to {self.mentor}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaiting_party(self) -> str:
        """Whose answer the request waits for ("" when nobody's)."""
        if self.status == RequestStatus.PENDING:
            return Party.MENTOR
        if self.status == RequestStatus.COUNTER_PROPOSED:
            return Party.STUDENT
        if self.status == RequestStatus.CONFIRMED and self.reschedule_proposed_by:
            return Party.MENTOR if self.reschedule_proposed_by == Party.STUDENT else Party.STUDENT
        return ""

    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)


class ProposedSlot(models.Model):
    """One time option, in UTC, proposed by one party in one round."""

    request = models.ForeignKey(InterviewRequest, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    proposed_by = models.CharField(max_length=10, choices=Party.choices)
    round = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["request", "round"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC (round {self.round})"


class Transition(models.Model):
    """One row per change of a request: who, from, to, when, and a note."""

    request = models.ForeignKey(
        InterviewRequest, on_delete=models.CASCADE, related_name="transitions"
    )
    event = models.CharField(max_length=24, choices=TransitionEvent.choices)
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_party = models.CharField(max_length=10, choices=Party.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.from_status or '-'} → {self.to_status})"


class Message(models.Model):
    """The written thread of a request: notes, reasons. Always shown escaped."""

    request = models.ForeignKey(InterviewRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_party = models.CharField(max_length=10, choices=Party.choices)
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.NOTE)
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on request #{self.request_id}"
