"""What each notification says: its template and the context it is rendered with.

Composed when the email is sent, from the request and meeting as they are
then, so that an email never describes a state that has since changed.

Context every template gets:
  kind                       the NotificationKind
  recipient, other           the two people (User); `other` is the other party
  recipient_is_student       bool
  request                    the InterviewRequest
  meeting                    the Meeting or None
  request_url                absolute link to the request/meeting page
  preferences_url            absolute link to the email settings
  site_url                   settings.SITE_URL
  when, when_other           the meeting's start for the recipient, and for the
                             other person ("" when they share a zone)
  zone, zone_other           the two people's time-zone names
  times                      the times on offer (the current round): dicts with
                             mine, theirs and accept_url (a signed one-click link
                             in the mentor's new-request, new-times and nudge
                             emails, else "")
  unsubscribe_url            for reminders and nudges only, else ""
  payload                    the notification's payload (nudge number…)
  note                       the words written with the change this email is
                             about ("" if none): the decline, withdrawal or
                             cancellation reason, or the other person's note
                             with the times they proposed or with their answer
  expiry_days                unanswered requests expire after this many days
  directory_url              absolute link to the mentor directory
  employer                   the mentor's employer ("" if none)
Kind-specific:
  suggestions, similar       declined and expired: the mentors the declining
                             mentor suggested, and similar mentors (not repeating
                             them): MentorProfile lists, each with .directory_url
  waiting_days               request nudge: whole days the request has waited
  times_passed               expired: every time on offer had passed
  waited_for_student         expired: the student, not the mentor, did not answer
  cancelled_by               cancelled: the User who cancelled (None if unknown)
  cancelled_by_recipient     cancelled: whether that is the recipient
  cancelled_by_system        cancelled: CareerConnect called it off (the conversation
                             can no longer take place through CareerConnect)
  change_summary             details changed: what changed ("Changed: place.")
  thank_you                  thank-you received / copy: the ThankYouNote
  referral                   referral met: the Referral (None if it is gone);
                             request_url then links the meeting the referral came
                             from: the referring mentor has no part in the new one
Meeting reminder, the preparation (see interviews/domain/prep.py):
  prep_url                   student: absolute link to their preparation page;
                             mentor: ""
  checklist_todo             student: the advice of each checklist item not ticked
                             yet, in the checklist's order; mentor: []
  checklist_done             student: how many items are ticked; mentor: 0
  checklist_total            how many items the checklist has
  flexibility                student: the "be flexible" advice; mentor: ""
  shared_questions           mentor: the texts of the questions the student shares
                             with them, in the student's order ([] if not shared);
                             student: []
"""

from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr

from django.conf import settings
from django.urls import reverse

from careerconnect.emails import CalendarInvite, header_text

from ..enums import (
    MEETING_STATUSES,
    OPTIONAL_EMAIL_OF_KIND,
    MessageKind,
    NotificationKind,
    Party,
    RequestStatus,
    TransitionEvent,
)
from ..models import MentorProfile, Message, Notification, Referral, ThankYouNote
from . import ical, prep
from .directory import similar_mentors
from .links import absolute, accept_url, unsubscribe_url
from .program import get_program_settings
from .timefmt import format_for_both

K = NotificationKind
INVITE_METHODS = {
    K.MEETING_CONFIRMED: ical.REQUEST,
    K.MEETING_RESCHEDULED: ical.REQUEST,
    K.MEETING_DETAILS_CHANGED: ical.REQUEST,
    K.MEETING_CANCELLED: ical.CANCEL,
}
# Where the meeting is agreed, people may write to each other directly.
REPLY_TO_OTHER_KINDS = (
    K.MEETING_CONFIRMED,
    K.MEETING_RESCHEDULED,
    K.MEETING_DETAILS_CHANGED,
    K.MEETING_REMINDER,
    # The mentor answers the student's thank-you note straight from their mail.
    K.THANK_YOU_RECEIVED,
)
# Emails about a change that comes with a reason of its own.
REASON_OF_KIND = {
    K.REQUEST_DECLINED: MessageKind.DECLINE_REASON,
    K.REQUEST_WITHDRAWN: MessageKind.WITHDRAW_REASON,
    K.MEETING_CANCELLED: MessageKind.CANCEL_REASON,
}
# Emails about times the other person proposed (or answered): their note
# written since the current round began goes with them.
ROUND_NOTE_KINDS = (
    K.NEW_TIMES_FROM_STUDENT,
    K.REQUEST_NUDGE,
    K.COUNTER_PROPOSAL,
    K.RESCHEDULE_PROPOSED,
    K.RESCHEDULE_DECLINED,
)


@dataclass
class Composition:
    template: str
    context: dict
    invite: CalendarInvite | None
    headers: dict[str, str]


def template_name(kind: str) -> str:
    return kind.replace("_", "-")


def _times_on_offer(notification: Notification, recipient, other) -> list[dict]:
    request = notification.request
    with_links = notification.kind in (K.NEW_REQUEST, K.NEW_TIMES_FROM_STUDENT, K.REQUEST_NUDGE)
    times = []
    for slot in request.slots.filter(round=request.current_round).order_by("starts_at"):
        mine, theirs = format_for_both(slot.starts_at, recipient, other)
        times.append(
            {
                "mine": mine,
                "theirs": theirs,
                "accept_url": accept_url(
                    request_id=request.pk, slot_id=slot.pk, version=request.version
                )
                if with_links
                else "",
            }
        )
    return times


def _note(notification: Notification, *, other_party: Party) -> str:
    """The words written with the change this email is about ("" if none)."""
    request = notification.request
    messages = Message.objects.filter(request=request)
    if notification.kind in REASON_OF_KIND:
        messages = messages.filter(kind=REASON_OF_KIND[notification.kind])
    elif notification.kind in ROUND_NOTE_KINDS:
        # An older round's note would answer a question nobody asks any more.
        messages = messages.filter(
            kind=MessageKind.NOTE,
            author_party=other_party,
            created_at__gte=request.awaiting_since,
        )
    else:
        return ""
    message = messages.order_by("-created_at", "-pk").first()
    return message.body if message else ""


def _latest_transition(request, event: TransitionEvent):
    return (
        request.transitions.filter(event=event)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def _with_directory_links(profiles) -> list[MentorProfile]:
    for profile in profiles:
        profile.directory_url = absolute(reverse("mentor_detail", args=[profile.user_id]))
    return profiles


# --- Thank-you notes and referrals -------------------------------------------


def _thanks_and_referral_context(notification: Notification) -> dict:
    """THANK_YOU_RECEIVED / THANK_YOU_COPY: the note; REFERRAL_MET: the referral,
    with request_url pointing to the meeting it came from (see the module doc)."""

    kind = notification.kind
    if kind in (K.THANK_YOU_RECEIVED, K.THANK_YOU_COPY):
        return {"thank_you": ThankYouNote.objects.filter(request=notification.request).first()}
    if kind != K.REFERRAL_MET:
        return {}
    referral = (
        Referral.objects.select_related("request__student", "request__mentor", "to_mentor")
        .filter(pk=(notification.payload or {}).get("referral"))
        .first()
    )
    origin = reverse("request_detail", args=[referral.request_id]) if referral else reverse("home")
    return {"referral": referral, "request_url": absolute(origin)}


# --- The preparation, in the meeting reminder --------------------------------


def _preparation_context(
    notification: Notification, *, recipient_is_student: bool, employer: str
) -> dict:
    """MEETING_REMINDER: the student's unticked checklist, or the questions the
    student shares with the mentor (see the module doc). Nothing else of the
    preparation (notes, checklist) ever reaches the mentor."""
    if notification.kind != K.MEETING_REMINDER or notification.meeting is None:
        return {}
    request = notification.request
    context = {
        "prep_url": "",
        "checklist_todo": [],
        "checklist_done": 0,
        "checklist_total": len(prep.CHECKLIST_LABELS),
        "flexibility": "",
        "shared_questions": [],
    }
    if not recipient_is_student:
        context["shared_questions"] = [q.text for q in prep.shared_questions(request)]
        return context
    plan = prep.existing_plan(request)
    items = prep.checklist(
        plan, request=request, meeting_format=notification.meeting.format, employer=employer
    )
    context.update(
        prep_url=absolute(reverse("prep_workspace", args=[request.pk])),
        checklist_todo=[item.advice for item in items if not item.done],
        checklist_done=sum(item.done for item in items),
        flexibility=prep.flexibility_advice(request),
    )
    return context


def _kind_context(notification: Notification, recipient, *, now: datetime) -> dict:
    request = notification.request
    kind = notification.kind
    context: dict = {}
    if kind in (K.REQUEST_DECLINED, K.REQUEST_EXPIRED):
        suggestions = list(
            MentorProfile.objects.filter(user__in=request.suggested_mentors.all())
            .select_related("user", "industry")
            .order_by("user__last_name", "pk")
        )
        profile = MentorProfile.objects.filter(user=request.mentor).first()
        suggested = {suggestion.pk for suggestion in suggestions}
        similar = similar_mentors(profile, now=now) if profile else []
        context["suggestions"] = _with_directory_links(suggestions)
        context["similar"] = _with_directory_links([p for p in similar if p.pk not in suggested])
    if kind == K.REQUEST_NUDGE:
        context["waiting_days"] = max(0, (now - request.awaiting_since).days)
    if kind == K.REQUEST_EXPIRED:
        expired = _latest_transition(request, TransitionEvent.EXPIRED)
        ended = request.expired_at or now
        context["times_passed"] = not request.slots.filter(
            round=request.current_round, starts_at__gt=ended
        ).exists()
        context["waited_for_student"] = (
            expired is not None and expired.from_status == RequestStatus.COUNTER_PROPOSED
        )
    if kind == K.MEETING_CANCELLED:
        cancelled = _latest_transition(request, TransitionEvent.CANCELLED)
        by = cancelled.actor if cancelled else None
        context["cancelled_by"] = by
        context["cancelled_by_recipient"] = by is not None and by.pk == recipient.pk
        # Called off by CareerConnect (a person was suspended): said without why.
        context["cancelled_by_system"] = cancelled is not None and cancelled.actor_party == (
            Party.SYSTEM
        )
    if kind == K.MEETING_DETAILS_CHANGED:
        changed = _latest_transition(request, TransitionEvent.DETAILS_CHANGED)
        context["change_summary"] = changed.note if changed else ""
    context.update(_thanks_and_referral_context(notification))
    return context


def compose(notification: Notification, *, now: datetime) -> Composition:
    if notification.request_id is None:
        # About an account, not a request (interviews/domain/account_emails.py).
        from .account_emails import compose_account

        return compose_account(notification, now=now)
    request = notification.request
    recipient = notification.recipient
    recipient_is_student = recipient.pk == request.student_id
    other = request.mentor if recipient_is_student else request.student
    meeting = notification.meeting
    when, when_other = ("", "")
    if meeting is not None:
        when, when_other = format_for_both(meeting.starts_at, recipient, other)
    optional = OPTIONAL_EMAIL_OF_KIND.get(notification.kind)
    mentor_profile = MentorProfile.objects.filter(user_id=request.mentor_id).first()
    context = {
        "kind": notification.kind,
        "recipient": recipient,
        "other": other,
        "recipient_is_student": recipient_is_student,
        "request": request,
        "meeting": meeting,
        "request_url": absolute(reverse("request_detail", args=[request.pk])),
        "preferences_url": absolute(reverse("email_settings")),
        "directory_url": absolute(reverse("mentor_directory")),
        "site_url": settings.SITE_URL,
        "when": when,
        "when_other": when_other,
        "zone": recipient.time_zone,
        "zone_other": other.time_zone,
        "times": _times_on_offer(notification, recipient, other),
        "unsubscribe_url": unsubscribe_url(user_id=recipient.pk, optional_email=optional)
        if optional
        else "",
        "payload": notification.payload,
        "note": _note(
            notification, other_party=Party.MENTOR if recipient_is_student else Party.STUDENT
        ),
        "expiry_days": get_program_settings().request_expiry_days,
        "employer": mentor_profile.employer if mentor_profile else "",
        **_kind_context(notification, recipient, now=now),
        **_preparation_context(
            notification,
            recipient_is_student=recipient_is_student,
            employer=mentor_profile.employer if mentor_profile else "",
        ),
    }

    headers = {}
    if optional:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if notification.kind in REPLY_TO_OTHER_KINDS and request.status in MEETING_STATUSES:
        headers["Reply-To"] = formataddr((header_text(other.display_name), other.email))

    invite = None
    method = INVITE_METHODS.get(notification.kind)
    if method is not None and meeting is not None:
        invite = CalendarInvite(ical.meeting_invite(meeting, method=method, now=now), method)
    return Composition(
        template=template_name(notification.kind),
        context=context,
        invite=invite,
        headers=headers,
    )
