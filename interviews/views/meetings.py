"""Changes to a confirmed meeting: cancel, reschedule, details."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..domain import meetings as meeting_rules
from ..domain.access import get_participant_request
from ..domain.actions import Action
from ..domain.errors import DomainError, InvalidSlots, StaleRequest
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
from .requests import current_offer, refuse, unavailable


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@onboarded_required
def cancel(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.CANCEL):
        return refusal
    form = CancelForm(request.POST or None, initial={"version": interview_request.version})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_rules.cancel_meeting(
                request_id=interview_request.pk,
                user=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRequest as error:
            return refuse(request, error, request_id)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The meeting is cancelled.")
            return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/cancel.html",
        {"ir": interview_request, "meeting": interview_request.meeting, "form": form},
        status=_status(form),
    )


@onboarded_required
def reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.RESCHEDULE):
        return refusal
    form = ProposeTimesForm(request.POST or None, initial={"version": interview_request.version})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_rules.propose_reschedule(
                request_id=interview_request.pk,
                user=request.user,
                slot_starts=form.slot_starts(),
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRequest as error:
            return refuse(request, error, request_id)
        except InvalidSlots as error:
            form.add_slot_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "Your new times are sent. The agreed time stands until one is picked."
            )
            return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/reschedule.html",
        {"ir": interview_request, "meeting": interview_request.meeting, "form": form},
        status=_status(form),
    )


@onboarded_required
@require_POST
def accept_reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.ACCEPT_RESCHEDULE):
        return refusal
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return refuse(request, DomainError("Choose one of the times on offer."), request_id)
    try:
        meeting_rules.accept_reschedule(
            request_id=interview_request.pk,
            user=request.user,
            slot_id=form.cleaned_data["slot"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return refuse(request, error, request_id)
    messages.success(request, "The meeting has moved to the time you picked.")
    return redirect("request_detail", request_id=request_id)


@onboarded_required
def decline_reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.DECLINE_RESCHEDULE):
        return refusal
    form = WithdrawForm(request.POST or None, initial={"version": interview_request.version})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_rules.decline_reschedule(
                request_id=interview_request.pk,
                user=request.user,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            return refuse(request, error, request_id)
        messages.success(request, "You kept the agreed time.")
        return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/decline_reschedule.html",
        {
            "ir": interview_request,
            "meeting": interview_request.meeting,
            "offer": current_offer(interview_request),
            "form": form,
        },
        status=_status(form),
    )


@onboarded_required
@require_POST
def withdraw_reschedule(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.WITHDRAW_RESCHEDULE):
        return refusal
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return refuse(request, StaleRequest(), request_id)
    try:
        meeting_rules.withdraw_reschedule(
            request_id=interview_request.pk,
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return refuse(request, error, request_id)
    messages.success(request, "You withdrew the new times; the agreed time stands.")
    return redirect("request_detail", request_id=request_id)


@onboarded_required
def edit_details(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.EDIT_DETAILS):
        return refusal
    meeting = Meeting.objects.get(request=interview_request)
    form = MeetingDetailsForm(
        request.POST or None,
        initial={
            "version": interview_request.version,
            "video_link": meeting.video_link,
            "location": meeting.location,
            "phone": meeting.phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_rules.update_meeting_details(
                request_id=interview_request.pk,
                mentor=request.user,
                location=form.cleaned_data["location"],
                video_link=form.cleaned_data["video_link"],
                phone=form.cleaned_data["phone"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRequest as error:
            return refuse(request, error, request_id)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The meeting's details are updated.")
            return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/meeting_details.html",
        {"ir": interview_request, "meeting": meeting, "form": form},
        status=_status(form),
    )
