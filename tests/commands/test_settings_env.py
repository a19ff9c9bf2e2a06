"""careerconnect/settings.py read from a controlled environment, in a subprocess.

Each case starts a fresh Python with only the variables it names (plus PATH,
HOME and a private VAR_DIR), imports the real settings module and reports the
values as JSON. Nothing here touches the test database.
"""

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as test_settings

BASE_DIR = Path(test_settings.BASE_DIR)
TIMEOUT = 60
KEY = "k" * 20 + "-not-secret-but-long-enough-for-django-checks-0123456789"
MISSING_KEY = (
    "django.core.exceptions.ImproperlyConfigured: SECRET_KEY (or SECRET_KEY_FILE) must be "
    "set when DEBUG is off. `make run` sets DEBUG=1 and generates a key under var/."
)
REPORT = """
import json
from django.conf import settings
names = {names!r}
print(json.dumps({{name: getattr(settings, name) for name in names}}, default=str))
"""


def environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "careerconnect.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(variables)
    return env


def run_python(tmp_path: Path, code: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def read_settings(tmp_path: Path, *names: str, **variables: str) -> dict:
    result = run_python(tmp_path, REPORT.format(names=list(names)), **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def manage(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_without_secret_key_and_debug_settings_refuse_to_load(tmp_path):
    result = manage(tmp_path, "check")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == MISSING_KEY
    assert (tmp_path / "var" / "secret_key").exists() is False


@pytest.mark.parametrize("debug", ["0", "false", "off"])
def test_debug_explicitly_off_also_needs_a_secret_key(tmp_path, debug):
    result = run_python(tmp_path, "from django.conf import settings; settings.DEBUG", DEBUG=debug)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == MISSING_KEY


def test_debug_generates_a_private_secret_key_under_var_and_keeps_it(tmp_path):
    var_dir = tmp_path / "fresh" / "var"

    first = read_settings(tmp_path, "SECRET_KEY", "DEBUG", DEBUG="1", VAR_DIR=str(var_dir))
    second = read_settings(tmp_path, "SECRET_KEY", DEBUG="1", VAR_DIR=str(var_dir))

    key_file = var_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first == {"SECRET_KEY": key_file.read_text(), "DEBUG": True}
    assert len(first["SECRET_KEY"]) == 50
    assert second["SECRET_KEY"] == first["SECRET_KEY"]


def test_secret_key_from_environment_wins_and_writes_no_file(tmp_path):
    values = read_settings(tmp_path, "SECRET_KEY", "DEBUG", DEBUG="1", SECRET_KEY=KEY)

    assert values == {"SECRET_KEY": KEY, "DEBUG": True}
    assert (tmp_path / "var" / "secret_key").exists() is False


def test_secret_key_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(KEY)

    values = read_settings(tmp_path, "SECRET_KEY", "DEBUG", SECRET_KEY_FILE=str(secret_file))

    assert values == {"SECRET_KEY": KEY, "DEBUG": False}


def test_allowed_hosts_default_to_local_names_only_in_debug(tmp_path):
    off = read_settings(tmp_path, "ALLOWED_HOSTS", SECRET_KEY=KEY)
    on = read_settings(tmp_path, "ALLOWED_HOSTS", SECRET_KEY=KEY, DEBUG="1")
    named = read_settings(
        tmp_path, "ALLOWED_HOSTS", SECRET_KEY=KEY, ALLOWED_HOSTS="careers.example.edu,example.edu"
    )

    assert off == {"ALLOWED_HOSTS": []}
    assert on == {"ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"]}
    assert named == {"ALLOWED_HOSTS": ["careers.example.edu", "example.edu"]}


def test_embedded_database_is_sqlite_under_var_ready_for_several_processes(tmp_path):
    values = read_settings(tmp_path, "DATABASES", "CACHES", SECRET_KEY=KEY)

    var_dir = tmp_path / "var"
    assert values["DATABASES"] == {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(var_dir / "careerconnect.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
    assert values["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache"),
        }
    }


def test_database_and_cache_urls_switch_to_postgres_and_redis(tmp_path):
    values = read_settings(
        tmp_path,
        "DATABASES",
        "CACHES",
        SECRET_KEY=KEY,
        DATABASE_URL="postgres://careers:pw@db.internal:5432/careerconnect",
        CACHE_URL="redis://redis.internal:6379/1",
    )

    assert values["DATABASES"] == {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "careerconnect",
            "USER": "careers",
            "PASSWORD": "pw",
            "HOST": "db.internal",
            "PORT": 5432,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
    assert values["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://redis.internal:6379/1",
        }
    }


def test_embedded_email_goes_to_the_mailbox_which_only_exists_then(tmp_path):
    embedded = read_settings(tmp_path, "EMAIL_BACKEND", "DEV_MAILBOX_ENABLED", SECRET_KEY=KEY)
    smtp = read_settings(
        tmp_path,
        "EMAIL_BACKEND",
        "DEV_MAILBOX_ENABLED",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        SECRET_KEY=KEY,
        EMAIL_HOST="smtp.example.org",
    )

    assert embedded == {
        "EMAIL_BACKEND": "careerconnect.mailbox.MailboxBackend",
        "DEV_MAILBOX_ENABLED": True,
    }
    assert smtp == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DEV_MAILBOX_ENABLED": False,
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }


def test_smtp_on_port_465_uses_ssl(tmp_path):
    values = read_settings(
        tmp_path,
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        SECRET_KEY=KEY,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="465",
    )

    assert values == {"EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}


def test_email_verification_is_mandatory_unless_a_setting_turns_it_off(tmp_path):
    default = read_settings(tmp_path, "ACCOUNT_EMAIL_VERIFICATION", SECRET_KEY=KEY)
    relaxed = read_settings(
        tmp_path, "ACCOUNT_EMAIL_VERIFICATION", SECRET_KEY=KEY, ACCOUNT_EMAIL_VERIFICATION="none"
    )

    assert default == {"ACCOUNT_EMAIL_VERIFICATION": "mandatory"}
    assert relaxed == {"ACCOUNT_EMAIL_VERIFICATION": "none"}


def test_https_site_url_makes_cookies_secure_and_links_https(tmp_path):
    plain = read_settings(
        tmp_path,
        "SITE_URL",
        "SESSION_COOKIE_SECURE",
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL",
        SECRET_KEY=KEY,
    )
    secure = read_settings(
        tmp_path,
        "SITE_URL",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL",
        SECRET_KEY=KEY,
        SITE_URL="https://careers.example.edu/",
    )

    assert plain == {
        "SITE_URL": "http://localhost:8000",
        "SESSION_COOKIE_SECURE": False,
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "http",
    }
    assert secure == {
        "SITE_URL": "https://careers.example.edu",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "https",
    }


def test_static_files_are_hashed_and_compressed_only_without_debug(tmp_path):
    production = read_settings(tmp_path, "STORAGES", SECRET_KEY=KEY)
    development = read_settings(tmp_path, "STORAGES", SECRET_KEY=KEY, DEBUG="1")

    assert production["STORAGES"]["staticfiles"] == {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }
    assert development["STORAGES"]["staticfiles"] == {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
