"""The request page and the answers to a request.

Each view parses the form, calls one domain function and renders; a refusal
is shown on the page with what the person typed kept, a stale form sends them
back to the request as it now stands.
"""

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..domain import requests as request_rules
from ..domain.access import contact_details_visible, get_participant_request, get_visible_request
from ..domain.actions import Action, available_actions
from ..domain.calendar import add_to_calendar_links
from ..domain.directory import similar_mentors, suggested_mentors
from ..domain.errors import DomainError
from ..domain.proposals import times_on_offer
from ..domain.timeline import request_timeline
from ..enums import Party, RequestStatus
from ..forms.answers import AcceptForm, DeclineForm, ProposeTimesForm, WithdrawForm
from ..models import MentorProfile
from .access import onboarded_required
from .acting import act_with_button, act_with_form, posted, unavailable


def student_profile_for(interview_request):
    """The student's profile, loaded with the request; its majors in one query."""
    profile = getattr(interview_request.student, "student_profile", None)
    if profile is not None:
        prefetch_related_objects([profile], "majors")
    return profile


@onboarded_required
def request_detail(request, request_id: int):
    interview_request, part = get_visible_request(request.user, request_id)
    now = timezone.now()
    # Loaded with the request (select_related), which it points back to.
    meeting = getattr(interview_request, "meeting", None)
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
            "offer": times_on_offer(interview_request),
            "timeline": request_timeline(interview_request),
            "show_contact": contact_details_visible(interview_request, part),
            "suggestions": suggested_mentors(interview_request)
            if interview_request.status == RequestStatus.DECLINED
            else [],
            "version": interview_request.version,
            "now": now,
            # Mentors (and advisors) read who is asking; students know themselves.
            "student_profile": student_profile_for(interview_request)
            if part != Party.STUDENT
            else None,
            "calendar_links": add_to_calendar_links(meeting)
            if meeting
            and interview_request.status == RequestStatus.CONFIRMED
            and part in (Party.STUDENT, Party.MENTOR)
            else None,
        },
    )


@onboarded_required
@require_POST
def accept_time(request, request_id: int):
    interview_request, _part = get_participant_request(request.user, request_id)
    return act_with_button(
        request,
        interview_request,
        AcceptForm(request.POST),
        perform=lambda data: request_rules.accept_slot(
            request_id=interview_request.pk,
            user=request.user,
            slot_id=data["slot"],
            expected_version=data["version"],
        ),
        success="Confirmed. You both get a calendar invitation by email.",
        invalid=DomainError("Choose one of the times on offer."),
    )


@onboarded_required
def propose_times(request, request_id: int):
    """The mentor counter-proposes, or the student proposes again."""
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.PROPOSE):
        return refusal
    form = ProposeTimesForm(
        posted(request),
        initial={"version": interview_request.version},
    )

    def perform(data):
        arguments = {
            "request_id": interview_request.pk,
            "slot_starts": form.slot_starts(),
            "note": data["note"],
            "expected_version": data["version"],
        }
        if part == Party.MENTOR:
            return request_rules.counter_propose(mentor=request.user, **arguments)
        return request_rules.propose_again(student=request.user, **arguments)

    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.PROPOSE,
        perform=perform,
        success="Your new times are sent.",
        template="interviews/propose_times.html",
        context={"part": part, "offer": times_on_offer(interview_request)},
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
        posted(request),
        initial={"version": interview_request.version},
        suggestions=suggestions,
    )
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.DECLINE,
        perform=lambda data: request_rules.decline_request(
            request_id=interview_request.pk,
            mentor=request.user,
            reason=data["reason"],
            message=data["message"],
            suggested_mentor_ids=data.get("suggested_mentors", []),
            expected_version=data["version"],
        ),
        success="You declined the request. Thank you for answering.",
        template="interviews/decline.html",
    )


@onboarded_required
def withdraw(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.WITHDRAW):
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
        action=Action.WITHDRAW,
        perform=lambda data: request_rules.withdraw_request(
            request_id=interview_request.pk,
            student=request.user,
            note=data["note"],
            expected_version=data["version"],
        ),
        success="You withdrew the request.",
        template="interviews/withdraw.html",
    )
