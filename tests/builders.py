"""Requests in every state, made through the domain's transition functions.

Each builder takes `now` (the moment the action happens) so tests can stage a
history; times default to a few days after `now` at 15:00 UTC.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.enums import DeclineReason, FoundVia, MeetingFormat, Topic
from interviews.models import InterviewRequest


def at_15_utc(day: datetime) -> datetime:
    return day.astimezone(UTC).replace(hour=15, minute=0, second=0, microsecond=0)


def default_starts(now: datetime, count: int = 3) -> list[datetime]:
    first = at_15_utc(now + timedelta(days=3))
    return [first + timedelta(days=offset) for offset in range(count)]


def draft(**overrides) -> request_rules.RequestDraft:
    values = {
        "about_me": "I study computer science and graduate in 2027.",
        "found_via": FoundVia.ALUMNI_DIRECTORY,
        "topics": [Topic.CAREER_PATH],
        "why_this_mentor": "Your move from physics into software is the path I am considering.",
        "format": MeetingFormat.VIDEO,
        "duration_minutes": 30,
    }
    values.update(overrides)
    return request_rules.RequestDraft(**values)


def send(student, mentor, *, now=None, starts=None, **draft_overrides) -> InterviewRequest:
    now = now or timezone.now()
    return request_rules.send_request(
        student=student,
        mentor=mentor,
        draft=draft(**draft_overrides),
        slot_starts=starts or default_starts(now),
        now=now,
    )


def first_slot(request: InterviewRequest):
    return request.slots.filter(round=request.current_round).order_by("starts_at").first()


def confirm(student, mentor, *, now=None, starts=None, **draft_overrides) -> InterviewRequest:
    now = now or timezone.now()
    request = send(student, mentor, now=now, starts=starts, **draft_overrides)
    request_rules.accept_slot(
        request_id=request.pk,
        user=mentor,
        slot_id=first_slot(request).pk,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


def counter(request: InterviewRequest, *, now=None, starts=None) -> InterviewRequest:
    now = now or timezone.now()
    request_rules.counter_propose(
        request_id=request.pk,
        mentor=request.mentor,
        slot_starts=starts or [at_15_utc(now + timedelta(days=10))],
        note="Could one of these work?",
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


def decline(request: InterviewRequest, *, now=None) -> InterviewRequest:
    request_rules.decline_request(
        request_id=request.pk,
        mentor=request.mentor,
        reason=DeclineReason.TOO_BUSY,
        message="Sorry, a busy month.",
        expected_version=request.version,
        now=now or timezone.now(),
    )
    request.refresh_from_db()
    return request


def withdraw(request: InterviewRequest, *, now=None) -> InterviewRequest:
    request_rules.withdraw_request(
        request_id=request.pk,
        student=request.student,
        expected_version=request.version,
        now=now or timezone.now(),
    )
    request.refresh_from_db()
    return request


def cancel(request: InterviewRequest, *, by=None, now=None) -> InterviewRequest:
    meeting_rules.cancel_meeting(
        request_id=request.pk,
        user=by or request.student,
        reason="Something came up.",
        expected_version=request.version,
        now=now or timezone.now(),
    )
    request.refresh_from_db()
    return request


def propose_reschedule(request: InterviewRequest, *, by=None, now=None, starts=None):
    now = now or timezone.now()
    meeting_rules.propose_reschedule(
        request_id=request.pk,
        user=by or request.student,
        slot_starts=starts or [at_15_utc(now + timedelta(days=12))],
        note="Could we move it?",
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request
