"""The thank-you note: write it from the prefilled draft and send it, or say
the mentor was thanked another way."""

from django.views.decorators.http import require_POST

from ..domain import thanks
from ..domain.access import get_participant_request
from ..domain.actions import Action
from ..domain.learning import learning_note_of
from ..forms.thanks import ButtonForm, ThankYouForm
from .access import onboarded_required
from .acting import act_with_button, act_with_form, unavailable


@onboarded_required
def thank_you_write(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.THANK):
        return refusal
    if request.method == "POST":
        form = ThankYouForm(request.POST)
    else:
        form = ThankYouForm(initial={"body": thanks.thank_you_draft(interview_request)})
    mentor = interview_request.mentor
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.THANK,
        perform=lambda data: thanks.send_thank_you(
            request_id=interview_request.pk, student=request.user, body=data["body"]
        ),
        success=f"Your thank-you note is on its way to {mentor.display_name}. "
        "A copy is in your inbox.",
        template="interviews/thanks/thank_you.html",
        context={"learning_note": learning_note_of(interview_request)},
    )


@onboarded_required
@require_POST
def thanked_another_way(request, request_id: int):
    interview_request, _part = get_participant_request(request.user, request_id)
    return act_with_button(
        request,
        interview_request,
        ButtonForm(request.POST),
        perform=lambda data: thanks.thank_another_way(
            request_id=interview_request.pk, student=request.user
        ),
        success=f"Noted: you thanked {interview_request.mentor.display_name} another way. "
        "We won't remind you again.",
    )
