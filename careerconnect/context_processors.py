from django.conf import settings

from .mailbox import mailbox_enabled


def site(request):
    return {
        "DEV_MAILBOX_ENABLED": mailbox_enabled()
        and request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1"),
        "SITE_URL": settings.SITE_URL,
    }
