"""What a person's calendar feed lists."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Q

from ..enums import RequestStatus
from ..models import Meeting
from . import ical

# Recent past meetings stay in the feed, so a calendar does not lose them at once.
FEED_HISTORY_DAYS = 90


def feed_meetings(user, *, now: datetime):
    return (
        Meeting.objects.filter(
            Q(request__student=user) | Q(request__mentor=user),
            request__status__in=(
                RequestStatus.CONFIRMED,
                RequestStatus.HELD,
                RequestStatus.NO_SHOW,
                RequestStatus.CANCELLED,
            ),
            ends_at__gte=now - timedelta(days=FEED_HISTORY_DAYS),
        )
        .select_related("request", "request__student", "request__mentor")
        .order_by("starts_at", "pk")
    )


def add_to_calendar_links(meeting: Meeting) -> dict[str, str]:
    """One-off copies for Google Calendar and Outlook.com (they will not update)."""
    starts, ends = meeting.starts_at.astimezone(UTC), meeting.ends_at.astimezone(UTC)
    title = ical.meeting_summary(meeting)
    details = ical.meeting_description(meeting)
    location = ical.meeting_location(meeting)
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{starts:%Y%m%dT%H%M%SZ}/{ends:%Y%m%dT%H%M%SZ}",
            "details": details,
            "location": location,
        }
    )
    outlook = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": f"{starts:%Y-%m-%dT%H:%M:%SZ}",
            "enddt": f"{ends:%Y-%m-%dT%H:%M:%SZ}",
            "body": details,
            "location": location,
        }
    )
    return {
        "google": f"https://calendar.google.com/calendar/render?{google}",
        "outlook": f"https://outlook.live.com/calendar/0/deeplink/compose?{outlook}",
    }
