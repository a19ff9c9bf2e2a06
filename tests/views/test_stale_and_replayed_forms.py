"""A form carries the version of the request its page showed.

Stale: the person opens a form, the request changes meanwhile (another tab,
the other person), and the form is sent: nothing changes. A one-click button
lands them on the request with "changed while you were looking"; a form they
typed into comes back with what they typed kept, the explanation, and the
current version, ready to send again. Replayed: the same form sent twice
changes nothing the second time.

Every form is taken from the page a browser would take it from (the action's
own page, or the buttons on the request page) and sent as the browser would.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import meetings as meeting_rules
from interviews.domain import requests as request_rules
from interviews.domain.errors import StaleRequest
from interviews.views.acting import STALE_BUT_KEPT
from tests import builders
from tests.views.support import (
    db_snapshot,
    form_values,
    main,
    messages_of,
    non_field_errors,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
STALE = StaleRequest().message
NOT_POSSIBLE = "That is not possible on this request any more; here is where it stands."


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass(frozen=True)
class Action:
    url_name: str
    scene: str
    actor: str
    # What the person types into the form before sending it.
    typed: dict
    # Where the form is: the action's own page, or the request page's buttons.
    on_request_page: bool = False
    # What the second, replayed POST is told.
    replay_message: str = NOT_POSSIBLE
    # The replay comes back as the form, text kept (the action is still possible).
    replay_keeps_form: bool = False


ACTIONS = {
    "accept": Action("request_accept", "pending", "mentor", {}, True, STALE),
    "propose": Action(
        "request_propose", "pending", "mentor", {"slot_1": "2026-03-20T16:00", "note": "Or?"}
    ),
    "decline": Action(
        "request_decline", "pending", "mentor", {"reason": "too_busy", "message": "Sorry."}
    ),
    "withdraw": Action("request_withdraw", "pending", "student", {"note": "Found help."}),
    "cancel": Action("meeting_cancel", "confirmed", "student", {"reason": "Ill."}),
    "reschedule": Action(
        "meeting_reschedule", "confirmed", "mentor", {"slot_1": "2026-03-20T16:00"}
    ),
    "details": Action(
        "meeting_details",
        "confirmed",
        "mentor",
        {"video_link": "https://meet.example.com/other-room"},
        replay_message=STALE_BUT_KEPT,
        replay_keeps_form=True,
    ),
    "reschedule_accept": Action(
        "meeting_reschedule_accept", "reschedule_pending", "mentor", {}, True
    ),
    "reschedule_decline": Action(
        "meeting_reschedule_decline", "reschedule_pending", "mentor", {"note": "Keep it."}
    ),
    "reschedule_withdraw": Action(
        "meeting_reschedule_withdraw", "reschedule_pending", "student", {}, True
    ),
}


def build(scene: str, student, mentor):
    if scene == "pending":
        return builders.send(student, mentor)
    confirmed = builders.confirm(student, mentor)
    if scene == "reschedule_pending":
        return builders.propose_reschedule(confirmed, by=student)
    return confirmed


def change_meanwhile(scene: str, interview_request) -> None:
    """A change that leaves the action open to the same person, at a newer version."""
    pk = interview_request.pk
    student, mentor = interview_request.student, interview_request.mentor
    if scene == "pending":
        builders.counter(interview_request)
        request_rules.propose_again(
            request_id=pk,
            student=student,
            slot_starts=[datetime(2026, 3, 18, 15, 0, tzinfo=UTC)],
            expected_version=interview_request.version,
        )
    elif scene == "confirmed":
        meeting_rules.update_meeting_details(
            request_id=pk,
            mentor=mentor,
            location="",
            video_link="https://meet.example.com/changed-elsewhere",
            phone="",
            expected_version=interview_request.version,
        )
    else:
        meeting_rules.withdraw_reschedule(
            request_id=pk, user=student, expected_version=interview_request.version
        )
        interview_request.refresh_from_db()
        builders.propose_reschedule(interview_request, by=student)
    interview_request.refresh_from_db()


def filled_form(browser, action: Action, interview_request) -> tuple[str, dict]:
    """The form's URL and what the browser sends, from the page that shows it."""
    url = reverse(action.url_name, args=[interview_request.pk])
    page_url = reverse("request_detail", args=[interview_request.pk])
    page = browser.get(page_url if action.on_request_page else url)
    assert page.status_code == 200
    form = main(page).find_all("form", action=url)[0]
    return url, {**form_values(form), **action.typed}


ONE_CLICK = {key: action for key, action in ACTIONS.items() if action.on_request_page}
TYPED = {key: action for key, action in ACTIONS.items() if not action.on_request_page}


@pytest.mark.parametrize("action", ONE_CLICK.values(), ids=ONE_CLICK.keys())
def test_a_stale_button_changes_nothing_and_says_why(action, student, mentor, client_for):
    interview_request = build(action.scene, student, mentor)
    browser = client_for(student if action.actor == "student" else mentor)
    url, data = filled_form(browser, action, interview_request)
    change_meanwhile(action.scene, interview_request)
    before = db_snapshot(interview_request)

    response = browser.post(url, data, follow=True)

    detail = reverse("request_detail", args=[interview_request.pk])
    assert response.redirect_chain == [(detail, 302)]
    shown = main(response).one("div", class_="messages").text
    assert shown == STALE
    assert db_snapshot(interview_request) == before


@pytest.mark.parametrize("action", TYPED.values(), ids=TYPED.keys())
def test_a_stale_form_changes_nothing_and_keeps_what_was_typed(action, student, mentor, client_for):
    interview_request = build(action.scene, student, mentor)
    browser = client_for(student if action.actor == "student" else mentor)
    url, data = filled_form(browser, action, interview_request)
    change_meanwhile(action.scene, interview_request)
    before = db_snapshot(interview_request)

    response = browser.post(url, data)

    assert response.status_code == 400
    assert non_field_errors(response) == [STALE_BUT_KEPT]
    form = main(response).find_all("form", action=url)[0]
    kept = form_values(form)
    assert {name: kept[name] for name in action.typed} == action.typed
    # Sending it again now acts on the request as it stands.
    assert kept["version"] == str(interview_request.version)
    assert db_snapshot(interview_request) == before


@pytest.mark.parametrize("action", ACTIONS.values(), ids=ACTIONS.keys())
def test_a_replayed_form_changes_nothing_the_second_time(action, student, mentor, client_for):
    interview_request = build(action.scene, student, mentor)
    browser = client_for(student if action.actor == "student" else mentor)
    url, data = filled_form(browser, action, interview_request)
    before = db_snapshot(interview_request)
    # The browser follows the redirect and shows the outcome.
    first = browser.post(url, data, follow=True)
    detail = reverse("request_detail", args=[interview_request.pk])
    assert first.redirect_chain == [(detail, 302)]
    assert main(first).one("div", class_="messages").one("div").attrs["class"] == (
        "alert alert-success"
    )
    after_first = db_snapshot(interview_request)
    assert after_first != before

    second = browser.post(url, data)

    if action.replay_keeps_form:
        assert second.status_code == 400
        assert non_field_errors(second) == [action.replay_message]
    else:
        assert second["Location"] == detail
        assert messages_of(second) == [("error", action.replay_message)]
    assert db_snapshot(interview_request) == after_first
