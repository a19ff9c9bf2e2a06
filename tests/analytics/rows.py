"""Hand-built rows for the dashboard tests: requests and meetings written
directly with the milestones a test needs, at fixed local times.

The dashboard reads milestones (sent_at, first_response_at, confirmed_at, …)
and statuses; building them by hand lets every test state its data exactly.
One cross-check (test_domain_crosscheck.py) builds a history through the
domain instead, so that these hand-built rows stay what the domain writes.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings

from interviews.domain.analytics.scope import ActivityScope
from interviews.enums import FoundVia, MeetingFormat, MeetingOutcome, RequestStatus, TransitionEvent
from interviews.models import Industry, InterviewRequest, Major, Meeting, Transition
from tests.factories import MentorFactory, StudentFactory


def program_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local(year, month, day, hour=0, minute=0, second=0) -> datetime:
    """A wall-clock time in the program's zone (America/New_York in the suite)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=program_zone())


def scope(first_day: date, last_day: date, **filters) -> ActivityScope:
    return ActivityScope(first_day=first_day, last_day=last_day, **filters)


# March 2026 around the switch to daylight saving time (Sunday March 8, 02:00
# EST becomes 03:00 EDT): the range starts at -05:00 and ends at -04:00.
MARCH = scope(date(2026, 3, 2), date(2026, 3, 15))


def a_major(name: str) -> Major:
    return Major.objects.get(name=name)


def an_industry(name: str) -> Industry:
    return Industry.objects.get(name=name)


def student(first_name: str = "Sam", *, majors=(), class_year=2027, **fields):
    user = StudentFactory(
        first_name=first_name, last_name="Student", profile__class_year=class_year, **fields
    )
    user.student_profile.majors.set([a_major(name) for name in majors])
    return user


def mentor(
    first_name: str = "Mia",
    *,
    employer="Northwind Systems",
    industry="Technology",
    job_title="Software Engineer",
    **fields,
):
    return MentorFactory(
        first_name=first_name,
        last_name="Mentor",
        profile__employer=employer,
        profile__industry=an_industry(industry) if industry else None,
        profile__job_title=job_title,
        **fields,
    )


def request_row(
    student,
    mentor,
    *,
    sent_at: datetime,
    status: str = RequestStatus.PENDING,
    answered_after: timedelta | None = None,
    meeting: tuple[datetime, datetime] | None = None,
    outcome: str = "",
    outcome_inferred: bool = False,
    thanked_at: datetime | None = None,
    **milestones,
) -> InterviewRequest:
    """One request as the domain would leave it in `status`.

    `answered_after` sets first_response_at; the milestone of the status
    (confirmed_at, declined_at, …) is set to the first answer unless given.
    A `meeting` (starts, ends) adds its Meeting row.
    """
    first_response_at = milestones.pop("first_response_at", None)
    if answered_after is not None:
        first_response_at = sent_at + answered_after
    values = {
        "first_response_at": first_response_at,
        "awaiting_since": milestones.pop("awaiting_since", sent_at),
        "thanked_at": thanked_at,
    }
    answered = first_response_at
    if status in (RequestStatus.CONFIRMED, RequestStatus.HELD, RequestStatus.NO_SHOW):
        values["confirmed_at"] = answered
    elif status == RequestStatus.CANCELLED:
        values["confirmed_at"] = answered
        values["cancelled_at"] = meeting[0] - timedelta(days=1) if meeting else answered
    elif status == RequestStatus.DECLINED:
        values["declined_at"] = answered
    elif status == RequestStatus.EXPIRED:
        values["expired_at"] = sent_at + timedelta(days=14)
    elif status == RequestStatus.WITHDRAWN:
        values["withdrawn_at"] = sent_at + timedelta(days=1)
    if status == RequestStatus.HELD and meeting:
        values["held_at"] = meeting[1]
    values.update(milestones)
    request = InterviewRequest.objects.create(
        student=student,
        mentor=mentor,
        status=status,
        about_me="I study and would like to learn about your work.",
        found_via=FoundVia.ALUMNI_DIRECTORY,
        why_this_mentor="Your path is the one I am considering.",
        format=MeetingFormat.VIDEO,
        sent_at=sent_at,
        **values,
    )
    if meeting:
        Meeting.objects.create(
            request=request,
            starts_at=meeting[0],
            ends_at=meeting[1],
            format=MeetingFormat.VIDEO,
            outcome=outcome,
            outcome_inferred=outcome_inferred,
        )
    return request


def half_hour(starts_at: datetime) -> tuple[datetime, datetime]:
    return starts_at, starts_at + timedelta(minutes=30)


def held(student, mentor, *, sent_at, starts_at, thanked_at=None, **extra):
    return request_row(
        student,
        mentor,
        sent_at=sent_at,
        status=RequestStatus.HELD,
        answered_after=extra.pop("answered_after", timedelta(hours=5)),
        meeting=half_hour(starts_at),
        outcome=MeetingOutcome.HELD,
        thanked_at=thanked_at,
        **extra,
    )


def transition(request, event: str, to_status: str, at: datetime, from_status: str = ""):
    return Transition.objects.create(
        request=request,
        event=event,
        from_status=from_status,
        to_status=to_status,
        actor_party="student" if event == TransitionEvent.SENT else "mentor",
        created_at=at,
    )
