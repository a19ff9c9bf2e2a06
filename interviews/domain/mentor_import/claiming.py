"""The invitation to claim an imported account: its signed link, new
invitations, the claim itself, and the other ways in (a password reset, campus
sign-in) that make the account the mentor's own just the same.

The link names the invitation (the profile's invited_at): a new invitation
moves invited_at, so only the newest link works. It is signed when the email
is sent and works MENTOR_CLAIM_LINK_DAYS from then.
"""

import logging
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careerconnect.models import Role, User

from ...enums import NotificationKind, NotificationStatus
from ...models import MentorProfile, Notification
from ..access import require_advisor
from ..errors import DomainError
from ..links import BadLink, absolute
from ..outbox import queue
from ..timefmt import zone

logger = logging.getLogger(__name__)
CLAIM_SALT = "careerconnect.claim-mentor-account"

# --- Invitations ----------------------------------------------------------------------


def invitation_expired(profile: MentorProfile, *, now: datetime) -> bool:
    """Whether an unclaimed mentor's last invitation link no longer works."""
    return (
        profile.invited_at is not None
        and profile.claimed_at is None
        and profile.invited_at <= now - timedelta(days=settings.MENTOR_CLAIM_LINK_DAYS)
    )


def queue_invitation(*, user: User, now: datetime, key: str, payload: dict) -> Notification:
    """Queue the invitation email (its link is made when it is sent). Any older
    invitation still waiting is cancelled: its link would be this one anyway."""
    notification = queue(
        kind=NotificationKind.MENTOR_INVITATION,
        recipient=user,
        request=None,
        due_at=now,
        key=key,
        payload=payload,
        now=now,
    )
    Notification.objects.filter(
        recipient=user, kind=NotificationKind.MENTOR_INVITATION, status=NotificationStatus.QUEUED
    ).exclude(pk=notification.pk).update(
        status=NotificationStatus.CANCELLED, last_error="Superseded by a newer invitation."
    )
    return notification


def reinvite(*, profile: MentorProfile, now: datetime, key: str, payload: dict) -> Notification:
    """A new invitation for an unclaimed imported mentor: the old link stops working."""
    profile.invited_at = now
    profile.save(update_fields=["invited_at"])
    return queue_invitation(user=profile.user, now=now, key=key, payload=payload)


def _resend_key(user_id: int, now: datetime) -> str:
    # One invitation a day per mentor from the advisors' button (the program's day).
    day = now.astimezone(zone(settings.TIME_ZONE)).date().isoformat()
    return f"{NotificationKind.MENTOR_INVITATION}:u{user_id}:resent{day}"


def send_new_invitation(*, advisor, user_id: int, now: datetime | None = None) -> User:
    """An advisor sends an unclaimed imported mentor a new invitation (at most one a day)."""
    require_advisor(advisor, to="invite mentors")
    now = now or timezone.now()
    with transaction.atomic():
        profile = (
            MentorProfile.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id, user__role=Role.MENTOR, user__deleted_at__isnull=True)
            .first()
        )
        if profile is None or profile.invited_at is None:
            raise DomainError("This mentor was not imported: there is no invitation to send.")
        if profile.claimed_at is not None:
            raise DomainError(
                "This mentor has already claimed the account: they sign in with their own "
                "password (or reset it)."
            )
        if profile.user.suspended_at is not None or not profile.user.is_active:
            raise DomainError("This account is suspended or closed: no invitation is sent.")
        key = _resend_key(user_id, now)
        if Notification.objects.filter(idempotency_key=key).exists():
            raise DomainError(
                "A new invitation was already sent to this mentor today; it is the one "
                "that works. Try again tomorrow if it does not arrive."
            )
        reinvite(profile=profile, now=now, key=key, payload={"resent_by": advisor.pk})
    logger.info("Advisor %s sent mentor %s a new invitation", advisor.pk, user_id)
    return profile.user


def unclaimed_mentors():
    """Imported mentors who have not claimed their account yet, oldest invitation first."""
    return (
        MentorProfile.objects.filter(
            invited_at__isnull=False,
            claimed_at__isnull=True,
            user__role=Role.MENTOR,
            user__deleted_at__isnull=True,
        )
        .select_related("user")
        .order_by("invited_at", "pk")
    )


# --- Claiming the account -----------------------------------------------------------


def claim_token(*, user: User) -> str:
    profile = user.mentor_profile
    return signing.dumps(
        {"user": user.pk, "invited": profile.invited_at.isoformat()}, salt=CLAIM_SALT
    )


def claim_url(*, user: User) -> str:
    return absolute(reverse("mentor_claim", args=[claim_token(user=user)]))


INVALID_CLAIM = (
    "This invitation link is not valid. Copy the whole link from the email, "
    "or ask your career center for a new invitation."
)


def read_claim_token(token: str) -> User:
    """The invited mentor a link names, if it still claims their account; else BadLink."""
    try:
        data = signing.loads(
            token, salt=CLAIM_SALT, max_age=settings.MENTOR_CLAIM_LINK_DAYS * 24 * 3600
        )
        user_id, invited = int(data["user"]), str(data["invited"])
    except signing.SignatureExpired:
        raise BadLink(
            f"This invitation link has expired (links work for "
            f"{settings.MENTOR_CLAIM_LINK_DAYS} days). Ask your career center to "
            "send you a new invitation, or reset your password with the address the "
            "invitation came to: that claims the account as well."
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink(INVALID_CLAIM) from None
    user = (
        User.objects.select_related("mentor_profile")
        .filter(pk=user_id, role=Role.MENTOR, deleted_at__isnull=True)
        .first()
    )
    profile = getattr(user, "mentor_profile", None) if user else None
    if profile is None or profile.invited_at is None or profile.invited_at.isoformat() != invited:
        raise BadLink(INVALID_CLAIM)
    if profile.claimed_at is not None:
        raise BadLink(
            "This invitation was already used: the account is claimed. Sign in with your "
            "email address and password (or reset your password if you forgot it)."
        )
    if not user.is_active or user.suspended_at is not None:
        raise BadLink("This account is not available. Contact your career center.")
    return user


def claim_mentor_account(*, token: str, password: str, now: datetime | None = None) -> User:
    """Set the password, mark the address verified and the account claimed, once."""
    now = now or timezone.now()
    with transaction.atomic():
        user = read_claim_token(token)
        profile = MentorProfile.objects.select_for_update().get(user=user)
        if profile.claimed_at is not None:
            raise BadLink("This invitation was already used: the account is claimed. Sign in.")
        profile.claimed_at = now
        profile.save(update_fields=["claimed_at"])
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
            primary=False
        )
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        else:
            address.verified, address.primary = True, True
            address.save(update_fields=["verified", "primary"])
    logger.info("Mentor %s claimed their imported account", user.pk)
    return user


def mark_mentor_claimed(*, user, now: datetime | None = None) -> bool:
    """An imported mentor signed in another way (a password reset, campus sign-in):
    the account is theirs now, as if they had used the invitation's link.

    One conditional UPDATE (invited, not yet claimed), so a second sign-in or
    a claim at the same moment changes nothing. Returns whether it changed.
    """
    if getattr(user, "role", None) != Role.MENTOR:
        return False
    claimed = MentorProfile.objects.filter(
        user_id=user.pk, invited_at__isnull=False, claimed_at__isnull=True
    ).update(claimed_at=now or timezone.now())
    if claimed:
        logger.info("Mentor %s claimed their imported account by signing in", user.pk)
    return bool(claimed)
