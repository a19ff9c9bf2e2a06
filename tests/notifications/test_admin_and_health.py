"""Staff see the outbox and send failed emails again; /healthz tells a monitor what is wrong.

Outbox rows are written by the real transitions and fail through a real
email backend defined here. The broker of the test settings is kombu's
file-system transport under the suite's temporary VAR_DIR.
"""

import json
import smtplib
import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from careerconnect.celery import app as celery_app
from interviews.domain import delivery
from interviews.domain.preferences import set_optional_email
from interviews.enums import NotificationKind, NotificationStatus, OptionalEmail
from interviews.models import Notification
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.views.support import page

K = NotificationKind
S = NotificationStatus
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
OUTBOX = "/admin/interviews/notification/"
LONG_ERROR = "451 4.3.0 The mail system is busy; " + "please try again later. " * 4


class BusyBackend(BaseEmailBackend):
    """A mail server that turns every message away with a long temporary error."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException(LONG_ERROR)


BUSY = f"{__name__}.BusyBackend"


def confirm_and_fail(student, mentor) -> list[Notification]:
    """Confirm a meeting at NOW; both confirmations fail for good (one attempt allowed)."""
    request = builders.confirm(student, mentor, now=NOW)
    with override_settings(EMAIL_BACKEND=BUSY, NOTIFICATION_MAX_ATTEMPTS=1):
        assert delivery.send_due(now=NOW) == 0
    return list(Notification.objects.filter(request=request, status=S.FAILED).order_by("pk"))


@pytest.fixture
def superuser(db):
    return AdvisorFactory(first_name="Stella", last_name="Staff", is_staff=True, is_superuser=True)


@pytest.fixture
def failed(student, mentor):
    return confirm_and_fail(student, mentor)


def cell_text(cell) -> str:
    """A cell as staff read it (yes/no columns are icons with alt text)."""
    icons = cell.find_all("img")
    return icons[0].attrs["alt"] if icons else cell.text


def result_rows(response) -> list[list[str]]:
    """The change list's table, one list of cell texts per row (without the checkbox)."""
    table = page(response).by_id("result_list")
    return [
        [
            cell_text(cell)
            for cell in row.children
            if getattr(cell, "tag", None) in ("th", "td")
            and "action-checkbox" not in (cell.attrs.get("class") or "")
        ]
        for row in table.one("tbody").find_all("tr")
    ]


def selected_ids(response) -> list[str]:
    table = page(response).by_id("result_list")
    return [box.attrs["value"] for box in table.find_all("input", name="_selected_action")]


def shown_messages(response) -> list[tuple[str, str]]:
    return [
        (item.attrs.get("class"), item.text)
        for item in page(response).find_all("ul", class_="messagelist")[0].find_all("li")
    ]


# --- The outbox in the admin -------------------------------------------------------


def test_staff_see_the_failed_notifications_listed_with_their_error(
    client_for, superuser, failed, student, mentor
):
    response = client_for(superuser).get(OUTBOX, {"status__exact": "failed"})

    assert response.status_code == 200
    # The error is shortened to 80 characters in the list.
    shortened = f"SMTPException('{LONG_ERROR}')"[:79] + "…"
    # Times in the staff member's zone (New York): 12:00 UTC is 7 a.m.
    assert result_rows(response) == [
        [
            "Meeting confirmed",
            "Sophie Student",
            "Failed",
            "March 2, 2026, 7 a.m.",
            "1",
            "-",
            shortened,
        ],
        [
            "Meeting confirmed",
            "Maria Mentor",
            "Failed",
            "March 2, 2026, 7 a.m.",
            "1",
            "-",
            shortened,
        ],
    ]
    assert selected_ids(response) == [str(failed[0].pk), str(failed[1].pk)]


def test_the_status_filter_lists_exactly_the_rows_in_that_state(client_for, superuser, failed):
    response = client_for(superuser).get(OUTBOX, {"status__exact": "queued"})

    assert [row[:4] for row in result_rows(response)] == [
        ["Reminder before a meeting", "Sophie Student", "Queued", "March 4, 2026, 10 a.m."],
        ["Reminder before a meeting", "Maria Mentor", "Queued", "March 4, 2026, 10 a.m."],
        # Asked of both at the meeting's end (15:30 UTC).
        ["Did the meeting happen?", "Sophie Student", "Queued", "March 5, 2026, 10:30 a.m."],
        ["Did the meeting happen?", "Maria Mentor", "Queued", "March 5, 2026, 10:30 a.m."],
        ["Thank-you reminder", "Sophie Student", "Queued", "March 5, 2026, 12:30 p.m."],
        ["Second thank-you reminder", "Sophie Student", "Queued", "March 7, 2026, 10:30 a.m."],
    ]


def test_staff_find_a_person_s_notifications_by_email(client_for, superuser, failed, mentor):
    response = client_for(superuser).get(OUTBOX, {"q": mentor.email})

    assert [row[:3] for row in result_rows(response)] == [
        ["New request", "Maria Mentor", "Cancelled"],
        ["Meeting confirmed", "Maria Mentor", "Failed"],
        ["Reminder before a meeting", "Maria Mentor", "Queued"],
        ["Reminder of an unanswered request", "Maria Mentor", "Cancelled"],
        ["Did the meeting happen?", "Maria Mentor", "Queued"],
        ["Reminder of an unanswered request", "Maria Mentor", "Cancelled"],
    ]


def test_retry_sends_failed_rows_back_to_the_queue_and_says_how_many(client_for, superuser, failed):
    retried_at = NOW + timedelta(hours=1)

    with time_machine.travel(retried_at, tick=False):
        response = client_for(superuser).post(
            f"{OUTBOX}?status__exact=failed",
            {"action": "retry", "_selected_action": [failed[0].pk, failed[1].pk]},
            follow=True,
        )

    assert response.redirect_chain == [(f"{OUTBOX}?status__exact=failed", 302)]
    assert shown_messages(response) == [("success", "2 notifications went back to the queue.")]
    # The failed list the staff member comes back to is empty now.
    assert page(response).find_all(id="result_list") == []
    assert page(response).one("p", class_="paginator").text == "0 notifications"
    assert list(
        Notification.objects.filter(pk__in=[n.pk for n in failed])
        .order_by("pk")
        .values_list("status", "attempts", "due_at", "claim_token")
    ) == [(S.QUEUED, 0, retried_at, ""), (S.QUEUED, 0, retried_at, "")]
    # The next sweep sends them.
    assert delivery.send_due(now=retried_at) == 2


def test_retry_leaves_selected_rows_that_had_not_failed_alone(client_for, superuser, failed):
    queued = Notification.objects.get(kind=K.MEETING_REMINDER, recipient=failed[0].recipient)
    sent_nothing = Notification.objects.get(kind=K.NEW_REQUEST)

    response = client_for(superuser).post(
        OUTBOX,
        {"action": "retry", "_selected_action": [failed[0].pk, queued.pk, sent_nothing.pk]},
        follow=True,
    )

    assert shown_messages(response) == [
        ("success", "1 notification went back to the queue."),
        ("warning", "2 selected notifications had not failed and were left alone."),
    ]
    assert list(
        Notification.objects.filter(pk__in=[failed[0].pk, failed[1].pk, queued.pk, sent_nothing.pk])
        .order_by("pk")
        .values_list("kind", "status", "due_at")
    ) == [
        (K.NEW_REQUEST, S.CANCELLED, NOW),
        (K.MEETING_CONFIRMED, S.QUEUED, Notification.objects.get(pk=failed[0].pk).due_at),
        (K.MEETING_CONFIRMED, S.FAILED, NOW),
        (K.MEETING_REMINDER, S.QUEUED, datetime(2026, 3, 4, 15, 0, tzinfo=UTC)),
    ]


def test_retry_with_nothing_failed_selected_warns(client_for, superuser, failed):
    queued = Notification.objects.get(kind=K.MEETING_REMINDER, recipient=failed[0].recipient)

    response = client_for(superuser).post(
        OUTBOX, {"action": "retry", "_selected_action": [queued.pk]}, follow=True
    )

    assert shown_messages(response) == [
        ("warning", "0 notifications went back to the queue."),
        ("warning", "1 selected notification had not failed and was left alone."),
    ]


def test_the_outbox_is_read_only_in_the_admin(client_for, superuser, failed):
    client = client_for(superuser)
    detail = f"{OUTBOX}{failed[0].pk}/change/"

    response = client.get(detail)
    assert response.status_code == 200
    assert page(response).find_all("input", name="_save") == []
    assert client.post(detail, {"status": "sent"}).status_code == 403
    assert client.get(f"{OUTBOX}add/").status_code == 403
    assert client.get(f"{OUTBOX}{failed[0].pk}/delete/").status_code == 403
    failed[0].refresh_from_db()
    assert failed[0].status == S.FAILED


def test_staff_who_may_only_view_the_outbox_get_no_retry_action(client_for, failed):
    viewer = AdvisorFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_notification"))

    response = client_for(viewer).get(OUTBOX)
    assert response.status_code == 200
    assert page(response).find_all("select", name="action") == []

    client_for(viewer).post(OUTBOX, {"action": "retry", "_selected_action": [failed[0].pk]})
    failed[0].refresh_from_db()
    assert failed[0].status == S.FAILED


@pytest.mark.parametrize("who", ["student", "mentor", "anonymous"])
def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, client_for, failed, who):
    visitor = (
        client
        if who == "anonymous"
        else client_for(StudentFactory() if who == "student" else MentorFactory())
    )

    response = visitor.get(OUTBOX)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/login/?next={OUTBOX}",
    )
    response = visitor.post(OUTBOX, {"action": "retry", "_selected_action": [failed[0].pk]})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/login/?next={OUTBOX}",
    )
    failed[0].refresh_from_db()
    assert failed[0].status == S.FAILED


@pytest.mark.parametrize("meetings", [1, 3])
def test_the_outbox_list_takes_the_same_queries_however_many_rows(
    client_for, superuser, django_assert_num_queries, meetings
):
    for _ in range(meetings):
        confirm_and_fail(StudentFactory(), MentorFactory())
    client = client_for(superuser)

    with django_assert_num_queries(8):
        response = client.get(OUTBOX, {"status__exact": "failed"})

    assert len(result_rows(response)) == 2 * meetings


def test_staff_see_people_s_email_preferences_read_only(client_for, superuser, student):
    set_optional_email(student, OptionalEmail.MEETING_REMINDERS, wanted=False)
    client = client_for(superuser)

    response = client.get("/admin/interviews/notificationpreferences/")

    assert [row[:4] for row in result_rows(response)] == [
        ["Sophie Student", "True", "False", "True"]
    ]
    assert client.get("/admin/interviews/notificationpreferences/add/").status_code == 403


# --- /healthz ------------------------------------------------------------------------


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert isinstance(body.pop("checked_in_ms"), float)
    return response.status_code, body


@pytest.fixture
def closed_port():
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_at(monkeypatch):
    """Point the Celery app at another broker for one test."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    original = celery_app.conf.broker_url

    def point(url: str):
        celery_app.conf.broker_url = url

    yield point
    celery_app.conf.broker_url = original


def test_healthz_reports_ok_when_everything_works(client, db):
    assert health(client) == (
        200,
        {
            "status": "ok",
            "database": "ok",
            "broker": "ok",
            "outbox_lag_seconds": 0.0,
            "outbox_lag_alert_seconds": 600,
        },
    )


def test_healthz_is_never_cached_and_only_reads(client, db):
    response = client.get("/healthz")

    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_healthz_reports_an_unreachable_broker(client, db, broker_at, closed_port):
    broker_at(f"redis://127.0.0.1:{closed_port}/0")

    assert health(client) == (
        503,
        {
            "status": "unhealthy",
            "database": "ok",
            "broker": "unreachable",
            "outbox_lag_seconds": 0.0,
            "outbox_lag_alert_seconds": 600,
        },
    )


def test_healthz_is_ok_again_once_the_broker_is_back(client, db, broker_at, closed_port):
    original = celery_app.conf.broker_url
    broker_at(f"redis://127.0.0.1:{closed_port}/0")
    assert health(client)[0] == 503

    broker_at(original)
    assert health(client)[0] == 200


def test_healthz_reports_an_outbox_that_lags_with_the_exact_lag(client, student, mentor):
    builders.confirm(student, mentor, now=NOW)  # two confirmations due at NOW, never sent

    with time_machine.travel(NOW + timedelta(hours=3, seconds=1.5), tick=False):
        assert health(client) == (
            503,
            {
                "status": "unhealthy",
                "database": "ok",
                "broker": "ok",
                "outbox_lag_seconds": 10801.5,
                "outbox_lag_alert_seconds": 600,
            },
        )


def test_healthz_tolerates_a_lag_up_to_the_alert_threshold(client, student, mentor):
    builders.confirm(student, mentor, now=NOW)

    with time_machine.travel(NOW + timedelta(seconds=600), tick=False):
        at_threshold = health(client)
    with time_machine.travel(NOW + timedelta(seconds=600.1), tick=False):
        past_threshold = health(client)

    assert (at_threshold[0], at_threshold[1]["status"], at_threshold[1]["outbox_lag_seconds"]) == (
        200,
        "ok",
        600.0,
    )
    assert (past_threshold[0], past_threshold[1]["outbox_lag_seconds"]) == (503, 600.1)


@override_settings(OUTBOX_LAG_ALERT_SECONDS=60)
def test_the_lag_threshold_is_a_setting(client, student, mentor):
    builders.confirm(student, mentor, now=NOW)

    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        status, body = health(client)

    assert (status, body["outbox_lag_seconds"], body["outbox_lag_alert_seconds"]) == (503, 61.0, 60)


def test_healthz_is_lag_free_once_the_due_rows_are_sent(client, student, mentor):
    builders.confirm(student, mentor, now=NOW)
    delivery.send_due(now=NOW + timedelta(seconds=5))

    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        status, body = health(client)

    assert (status, body["status"], body["outbox_lag_seconds"]) == (200, "ok", 0.0)


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_over_plain_http_where_pages_redirect_to_https(client, db):
    login = client.get("/accounts/login/")
    assert (login.status_code, login["Location"]) == (301, "https://testserver/accounts/login/")

    assert health(client)[0] == 200
