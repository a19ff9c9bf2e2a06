"""Which emails each transition sends, and when: one function per transition.

Every function here runs inside the transition's transaction, so the emails
exist if and only if the change does. Offsets come from ProgramSettings.
What an email says is decided when it is sent (interviews/domain/delivery.py),
so a row only records what to send, to whom and when.
"""

from datetime import datetime, timedelta

from ..enums import (
    INVITE_KINDS,
    ModerationActionKind,
    NotificationKind,
    NotificationStatus,
    Party,
)
from ..models import InterviewRequest, Meeting, Notification
from .outbox import queue, supersede
from .program import get_program_settings

K = NotificationKind
# Emails about an open request that stop making sense once it is answered.
WHILE_OPEN = (K.NEW_REQUEST, K.REQUEST_NUDGE, K.NEW_TIMES_FROM_STUDENT, K.COUNTER_PROPOSAL)
# Everything planned around a meeting's time.
MEETING_TIMELINE = (
    K.MEETING_REMINDER,
    K.OUTCOME_PROMPT,
    K.THANK_YOU_REMINDER,
    K.THANK_YOU_NUDGE,
)
THANK_YOU_REMINDERS = (K.THANK_YOU_REMINDER, K.THANK_YOU_NUDGE)


def _now_key(kind, request: InterviewRequest, recipient, suffix: str = "") -> str:
    """One email per kind, request, recipient and version of the request."""
    return f"{kind}:r{request.pk}:v{request.version}:u{recipient.pk}{suffix}"


def _queue_now(kind, request, recipient, *, now, meeting=None, payload=None):
    queue(
        kind=kind,
        recipient=recipient,
        request=request,
        meeting=meeting,
        due_at=now,
        key=_now_key(kind, request, recipient),
        payload=payload,
        now=now,
    )


def _plan_nudges(request: InterviewRequest, *, now: datetime) -> None:
    """Remind the mentor of a request waiting for them (nudges are per round)."""
    program = get_program_settings()
    for number, days in enumerate((program.first_nudge_days, program.second_nudge_days), 1):
        if not days:
            continue
        queue(
            kind=K.REQUEST_NUDGE,
            recipient=request.mentor,
            request=request,
            due_at=request.awaiting_since + timedelta(days=days),
            key=f"{K.REQUEST_NUDGE}:r{request.pk}:round{request.current_round}:{number}",
            payload={"round": request.current_round, "number": number},
            now=now,
        )


def _plan_meeting_timeline(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    """Reminder before, thank-you reminders after, for the meeting as it now stands."""
    program = get_program_settings()
    planned = {"starts_at": meeting.starts_at.isoformat(), "sequence": meeting.sequence}
    reminder_at = meeting.starts_at - timedelta(hours=program.reminder_hours_before)
    # A meeting agreed at short notice gets no reminder: the confirmation is one.
    if reminder_at > now:
        for person in (request.student, request.mentor):
            queue(
                kind=K.MEETING_REMINDER,
                recipient=person,
                request=request,
                meeting=meeting,
                due_at=reminder_at,
                key=f"{K.MEETING_REMINDER}:m{meeting.pk}:s{meeting.sequence}:u{person.pk}",
                payload=planned,
                now=now,
            )
    # "Did it happen?", to both, once it is over.
    for person in (request.student, request.mentor):
        queue(
            kind=K.OUTCOME_PROMPT,
            recipient=person,
            request=request,
            meeting=meeting,
            due_at=meeting.ends_at,
            key=f"{K.OUTCOME_PROMPT}:m{meeting.pk}:s{meeting.sequence}:u{person.pk}",
            payload=planned,
            now=now,
        )
    for kind, hours in (
        (K.THANK_YOU_REMINDER, program.thank_you_reminder_hours_after),
        (K.THANK_YOU_NUDGE, program.thank_you_nudge_hours_after),
    ):
        queue(
            kind=kind,
            recipient=request.student,
            request=request,
            meeting=meeting,
            due_at=meeting.ends_at + timedelta(hours=hours),
            key=f"{kind}:m{meeting.pk}:s{meeting.sequence}:u{request.student_id}",
            payload=planned,
            now=now,
        )


def _send_invites(kind, request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    """The calendar update for both people; an older one still queued is dropped."""
    supersede(request=request, kinds=INVITE_KINDS)
    for person in (request.student, request.mentor):
        queue(
            kind=kind,
            recipient=person,
            request=request,
            meeting=meeting,
            due_at=now,
            key=f"{kind}:m{meeting.pk}:s{meeting.sequence}:u{person.pk}",
            payload={"sequence": meeting.sequence},
            now=now,
        )


def _round(request: InterviewRequest) -> dict:
    """For emails about the times on offer: stale once a later round exists."""
    return {"round": request.current_round}


def request_sent(request: InterviewRequest, *, now: datetime) -> None:
    _queue_now(K.NEW_REQUEST, request, request.mentor, now=now, payload=_round(request))
    _plan_nudges(request, now=now)


def counter_proposed(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=WHILE_OPEN)
    _queue_now(K.COUNTER_PROPOSAL, request, request.student, now=now, payload=_round(request))


def student_proposed(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=WHILE_OPEN)
    _queue_now(K.NEW_TIMES_FROM_STUDENT, request, request.mentor, now=now, payload=_round(request))
    _plan_nudges(request, now=now)


def accepted(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    supersede(request=request, kinds=WHILE_OPEN)
    _send_invites(K.MEETING_CONFIRMED, request, meeting, now=now)
    _plan_meeting_timeline(request, meeting, now=now)


def declined(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=WHILE_OPEN)
    _queue_now(K.REQUEST_DECLINED, request, request.student, now=now)


def declined_unavailable(request: InterviewRequest, *, recipient, now: datetime) -> None:
    """Ended by the system (a person was suspended): only the other one hears of it."""
    supersede(request=request, kinds=WHILE_OPEN)
    _queue_now(K.REQUEST_DECLINED, request, recipient, now=now)


def withdrawn(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=WHILE_OPEN)
    _queue_now(K.REQUEST_WITHDRAWN, request, request.mentor, now=now)


def expired(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=WHILE_OPEN)
    _queue_now(K.REQUEST_EXPIRED, request, request.student, now=now)


def meeting_cancelled(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    """Both calendars drop the event; nothing planned for the meeting goes out."""
    supersede(request=request, kinds=(*MEETING_TIMELINE, K.RESCHEDULE_PROPOSED))
    _send_invites(K.MEETING_CANCELLED, request, meeting, now=now)


def reschedule_proposed(request: InterviewRequest, *, proposer: Party, now: datetime) -> None:
    other = request.mentor if proposer == Party.STUDENT else request.student
    _queue_now(K.RESCHEDULE_PROPOSED, request, other, now=now, meeting=request.meeting)


def reschedule_declined(request: InterviewRequest, *, proposer: Party, now: datetime) -> None:
    """The person who asked to move the meeting learns that it stays."""
    asker = request.student if proposer == Party.STUDENT else request.mentor
    supersede(request=request, kinds=(K.RESCHEDULE_PROPOSED,))
    _queue_now(K.RESCHEDULE_DECLINED, request, asker, now=now, meeting=request.meeting)


def reschedule_withdrawn(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=(K.RESCHEDULE_PROPOSED,))


def meeting_rescheduled(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    supersede(request=request, kinds=(*MEETING_TIMELINE, K.RESCHEDULE_PROPOSED))
    _send_invites(K.MEETING_RESCHEDULED, request, meeting, now=now)
    _plan_meeting_timeline(request, meeting, now=now)


def meeting_details_changed(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    _send_invites(K.MEETING_DETAILS_CHANGED, request, meeting, now=now)


def meeting_held(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    """Settled: nobody needs to be asked any more whether it happened, and the
    thank-you reminders stand (planned again if a "moved" answer dropped them)."""
    supersede(request=request, kinds=(K.OUTCOME_PROMPT, K.RESCHEDULE_PROPOSED))
    pending = Notification.objects.filter(
        request=request, kind__in=THANK_YOU_REMINDERS, status=NotificationStatus.QUEUED
    )
    if request.thanked_at is None and not pending.exists():
        program = get_program_settings()
        planned = {"starts_at": meeting.starts_at.isoformat(), "sequence": meeting.sequence}
        for kind, hours in (
            (K.THANK_YOU_REMINDER, program.thank_you_reminder_hours_after),
            (K.THANK_YOU_NUDGE, program.thank_you_nudge_hours_after),
        ):
            due = max(now, meeting.ends_at + timedelta(hours=hours))
            queue(
                kind=kind,
                recipient=request.student,
                request=request,
                meeting=meeting,
                due_at=due,
                key=f"{kind}:m{meeting.pk}:s{meeting.sequence}:u{request.student_id}:held",
                payload=planned,
                now=now,
            )


def meeting_missed(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    """A no-show: no thank-you reminders, no more questions."""
    supersede(
        request=request, kinds=(K.OUTCOME_PROMPT, K.RESCHEDULE_PROPOSED, *THANK_YOU_REMINDERS)
    )


def no_show_reported(request: InterviewRequest, *, now: datetime) -> None:
    """A no-show reported against a decision already made: the reminders stop."""
    supersede(request=request, kinds=THANK_YOU_REMINDERS)


def meeting_reported_moved(request: InterviewRequest, meeting: Meeting, *, now: datetime) -> None:
    """Someone said the meeting was moved: no thank-you reminders for it. A new
    time, once agreed, plans its own (meeting_rescheduled)."""
    supersede(request=request, kinds=THANK_YOU_REMINDERS)


def thank_you_sent(request: InterviewRequest, *, now: datetime) -> None:
    """The note goes to the mentor, a copy to the student; reminders stop."""
    supersede(request=request, kinds=THANK_YOU_REMINDERS)
    _queue_now(K.THANK_YOU_RECEIVED, request, request.mentor, now=now, meeting=request.meeting)
    _queue_now(K.THANK_YOU_COPY, request, request.student, now=now, meeting=request.meeting)


def thanked_another_way(request: InterviewRequest, *, now: datetime) -> None:
    supersede(request=request, kinds=THANK_YOU_REMINDERS)


def referral_became_meeting(referral, *, now: datetime) -> None:
    """Tell the mentor who suggested the person that it led to a meeting
    (whoever wrote the referral down: often the student, from memory)."""
    referring_mentor = referral.request.mentor
    if referring_mentor.deleted_at is not None:
        return
    met = referral.resulting_request
    queue(
        kind=K.REFERRAL_MET,
        recipient=referring_mentor,
        request=met,
        meeting=met.meeting,
        due_at=now,
        key=f"{K.REFERRAL_MET}:referral{referral.pk}",
        payload={"referral": referral.pk},
        now=now,
    )


# --- The career center's decisions about a mentor's account (no request) -------


def mentor_decided(action, *, now: datetime) -> None:
    """The mentor hears of an advisor's approval or rejection (the reason with it)."""
    kind = (
        K.MENTOR_APPROVED
        if action.kind == ModerationActionKind.APPROVE_MENTOR
        else K.MENTOR_REJECTED
    )
    queue(
        kind=kind,
        recipient=action.subject,
        request=None,
        due_at=now,
        key=f"{kind}:action{action.pk}:u{action.subject_id}",
        payload={"reason": action.reason} if kind == K.MENTOR_REJECTED else {},
        now=now,
    )
