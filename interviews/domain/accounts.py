"""Leaving CareerConnect: the person goes, the shared history stays anonymized."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..enums import RUNNING_STATUSES, DeclineReason, NotificationStatus, RequestStatus
from ..models import (
    CalendarFeed,
    InterviewRequest,
    LearningNote,
    Meeting,
    MentorFeedback,
    MentorProfile,
    Message,
    Notification,
    NotificationPreferences,
    PrepPlan,
    Referral,
    StudentProfile,
    ThankYouNote,
    Transition,
)
from .meetings import cancel_meeting
from .outcomes import reported_moved
from .people import lock_people
from .requests import decline_request, withdraw_request

REMOVED = "(removed: the author deleted their account)"
LEAVING_NOTE = "This person has left CareerConnect."


def _redact_what_they_wrote(user) -> None:
    InterviewRequest.objects.filter(student=user).update(
        about_me="", why_this_mentor="", referrer_name="", found_via_detail=""
    )
    Message.objects.filter(author=user).update(body=REMOVED)
    Transition.objects.filter(actor=user).exclude(note="").update(note=REMOVED)
    Meeting.objects.filter(request__mentor=user).update(video_link="", phone="", location="")
    # Private notes go entirely; what they wrote to others keeps its place, emptied.
    PrepPlan.objects.filter(request__student=user).delete()
    LearningNote.objects.filter(request__student=user).delete()
    ThankYouNote.objects.filter(request__student=user).exclude(body="").update(body=REMOVED)
    Referral.objects.filter(made_by=user).delete()
    MentorFeedback.objects.filter(request__mentor=user).update(note="")


def _running_requests(user):
    """Every request of the person still under way, locked (requests before
    people, in primary-key order, as every transaction locks them)."""
    return list(
        InterviewRequest.objects.select_for_update(of=("self",))
        .filter(Q(student=user) | Q(mentor=user), status__in=RUNNING_STATUSES)
        .select_related("meeting")
        .order_by("pk")
    )


def _end_what_is_running(user, *, now) -> None:
    """Cancel upcoming meetings and close open requests, as the person would.

    Each request is locked before its state is read, so an answer the other
    person gives meanwhile cannot make a step fail half-way.
    """
    for request in _running_requests(user):
        if request.status == RequestStatus.CONFIRMED:
            if request.meeting.ends_at > now or reported_moved(request.meeting):
                cancel_meeting(
                    request_id=request.pk,
                    user=user,
                    reason=LEAVING_NOTE,
                    expected_version=None,
                    now=now,
                )
        elif request.student_id == user.pk:
            withdraw_request(
                request_id=request.pk,
                student=user,
                note=LEAVING_NOTE,
                expected_version=None,
                now=now,
            )
        else:
            decline_request(
                request_id=request.pk,
                mentor=user,
                reason=DeclineReason.OTHER,
                message=LEAVING_NOTE,
                expected_version=None,
                now=now,
            )


def delete_account(*, user, now=None) -> None:
    """Delete the person's profile and private data; keep an anonymous shell.

    The user row stays (so requests and meetings keep both sides and the
    dashboards add up) but holds no name, no address and no password.
    """
    now = now or timezone.now()
    if user.deleted_at is not None:
        return
    with transaction.atomic():
        _redact_what_they_wrote(user)
        _end_what_is_running(user, now=now)
        # From here on no one can send them a request (sending locks both
        # people); a request sent just before is closed by a second pass.
        lock_people(user.pk)
        _end_what_is_running(user, now=now)
        # Nothing more is written to them, and their calendar feed goes.
        Notification.objects.filter(recipient=user, status=NotificationStatus.QUEUED).update(
            status=NotificationStatus.CANCELLED, last_error="The recipient deleted their account."
        )
        CalendarFeed.objects.filter(user=user).delete()
        NotificationPreferences.objects.filter(user=user).delete()
        StudentProfile.objects.filter(user=user).delete()
        MentorProfile.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.deleted_at = now
        user.set_unusable_password()
        # A new (unusable) password changes the session hash, so Django signs
        # the person out of every other browser on their next request.
        user.save()
