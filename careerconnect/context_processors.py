from django.conf import settings

from .mailbox import mailbox_enabled


def site(request):
    return {
        "DEV_MAILBOX_ENABLED": mailbox_enabled(),
        "SITE_URL": settings.SITE_URL,
    }
