"""The request page's panel: the thank-you note, the learning note and referrals.

Shown for held meetings. Both participants see the thank-you note once it is
sent; the learning note shows to the student, and to advisors only while it is
shared; referrals show to both participants and advisors.
"""

from django import template
from django.utils import timezone

from ..domain.access import ADVISOR
from ..domain.actions import available_actions
from ..domain.learning import visible_learning_note
from ..domain.referrals import referral_rows
from ..domain.thanks import thank_you_note_of
from ..enums import Party, RequestStatus

register = template.Library()


@register.inclusion_tag("interviews/panels/thanks.html", takes_context=True)
def thanks_panel(context, interview_request, part):
    user = context["user"]
    panel = {"ir": interview_request, "part": part, "user": user, "show": False}
    if interview_request.status != RequestStatus.HELD or part not in (
        Party.STUDENT,
        Party.MENTOR,
        ADVISOR,
    ):
        return panel
    actions = context.get("actions")
    if actions is None:
        actions = {
            action.value
            for action in available_actions(interview_request, part, now=timezone.now())
        }
    return {
        **panel,
        "show": True,
        "actions": actions,
        "thank_you": thank_you_note_of(interview_request),
        "learning_note": visible_learning_note(interview_request, part),
        "referrals": referral_rows(interview_request, part, user),
    }
