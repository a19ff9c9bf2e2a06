"""Real services for the reliability tests: an SMTP server, Redis, Celery workers.

Every process is started in its own session (so in its own process group) and
stopped by killing that group: a worker's pool children and embedded beat go
with it. Waiting is always a bounded poll with a deadline, never a bare sleep.
Process output goes to a log file under the test's tmp_path; a failed wait
shows its tail.
"""

import asyncio
import contextlib
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
IN_CI = os.environ.get("CI", "").lower() == "true"
# How long one wait may take before the test fails (each test also has a timeout).
DEADLINE = 120.0
POLL_INTERVAL = 0.2
STOP_TIMEOUT = 20.0


def require_binary(name: str, *, package: str) -> str:
    """The binary's path; a missing one fails under CI and skips elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian package: {package})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], bool],
    *,
    what: str,
    timeout: float = DEADLINE,
    alive: Callable[[], None] | None = None,
    state: Callable[[], str] | None = None,
) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds.

    `alive`, when given, is checked on every round so that a crashed process
    fails the test at once instead of at the deadline; `state` describes what
    was reached when the wait gives up.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if alive is not None:
            alive()
        if time.monotonic() > deadline:
            reached = f" (reached: {state()})" if state is not None else ""
            pytest.fail(f"Gave up after {timeout:.0f} s waiting for {what}{reached}")
        time.sleep(POLL_INTERVAL)


def log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class ProcessGroup:
    """A command started in a new session; stop() ends its whole process group."""

    def __init__(self, argv: list[str], *, env: dict[str, str], log_path: Path, cwd: Path):
        self.argv = argv
        self.log_path = log_path
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # In a new session the leader's pid is the group id.
        self.pgid = self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def require_running(self) -> None:
        if not self.running():
            pytest.fail(
                f"{self.argv[:6]} exited with {self.process.returncode}:\n{log_tail(self.log_path)}"
            )

    def group_gone(self) -> bool:
        """No live process is left in the group (zombies awaiting their reaper are dead)."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # "pid (comm) state ppid pgrp ...": comm may contain spaces.
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended while we looked
                continue
            if int(fields[2]) == self.pgid and fields[0] != "Z":
                return False
        return True

    def kill(self) -> None:
        """SIGKILL to every process of the group; returns once all are gone."""
        self._signal(signal.SIGKILL)
        self._reap(STOP_TIMEOUT)

    def stop(self) -> None:
        """SIGTERM (a warm shutdown), a bounded wait, then SIGKILL."""
        self._signal(signal.SIGTERM)
        try:
            self._reap(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signum)

    def _reap(self, timeout: float) -> None:
        self.process.wait(timeout=timeout)
        # The leader is gone; its children (the pool, beat) must be too.
        deadline = time.monotonic() + timeout
        while not self.group_gone():
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.argv, timeout)
            time.sleep(POLL_INTERVAL)


@dataclass(frozen=True)
class Received:
    """One message as the SMTP server got it: its bytes and the headers we count by."""

    envelope_to: tuple[str, ...]
    raw: bytes
    message_id: str
    to: str

    @classmethod
    def parse(cls, envelope_to, raw: bytes) -> "Received":
        headers = BytesHeaderParser(policy=default_policy).parsebytes(raw)
        [address] = headers["To"].addresses
        return cls(tuple(envelope_to), raw, str(headers["Message-ID"]), address.addr_spec)

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=default_policy)

    @property
    def calendar_methods(self) -> list[str]:
        """The iTIP method of each text/calendar part (an invite has exactly one)."""
        return [
            part.get_param("method")
            for part in self.message.walk()
            if part.get_content_type() == "text/calendar"
        ]


class SmtpSink:
    """A real SMTP server (aiosmtpd) in this process; records every message's bytes.

    hold_replies() turns it into a server whose answers get lost: each message
    after that is stored, but the "250 accepted" reply waits until
    release_replies(). A sender killed meanwhile has delivered the message
    without knowing it — the one case where a resend makes a duplicate.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._messages: list[Received] = []
        self._held: list[Received] = []
        self._holding = False
        self._release: asyncio.Event | None = None
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        received = Received.parse(envelope.rcpt_tos, bytes(envelope.content))
        with self._lock:
            self._messages.append(received)
            hold = self._holding
            if hold:
                self._held.append(received)
        if hold:
            await self._release.wait()
        return "250 Message accepted for delivery"

    def hold_replies(self) -> None:
        self._release = asyncio.Event()
        with self._lock:
            self._holding = True

    def release_replies(self) -> None:
        with self._lock:
            self._holding = False
        if self._release is not None:
            self.controller.loop.call_soon_threadsafe(self._release.set)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)

    def held(self) -> list[Received]:
        """The messages stored while replies were held (their senders got no answer)."""
        with self._lock:
            return list(self._held)

    def count(self) -> int:
        with self._lock:
            return len(self._messages)

    def message_id_counts(self) -> Counter:
        return Counter(message.message_id for message in self.messages())

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.release_replies()
        self.controller.stop()


class RedisServer:
    """A private redis-server on a free port, persistence off: a restart loses everything."""

    def __init__(self, tmp_path: Path):
        self.binary = require_binary("redis-server", package="redis-server")
        self.port = free_port()
        self.dir = tmp_path / "redis"
        self.dir.mkdir()
        self.group: ProcessGroup | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        argv = [
            self.binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.dir),
        ]
        self.group = ProcessGroup(
            argv, env={"PATH": os.environ["PATH"]}, log_path=self.dir / "redis.log", cwd=self.dir
        )
        wait_until(
            self.answers, what="redis-server to answer PING", alive=self.group.require_running
        )

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64) == b"+PONG\r\n"
        except OSError:
            return False

    def queued(self, queue: str = "celery") -> int:
        """Messages waiting in a queue (a Redis list), read with the raw protocol."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
            sock.sendall(f"LLEN {queue}\r\n".encode())
            reply = sock.recv(64)
        assert reply.startswith(b":"), reply
        return int(reply[1:].strip())

    def kill(self) -> None:
        assert self.group is not None
        self.group.kill()

    def stop(self) -> None:
        if self.group is not None:
            self.group.kill()


def database_url() -> str:
    """The URL of the database this test runs on (the test database)."""
    from django.db import connection

    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_argv(tmp_path: Path, *, concurrency: int, name: str) -> list[str]:
    """The worker `make run` and docker-compose start, with its beat embedded."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "careerconnect",
        "worker",
        "--beat",
        f"--concurrency={concurrency}",
        "--loglevel=INFO",
        f"--hostname={name}@%h",
        f"--schedule={tmp_path / 'celerybeat-schedule'}",
        # No other workers to synchronize with: start without waiting for them.
        "--without-mingle",
        "--without-gossip",
    ]


def base_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """A clean environment: nothing leaks in from the test process (DATABASE_URL…)."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "careerconnect.settings",
        **variables,
    }
