"""The embedded mode's mailbox: every outgoing message becomes one .eml file.

Django's file backend appends all messages of a connection to one log file;
one file per message lets the in-browser mailbox (careerconnect.mailbox_views)
list, show and download each message as it was sent.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

BACKEND = "careerconnect.mailbox.MailboxBackend"


def mailbox_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def mailbox_enabled() -> bool:
    """Only in development with mail going to this backend (checked live, so that a
    settings module that swaps EMAIL_BACKEND also closes the mailbox)."""
    return bool(
        settings.DEBUG and settings.DEV_MAILBOX_ENABLED and settings.EMAIL_BACKEND == BACKEND
    )


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(message.message().as_bytes(linesep="\r\n"))
            # Readers never see a half-written file.
            temporary.rename(path)
            sent += 1
        return sent
