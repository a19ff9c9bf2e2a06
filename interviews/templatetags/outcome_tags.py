"""The request page's panel: Did it happen, and the mentor's feedback."""

from django import template
from django.utils import timezone

from ..domain.feedback import feedback_left, feedback_shown_to
from ..domain.outcomes import outcome_choices, outcome_overview
from ..domain.program import get_program_settings
from ..enums import Party

register = template.Library()


@register.inclusion_tag("interviews/panels/outcome.html", takes_context=True)
def outcome_panel(context, interview_request, part):
    """Nothing before the meeting's end; then the question, both answers and the outcome.

    Participants who have not answered get the question as buttons; advisors
    read the same, plus the disputed flag and the mentor's feedback.
    """
    now = context.get("now") or timezone.now()
    actions = context.get("actions") or set()
    overview = outcome_overview(interview_request, part=part, now=now)
    participant = part in (Party.STUDENT, Party.MENTOR)
    return {
        "ir": interview_request,
        "part": part,
        "user": context["user"],
        "overview": overview,
        "actions": actions,
        "choices": outcome_choices(interview_request, part)
        if overview and participant and "report_outcome" in actions
        else [],
        "feedback": feedback_shown_to(interview_request, part) if overview else None,
        "feedback_left": part == Party.MENTOR and feedback_left(interview_request),
    }


@register.simple_tag
def outcome_grace_days() -> int:
    """For the "did it happen?" email: silence counts as held after this many days."""
    return get_program_settings().outcome_grace_days


@register.simple_tag
def outcome_answers(interview_request, recipient_is_student: bool) -> list[tuple[str, str]]:
    """For the "did it happen?" email: the answers in the recipient's own words."""
    part = Party.STUDENT if recipient_is_student else Party.MENTOR
    return outcome_choices(interview_request, part)
