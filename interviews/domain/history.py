"""The shared steps of every transition: lock, check freshness, record."""

from django.db.models import F
from django.utils import timezone

from ..enums import MessageKind, Party, RequestStatus, TransitionEvent
from ..models import InterviewRequest, Message, Transition
from .errors import NotAllowed, StaleRequest


def lock_request(request_id: int, *, expected_version: int | None) -> InterviewRequest:
    """Lock the request row for this transaction and check the form was fresh.

    select_for_update makes a second, concurrent transition wait for the first
    and then see its outcome (PostgreSQL); on SQLite, IMMEDIATE transactions
    serialize writers the same way. A caller that acts on what a person saw
    passes the version of the page they saw; the system passes None.
    """
    try:
        request = InterviewRequest.objects.select_for_update().get(pk=request_id)
    except InterviewRequest.DoesNotExist:
        raise NotAllowed("This request no longer exists.") from None
    if expected_version is not None and request.version != expected_version:
        raise StaleRequest()
    return request


def record_transition(
    request: InterviewRequest,
    *,
    event: TransitionEvent,
    to_status: RequestStatus,
    actor,
    actor_party: Party,
    note: str = "",
    changed_fields: tuple[str, ...] = (),
    now=None,
) -> Transition:
    """Save the new state (and the fields the caller changed) and log it.

    The UPDATE is conditional on the version the caller locked, so that even a
    caller that forgot the lock cannot overwrite a concurrent change.
    """
    now = now or timezone.now()
    from_status = request.status
    request.status = to_status
    fields = {"status": to_status, **{name: getattr(request, name) for name in changed_fields}}
    updated = InterviewRequest.objects.filter(pk=request.pk, version=request.version).update(
        version=F("version") + 1, updated_at=now, **fields
    )
    if updated != 1:
        raise StaleRequest()
    request.version += 1
    return Transition.objects.create(
        request=request,
        event=event,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_party=actor_party,
        note=note,
        created_at=now,
    )


def add_message(
    request: InterviewRequest,
    *,
    author,
    author_party: Party,
    kind: MessageKind,
    body: str,
    now=None,
) -> Message | None:
    body = body.strip()
    if not body:
        return None
    return Message.objects.create(
        request=request,
        author=author,
        author_party=author_party,
        kind=kind,
        body=body,
        created_at=now or timezone.now(),
    )


def party_for(request: InterviewRequest, user) -> Party:
    """The part `user` plays in `request`; anyone else is refused."""
    if user.pk == request.student_id:
        return Party.STUDENT
    if user.pk == request.mentor_id:
        return Party.MENTOR
    raise NotAllowed("Only the student and the mentor of this request can do that.")
