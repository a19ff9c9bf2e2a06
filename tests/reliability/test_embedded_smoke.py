"""`make run`'s stack end to end: a real worker on the file-system broker mails an invite.

Everything runs as `make run` runs it, in separate processes sharing one
VAR_DIR: the embedded SQLite database (a file, with the WAL and busy-timeout
options of the embedded settings — DATABASE_URL is not set), kombu's
file-system broker and the mailbox email backend writing .eml files. The
test migrates that database, starts `celery worker --beat`, confirms a
meeting from a third process (the web process's part) and polls, bounded,
for both confirmations in the mailbox. It needs no test database of its own,
so it runs in both the SQLite and the PostgreSQL pass.
"""

import json
import subprocess
import sys
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from icalendar import Calendar

from .support import BASE_DIR, ProcessGroup, base_env, log_tail, wait_until, worker_argv

pytestmark = [pytest.mark.timeout(180)]
STEP_TIMEOUT = 90


def run(env: dict[str, str], *argv: str) -> str:
    result = subprocess.run(
        [sys.executable, *argv],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def mailbox(var_dir: Path) -> list:
    # The backend writes each message to a .tmp file and renames it: an .eml is complete.
    return [
        message_from_bytes(path.read_bytes(), policy=default_policy)
        for path in sorted((var_dir / "mail").glob("*.eml"))
    ]


def test_embedded_stack_mails_both_confirmations_with_their_invite(tmp_path):
    var_dir = tmp_path / "var"
    # DEBUG=1 as `make run` sets it; no DATABASE_URL, broker or email settings.
    env = base_env(tmp_path, DEBUG="1", VAR_DIR=str(var_dir))
    # Migrating first also creates the development SECRET_KEY file the other
    # processes then read (two processes creating it at once would race).
    run(env, "manage.py", "migrate", "--no-input", "--verbosity=0")
    worker = ProcessGroup(
        worker_argv(var_dir, concurrency=1, name="embedded"),
        env=env,
        log_path=tmp_path / "worker.log",
        cwd=BASE_DIR,
    )
    try:
        expected = json.loads(run(env, "-m", "tests.reliability.embedded_confirm"))
        assert len(expected) == 2

        wait_until(
            lambda: len(mailbox(var_dir)) >= 2,
            what="both confirmations in the mailbox",
            timeout=60,
            alive=worker.require_running,
            state=lambda: (
                f"{len(mailbox(var_dir))} messages, worker log:\n{log_tail(worker.log_path)}"
            ),
        )
    finally:
        worker.stop()

    messages = mailbox(var_dir)
    received = {message["To"].addresses[0].addr_spec: message["Message-ID"] for message in messages}
    assert received == expected
    for message in messages:
        [calendar_part] = [
            part for part in message.walk() if part.get_content_type() == "text/calendar"
        ]
        assert calendar_part.get_param("method") == "REQUEST"
        calendar = Calendar.from_ical(calendar_part.get_content())
        assert calendar["METHOD"] == "REQUEST"
        assert len(calendar.walk("VEVENT")) == 1
