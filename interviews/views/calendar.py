"""Calendar files: one meeting's .ics, and a person's private feed."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..domain import ical
from ..domain.access import get_participant_request
from ..domain.calendar import feed_meetings
from ..models import CalendarFeed, Meeting
from .access import onboarded_required

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@onboarded_required
def meeting_ics(request, request_id: int):
    interview_request, _part = get_participant_request(request.user, request_id)
    meeting = Meeting.objects.filter(request=interview_request).first()
    if meeting is None:
        raise Http404("No meeting yet.")
    response = HttpResponse(ical.meeting_download(meeting, now=timezone.now()), CALENDAR_TYPE)
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


def calendar_feed(request, token: str):
    """No sign-in: calendar apps fetch it by its secret address.

    Only while the person may sign in: a deactivated, deleted or suspended
    account's feed answers 404 like an unknown address (calendar apps then
    keep what they had and report the error; the address says nothing about
    why). Lifting a suspension brings the same address back.
    """
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"),
        token=token,
        user__is_active=True,
        user__deleted_at__isnull=True,
        user__suspended_at__isnull=True,
    )
    content = ical.feed(
        feed_meetings(feed.user, now=timezone.now()),
        name="CareerConnect meetings",
        now=timezone.now(),
    )
    response = HttpResponse(content, CALENDAR_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response
