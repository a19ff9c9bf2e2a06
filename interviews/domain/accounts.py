"""Leaving CareerConnect: the person goes, the shared history stays anonymized."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from ..enums import DeclineReason, NotificationStatus, RequestStatus
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
from .closing import end_running_requests_of
from .meetings import cancel_meeting
from .outcomes import reported_moved
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


def _end_as_leaving(request, *, user, now) -> None:
    """Cancel an upcoming meeting or close an open request, as the person would.

    The request is locked before its state is read (closing.running_requests_of),
    so an answer the other person gives meanwhile cannot make a step fail half-way.
    """
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
        # Two passes around the lock on the person: no one can send them a
        # request afterwards, and one sent just before is closed too.
        end_running_requests_of(user, how=_end_as_leaving, now=now)
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
