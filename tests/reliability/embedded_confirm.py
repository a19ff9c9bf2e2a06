"""Confirm one meeting on the embedded stack (used by test_embedded_smoke.py).

Run as `python -m tests.reliability.embedded_confirm` with the embedded
stack's environment (DEBUG=1, VAR_DIR): it plays the web process of `make run`,
confirming a request through the domain on the stack's own SQLite file, so the
on-commit kicks go to the file-system broker the worker reads. It prints, as
JSON, each person's address and the Message-ID their confirmation must carry.
"""

import json

import django


def main() -> None:
    django.setup()
    from django.db import transaction

    from interviews.domain import delivery
    from interviews.enums import NotificationKind
    from interviews.models import Notification
    from tests import builders
    from tests.factories import MentorFactory, StudentFactory

    student = StudentFactory(first_name="Sophie", last_name="Student")
    mentor = MentorFactory(first_name="Maria", last_name="Mentor")
    # Sent and accepted in one commit: the "new request" email is superseded
    # at once, so the confirmations are the only emails this makes.
    with transaction.atomic():
        request = builders.confirm(student, mentor)
    rows = Notification.objects.filter(kind=NotificationKind.MEETING_CONFIRMED, request=request)
    print(json.dumps({row.recipient.email: delivery.message_id(row) for row in rows}))


if __name__ == "__main__":
    main()
