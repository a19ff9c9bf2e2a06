"""After the meeting: did it take place? And the mentor's feedback to the career center."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from ..domain import feedback as feedback_rules
from ..domain import outcomes
from ..domain.access import get_participant_request
from ..domain.actions import Action, available_actions
from ..domain.errors import DomainError
from ..enums import NO_SHOW_OUTCOMES, MeetingOutcome, Party
from ..forms.outcome import FeedbackForm, OutcomeForm
from .access import onboarded_required
from .acting import act_with_form, form_status, posted, unavailable


@onboarded_required
def report_outcome(request, request_id: int):
    """A participant says whether the meeting took place (the email links here)."""
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.REPORT_OUTCOME):
        return refusal
    choices = outcomes.outcome_choices(interview_request, part)
    # The email's links preselect an answer; only the button records it.
    suggested = request.GET.get("outcome", "")
    initial = {"outcome": suggested} if suggested in dict(choices) else {}
    form = OutcomeForm(posted(request), choices=choices, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            report = outcomes.report_outcome(
                request_id=interview_request.pk,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _after_report(request, interview_request, part, report)
    other = interview_request.mentor if part == Party.STUDENT else interview_request.student
    return render(
        request,
        "interviews/outcome/report.html",
        {
            "ir": interview_request,
            "form": form,
            "meeting": interview_request.meeting,
            "other": other,
        },
        status=form_status(form),
    )


def _after_report(request, interview_request, part, report):
    """Thank them; after "it was moved", on to proposing new times."""
    other = interview_request.mentor if part == Party.STUDENT else interview_request.student
    if report.meeting.outcome_disputed:
        messages.warning(
            request,
            "Thank you. Your answer differs from the other account of this meeting; both are "
            "kept, and the career center will look into it.",
        )
        return redirect("request_detail", request_id=interview_request.pk)
    if report.outcome == MeetingOutcome.MOVED:
        interview_request.refresh_from_db()
        actions = available_actions(interview_request, part, now=timezone.now())
        if Action.RESCHEDULE in actions:
            messages.success(request, "Thank you. Now propose new times for the meeting.")
            return redirect("meeting_reschedule", request_id=interview_request.pk)
        if Action.ACCEPT_RESCHEDULE in actions:
            messages.success(
                request,
                f"Thank you. {other.display_name} has proposed new times: pick one below.",
            )
        else:
            messages.success(request, "Thank you. We noted that the meeting was moved.")
        return redirect("request_detail", request_id=interview_request.pk)
    if report.outcome in NO_SHOW_OUTCOMES:
        messages.success(request, "Thank you for telling us. The meeting is recorded as missed.")
    else:
        messages.success(request, "Thank you. The meeting is recorded as held.")
    return redirect("request_detail", request_id=interview_request.pk)


@onboarded_required
def leave_feedback(request, request_id: int):
    """The mentor's optional word to the career center about a held meeting."""
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.GIVE_FEEDBACK):
        return refusal
    form = FeedbackForm(posted(request))
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.GIVE_FEEDBACK,
        perform=lambda data: feedback_rules.leave_feedback(
            request_id=interview_request.pk,
            user=request.user,
            preparedness=data["preparedness"],
            note=data["note"],
        ),
        success="Thank you. Your feedback is with the career center; the student does not see it.",
        template="interviews/outcome/feedback.html",
    )
