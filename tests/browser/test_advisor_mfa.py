"""An advisor signs in with a second factor, filters the dashboard by a major and downloads the CSV.

MFA_REQUIRED is on here (the suite's default is off). The authenticator
codes are computed by the test from the secret, as a phone app would.
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from interviews.domain.analytics.export import HEADER
from tests import builders
from tests.factories import PASSWORD, AdvisorFactory, MentorFactory, StudentFactory, major
from tests.mfa.helpers import give_authenticator, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(300),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def csp_reports(page) -> list[str]:
    """Console messages the browser writes when the Content-Security-Policy blocks something."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def sign_in_with_password(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def sent_figure(page):
    return page.locator("#figures dt", has_text=re.compile(r"^Sent$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def test_advisor_signs_in_with_a_code_filters_by_major_and_downloads_the_csv(
    live_server, open_page, axe_audit, mfa_required
):
    base = live_server.url
    advisor = AdvisorFactory(email="avery@example.edu", first_name="Avery", last_name="Advisor")
    secret = give_authenticator(advisor)
    computer_science, history = major("computer-science"), major("history")
    coder = StudentFactory(first_name="Cora", last_name="Coder")
    coder.student_profile.majors.set([computer_science])
    historian = StudentFactory(first_name="Hal", last_name="Historian")
    historian.student_profile.majors.set([history])
    maria, omar = MentorFactory(first_name="Maria"), MentorFactory(first_name="Omar")
    coder_requests = {builders.send(coder, maria).pk, builders.send(coder, omar).pk}
    builders.send(historian, maria)

    page = open_page("America/New_York")
    blocked = csp_reports(page)
    sign_in_with_password(page, base, advisor.email)

    expect(page).to_have_url(base + "/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    axe_audit.scan(page, "second factor at sign-in")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))

    page.goto(base + reverse("advisor_dashboard"))
    expect(sent_figure(page)).to_have_text("3")
    page.get_by_label("Student major").select_option(label=computer_science.name)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"[?&]major={computer_science.pk}(&|$)"))
    expect(sent_figure(page)).to_have_text("2")
    axe_audit.scan(page, "dashboard filtered by a major")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    content = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))

    assert rows[0][:3] == ["request_id", "sent_at", "status"]
    assert rows[0] == HEADER
    assert len(rows) == 1 + 2
    assert {int(row[0]) for row in rows[1:]} == coder_requests
    assert blocked == []
    assert axe_audit.violations == [], axe_audit.report()


def test_advisor_sets_up_the_app_from_the_qr_page_under_the_csp(
    live_server, open_page, axe_audit, mfa_required
):
    base = live_server.url
    advisor = AdvisorFactory(email="new.advisor@example.edu")

    page = open_page("America/New_York")
    blocked = csp_reports(page)
    sign_in_with_password(page, base, advisor.email)
    page.goto(base + reverse("advisor_requests"))
    # The set-up first asks for the password again (allauth's reauthentication).
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(base + "/accounts/2fa/totp/activate/")
    qr_code = page.get_by_role(
        "img", name="QR code for your authenticator app (the same key is written out below)"
    )
    expect(qr_code).to_be_visible()
    # Drawn: the data: URI passed the Content-Security-Policy.
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0") is True
    axe_audit.scan(page, "authenticator set-up")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(base + "/accounts/2fa/recovery-codes/")
    codes = page.get_by_label("Unused codes").input_value().split()
    assert len(codes) == 10
    axe_audit.scan(page, "recovery codes")
    page.goto(base + reverse("advisor_requests"))
    expect(page).to_have_url(base + reverse("advisor_requests"))
    assert blocked == []
    assert axe_audit.violations == [], axe_audit.report()
