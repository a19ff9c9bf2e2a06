"""Small readers for the pages and emails of the account flows."""

import html
import re

from django.contrib.messages import get_messages

from interviews.domain.program import get_program_settings

PASSWORD = "a-long-test-password"


def signup_data(**overrides) -> dict:
    data = {
        "role": "student",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.edu",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "Europe/Berlin",
    }
    data.update(overrides)
    return data


def allow_student_domains(*domains: str) -> None:
    program = get_program_settings()
    program.allowed_student_email_domains = "\n".join(domains)
    program.save(update_fields=["allowed_student_email_domains"])


def link_path(message) -> str:
    """The one site link of an allauth email, as a path the test client can open."""
    links = re.findall(r"http://testserver(/accounts/\S+)", message.body)
    assert len(links) == 1, links
    return links[0]


def page_title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return html.unescape(" ".join(match.group(1).split()))


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def alert_texts(response) -> list[str]:
    """Text of the alerts (messages and form summaries) on a rendered page."""
    found = re.findall(
        r'<div class="alert[^"]*"[^>]*>(.*?)</div>', response.content.decode(), flags=re.S
    )
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", text).split())) for text in found]


def checked_radio(response, name: str) -> list[str]:
    inputs = re.findall(r"<input[^>]*>", response.content.decode())
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if f'name="{name}"' in tag and re.search(r"\bchecked\b", tag)
    ]


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")
