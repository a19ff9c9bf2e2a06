"""The in-browser mailbox of the embedded mode (404 in every other mode)."""

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

from django.http import Http404, HttpResponse
from django.shortcuts import render

from .mailbox import mailbox_dir, mailbox_enabled

MESSAGE_NAME = re.compile(r"^[0-9T]+-[0-9a-f]{8}$")
PAGE_SIZE = 100
# Sign-up confirmations and password resets land here: only the developer at
# this machine may read them, even if the dev server listens more widely.
LOOPBACK = {"127.0.0.1", "::1"}


def _require_mailbox(request) -> None:
    if not mailbox_enabled() or request.META.get("REMOTE_ADDR") not in LOOPBACK:
        raise Http404("The mailbox exists only in the embedded development mode.")


def _message_path(name: str) -> Path:
    if not MESSAGE_NAME.match(name):
        raise Http404("No such message.")
    path = mailbox_dir() / f"{name}.eml"
    if not path.is_file():
        raise Http404("No such message.")
    return path


def _parse(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        return email.message_from_binary_file(handle, policy=email.policy.default)


def _parts(message: EmailMessage) -> list[dict]:
    parts = []
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        parts.append(
            {
                "index": index,
                "content_type": part.get_content_type(),
                "filename": part.get_filename() or "",
                "is_attachment": part.get_content_disposition() == "attachment",
            }
        )
    return parts


def mailbox_index(request):
    _require_mailbox(request)
    folder = mailbox_dir()
    paths = sorted(folder.glob("*.eml"), reverse=True)[:PAGE_SIZE] if folder.is_dir() else []
    messages = []
    for path in paths:
        parsed = _parse(path)
        messages.append(
            {
                "name": path.stem,
                "subject": parsed.get("Subject", ""),
                "to": parsed.get("To", ""),
                "date": parsed.get("Date", ""),
            }
        )
    return render(request, "mailbox/index.html", {"mail_messages": messages})


def mailbox_message(request, name: str):
    _require_mailbox(request)
    parsed = _parse(_message_path(name))
    text_part = parsed.get_body(preferencelist=("plain",))
    return render(
        request,
        "mailbox/message.html",
        {
            "name": name,
            "headers": [(key, str(value)) for key, value in parsed.items()],
            "text_body": text_part.get_content() if text_part else "",
            "has_html": parsed.get_body(preferencelist=("html",)) is not None,
            "parts": _parts(parsed),
        },
    )


def mailbox_part(request, name: str, index: int):
    """One MIME part as sent: the HTML body, an invite, an attachment."""
    _require_mailbox(request)
    parsed = _parse(_message_path(name))
    parts = list(parsed.walk())
    if index >= len(parts) or parts[index].is_multipart():
        raise Http404("No such part.")
    part = parts[index]
    content = part.get_payload(decode=True) or b""
    content_type = part.get_content_type()
    if content_type not in {"text/plain", "text/html", "text/calendar"}:
        content_type = "application/octet-stream"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    # An email's HTML is someone else's markup: show it sandboxed, never as a
    # page of this site that could run script or submit forms.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    )
    if part.get_filename():
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", part.get_filename())
        response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response


def mailbox_raw(request, name: str):
    _require_mailbox(request)
    path = _message_path(name)
    response = HttpResponse(path.read_bytes(), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="{name}.eml"'
    return response
