"""What emails about an account (not about a request) say.

These outbox rows have no request: a mentor's invitation to claim the account
an advisor imported for them. Like every email, they are composed when sent.

Context every template gets:
  kind, recipient            the NotificationKind and the User
  site_url, preferences_url  settings.SITE_URL and the email settings page
  unsubscribe_url            "" (these emails cannot be turned off)
  payload                    the notification's payload
Kind-specific:
  claim_url, claim_days      mentor invitation: the signed link that claims the
                             account (made now, so it lasts claim_days from the
                             sending) and how many days it works
  inbox_url, profile_url,    mentor approved: absolute links to the mentor's
  profile_edit_url           inbox, their directory page and their profile form
  reason                     mentor rejected: the advisor's reason (shown escaped)
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from ..enums import NotificationKind
from ..models import Notification
from .links import absolute
from .mentor_import import claim_url


def _invitation_context(notification: Notification) -> dict:
    return {
        "claim_url": claim_url(user=notification.recipient),
        "claim_days": settings.MENTOR_CLAIM_LINK_DAYS,
    }


# Mentor approval decisions (moderation helper): the approved mentor's inbox and
# public page; the rejected mentor's reason, as the advisor wrote it.
def _approval_context(notification: Notification) -> dict:
    return {
        "inbox_url": absolute(reverse("inbox")),
        "profile_url": absolute(reverse("mentor_detail", args=[notification.recipient_id])),
        "profile_edit_url": absolute(reverse("profile_edit")),
    }


def _rejection_context(notification: Notification) -> dict:
    return {"reason": (notification.payload or {}).get("reason", "")}


KIND_CONTEXT = {
    NotificationKind.MENTOR_INVITATION: _invitation_context,
    NotificationKind.MENTOR_APPROVED: _approval_context,
    NotificationKind.MENTOR_REJECTED: _rejection_context,
}


def compose_account(notification: Notification, *, now: datetime):
    from .email_content import Composition, template_name

    context = {
        "kind": notification.kind,
        "recipient": notification.recipient,
        "site_url": settings.SITE_URL,
        "preferences_url": absolute(reverse("email_settings")),
        "unsubscribe_url": "",
        "payload": notification.payload,
    }
    builder = KIND_CONTEXT.get(notification.kind)
    if builder is not None:
        context.update(builder(notification))
    return Composition(
        template=template_name(notification.kind), context=context, invite=None, headers={}
    )
