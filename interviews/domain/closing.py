"""Ending everything a person has under way, when they leave or are suspended.

Both account deletion (accounts.py) and suspension (moderation/suspension.py)
end the person's running requests the same way, each with its own words:

1. every running request, locked (requests before people, in primary-key
   order, as every transaction locks them), is ended by `how`;
2. the person's row is locked (people.lock_people): from here on nobody can
   send them a request, because sending locks both people first;
3. `once_locked` runs (suspension sets the flag there, under the lock);
4. a second pass ends any request sent just before the lock.

The caller holds the transaction.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Q

from ..enums import RUNNING_STATUSES
from ..models import InterviewRequest
from .people import lock_people

EndOne = Callable[..., None]


def running_requests_of(user) -> list[InterviewRequest]:
    """Every request of the person still under way, locked (requests before
    people, in primary-key order, as every transaction locks them)."""
    return list(
        InterviewRequest.objects.select_for_update(of=("self",))
        .filter(Q(student=user) | Q(mentor=user), status__in=RUNNING_STATUSES)
        .select_related("meeting")
        .order_by("pk")
    )


def _one_pass(user, *, how: EndOne, now: datetime) -> None:
    for request in running_requests_of(user):
        how(request, user=user, now=now)


def end_running_requests_of(
    user, *, how: EndOne, now: datetime, once_locked: Callable[[], None] | None = None
) -> None:
    """End the person's running requests with `how(request, user=, now=)`, in the
    two passes around the lock on the person described in the module doc."""
    _one_pass(user, how=how, now=now)
    lock_people(user.pk)
    if once_locked is not None:
        once_locked()
    _one_pass(user, how=how, now=now)
