from django.conf import settings


def site(request):
    return {
        "DEV_MAILBOX_ENABLED": settings.DEV_MAILBOX_ENABLED and settings.DEBUG,
    }
