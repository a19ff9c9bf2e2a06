"""Settings for CareerConnect.

Everything an operator may change comes from the environment (README.md lists
every variable with its default). Without any variable set the project runs in
its embedded mode: SQLite under var/, a file-based cache, emails written to
var/mail/ and a Celery broker on the file system, so that `make run` needs no
server. Program rules that advisors tune live in the database
(interviews.ProgramSettings), not here.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from careerconnect.sso_settings import campus_apps

BASE_DIR = Path(__file__).resolve().parent.parent

# FileAwareEnv reads SECRET_KEY_FILE (and any other *_FILE) when set, so that
# secrets can come from Docker or Kubernetes secret files.
env = environ.FileAwareEnv()

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    # .strip(): secret files usually end with a newline the key never had.
    key = env.str("SECRET_KEY", default="").strip()
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
            "`make run` sets DEBUG=1 and generates a key under var/."
        )
    # Development only: keep one generated key so sessions survive restarts.
    from django.core.management.utils import get_random_secret_key

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        # Created private: never readable by others, not even for a moment.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
# Absolute base of links in emails and invites; workers have no request to ask.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "careerconnect",
    "interviews",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    # Second factor (TOTP, recovery codes) and campus single sign-on (OpenID Connect).
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A suspended person's open sessions end at their next request.
    "careerconnect.suspension.SuspendedSignOutMiddleware",
    "careerconnect.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Advisors and staff set up and use a second factor (MFA_REQUIRED).
    "careerconnect.second_factor.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "careerconnect.urls"
WSGI_APPLICATION = "careerconnect.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careerconnect.context_processors.site",
                # Advisors' menu: the number of open reports (one COUNT, advisors only).
                "interviews.context_processors.advisor_menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# The dashboards' covering indexes (INCLUDE columns) are for PostgreSQL; SQLite
# (the embedded mode, the first test pass) builds them on their key alone,
# which is all it needs, so its warning about the ignored columns is noise.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "careerconnect.sqlite3",
            "OPTIONS": {
                # The web server, the Celery worker and beat share this file:
                # WAL lets readers run beside a writer, the busy timeout makes a
                # writer wait instead of failing, and IMMEDIATE transactions take
                # the write lock up front so that two writers never deadlock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits must be shared by every process) -------------------
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "careerconnect.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "careerconnect.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "careerconnect.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CareerConnect] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth's rate limits stay at their defaults (logins, sign-ups, resets and
# confirmation mails per IP and per account) and ours join them; they live in
# the cache above, which CACHE_URL makes shared by every web process.
ACCOUNT_RATE_LIMITS = {
    # Writing requests: previews reveal whether a mentor is free at a time, so
    # they are limited too, generously for a person, tightly for a script.
    "compose_request": "60/h/user",
    # Signed links from emails (accept a time, unsubscribe), per address.
    "email_link": "30/m/ip",
    # Reports to the career center (interviews.views.moderation): plenty for a
    # person, too few to flood the advisors' queue.
    "report": "10/h/user",
}

# --- Second factor (allauth.mfa) ------------------------------------------
# Career advisors and staff must set up an authenticator app and use it in
# every session (careerconnect.second_factor); on unless DEBUG.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "careerconnect.second_factor.MFAAdapter"
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="CareerConnect")
# One 30-second step either side: a code typed as it rolls over still works.
MFA_TOTP_TOLERANCE = 1

# --- Campus single sign-on (allauth.socialaccount, OpenID Connect) ----------
# Campuses come from OIDC_PROVIDERS (JSON; see careerconnect/sso_settings.py
# and README.md): adding one is configuration, not code.
SOCIALACCOUNT_ADAPTER = "careerconnect.sso.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": campus_apps(env, debug=DEBUG)},
}
# A campus address signs in to the account that already has it (and links the
# campus login to it) only where the campus is authoritative for the domain,
# and never to an advisor's or staff account: careerconnect.sso decides
# (SocialAccountAdapter.can_authenticate_by_email).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# New people arriving through campus sign-on become students, without a form,
# when their address is from an allowed campus domain (careerconnect.sso).
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)

# --- Email ----------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CareerConnect <careers@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
else:
    # Embedded mode: one .eml file per message, readable at /dev/mailbox/.
    EMAIL_BACKEND = "careerconnect.mailbox.MailboxBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The ORGANIZER of every calendar invite: a service mailbox, never a person in
# the meeting (calendar replies are not processed; the invite links back here).
CALENDAR_ORGANIZER_EMAIL = env.str(
    "CALENDAR_ORGANIZER_EMAIL", default=f"calendar@{urlsplit(SITE_URL).hostname or 'localhost'}"
)

# --- The notification outbox ---------------------------------------------
# How long a claimed row may stay "sending" before another worker takes it
# over (the first one is presumed dead).
NOTIFICATION_LEASE_SECONDS = env.int("NOTIFICATION_LEASE_SECONDS", default=120)
# Tries before a row is marked failed (visible to staff, who can retry it).
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=6)
# /healthz reports unhealthy when the oldest due, unsent row is older than this.
OUTBOX_LAG_ALERT_SECONDS = env.int("OUTBOX_LAG_ALERT_SECONDS", default=600)
# The in-browser mailbox exists only where mail goes to files.
DEV_MAILBOX_ENABLED = EMAIL_BACKEND == "careerconnect.mailbox.MailboxBackend"

# --- Alumni mentor import (advisors' CSV upload) ---------------------------
# The largest file accepted, and the most rows in it.
MENTOR_IMPORT_MAX_BYTES = env.int("MENTOR_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
MENTOR_IMPORT_MAX_ROWS = env.int("MENTOR_IMPORT_MAX_ROWS", default=2000)
# Files up to this many rows are imported during the click; larger ones by a
# Celery worker, with a progress page.
MENTOR_IMPORT_INLINE_ROWS = env.int("MENTOR_IMPORT_INLINE_ROWS", default=50)
# How long the link in an invitation to claim an imported account works.
MENTOR_CLAIM_LINK_DAYS = env.int("MENTOR_CLAIM_LINK_DAYS", default=14)
# An import whose progress has not moved for this long is marked as failed.
MENTOR_IMPORT_STALL_MINUTES = env.int("MENTOR_IMPORT_STALL_MINUTES", default=10)

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # kombu's file-system transport: a broker that needs no server, shared by
    # the worker, beat and the web process through var/broker/.
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # The worker looks for new files this often (kombu's default is 1 s,
        # one message a second when a backlog waits).
        "polling_interval": 0.1,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic work lives in code, next to the rest of the configuration: it is
# reviewed and versioned like any other rule and needs no database tables
# (django-celery-beat would add both, for an editing UI nobody needs here).
CELERY_BEAT_SCHEDULE = {
    "send-due-notifications": {
        "task": "interviews.tasks.send_due_notifications",
        "schedule": env.float("NOTIFICATION_SWEEP_SECONDS", default=60.0),
    },
    "expire-requests": {"task": "interviews.tasks.expire_requests", "schedule": 60.0},
    "infer-silent-meetings": {
        "task": "interviews.tasks.infer_meeting_outcomes",
        "schedule": 15 * 60.0,
    },
}

# --- Internationalization -------------------------------------------------
LANGUAGE_CODE = "en-us"
# The program's own zone: month boundaries for capacities, terms, dashboards.
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SITE_URL.startswith("https")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_HTTPS_PROXY", default=False) else None
)
X_FRAME_OPTIONS = "DENY"
# HTTPS hardening for deployments that terminate TLS in front of the app; off
# by default because a wrong HSTS header locks browsers out for its lifetime.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Health checks come over plain HTTP from inside the network (docker-compose,
# load balancers): a redirect to HTTPS would read as "unhealthy".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A strict policy: no inline script or style anywhere, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
