"""People's email preferences and their private calendar feed."""

from django.db import transaction

from ..enums import OptionalEmail
from ..models import CalendarFeed, NotificationPreferences
from ..models.notifications import new_feed_token


def preferences_of(user) -> NotificationPreferences:
    preferences, _ = NotificationPreferences.objects.get_or_create(user=user)
    return preferences


def set_optional_email(user, optional: OptionalEmail, *, wanted: bool) -> None:
    preferences = preferences_of(user)
    setattr(preferences, optional.value, wanted)
    preferences.save(update_fields=[optional.value, "updated_at"])


def feed_of(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_feed_token(user) -> CalendarFeed:
    """A new private URL; the old one stops working at once."""
    with transaction.atomic():
        feed = feed_of(user)
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
