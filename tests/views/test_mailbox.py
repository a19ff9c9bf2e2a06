"""The in-browser mailbox of the embedded mode (/dev/mailbox/).

It exists only with DEBUG on and mail going to careerconnect's mailbox
backend; anywhere else every one of its URLs is a 404. Messages are real
files written by the backend through django.core.mail.
"""

import email
import email.policy

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.views.support import csp_directives, main, page

MAILBOX_BACKEND = "careerconnect.mailbox.MailboxBackend"
TEXT_BODY = "Hello Maria,\n\nSophie asks for a conversation.\n"
HTML_BODY = "<p>Hello Maria,</p><p>Sophie asks for a <strong>conversation</strong>.</p>"
ATTACHMENT = b"1. What surprised you most?\n2. What would you do again?\n"


@pytest.fixture
def mailbox_on(tmp_path, settings):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = MAILBOX_BACKEND
    settings.DEV_MAILBOX_ENABLED = True
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def send_one(subject="A request from Sophie Student") -> None:
    """Send a message with a text body, an HTML alternative and an attachment."""
    message = mail.EmailMultiAlternatives(
        subject=subject,
        body=TEXT_BODY,
        from_email="careers@example.edu",
        to=["maria@example.com"],
    )
    message.attach_alternative(HTML_BODY, "text/html")
    message.attach("questions.txt", ATTACHMENT, "text/plain")
    assert message.send() == 1


def names(folder) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.eml"))


def test_the_backend_writes_one_eml_file_per_message(mailbox_on):
    send_one()
    send_one("Another one")

    assert len(names(mailbox_on)) == 2
    assert list(mailbox_on.glob("*.tmp")) == []


def test_index_lists_the_messages_newest_first(mailbox_on, client):
    send_one("First message")
    send_one("Second message")

    response = client.get(reverse("mailbox"))

    assert response.status_code == 200
    links = [
        (a.attrs["href"], a.text)
        for a in main(response).find_all("a")
        if a.attrs["href"].startswith("/dev/mailbox/")
    ]
    newest, oldest = reversed(names(mailbox_on))
    assert [href for href, _text in links] == [
        reverse("mailbox_message", args=[newest]),
        reverse("mailbox_message", args=[oldest]),
    ]
    assert [text for _href, text in links] == ["Second message", "First message"]


def test_message_page_shows_the_text_body_and_lists_the_parts(mailbox_on, client):
    send_one()
    (name,) = names(mailbox_on)

    response = client.get(reverse("mailbox_message", args=[name]))

    assert response.status_code == 200
    assert main(response).one("div", class_="mailbox-body").raw_text == TEXT_BODY
    parts = [(a.attrs["href"], a.text) for a in main(response).one("ul").find_all("a")]
    assert parts == [
        (reverse("mailbox_part", args=[name, 2]), "text/plain"),
        (reverse("mailbox_part", args=[name, 3]), "text/html"),
        (reverse("mailbox_part", args=[name, 4]), "text/plain (questions.txt)"),
        (reverse("mailbox_raw", args=[name]), "The whole message (.eml)"),
    ]


def _part_index(folder, name, content_type: str, filename: str | None = None) -> int:
    parsed = email.message_from_bytes(
        (folder / f"{name}.eml").read_bytes(), policy=email.policy.default
    )
    for index, part in enumerate(parsed.walk()):
        if part.get_content_type() == content_type and part.get_filename() == filename:
            return index
    raise AssertionError(f"no {content_type} part")


def test_html_part_is_served_sandboxed(mailbox_on, client):
    send_one()
    (name,) = names(mailbox_on)
    index = _part_index(mailbox_on, name, "text/html")

    response = client.get(reverse("mailbox_part", args=[name, index]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == HTML_BODY
    directives = csp_directives(response)
    assert directives["sandbox"] == ""
    assert directives["default-src"] == "'none'"


def test_attachment_downloads_with_its_name_and_bytes(mailbox_on, client):
    send_one()
    (name,) = names(mailbox_on)
    index = _part_index(mailbox_on, name, "text/plain", "questions.txt")

    response = client.get(reverse("mailbox_part", args=[name, index]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="questions.txt"'
    assert response.content == ATTACHMENT


def test_raw_message_downloads_as_eml(mailbox_on, client):
    send_one()
    (name,) = names(mailbox_on)

    response = client.get(reverse("mailbox_raw", args=[name]))

    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == f'attachment; filename="{name}.eml"'
    assert response.content == (mailbox_on / f"{name}.eml").read_bytes()


@pytest.mark.parametrize(
    "bad_name",
    [
        "no-such-message",
        "20260301T100000000000-0123abcd",
        "20260301T1000-ZZZZZZZZ",
        "..%2F..%2Fetc",
    ],
)
@pytest.mark.parametrize("view", ["mailbox_message", "mailbox_raw"])
def test_a_bad_message_name_is_a_404(mailbox_on, client, bad_name, view):
    send_one()

    response = client.get(reverse(view, args=[bad_name]))

    assert response.status_code == 404


def test_a_part_that_does_not_exist_is_a_404(mailbox_on, client):
    send_one()
    (name,) = names(mailbox_on)

    beyond = client.get(reverse("mailbox_part", args=[name, 99]))
    container = client.get(reverse("mailbox_part", args=[name, 0]))

    assert (beyond.status_code, container.status_code) == (404, 404)


OFF = {
    "debug_off": {"DEBUG": False},
    "smtp_backend": {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
    "locmem_backend": {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.mark.parametrize("override", OFF.values(), ids=OFF.keys())
def test_the_mailbox_does_not_exist_outside_the_embedded_mode(mailbox_on, client, override):
    send_one()
    (name,) = names(mailbox_on)
    urls = [
        reverse("mailbox"),
        reverse("mailbox_message", args=[name]),
        reverse("mailbox_part", args=[name, 2]),
        reverse("mailbox_raw", args=[name]),
    ]

    with override_settings(**override):
        statuses = [client.get(url).status_code for url in urls]

    assert statuses == [404, 404, 404, 404]


def test_the_mailbox_link_shows_only_in_the_embedded_mode(mailbox_on, client, settings):
    on = client.get(reverse("home"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    off = client.get(reverse("home"))

    def mailbox_links(response):
        header = page(response).one("header")
        nav = [a for a in header.find_all("a") if a.attrs["href"] == reverse("mailbox")]
        return [a.text for a in nav]

    assert mailbox_links(on) == ["Mailbox (development)"]
    assert mailbox_links(off) == []


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.20", "2001:db8::1"])
def test_the_mailbox_is_only_for_the_machine_itself(mailbox_on, client, address):
    """Confirmation and reset links land here: nobody on the network may read them."""
    send_one()
    name = names(mailbox_on)[0]

    pages = [
        reverse("mailbox"),
        reverse("mailbox_message", args=[name]),
        reverse("mailbox_raw", args=[name]),
    ]

    assert [client.get(page, REMOTE_ADDR=address).status_code for page in pages] == [404] * 3
    assert client.get(reverse("mailbox"), REMOTE_ADDR="127.0.0.1").status_code == 200
