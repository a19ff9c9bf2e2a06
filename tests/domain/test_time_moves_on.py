"""What changes as time passes: past meetings, overdue requests, lapsed proposals."""

from datetime import timedelta

import pytest
from django.test import override_settings

from careerconnect.models import User
from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.domain.dashboards import needs_action
from interviews.domain.errors import LimitReached, NotAllowed
from interviews.domain.profiles import approve_mentor, save_mentor_profile
from interviews.enums import ApprovalState, Party, RequestStatus, TransitionEvent
from interviews.models import MentorProfile
from tests import builders
from tests.domain.support import NOW, day, set_program, state_of
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory


def test_a_student_can_ask_the_same_mentor_again_after_their_meeting(student, mentor):
    first = builders.confirm(student, mentor, now=NOW, starts=[day(3), day(4)])
    after_the_meeting = first.meeting.ends_at + timedelta(days=30)

    second = builders.send(
        student,
        mentor,
        now=after_the_meeting,
        starts=[after_the_meeting + timedelta(days=3), after_the_meeting + timedelta(days=4)],
    )

    assert (second.status, second.mentor_id) == (RequestStatus.PENDING, mentor.pk)


def test_an_upcoming_meeting_still_blocks_a_second_request_to_that_mentor(student, mentor):
    builders.confirm(student, mentor, now=NOW, starts=[day(10), day(11)])

    with pytest.raises(LimitReached) as refusal:
        builders.send(student, mentor, now=NOW, starts=[day(3), day(4)])

    assert refusal.value.message == (
        "You already have an open request or a meeting with Maria Mentor."
    )


def test_accepting_a_request_past_its_expiry_age_is_refused(student, mentor):
    set_program(request_expiry_days=14)
    request = builders.send(student, mentor, now=NOW, starts=[day(30), day(31)])
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        request_rules.accept_slot(
            request_id=request.pk,
            user=mentor,
            slot_id=builders.first_slot(request).pk,
            expected_version=request.version,
            now=NOW + timedelta(days=14, minutes=1),
        )

    assert refusal.value.message == (
        "This request has expired: it waited too long for an answer, or its times passed."
    )
    assert state_of(request) == before


def test_proposals_to_move_a_meeting_are_limited_even_when_withdrawn(student, mentor):
    set_program(max_proposal_rounds=2)
    request = builders.confirm(student, mentor, now=NOW, starts=[day(20), day(21)])
    for _ in range(2):
        builders.propose_reschedule(request, by=student, now=NOW, starts=[day(25)])
        meeting_rules.withdraw_reschedule(
            request_id=request.pk, user=student, expected_version=request.version, now=NOW
        )
        request.refresh_from_db()
    before = state_of(request)

    with pytest.raises(NotAllowed) as refusal:
        builders.propose_reschedule(request, by=student, now=NOW, starts=[day(26)])

    assert refusal.value.message == (
        "New times have been proposed for this meeting 2 times, the most the program allows. "
        "Keep this time or cancel the meeting."
    )
    assert state_of(request) == before


def test_new_times_nobody_answered_lapse_once_they_have_started(student, mentor):
    request = builders.confirm(student, mentor, now=NOW, starts=[day(20), day(21)])
    builders.propose_reschedule(request, by=student, now=NOW, starts=[day(5)])

    assert meeting_rules.lapse_stale_reschedules(now=day(4)) == 0
    assert meeting_rules.lapse_stale_reschedules(now=day(5, minute=1)) == 1

    request.refresh_from_db()
    last = request.transitions.last()
    assert (request.status, request.reschedule_proposed_by) == (RequestStatus.CONFIRMED, "")
    assert (last.event, last.actor, last.actor_party) == (
        TransitionEvent.RESCHEDULE_LAPSED,
        None,
        Party.SYSTEM,
    )
    assert request.meeting.starts_at == day(20)


def test_a_proposal_to_move_a_meeting_that_has_passed_is_not_waiting_for_anyone(student, mentor):
    request = builders.confirm(student, mentor, now=NOW, starts=[day(3), day(4)])
    builders.propose_reschedule(request, by=student, now=NOW, starts=[day(10)])

    before_the_meeting = list(needs_action(mentor, party=Party.MENTOR, now=NOW))
    after_the_meeting = list(needs_action(mentor, party=Party.MENTOR, now=day(3, hour=16)))

    assert [item.pk for item in before_the_meeting] == [request.pk]
    assert after_the_meeting == []


def test_saving_a_profile_keeps_an_approval_made_meanwhile(db):
    mentor = MentorFactory(profile__approval_state=ApprovalState.PENDING)
    profile_in_the_form = MentorProfile.objects.get(user=mentor)
    approve_mentor(profile_id=profile_in_the_form.pk, advisor=AdvisorFactory())

    profile_in_the_form.job_title = "Staff Engineer"
    save_mentor_profile(user=mentor, profile=profile_in_the_form, majors=[])

    saved = MentorProfile.objects.get(user=mentor)
    assert (saved.approval_state, saved.job_title) == (ApprovalState.APPROVED, "Staff Engineer")


def test_requests_left_to_expire_count_in_how_fast_a_mentor_replies(student, other_student, mentor):
    set_program(request_expiry_days=14)
    answered = builders.send(student, mentor, now=NOW, starts=[day(20), day(21)])
    request_rules.decline_request(
        request_id=answered.pk,
        mentor=mentor,
        reason="too_busy",
        expected_version=answered.version,
        now=NOW + timedelta(hours=1),
    )
    builders.send(other_student, mentor, now=NOW, starts=[day(25), day(26)])
    builders.send(StudentFactory(), mentor, now=NOW, starts=[day(27), day(28)])

    request_rules.expire_due_requests(now=NOW + timedelta(days=14))

    profile = MentorProfile.objects.get(user=mentor)
    # One answer after 1 hour, two requests left to wait 14 days (336 hours):
    # the median is 336 hours, not the flattering 1 hour of the answer alone.
    assert (profile.median_response_hours, profile.answered_request_count) == (336.0, 1)


@override_settings(TIME_ZONE="Europe/Berlin")
def test_new_people_get_the_program_time_zone_of_the_moment(db):
    person = User.objects.create_user(email="new@example.edu", password="a-long-password-1")

    assert person.time_zone == "Europe/Berlin"
