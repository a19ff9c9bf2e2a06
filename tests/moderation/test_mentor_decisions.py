"""Advisors approve or reject mentors who signed up: logged, and the mentor is told.

Rejecting takes a reason, typed by the advisor and emailed to the mentor
(escaped); approving tells the mentor they are listed, with their inbox link.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.domain.errors import NotAllowed
from interviews.domain.profiles import approve_mentor, reject_mentor
from interviews.enums import ApprovalState, ModerationActionKind, NotificationKind
from interviews.models import MentorProfile, ModerationAction, Notification
from tests.factories import MentorFactory
from tests.notifications.emails_support import PLAIN_TREE, deliver_to, mime_tree
from tests.views.support import db_snapshot, form_values, main, page

K = NotificationKind
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SITE = "http://testserver"
REASON = "We list alumni only; <b>your degree</b> is from another school & not ours."


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def waiting(db):
    mentor = MentorFactory(first_name="Wanda", last_name="Waiting")
    MentorProfile.objects.filter(user=mentor).update(approval_state=ApprovalState.PENDING)
    return MentorProfile.objects.get(user=mentor)


def outbox_rows():
    return list(
        Notification.objects.order_by("pk").values_list(
            "kind", "recipient", "request", "meeting", "payload", "due_at"
        )
    )


def test_approving_logs_it_and_queues_the_welcome(waiting, advisor):
    approve_mentor(profile_id=waiting.pk, advisor=advisor, now=NOW)

    action = ModerationAction.objects.get()
    assert (action.actor, action.kind, action.subject, action.reason, action.created_at) == (
        advisor,
        ModerationActionKind.APPROVE_MENTOR,
        waiting.user,
        "",
        NOW,
    )
    assert outbox_rows() == [(K.MENTOR_APPROVED, waiting.user_id, None, None, {}, NOW)]
    assert Notification.objects.get().idempotency_key == (
        f"mentor_approved:action{action.pk}:u{waiting.user_id}"
    )


def test_the_approved_mentor_reads_that_they_are_listed(waiting, advisor):
    approve_mentor(profile_id=waiting.pk, advisor=advisor, now=NOW)

    received = deliver_to(waiting.user, K.MENTOR_APPROVED, now=NOW)

    assert received.subject == "You are listed as a mentor on CareerConnect"
    assert mime_tree(received.message) == PLAIN_TREE
    assert received.lines[:8] == [
        "Hello Wanda,",
        "",
        "The career center has approved your mentor profile: you are now listed in the mentor "
        "directory, and students can ask you for an informational interview.",
        "",
        "Requests arrive in your inbox, and by email:",
        f"{SITE}/inbox/",
        "",
        f"Your page, as students see it: {SITE}/mentors/{waiting.user_id}/",
    ]
    assert received.html.one("a", href=f"{SITE}/inbox/").text == "Open your inbox"


def test_rejecting_logs_the_reason_and_sends_it(waiting, advisor):
    reject_mentor(profile_id=waiting.pk, advisor=advisor, reason=f"  {REASON}  ", now=NOW)

    waiting.refresh_from_db()
    assert waiting.approval_state == ApprovalState.REJECTED
    assert list(ModerationAction.objects.values_list("kind", "subject", "reason")) == [
        (ModerationActionKind.REJECT_MENTOR, waiting.user_id, REASON)
    ]
    assert outbox_rows() == [
        (K.MENTOR_REJECTED, waiting.user_id, None, None, {"reason": REASON}, NOW)
    ]


def test_the_rejected_mentor_reads_the_reason_escaped(waiting, advisor):
    reject_mentor(profile_id=waiting.pk, advisor=advisor, reason=REASON, now=NOW)

    received = deliver_to(waiting.user, K.MENTOR_REJECTED, now=NOW)

    assert received.subject == "Your mentor profile on CareerConnect"
    assert received.lines[:7] == [
        "Hello Wanda,",
        "",
        "Thank you for offering to mentor students through CareerConnect. The career center "
        "has looked at your profile and is not listing it in the mentor directory.",
        "",
        "The career center's reason:",
        f"  > {REASON}",
        "",
    ]
    assert received.html.one("blockquote").text == REASON
    assert "<b>your degree</b>" not in received.html_source
    assert "&lt;b&gt;your degree&lt;/b&gt;" in received.html_source


def test_rejecting_without_a_reason_changes_nothing(waiting, advisor):
    before = db_snapshot()

    with pytest.raises(NotAllowed) as refused:
        reject_mentor(profile_id=waiting.pk, advisor=advisor, reason="   ", now=NOW)

    assert refused.value.message == "Write the reason the mentor will read: it is sent to them."
    assert (db_snapshot(), outbox_rows(), ModerationAction.objects.count()) == (before, [], 0)


def test_deciding_twice_is_refused_and_sends_nothing_more(waiting, advisor):
    approve_mentor(profile_id=waiting.pk, advisor=advisor, now=NOW)

    with pytest.raises(NotAllowed):
        reject_mentor(profile_id=waiting.pk, advisor=advisor, reason="Oops.", now=NOW)

    assert [row[0] for row in outbox_rows()] == [K.MENTOR_APPROVED]
    assert ModerationAction.objects.count() == 1


# --- The page --------------------------------------------------------------------------


def test_rejecting_without_a_reason_keeps_the_page_with_the_error(waiting, advisor, client_for):
    other = MentorFactory(first_name="Otto", last_name="Other")
    MentorProfile.objects.filter(user=other).update(approval_state=ApprovalState.PENDING)
    before = db_snapshot()

    response = client_for(advisor).post(
        reverse("decide_mentor", args=[waiting.pk]),
        {"decision": "reject", "reason": "  ", "page": "1"},
    )

    assert response.status_code == 400
    assert response.templates[0].name == "interviews/advisor/pending_mentors.html"
    assert page(response).by_id(f"id_reject_{waiting.pk}_reason_error").text == (
        "Write down the reason: nothing is done without one."
    )
    # The other card is untouched; both mentors are still listed.
    assert page(response).find_all(id=f"id_reject_{other.pk}_reason_error") == []
    assert [h.text.split(" (")[0] for h in main(response).find_all("h2", class_="h5")] == [
        "Wanda Waiting",
        "Otto Other",
    ]
    assert (db_snapshot(), outbox_rows()) == (before, [])


def test_a_too_long_reason_is_kept_for_editing(waiting, advisor, client_for):
    typed = "Not an alumna of ours. " * 100

    response = client_for(advisor).post(
        reverse("decide_mentor", args=[waiting.pk]), {"decision": "reject", "reason": typed}
    )

    assert response.status_code == 400
    reject_form = main(response).find_all("form")[1]
    assert form_values(reject_form) == {"page": "1", "reason": typed}
    waiting.refresh_from_db()
    assert waiting.approval_state == ApprovalState.PENDING


def test_rejecting_from_the_page_sends_the_typed_reason(waiting, advisor, client_for):
    response = client_for(advisor).post(
        reverse("decide_mentor", args=[waiting.pk]), {"decision": "reject", "reason": REASON}
    )

    assert response["Location"] == reverse("pending_mentors")
    assert outbox_rows() == [
        (K.MENTOR_REJECTED, waiting.user_id, None, None, {"reason": REASON}, NOW)
    ]
