"""Which mentors students may see and ask: the one place this rule lives.

The directory, the mentor page, sending a request (limits.unavailability_reason),
the mentors a decline suggests and who may be reported all use it.
"""

from django.db.models import QuerySet

from ..enums import ApprovalState
from ..models import MentorProfile


def listed_mentors() -> QuerySet[MentorProfile]:
    """Approved, with a live account, not suspended, and, for alumni an advisor
    imported, claimed (an invitation alone lists nobody)."""
    return MentorProfile.objects.filter(
        approval_state=ApprovalState.APPROVED,
        user__is_active=True,
        user__deleted_at__isnull=True,
        user__suspended_at__isnull=True,
    ).exclude(invited_at__isnull=False, claimed_at__isnull=True)


def is_listed(profile: MentorProfile) -> bool:
    """Whether students may see and ask this mentor (one query)."""
    return listed_mentors().filter(pk=profile.pk).exists()
