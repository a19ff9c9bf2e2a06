"""The request page and the answers to a request.

Each view parses the form, calls one domain function and renders; a refusal
is shown on the page with what the person typed kept, a stale form sends them
back to the request as it now stands.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..domain import requests as request_rules
from ..domain.access import contact_details_visible, get_participant_request, get_visible_request
from ..domain.actions import Action, available_actions
from ..domain.directory import similar_mentors
from ..domain.errors import DomainError, InvalidSlots, StaleRequest
from ..domain.timeline import request_timeline
from ..enums import Party, RequestStatus
from ..forms.answers import AcceptForm, DeclineForm, ProposeTimesForm, WithdrawForm
from ..models import Meeting, MentorProfile
from .access import onboarded_required


def current_offer(interview_request):
    """The times waiting for an answer (the current round), or none."""
    if not interview_request.awaiting_party:
        return []
    return list(
        interview_request.slots.filter(round=interview_request.current_round).order_by("starts_at")
    )


@onboarded_required
def request_detail(request, request_id: int):
    interview_request, part = get_visible_request(request.user, request_id)
    now = timezone.now()
    meeting = Meeting.objects.filter(request=interview_request).first()
    return render(
        request,
        "interviews/request_detail.html",
        {
            "ir": interview_request,
            "part": part,
            "meeting": meeting,
            "other": (
                interview_request.mentor if part == Party.STUDENT else interview_request.student
            ),
            "actions": {
                action.value for action in available_actions(interview_request, part, now=now)
            },
            "offer": current_offer(interview_request),
            "timeline": request_timeline(interview_request),
            "show_contact": contact_details_visible(interview_request, part),
            "suggestions": (
                MentorProfile.objects.filter(
                    user__in=interview_request.suggested_mentors.all()
                ).select_related("user", "industry")
                if interview_request.status == RequestStatus.DECLINED
                else []
            ),
            "version": interview_request.version,
            "now": now,
        },
    )


def refuse(request, error: DomainError, request_id: int):
    """Show why nothing changed and go back to the request as it stands."""
    messages.error(request, error.message)
    return redirect("request_detail", request_id=request_id)


def unavailable(request, interview_request, part, action: Action):
    """A redirect with an explanation if `action` is not offered now, else None."""
    if action in available_actions(interview_request, part, now=timezone.now()):
        return None
    return refuse(
        request,
        DomainError("That is not possible on this request any more; here is where it stands."),
        interview_request.pk,
    )


@onboarded_required
@require_POST
def accept_time(request, request_id: int):
    interview_request, _part = get_participant_request(request.user, request_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return refuse(request, DomainError("Choose one of the times on offer."), request_id)
    try:
        request_rules.accept_slot(
            request_id=interview_request.pk,
            user=request.user,
            slot_id=form.cleaned_data["slot"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return refuse(request, error, request_id)
    messages.success(request, "Confirmed. The meeting is in both your calendars' hands now.")
    return redirect("request_detail", request_id=request_id)


@onboarded_required
def propose_times(request, request_id: int):
    """The mentor counter-proposes, or the student proposes again."""
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.PROPOSE):
        return refusal
    form = ProposeTimesForm(request.POST or None, initial={"version": interview_request.version})
    if request.method == "POST" and form.is_valid():
        propose = (
            request_rules.counter_propose if part == Party.MENTOR else request_rules.propose_again
        )
        person = {"mentor" if part == Party.MENTOR else "student": request.user}
        try:
            propose(
                request_id=interview_request.pk,
                slot_starts=form.slot_starts(),
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                **person,
            )
        except StaleRequest as error:
            return refuse(request, error, request_id)
        except InvalidSlots as error:
            form.add_slot_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your new times are sent.")
            return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/propose_times.html",
        {
            "ir": interview_request,
            "part": part,
            "form": form,
            "offer": current_offer(interview_request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@onboarded_required
def decline(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.DECLINE):
        return refusal
    suggestions = similar_mentors(
        MentorProfile.objects.get(user_id=interview_request.mentor_id), now=timezone.now()
    )
    form = DeclineForm(
        request.POST or None,
        initial={"version": interview_request.version},
        suggestions=suggestions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_rules.decline_request(
                request_id=interview_request.pk,
                mentor=request.user,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"],
                suggested_mentor_ids=form.cleaned_data.get("suggested_mentors", []),
                expected_version=form.cleaned_data["version"],
            )
        except StaleRequest as error:
            return refuse(request, error, request_id)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "You declined the request. Thank you for answering.")
            return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/decline.html",
        {"ir": interview_request, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@onboarded_required
def withdraw(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.WITHDRAW):
        return refusal
    form = WithdrawForm(request.POST or None, initial={"version": interview_request.version})
    if request.method == "POST" and form.is_valid():
        try:
            request_rules.withdraw_request(
                request_id=interview_request.pk,
                student=request.user,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            return refuse(request, error, request_id)
        messages.success(request, "You withdrew the request.")
        return redirect("request_detail", request_id=request_id)
    return render(
        request,
        "interviews/withdraw.html",
        {"ir": interview_request, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
