"""Our own rate limits, beside allauth's: writing requests and email links."""

from django.urls import reverse

from interviews.domain.links import accept_token
from tests import builders
from tests.views.support import db_snapshot


def preview(browser, mentor):
    return browser.post(reverse("request_new", args=[mentor.pk]), {"step": "preview"})


def test_previews_and_sends_are_limited_per_person(student, mentor, client_for):
    browser = client_for(student)
    before = db_snapshot()

    answers = [preview(browser, mentor).status_code for _ in range(61)]

    # 60 an hour (each one a form with errors), then "too many".
    assert answers[:60] == [400] * 60
    assert answers[60] == 429
    assert db_snapshot() == before


def test_opening_the_form_is_not_limited(student, mentor, client_for):
    browser = client_for(student)
    for _ in range(60):
        preview(browser, mentor)

    assert browser.get(reverse("request_new", args=[mentor.pk])).status_code == 200


def test_email_links_are_limited_per_address(student, mentor, client):
    request = builders.send(student, mentor)
    token = accept_token(
        request_id=request.pk, slot_id=builders.first_slot(request).pk, version=request.version
    )
    link = reverse("accept_from_email", args=[token])

    answers = [client.get(link).status_code for _ in range(31)]

    assert answers[:30] == [200] * 30
    assert answers[30] == 429
