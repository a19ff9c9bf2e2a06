"""`make run`: the whole embedded stack in one terminal.

Migrates the SQLite database, loads the demo data into an empty one, then
runs the web server beside a real Celery worker with beat, all sharing the
file-system broker under var/. Ctrl-C stops every process it started.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from interviews.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD

DEMO_LOGINS = [
    ("Student", f"student@{DEMO_DOMAIN}"),
    ("Mentor (Berlin)", f"maria@{DEMO_DOMAIN}"),
    ("Career advisor", f"advisor@{DEMO_DOMAIN}"),
]


class Command(BaseCommand):
    help = "Run the embedded stack: web server, Celery worker and beat (development)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        if not settings.DEBUG:
            raise CommandError("run_embedded is for development; set DEBUG=1 (make run does).")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", if_empty=True)

        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        environment = {**os.environ, "DEBUG": "1"}
        processes = [
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "careerconnect",
                    "worker",
                    "--beat",
                    "--loglevel=INFO",
                    "--concurrency=1",
                    f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
                ],
                cwd=settings.BASE_DIR,
                env=environment,
                start_new_session=True,
            ),
            subprocess.Popen(
                [python, manage, "runserver", f"{host}:{port}"],
                cwd=settings.BASE_DIR,
                env=environment,
                start_new_session=True,
            ),
        ]
        self.print_banner(host, port)
        # A terminal closed or a `kill` ends the stack like Ctrl-C does.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    @staticmethod
    def stop(signum, frame):
        raise KeyboardInterrupt

    def print_banner(self, host, port):
        url = f"http://{host}:{port}/"
        lines = [
            "",
            f"CareerConnect runs at {url}",
            f"Emails land in the in-browser mailbox: {url}dev/mailbox/",
            f"Demo logins (password: {DEMO_PASSWORD}):",
            *[f"  {role:<16} {email}" for role, email in DEMO_LOGINS],
            "Stop with Ctrl-C.",
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
