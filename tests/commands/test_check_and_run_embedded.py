"""`manage.py check` passes; `run_embedded` is for development only (no server is started)."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from careerconnect.models import User

BASE_DIR = Path(settings.BASE_DIR)
TIMEOUT = 60
KEY = "k" * 20 + "-not-secret-but-long-enough-for-django-checks-0123456789"
NO_ISSUES = "System check identified no issues (0 silenced).\n"


def manage(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "VAR_DIR": str(tmp_path / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_check_passes_with_the_test_settings():
    out = StringIO()

    call_command("check", stdout=out)

    assert out.getvalue() == NO_ISSUES


@pytest.mark.parametrize(
    "variables",
    [
        {"DEBUG": "1"},
        {"SECRET_KEY": KEY, "ALLOWED_HOSTS": "careers.example.edu"},
    ],
    ids=["embedded", "production"],
)
def test_manage_py_check_passes(tmp_path, variables):
    result = manage(tmp_path, "check", **variables)

    assert (result.returncode, result.stdout) == (0, NO_ISSUES), result.stderr


@pytest.mark.django_db
def test_run_embedded_refuses_without_debug():
    with pytest.raises(CommandError) as refused:
        call_command("run_embedded", stdout=StringIO())

    assert str(refused.value) == "run_embedded is for development; set DEBUG=1 (make run does)."
    # It stopped before migrating or loading the demo data.
    assert User.objects.count() == 0
