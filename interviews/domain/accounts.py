"""Leaving CareerConnect: the person goes, the shared history stays anonymized."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..enums import OPEN_STATUSES, DeclineReason, RequestStatus
from ..models import InterviewRequest, Meeting, MentorProfile, Message, StudentProfile, Transition
from .meetings import cancel_meeting
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


def _end_what_is_running(user, *, now) -> None:
    """Cancel upcoming meetings and close open requests, as the person would."""
    upcoming = InterviewRequest.objects.filter(
        Q(student=user) | Q(mentor=user),
        status=RequestStatus.CONFIRMED,
        meeting__ends_at__gt=now,
    )
    for request_id in upcoming.values_list("pk", flat=True):
        cancel_meeting(
            request_id=request_id, user=user, reason=LEAVING_NOTE, expected_version=None, now=now
        )
    for request_id in InterviewRequest.objects.filter(
        student=user, status__in=OPEN_STATUSES
    ).values_list("pk", flat=True):
        withdraw_request(
            request_id=request_id, student=user, note=LEAVING_NOTE, expected_version=None, now=now
        )
    for request_id in InterviewRequest.objects.filter(
        mentor=user, status__in=OPEN_STATUSES
    ).values_list("pk", flat=True):
        decline_request(
            request_id=request_id,
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
