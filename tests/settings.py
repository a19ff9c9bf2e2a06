"""Settings for the test suite: the real settings with test-only speed-ups.

DATABASE_URL still picks PostgreSQL (CI's second pass); without it the suite
runs on SQLite.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="careerconnect-tests-"))
os.environ.setdefault("SITE_URL", "http://testserver")

from careerconnect.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CELERY_TASK_ALWAYS_EAGER = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Advisors in the suite sign in with force_login, which gives no second factor:
# the second-factor rule is off here, and tests/mfa/ and the advisor browser
# test switch it on themselves (the `settings` fixture).
MFA_REQUIRED = False
