"""One rule says which mentors students may see and ask (interviews/domain/listing.py):
sending a request and a decline's suggestions follow the directory, imported alumni
who have not claimed their account included."""

from datetime import UTC, datetime

import pytest
import time_machine

from interviews.domain.errors import LimitReached
from interviews.domain.listing import listed_mentors
from interviews.domain.requests import decline_request
from interviews.enums import DeclineReason
from interviews.models import InterviewRequest, MentorProfile
from tests import builders
from tests.factories import MentorFactory

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def invited_not_claimed(**fields):
    """An alumnus an advisor imported (approved, invited) who has not claimed the account."""
    mentor = MentorFactory(**fields)
    MentorProfile.objects.filter(user=mentor).update(invited_at=NOW, claimed_at=None)
    return mentor


def test_an_unclaimed_imported_mentor_cannot_be_requested(student):
    unclaimed = invited_not_claimed(first_name="Ivy", last_name="Invited")

    with pytest.raises(LimitReached) as refused:
        builders.send(student, unclaimed, now=NOW)

    assert refused.value.message == "Ivy Invited is not taking requests through CareerConnect."
    assert InterviewRequest.objects.count() == 0


def test_a_claimed_imported_mentor_can_be_requested(student):
    claimed = invited_not_claimed()
    MentorProfile.objects.filter(user=claimed).update(claimed_at=NOW)

    request = builders.send(student, claimed, now=NOW)

    assert request.mentor_id == claimed.pk


def test_an_unclaimed_imported_mentor_is_not_kept_as_a_decline_suggestion(student, mentor):
    unclaimed = invited_not_claimed()
    colleague = MentorFactory()
    request = builders.send(student, mentor, now=NOW)

    decline_request(
        request_id=request.pk,
        mentor=mentor,
        reason=DeclineReason.NOT_MY_AREA,
        suggested_mentor_ids=[unclaimed.pk, colleague.pk],
        expected_version=request.version,
        now=NOW,
    )

    assert list(request.suggested_mentors.values_list("pk", flat=True)) == [colleague.pk]


def test_the_directory_hides_the_unclaimed_imported_mentor_too(mentor):
    invited_not_claimed()

    assert list(listed_mentors().values_list("user_id", flat=True)) == [mentor.pk]
