"""Links followed from emails: accept a time in one click, stop a kind of email.

Both work without signing in (the signed token is the proof); a GET only ever
shows a confirmation page, and only its button changes anything.
"""

from allauth.core import ratelimit
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..domain.errors import DomainError
from ..domain.links import BadLink, read_accept_token, read_unsubscribe_token
from ..domain.preferences import set_optional_email
from ..domain.requests import accept_slot
from ..domain.timefmt import format_for_both
from ..enums import OptionalEmail, RequestStatus
from ..models import InterviewRequest, ProposedSlot


def _offer_from(ticket):
    """The request and time a link names, if the link still stands for them."""
    request = (
        InterviewRequest.objects.select_related("student", "mentor")
        .filter(pk=ticket.request_id)
        .first()
    )
    slot = ProposedSlot.objects.filter(pk=ticket.slot_id, request_id=ticket.request_id).first()
    if request is None or slot is None:
        raise BadLink("This link is not valid. Open the request to answer it.")
    if request.version != ticket.version or request.status != RequestStatus.PENDING:
        raise BadLink(
            "This request has changed since the email was sent (it may already be "
            "answered), so the link no longer works. Open the request to see where it stands."
        )
    if slot.starts_at <= timezone.now():
        raise BadLink("This time has already started. Open the request to propose other times.")
    return request, slot


@require_http_methods(["GET", "POST"])
def accept_from_email(request, token: str):
    if limited := ratelimit.consume_or_429(request, action="email_link", limit_get=True):
        return limited
    try:
        ticket = read_accept_token(token)
        interview_request, slot = _offer_from(ticket)
    except BadLink as error:
        return render(
            request, "interviews/email_link_invalid.html", {"message": error.message}, status=410
        )
    mentor = interview_request.mentor
    when, when_student = format_for_both(slot.starts_at, mentor, interview_request.student)
    context = {"ir": interview_request, "slot": slot, "when": when, "when_student": when_student}
    if request.method == "GET":
        return render(request, "interviews/accept_from_email.html", context)
    try:
        accept_slot(
            request_id=interview_request.pk,
            user=mentor,
            slot_id=slot.pk,
            expected_version=ticket.version,
        )
    except DomainError as error:
        return render(
            request, "interviews/email_link_invalid.html", {"message": error.message}, status=409
        )
    return render(request, "interviews/accepted_from_email.html", context)


# Mail providers post the one-click unsubscribe (RFC 8058) without a CSRF
# token; the signed token in the URL is what authorizes the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if limited := ratelimit.consume_or_429(request, action="email_link", limit_get=True):
        return limited
    try:
        user_id, optional = read_unsubscribe_token(token)
        person = get_user_model().objects.get(pk=user_id, deleted_at__isnull=True)
        kind = OptionalEmail(optional)
    except (BadLink, ValueError, get_user_model().DoesNotExist):
        return render(
            request,
            "interviews/email_link_invalid.html",
            {"message": "This link is not valid. Change your email settings after signing in."},
            status=410,
        )
    if request.method == "POST":
        set_optional_email(person, kind, wanted=False)
        return render(request, "interviews/unsubscribed.html", {"kind": kind})
    return render(request, "interviews/unsubscribe.html", {"kind": kind, "token": token})
