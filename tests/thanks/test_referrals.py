""" "Who else should I talk to?": referrals, the request they open, and the
email to the referring mentor when it becomes a meeting."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import referrals
from interviews.domain import requests as request_rules
from interviews.domain.errors import NotAllowed
from interviews.enums import ApprovalState, FoundVia, MeetingFormat, Party, RequestStatus, Topic
from interviews.enums import NotificationKind as K
from interviews.models import InterviewRequest, Notification, Referral
from tests import builders
from tests.factories import MentorFactory, StudentFactory
from tests.notifications.emails_support import (
    BASE_HEADERS,
    PLAIN_TREE,
    PREFERENCES_URL,
    assert_no_contact_details,
    deliver_to,
    footer_lines,
    links,
    mime_tree,
    paragraphs,
    request_url,
)
from tests.thanks.support import AFTER, confirmed, followup_snapshot, held, no_show
from tests.views.support import (
    choice_values,
    field_error,
    form_values,
    local_input,
    main,
    messages_of,
    non_field_errors,
)

pytestmark = pytest.mark.django_db


def refer(request, user, **target):
    return referrals.make_referral(request_id=request.pk, user=user, now=AFTER, **target)


def refused(call, request) -> str:
    before = followup_snapshot(request)
    with pytest.raises(NotAllowed) as caught:
        call()
    assert followup_snapshot(request) == before
    return caught.value.message


# --- Recording referrals ---------------------------------------------------------------


def test_the_mentor_refers_to_a_directory_mentor(student, mentor, other_mentor):
    request = held(student, mentor)

    referral = refer(request, mentor, to_mentor_id=other_mentor.pk, note="  She hires juniors. ")

    stored = Referral.objects.get()
    assert (
        stored.pk,
        stored.request_id,
        stored.made_by_id,
        stored.made_by_party,
        stored.to_mentor_id,
        stored.outside_name,
        stored.note,
        stored.resulting_request_id,
        stored.created_at,
    ) == (
        referral.pk,
        request.pk,
        mentor.pk,
        Party.MENTOR,
        other_mentor.pk,
        "",
        "She hires juniors.",
        None,
        AFTER,
    )


def test_the_student_notes_someone_outside_the_directory(student, mentor):
    request = held(student, mentor)

    refer(
        request,
        student,
        outside_name=" Jo Outside ",
        outside_organization="City Hospital",
        outside_contact="jo@hospital.example",
    )

    assert list(
        Referral.objects.values_list(
            "made_by_party", "to_mentor", "outside_name", "outside_organization", "outside_contact"
        )
    ) == [(Party.STUDENT, None, "Jo Outside", "City Hospital", "jo@hospital.example")]


def test_referrals_follow_held_meetings_only(student, mentor, other_mentor):
    not_yet = confirmed(student, mentor)
    missed = no_show(student, MentorFactory(), days_later=1)

    assert refused(lambda: refer(not_yet, mentor, outside_name="Jo"), not_yet) == (
        "Referrals follow a meeting that took place; this request is confirmed."
    )
    assert refused(lambda: refer(missed, student, outside_name="Jo"), missed) == (
        "Referrals follow a meeting that took place; this request is no-show."
    )


def test_only_the_participants_refer(student, mentor, other_student, other_mentor, advisor):
    request = held(student, mentor)

    for outsider in (other_student, other_mentor, advisor):
        assert refused(lambda user=outsider: refer(request, user, outside_name="Jo"), request) == (
            "Only the student and the mentor of this request can do that."
        )


def test_a_referral_names_exactly_one_person_of_the_directory_or_outside(
    student, mentor, other_mentor
):
    request = held(student, mentor)

    assert refused(lambda: refer(request, mentor), request) == (
        "Choose a mentor from the directory, or give the name of someone else."
    )
    assert (
        refused(
            lambda: refer(request, mentor, to_mentor_id=other_mentor.pk, outside_name="Jo"), request
        )
        == "Choose a mentor from the directory or name someone outside it, not both."
    )
    assert refused(lambda: refer(request, mentor, outside_organization="Acme"), request) == (
        "Choose a mentor from the directory, or give the name of someone else."
    )


def test_a_directory_referral_is_to_someone_else_listed_and_only_once(
    student, mentor, other_mentor
):
    request = held(student, mentor)
    pending_approval = MentorFactory(profile__approval_state=ApprovalState.PENDING)
    refer(request, mentor, to_mentor_id=other_mentor.pk)

    assert refused(lambda: refer(request, student, to_mentor_id=mentor.pk), request) == (
        "Refer someone other than the two of you."
    )
    assert refused(lambda: refer(request, mentor, to_mentor_id=pending_approval.pk), request) == (
        "That mentor is not in the directory (any more)."
    )
    assert refused(lambda: refer(request, mentor, to_mentor_id=student.pk), request) == (
        "Refer someone other than the two of you."
    )
    assert refused(lambda: refer(request, student, to_mentor_id=other_mentor.pk), request) == (
        "Nora Nextdoor is on the list already."
    )


def test_lengths_and_the_number_of_referrals_are_bounded(student, mentor):
    request = held(student, mentor)

    assert refused(lambda: refer(request, mentor, outside_name="x" * 151), request) == (
        "The name can be at most 150 characters long."
    )
    assert (
        refused(
            lambda: refer(request, mentor, outside_name="Jo", outside_contact="x" * 301), request
        )
        == "The way to reach them can be at most 300 characters long."
    )
    for number in range(10):
        refer(request, mentor, outside_name=f"Person {number}")
    assert refused(lambda: refer(request, mentor, outside_name="One more"), request) == (
        "A meeting can list at most 10 referrals."
    )


def test_the_maker_removes_a_referral_until_it_led_to_a_request(student, mentor, other_mentor):
    request = held(student, mentor)
    outside = refer(request, student, outside_name="Jo")
    directory = refer(request, mentor, to_mentor_id=other_mentor.pk)

    assert (
        refused(
            lambda: referrals.remove_referral(
                request_id=request.pk, referral_id=outside.pk, user=mentor
            ),
            request,
        )
        == "Only the person who added a referral can remove it."
    )
    referrals.remove_referral(request_id=request.pk, referral_id=outside.pk, user=student)
    assert list(Referral.objects.values_list("pk", flat=True)) == [directory.pk]

    send_from_referral(student, other_mentor, directory)
    assert (
        refused(
            lambda: referrals.remove_referral(
                request_id=request.pk, referral_id=directory.pk, user=mentor
            ),
            request,
        )
        == "Sophie Student has written to Nora Nextdoor already; the referral stays on record."
    )


# --- The mentors one may refer to ---------------------------------------------------------


def test_candidates_are_similar_mentors_bounded_without_participants_or_referred(student, mentor):
    request = held(student, mentor)
    similar = [
        MentorFactory(first_name="Similar", last_name=f"Number{index:02}") for index in range(12)
    ]
    refer(request, mentor, to_mentor_id=similar[0].pk)

    candidates = referrals.referral_candidates(request, now=AFTER)

    assert [profile.user_id for profile in candidates] == [user.pk for user in similar[1:11]]


def test_a_search_finds_other_mentors_but_never_the_participants(student, mentor, other_mentor):
    request = held(student, mentor)
    MentorFactory(first_name="Far", last_name="Away", profile__employer="Elsewhere Inc")

    found = referrals.referral_candidates(request, query="Contoso", now=AFTER)
    participants = referrals.referral_candidates(request, query="Northwind", now=AFTER)

    assert [profile.user_id for profile in found] == [other_mentor.pk]
    # Maria works at Northwind too (the factory's default) but is not offered.
    assert mentor.pk not in [profile.user_id for profile in participants]


# --- The request a referral opens --------------------------------------------------------------


def slot_data(student, days: int) -> str:
    return local_input(builders.at_15_utc(AFTER + timedelta(days=days)), student.time_zone)


def request_data(student, **overrides):
    data = {
        "step": "send",
        "about_me": "I study history and graduate in 2027.",
        "found_via": FoundVia.REFERRAL,
        "referrer_name": "Maria Mentor",
        "topics": [Topic.INDUSTRY],
        "why_this_mentor": "Maria said you know the hospital side.",
        "format": MeetingFormat.VIDEO,
        "duration_minutes": 30,
        "slot_1": slot_data(student, 3),
        "slot_2": slot_data(student, 4),
    }
    data.update(overrides)
    return data


def send_from_referral(student, to_mentor, referral, *, now=AFTER):
    """The student writes to the referred mentor from the referral's link."""
    starts = [
        builders.at_15_utc(now + timedelta(days=3)),
        builders.at_15_utc(now + timedelta(days=4)),
    ]
    return referrals.send_referred_request(
        student=student,
        mentor=to_mentor,
        draft=builders.draft(found_via=FoundVia.REFERRAL, referrer_name="Maria Mentor"),
        slot_starts=starts,
        referral_id=referral.pk,
        now=now,
    )


@pytest.fixture
def travel():
    with time_machine.travel(AFTER, tick=False):
        yield


def compose_url(mentor_user, referral=None) -> str:
    url = reverse("request_new", args=[mentor_user.pk])
    return f"{url}?referral={referral}" if referral is not None else url


def test_the_link_fills_in_who_referred_the_student(
    student, mentor, other_mentor, client_for, travel
):
    request = held(student, mentor)
    referral = refer(request, mentor, to_mentor_id=other_mentor.pk)

    response = client_for(student).get(compose_url(other_mentor, referral.pk))

    assert response.status_code == 200
    values = form_values(main(response).one("form", method="post"))
    assert (values["found_via"], values["referrer_name"]) == (FoundVia.REFERRAL, "Maria Mentor")


def test_a_referral_the_student_noted_also_names_the_mentor_as_referrer(
    student, mentor, other_mentor, client_for, travel
):
    request = held(student, mentor)
    referral = refer(request, student, to_mentor_id=other_mentor.pk)

    response = client_for(student).get(compose_url(other_mentor, referral.pk))

    assert form_values(main(response).one("form", method="post"))["referrer_name"] == (
        "Maria Mentor"
    )


def test_the_link_is_only_for_the_referrals_student_and_mentor(
    student, mentor, other_mentor, other_student, client_for, travel
):
    request = held(student, mentor)
    referral = refer(request, mentor, to_mentor_id=other_mentor.pk)
    third = MentorFactory(first_name="Third", last_name="Mentor")

    assert client_for(other_student).get(compose_url(other_mentor, referral.pk)).status_code == 404
    # The referral names Nora, not this mentor.
    assert client_for(student).get(compose_url(third, referral.pk)).status_code == 404
    for garbage in ("", "abc", "999999", "-1"):
        assert client_for(student).get(compose_url(other_mentor, garbage)).status_code == 404
    # Mentors and advisors write no requests at all.
    assert client_for(mentor).get(compose_url(other_mentor, referral.pk)).status_code == 403


def test_sending_the_request_links_the_referral(student, mentor, other_mentor, client_for, travel):
    request = held(student, mentor)
    referral = refer(request, mentor, to_mentor_id=other_mentor.pk)
    client = client_for(student)
    client.get(compose_url(other_mentor, referral.pk))
    preview = client.post(compose_url(other_mentor), request_data(student, step="preview"))
    assert preview.status_code == 200

    response = client.post(compose_url(other_mentor), request_data(student))

    sent = InterviewRequest.objects.get(mentor=other_mentor)
    assert response.status_code == 302
    assert response["Location"] == reverse("request_detail", args=[sent.pk])
    assert (sent.found_via, sent.referrer_name) == (FoundVia.REFERRAL, "Maria Mentor")
    assert Referral.objects.get().resulting_request_id == sent.pk


def test_a_request_written_without_the_link_is_not_linked(
    student, mentor, other_mentor, client_for, travel
):
    request = held(student, mentor)
    refer(request, mentor, to_mentor_id=other_mentor.pk)
    client = client_for(student)
    client.get(compose_url(other_mentor))

    response = client.post(compose_url(other_mentor), request_data(student))

    assert response.status_code == 302
    assert Referral.objects.get().resulting_request_id is None


def test_a_bad_request_from_a_referral_keeps_the_referral_for_the_next_try(
    student, mentor, other_mentor, client_for, travel
):
    request = held(student, mentor)
    referral = refer(request, mentor, to_mentor_id=other_mentor.pk)
    client = client_for(student)
    client.get(compose_url(other_mentor, referral.pk))

    bad = client.post(compose_url(other_mentor), request_data(student, why_this_mentor=""))
    assert bad.status_code == 400
    assert field_error(bad, "why_this_mentor") == "Tell the mentor why you are writing to them."
    assert InterviewRequest.objects.filter(mentor=other_mentor).count() == 0

    good = client.post(compose_url(other_mentor), request_data(student))

    assert good.status_code == 302
    assert Referral.objects.get().resulting_request == InterviewRequest.objects.get(
        mentor=other_mentor
    )


def test_the_panel_offers_the_link_until_a_request_is_sent(
    student, mentor, other_mentor, client_for, travel
):
    request = held(student, mentor)
    referral = refer(request, mentor, to_mentor_id=other_mentor.pk)
    page_url = reverse("request_detail", args=[request.pk])

    def actions(user):
        item = main(client_for(user).get(page_url)).one("section", id="referrals").one("li")
        return [(a.text, a.attrs["href"]) for a in item.find_all("a")[1:]]

    assert actions(student) == [
        ("Request a conversation with Nora Nextdoor", compose_url(other_mentor, referral.pk))
    ]
    assert actions(mentor) == []

    sent = send_from_referral(student, other_mentor, referral, now=AFTER)

    assert actions(student) == [
        ("Your request to Nora Nextdoor", reverse("request_detail", args=[sent.pk]))
    ]
    builders.withdraw(sent, now=AFTER)
    # It ended without a meeting: the student may write again.
    assert actions(student)[0][0] == "Request a conversation with Nora Nextdoor"


def test_an_already_used_referral_is_not_linked_again(student, mentor, other_mentor):
    request = held(student, mentor)
    referral = refer(request, mentor, to_mentor_id=other_mentor.pk)
    first = send_from_referral(student, other_mentor, referral, now=AFTER)

    builders.decline(first, now=AFTER)
    second = send_from_referral(student, other_mentor, referral, now=AFTER + timedelta(hours=1))

    assert Referral.objects.get().resulting_request_id == second.pk
    accepted = accept_first(second, other_mentor, now=AFTER + timedelta(hours=2))
    assert accepted.status == RequestStatus.CONFIRMED


def accept_first(request, mentor_user, *, now):
    request_rules.accept_slot(
        request_id=request.pk,
        user=mentor_user,
        slot_id=builders.first_slot(request).pk,
        expected_version=request.version,
        now=now,
    )
    request.refresh_from_db()
    return request


# --- The referring mentor hears of the meeting ---------------------------------------------


def test_the_referring_mentor_is_told_when_the_referral_becomes_a_meeting(
    student, mentor, other_mentor
):
    original = held(student, mentor)
    referral = refer(original, mentor, to_mentor_id=other_mentor.pk)
    sent = send_from_referral(student, other_mentor, referral, now=AFTER)
    met_at = AFTER + timedelta(hours=3)

    accept_first(sent, other_mentor, now=met_at)

    received = deliver_to(mentor, K.REFERRAL_MET, now=met_at)
    assert received.notification.request_id == sent.pk
    assert received.subject == "Your referral: Sophie Student will talk with Nora Nextdoor"
    assert sorted(received.header_names) == sorted(BASE_HEADERS)
    assert mime_tree(received.message) == PLAIN_TREE
    assert received.lines == [
        "Hello Maria,",
        "",
        "After your conversation, you suggested that Sophie Student talk with Nora Nextdoor. "
        "They have now agreed to meet.",
        "",
        "Thank you for opening that door: referrals like yours are how students find their way.",
        "",
        "Your conversation with Sophie Student:",
        request_url(original),
        *footer_lines(received),
    ]
    assert paragraphs(received.html) == [
        "Hello Maria,",
        "After your conversation, you suggested that Sophie Student talk with Nora Nextdoor. "
        "They have now agreed to meet.",
        "Thank you for opening that door: referrals like yours are how students find their way.",
        "Your conversation with Sophie Student",
    ]
    # Maria has no part in the new request: no link to it, nothing to reach them by.
    assert links(received.html) == [
        ("Your conversation with Sophie Student", request_url(original)),
        ("Email settings", PREFERENCES_URL),
    ]
    assert request_url(sent).encode() not in received.raw
    assert_no_contact_details(received, other_mentor)
    assert student.email.encode() not in received.raw


def test_a_referral_the_student_noted_tells_the_mentor_who_suggested_it(
    student, mentor, other_mentor
):
    original = held(student, mentor)
    referral = refer(original, student, to_mentor_id=other_mentor.pk)
    sent = send_from_referral(student, other_mentor, referral, now=AFTER)

    accept_first(sent, other_mentor, now=AFTER + timedelta(hours=3))

    # The student wrote down what Maria suggested: Maria hears it became a meeting.
    assert list(
        Notification.objects.filter(kind=K.REFERRAL_MET).values_list("recipient_id", flat=True)
    ) == [mentor.pk]


def test_a_meeting_without_a_referral_tells_nobody(student, mentor, other_mentor):
    original = held(student, mentor)
    refer(original, mentor, to_mentor_id=other_mentor.pk)
    # The student writes to Nora from the directory instead.
    sent = builders.send(student, other_mentor, now=AFTER)

    accept_first(sent, other_mentor, now=AFTER + timedelta(hours=3))

    assert Notification.objects.filter(kind=K.REFERRAL_MET).count() == 0


# --- The referral page ---------------------------------------------------------------------


def test_the_referral_page_offers_similar_mentors_and_a_search(
    student, mentor, other_mentor, client_for, travel
):
    request = held(student, mentor)
    MentorFactory(first_name="Far", last_name="Away", profile__industry=None)
    url = reverse("referral_new", args=[request.pk])

    response = client_for(mentor).get(url)
    searched = client_for(mentor).get(url, {"q": "Nothing like this"})

    assert response.status_code == 200
    form = main(response).one("form", method="post")
    assert choice_values(form, "to_mentor") == [str(other_mentor.pk)]
    assert main(response).one("h1").text == "Who else should Sophie Student talk to?"
    assert choice_values(main(searched).one("form", method="post"), "to_mentor") == []
    assert main(searched).find_all("fieldset")[0].one("p").text == (
        "No mentor matches “Nothing like this”."
    )


def test_the_mentor_adds_someone_outside_and_both_see_how_to_reach_them(
    student, mentor, advisor, client_for, travel
):
    request = held(student, mentor)

    response = client_for(mentor).post(
        reverse("referral_new", args=[request.pk]),
        {
            "outside_name": "Jo Outside",
            "outside_organization": "City Hospital",
            "outside_contact": "jo@hospital.example",
            "note": "Ask about night shifts.",
        },
    )

    assert response.status_code == 302
    assert messages_of(response) == [("success", "The referral is on the meeting's list.")]
    page_url = reverse("request_detail", args=[request.pk])
    for user, added_by in ((student, "Maria Mentor"), (mentor, "you"), (advisor, "Maria Mentor")):
        item = main(client_for(user).get(page_url)).one("section", id="referrals").one("li")
        assert item.find_all("div")[0].text == (
            "Jo Outside, City Hospital How to reach them: jo@hospital.example"
        )
        assert item.one("p").text == "Ask about night shifts."
        assert item.find_all("div", class_="small")[0].text.startswith(f"Added by {added_by}, ")


@pytest.mark.parametrize(
    ("data", "where", "error"),
    [
        ({}, None, "Choose a mentor from the directory, or give the name of someone else."),
        (
            {"to_mentor": "OTHER", "outside_name": "Jo"},
            None,
            "Choose a mentor from the directory or name someone outside it, not both.",
        ),
        ({"outside_organization": "Acme"}, "outside_name", "Give the person's name."),
        ({"to_mentor": "999999"}, "to_mentor", "Choose one of the mentors listed."),
        (
            {"outside_name": "x" * 151},
            "outside_name",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
    ],
    ids=["nobody", "both", "no-name", "unlisted-mentor", "too-long"],
)
def test_bad_referrals_come_back_with_the_reason_and_the_text(
    student, mentor, other_mentor, client_for, travel, data, where, error
):
    request = held(student, mentor)
    data = {key: str(other_mentor.pk) if value == "OTHER" else value for key, value in data.items()}
    data.setdefault("note", "Kept as typed.")
    before = followup_snapshot(request)

    response = client_for(student).post(reverse("referral_new", args=[request.pk]), data)

    assert response.status_code == 400
    if where is None:
        assert non_field_errors(response) == [error]
    else:
        assert field_error(response, where) == error
    values = form_values(main(response).one("form", method="post"))
    assert values["note"] == "Kept as typed."
    if "outside_name" in data:
        assert values["outside_name"] == data["outside_name"]
    assert followup_snapshot(request) == before


def test_a_referral_refused_by_the_domain_is_shown_above_the_form(
    student, mentor, client_for, travel
):
    request = held(student, mentor)
    for number in range(10):
        refer(request, mentor, outside_name=f"Person {number}")

    response = client_for(student).post(
        reverse("referral_new", args=[request.pk]), {"outside_name": "One more"}
    )

    assert response.status_code == 400
    assert non_field_errors(response) == ["A meeting can list at most 10 referrals."]
    assert form_values(main(response).one("form", method="post"))["outside_name"] == "One more"


def test_the_remove_button(student, mentor, client_for, travel):
    request = held(student, mentor)
    referral = refer(request, student, outside_name="Jo")
    url = reverse("referral_remove", args=[request.pk, referral.pk])

    by_mentor = client_for(mentor).post(url)
    assert messages_of(by_mentor) == [
        ("error", "Only the person who added a referral can remove it.")
    ]
    assert Referral.objects.count() == 1

    by_student = client_for(student).post(url)
    assert messages_of(by_student) == [("success", "The referral is removed.")]
    assert Referral.objects.count() == 0


def test_referrals_stay_between_the_participants_and_advisors(
    student, mentor, other_student, other_mentor, client_for, travel
):
    """Nobody else opens the meeting page, so nobody else reads the contact details."""
    request = held(student, mentor)
    refer(request, mentor, outside_name="Jo", outside_contact="jo@hospital.example")

    for outsider in (other_student, other_mentor, StudentFactory()):
        response = client_for(outsider).get(reverse("request_detail", args=[request.pk]))
        assert response.status_code == 404
        assert b"jo@hospital.example" not in response.content


def test_a_referral_to_a_mentor_who_left_the_directory_offers_no_request(
    student, mentor, other_mentor
):
    from interviews.enums import ApprovalState
    from interviews.models import MentorProfile

    original = held(student, mentor)
    referral = refer(original, mentor, to_mentor_id=other_mentor.pk)
    assert [
        referrals.may_request_from(item) for item in referrals.referrals_of(original, "student")
    ] == [True]

    MentorProfile.objects.filter(user=other_mentor).update(approval_state=ApprovalState.SUSPENDED)

    listed = referrals.referrals_of(original, "student")
    assert [(item.pk, referrals.may_request_from(item)) for item in listed] == [
        (referral.pk, False)
    ]
