"""The thank-you pages and the request page's "after the meeting" panel."""

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from interviews.domain import referrals, thanks
from interviews.domain.access import get_visible_request
from interviews.domain.actions import available_actions
from interviews.enums import ThanksChannel
from interviews.models import InterviewRequest, ThankYouNote
from tests.factories import MentorFactory
from tests.thanks.support import AFTER, confirmed, followup_snapshot, held
from tests.views.support import (
    assert_strict_page,
    field_error,
    form_values,
    main,
    messages_of,
    parse,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(AFTER, tick=False):
        yield


def panel(response):
    """The panel's sections by id, as text (None when the panel is not shown)."""
    found = main(response).find_all("section", **{"aria-labelledby": "thanks-heading"})
    if not found:
        return None
    return {
        section.attrs["id"]: section.text
        for section in found[0].find_all("section")
        if section.attrs.get("id")
    }


def detail(client, request):
    response = client.get(reverse("request_detail", args=[request.pk]))
    assert response.status_code == 200
    return response


# --- The panel --------------------------------------------------------------------


def test_the_student_is_offered_to_write_or_to_say_they_thanked_another_way(
    student, mentor, client_for
):
    request = held(student, mentor)

    response = detail(client_for(student), request)

    assert_strict_page(response)
    assert panel(response)["thank-you"] == (
        "Thank-you note A short note within a day says that you valued Maria Mentor's time. "
        "We start it for you from your notes. Write your thank-you note "
        "I thanked them another way"
    )
    section = main(response).one("section", id="thank-you")
    assert section.one("a").attrs["href"] == reverse("thank_you_write", args=[request.pk])
    assert section.one("form").attrs["action"] == reverse("thanked_another_way", args=[request.pk])


def test_the_mentor_and_advisors_see_no_offer_before_thanks(student, mentor, advisor, client_for):
    request = held(student, mentor)

    for user in (mentor, advisor):
        assert panel(detail(client_for(user), request))["thank-you"] == (
            "Thank-you note No thank-you note yet."
        )


def test_no_panel_before_the_meeting_took_place(student, mentor, client_for):
    request = confirmed(student, mentor)

    assert panel(detail(client_for(student), request)) is None
    assert panel(detail(client_for(mentor), request)) is None


def test_both_participants_read_the_sent_note_advisors_only_that_it_was_sent(
    student, mentor, advisor, client_for
):
    request = held(student, mentor)
    thanks.send_thank_you(
        request_id=request.pk, student=student, body="Thank you, Maria!\nSophie", now=AFTER
    )

    to_student = main(detail(client_for(student), request)).one("section", id="thank-you")
    to_mentor = main(detail(client_for(mentor), request)).one("section", id="thank-you")
    to_advisor = main(detail(client_for(advisor), request)).one("section", id="thank-you")

    assert to_student.one("p").text == "You sent it to Maria Mentor, Fri 5 Mar 2027, 04:00 EST"
    assert to_student.one("blockquote").raw_text == "Thank you, Maria!\nSophie"
    assert to_mentor.one("p").text == "From Sophie Student, Fri 5 Mar 2027, 10:00 CET"
    assert to_mentor.one("blockquote").raw_text == "Thank you, Maria!\nSophie"
    assert to_advisor.text == "Thank-you note From Sophie Student, Fri 5 Mar 2027, 04:00 EST"


def test_thanked_another_way_shows_as_such(student, mentor, client_for):
    request = held(student, mentor)
    thanks.thank_another_way(request_id=request.pk, student=student, now=AFTER)

    assert panel(detail(client_for(student), request))["thank-you"] == (
        "Thank-you note You thanked Maria Mentor another way (Fri 5 Mar 2027, 04:00 EST)."
    )
    assert panel(detail(client_for(mentor), request))["thank-you"] == (
        "Thank-you note Sophie Student thanked you outside CareerConnect "
        "(Fri 5 Mar 2027, 10:00 CET)."
    )


# --- Writing and sending ------------------------------------------------------------


def test_the_page_starts_from_the_draft(student, mentor, client_for):
    request = held(student, mentor)

    response = client_for(student).get(reverse("thank_you_write", args=[request.pk]))

    assert response.status_code == 200
    assert_strict_page(response)
    form = main(response).find_all("form", method="post")[0]
    assert form_values(form) == {"body": thanks.thank_you_draft(request)}
    assert main(response).one("h1").text == "Thank Maria Mentor"


def test_sending_records_the_note_and_goes_back_to_the_meeting(student, mentor, client_for):
    request = held(student, mentor)

    response = client_for(student).post(
        reverse("thank_you_write", args=[request.pk]), {"body": "Thank you, Maria!"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("request_detail", args=[request.pk])
    assert messages_of(response) == [
        ("success", "Your thank-you note is on its way to Maria Mentor. A copy is in your inbox.")
    ]
    assert list(ThankYouNote.objects.values_list("request_id", "channel", "body", "sent_at")) == [
        (request.pk, ThanksChannel.CAREERCONNECT, "Thank you, Maria!", AFTER)
    ]
    assert InterviewRequest.objects.get(pk=request.pk).thanked_at == AFTER


def test_thanked_another_way_button(student, mentor, client_for):
    request = held(student, mentor)

    response = client_for(student).post(reverse("thanked_another_way", args=[request.pk]))

    assert response.status_code == 302
    assert messages_of(response) == [
        ("success", "Noted: you thanked Maria Mentor another way. We won't remind you again.")
    ]
    assert list(ThankYouNote.objects.values_list("channel", "sent_at")) == [
        (ThanksChannel.ANOTHER_WAY, AFTER)
    ]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write your note before sending it."),
        ("x" * 4001, "Ensure this value has at most 4000 characters (it has 4001)."),
    ],
    ids=["empty", "too-long"],
)
def test_a_bad_note_comes_back_with_the_reason_and_the_text(
    student, mentor, client_for, body, error
):
    request = held(student, mentor)
    before = followup_snapshot(request)

    response = client_for(student).post(
        reverse("thank_you_write", args=[request.pk]), {"body": body}
    )

    assert response.status_code == 400
    assert field_error(response, "body") == error
    assert form_values(main(response).find_all("form", method="post")[0]) == {"body": body}
    assert followup_snapshot(request) == before


def test_a_blank_note_is_refused_with_the_domains_reason(student, mentor, client_for):
    """Whitespace passes the form's `required` and is refused by the domain."""
    request = held(student, mentor)
    before = followup_snapshot(request)

    response = client_for(student).post(
        reverse("thank_you_write", args=[request.pk]), {"body": "   "}
    )

    assert response.status_code == 400
    assert field_error(response, "body") == "Write your note before sending it."
    assert followup_snapshot(request) == before


def test_a_second_note_is_refused_with_the_first_kept(student, mentor, client_for):
    request = held(student, mentor)
    client_for(student).post(reverse("thank_you_write", args=[request.pk]), {"body": "First"})
    before = followup_snapshot(request)

    again = client_for(student).post(
        reverse("thank_you_write", args=[request.pk]), {"body": "Second"}
    )
    other_way = client_for(student).post(reverse("thanked_another_way", args=[request.pk]))

    assert again.status_code == 302
    assert messages_of(again) == [
        ("error", "That is not possible on this request any more; here is where it stands.")
    ]
    assert other_way.status_code == 302
    assert messages_of(other_way) == [
        (
            "error",
            "You already sent your thank-you note to Maria Mentor (Fri 5 Mar 2027, 04:00 EST).",
        )
    ]
    assert followup_snapshot(request) == before


def test_the_mentor_cannot_thank_themselves(student, mentor, client_for):
    request = held(student, mentor)
    before = followup_snapshot(request)

    page = client_for(mentor).get(reverse("thank_you_write", args=[request.pk]))
    sent = client_for(mentor).post(reverse("thank_you_write", args=[request.pk]), {"body": "Me!"})
    other_way = client_for(mentor).post(reverse("thanked_another_way", args=[request.pk]))

    assert [page.status_code, sent.status_code, other_way.status_code] == [302, 302, 302]
    assert messages_of(other_way) == [("error", "Only the student sends a thank-you note.")]
    assert followup_snapshot(request) == before


def test_no_thanks_before_the_meeting_took_place(student, mentor, client_for):
    request = confirmed(student, mentor, days_later=2)  # still ahead
    before = followup_snapshot(request)

    response = client_for(student).post(
        reverse("thanked_another_way", args=[request.pk]), follow=False
    )

    assert messages_of(response) == [
        (
            "error",
            "A thank-you note follows a meeting that took place; this request is confirmed.",
        )
    ]
    assert followup_snapshot(request) == before


# --- The panel's queries --------------------------------------------------------------


def render_panel(user, request_id: int, part: str) -> tuple[Template, Context]:
    """The panel alone, as the request page renders it (the request loaded by
    get_visible_request, the actions computed by the view)."""
    interview_request, _part = get_visible_request(user, request_id)
    actions = {a.value for a in available_actions(interview_request, part, now=AFTER)}
    template = Template("{% load thanks_tags %}{% thanks_panel ir part %}")
    context = Context({"ir": interview_request, "part": part, "user": user, "actions": actions})
    return template, context


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("part", ["student", "mentor", "advisor"])
def test_the_panel_costs_the_same_for_1_or_3_referrals(
    student, mentor, advisor, django_assert_num_queries, count, part
):
    request = held(student, mentor)
    thanks.send_thank_you(request_id=request.pk, student=student, body="Thanks!", now=AFTER)
    for index in range(count):
        referrals.make_referral(
            request_id=request.pk,
            user=mentor if index % 2 == 0 else student,
            to_mentor_id=MentorFactory(first_name="Referred", last_name=f"Number{index}").pk,
            note=f"Note {index}",
            now=AFTER,
        )
    viewer = {"student": student, "mentor": mentor, "advisor": advisor}[part]
    template, context = render_panel(viewer, request.pk, part)

    # The referrals, with who made them, the mentors named and their profiles,
    # and the requests they led to: one query. The notes came with the request.
    with django_assert_num_queries(1):
        html = template.render(context)

    items = parse(html).one("section", id="referrals").find_all("li")
    assert [item.find_all("a")[0].text for item in items] == [
        f"Referred Number{index}" for index in range(count)
    ]


def test_every_page_of_ours_is_strict_and_has_one_h1(student, mentor, client_for):
    request = held(student, mentor)
    referrals.make_referral(
        request_id=request.pk,
        user=mentor,
        outside_name="Jo",
        outside_contact="jo@x.example",
        now=AFTER,
    )
    pages = {
        "thank_you_write": reverse("thank_you_write", args=[request.pk]),
        "learning_note": reverse("learning_note", args=[request.pk]),
        "learning_log": reverse("learning_log"),
        "referral_new": reverse("referral_new", args=[request.pk]),
        "request_detail": reverse("request_detail", args=[request.pk]),
    }

    for name, url in pages.items():
        response = client_for(student).get(url)
        assert response.status_code == 200, name
        assert_strict_page(response)
        assert len(main(response).find_all("h1")) == 1, name
        # Every field has its label.
        for field in main(response).find_all("textarea") + main(response).find_all("input"):
            if field.attrs.get("type") in ("hidden", "submit", "radio"):
                continue
            assert len(main(response).find_all("label", for_=field.attrs["id"])) == 1, name
