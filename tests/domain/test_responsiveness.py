"""\"Usually replies within N days\": the mentor's median time to a first answer."""

from datetime import timedelta

import pytest

from interviews.domain import requests as request_rules
from interviews.domain.directory import responsiveness_days
from interviews.enums import DeclineReason
from interviews.models import MentorProfile
from tests import builders
from tests.domain.support import NOW, day, slot_of
from tests.factories import StudentFactory


def profile_of(mentor) -> MentorProfile:
    return MentorProfile.objects.get(user=mentor)


def answer_after(mentor, hours: float, how: str, *, sent_at=NOW):
    """A new student's request to `mentor`, answered `hours` after it was sent."""
    starts = [sent_at + timedelta(days=20), sent_at + timedelta(days=21)]
    request = builders.send(StudentFactory(), mentor, now=sent_at, starts=starts)
    answered_at = sent_at + timedelta(hours=hours)
    if how == "accept":
        request_rules.accept_slot(
            request_id=request.pk,
            user=mentor,
            slot_id=slot_of(request, 1).pk,
            expected_version=request.version,
            now=answered_at,
        )
    elif how == "counter":
        builders.counter(request, now=answered_at, starts=[sent_at + timedelta(days=25)])
    else:
        request_rules.decline_request(
            request_id=request.pk,
            mentor=mentor,
            reason=DeclineReason.TOO_BUSY,
            expected_version=request.version,
            now=answered_at,
        )
    request.refresh_from_db()
    return request


def test_a_new_mentor_has_no_responsiveness(mentor):
    profile = profile_of(mentor)

    assert (profile.median_response_hours, profile.answered_request_count) == (None, 0)
    assert responsiveness_days(profile) is None


def test_every_kind_of_first_answer_updates_the_median(mentor):
    answer_after(mentor, 10, "counter")
    answer_after(mentor, 50, "decline")
    answer_after(mentor, 30, "accept")

    profile = profile_of(mentor)
    assert (profile.median_response_hours, profile.answered_request_count) == (30.0, 3)
    assert responsiveness_days(profile) == 2


def test_the_median_of_an_even_number_of_answers_is_the_middle_average(mentor):
    for hours in (10, 20, 30, 40):
        answer_after(mentor, hours, "decline")

    assert profile_of(mentor).median_response_hours == 25.0


def test_only_the_first_answer_to_a_request_counts(mentor):
    request = answer_after(mentor, 10, "counter")
    request_rules.propose_again(
        request_id=request.pk,
        student=request.student,
        slot_starts=[day(30)],
        expected_version=request.version,
        now=NOW + timedelta(hours=20),
    )
    request.refresh_from_db()
    request_rules.accept_slot(
        request_id=request.pk,
        user=mentor,
        slot_id=slot_of(request, 3).pk,
        expected_version=request.version,
        now=NOW + timedelta(hours=100),
    )

    request.refresh_from_db()
    profile = profile_of(mentor)
    assert request.first_response_at == NOW + timedelta(hours=10)
    assert (profile.median_response_hours, profile.answered_request_count) == (10.0, 1)


def test_a_students_answer_is_not_the_mentors_response(mentor):
    request = answer_after(mentor, 10, "counter")
    request_rules.accept_slot(
        request_id=request.pk,
        user=request.student,
        slot_id=slot_of(request, 2).pk,
        expected_version=request.version,
        now=NOW + timedelta(hours=90),
    )

    profile = profile_of(mentor)
    assert (profile.median_response_hours, profile.answered_request_count) == (10.0, 1)


def test_a_withdrawn_request_is_not_an_answer(mentor):
    builders.withdraw(builders.send(StudentFactory(), mentor, now=NOW), now=NOW)

    assert profile_of(mentor).answered_request_count == 0


def test_the_median_looks_at_the_twenty_latest_answers(mentor):
    MentorProfile.objects.filter(user=mentor).update(monthly_capacity=30)
    answer_after(mentor, 1000, "decline", sent_at=NOW - timedelta(days=50))
    for _ in range(20):
        answer_after(mentor, 2, "decline")

    profile = profile_of(mentor)
    assert (profile.median_response_hours, profile.answered_request_count) == (2.0, 21)


@pytest.mark.parametrize(
    ("answers", "median_hours", "days"),
    [
        (2, 5.0, None),
        (3, None, None),
        (3, 0.0, 1),
        (3, 0.5, 1),
        (3, 24.0, 1),
        (3, 24.5, 2),
        (3, 25.0, 2),
        (3, 48.0, 2),
        (3, 49.0, 3),
        (40, 100.0, 5),
    ],
)
def test_responsiveness_rounds_up_to_whole_days_from_three_answers(answers, median_hours, days):
    profile = MentorProfile(answered_request_count=answers, median_response_hours=median_hours)

    assert responsiveness_days(profile) == days
