"""Expiry: open requests nobody answered in time, or whose times all passed."""

from django.db import transaction
from django.utils import timezone

from ...enums import (
    Party,
    RequestStatus,
    TransitionEvent,
)
from .. import notify
from ..errors import NotAllowed
from ..history import lock_request, record_transition
from ..limits import due_for_expiry
from ..program import get_program_settings
from .responsiveness import refresh_responsiveness


def expire_request(*, request_id: int, now=None) -> bool:
    """End an open request that went unanswered too long or ran out of times.

    Re-checks under the lock, so an answer that arrived meanwhile wins.
    Returns whether the request expired.
    """
    now = now or timezone.now()
    program = get_program_settings()
    with transaction.atomic():
        try:
            request = lock_request(request_id, expected_version=None)
        except NotAllowed:
            return False  # deleted meanwhile: nothing to expire
        if not due_for_expiry(now=now, program=program).filter(pk=request_id).exists():
            return False
        request.expired_at = now
        record_transition(
            request,
            event=TransitionEvent.EXPIRED,
            to_status=RequestStatus.EXPIRED,
            actor=None,
            actor_party=Party.SYSTEM,
            changed_fields=("expired_at",),
            now=now,
        )
        if request.first_response_at is None:
            refresh_responsiveness(request.mentor)
        notify.expired(request, now=now)
    return True


def expire_due_requests(*, now=None, student=None) -> int:
    """Expire every due request (of one student, if given); return how many."""
    now = now or timezone.now()
    due = due_for_expiry(now=now, program=get_program_settings())
    if student is not None:
        due = due.filter(student=student)
    ids = list(due.values_list("pk", flat=True))
    return sum(expire_request(request_id=pk, now=now) for pk in ids)
