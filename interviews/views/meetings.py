"""Changes to a confirmed meeting: cancel, reschedule, details."""

from django.utils import timezone
from django.views.decorators.http import require_POST

from ..domain import meetings as meeting_rules
from ..domain.access import get_participant_request
from ..domain.actions import Action
from ..domain.errors import DomainError
from ..domain.proposals import times_on_offer
from ..forms.answers import (
    AcceptForm,
    CancelForm,
    MeetingDetailsForm,
    ProposeTimesForm,
    VersionedForm,
    WithdrawForm,
)
from ..models import Meeting
from .access import onboarded_required
from .acting import act_with_button, act_with_form, posted, unavailable


@onboarded_required
def cancel(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.CANCEL):
        return refusal
    form = CancelForm(
        posted(request),
        initial={"version": interview_request.version},
    )
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.CANCEL,
        perform=lambda data: meeting_rules.cancel_meeting(
            request_id=interview_request.pk,
            user=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success="The meeting is cancelled.",
        template="interviews/cancel.html",
        context={"meeting": interview_request.meeting},
    )


@onboarded_required
def reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.RESCHEDULE):
        return refusal
    form = ProposeTimesForm(
        posted(request),
        initial={"version": interview_request.version},
    )
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.RESCHEDULE,
        perform=lambda data: meeting_rules.propose_reschedule(
            request_id=interview_request.pk,
            user=request.user,
            slot_starts=form.slot_starts(),
            note=data["note"],
            expected_version=data["version"],
        ),
        success="Your new times are sent. The agreed time stands until one is picked.",
        template="interviews/reschedule.html",
        context={"meeting": interview_request.meeting, "now": timezone.now()},
    )


@onboarded_required
@require_POST
def accept_reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.ACCEPT_RESCHEDULE):
        return refusal
    return act_with_button(
        request,
        interview_request,
        AcceptForm(request.POST),
        perform=lambda data: meeting_rules.accept_reschedule(
            request_id=interview_request.pk,
            user=request.user,
            slot_id=data["slot"],
            expected_version=data["version"],
        ),
        success="The meeting has moved to the time you picked.",
        invalid=DomainError("Choose one of the times on offer."),
    )


@onboarded_required
def decline_reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.DECLINE_RESCHEDULE):
        return refusal
    form = WithdrawForm(
        posted(request),
        initial={"version": interview_request.version},
    )
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.DECLINE_RESCHEDULE,
        perform=lambda data: meeting_rules.decline_reschedule(
            request_id=interview_request.pk,
            user=request.user,
            note=data["note"],
            expected_version=data["version"],
        ),
        success="You kept the agreed time.",
        template="interviews/decline_reschedule.html",
        context={
            "meeting": interview_request.meeting,
            "offer": times_on_offer(interview_request),
        },
    )


@onboarded_required
@require_POST
def withdraw_reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.WITHDRAW_RESCHEDULE):
        return refusal
    return act_with_button(
        request,
        interview_request,
        VersionedForm(request.POST),
        perform=lambda data: meeting_rules.withdraw_reschedule(
            request_id=interview_request.pk,
            user=request.user,
            expected_version=data["version"],
        ),
        success="You withdrew the new times; the agreed time stands.",
    )


@onboarded_required
def edit_details(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.EDIT_DETAILS):
        return refusal
    meeting = Meeting.objects.get(request=interview_request)
    form = MeetingDetailsForm(
        posted(request),
        initial={
            "version": interview_request.version,
            "video_link": meeting.video_link,
            "location": meeting.location,
            "phone": meeting.phone,
        },
    )
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.EDIT_DETAILS,
        perform=lambda data: meeting_rules.update_meeting_details(
            request_id=interview_request.pk,
            mentor=request.user,
            location=data["location"],
            video_link=data["video_link"],
            phone=data["phone"],
            expected_version=data["version"],
        ),
        success="The meeting's details are updated.",
        template="interviews/meeting_details.html",
        context={"meeting": meeting},
    )
