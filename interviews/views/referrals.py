""" "Who else should I talk to?": record a referral, or take one back."""

from django.utils import timezone
from django.views.decorators.http import require_POST

from ..domain import referrals
from ..domain.access import get_participant_request
from ..domain.actions import Action
from ..forms.thanks import ButtonForm, ReferralForm, ReferralSearchForm
from .access import onboarded_required
from .acting import act_with_button, act_with_form, unavailable


@onboarded_required
def referral_new(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.REFER):
        return refusal
    # The mentors on offer: those of the search (repeated in the POST), or similar ones.
    search = ReferralSearchForm(request.POST if request.method == "POST" else request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = referrals.referral_candidates(interview_request, query=query, now=timezone.now())
    if request.method == "POST":
        form = ReferralForm(request.POST, candidates=candidates)
    else:
        form = ReferralForm(candidates=candidates, initial={"q": query})
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.REFER,
        perform=lambda data: referrals.make_referral(
            request_id=interview_request.pk,
            user=request.user,
            to_mentor_id=data["to_mentor"],
            outside_name=data["outside_name"],
            outside_organization=data["outside_organization"],
            outside_contact=data["outside_contact"],
            note=data["note"],
        ),
        success="The referral is on the meeting's list.",
        template="interviews/thanks/referral_form.html",
        context={"part": part, "search": search, "query": query, "candidates": candidates},
    )


@onboarded_required
@require_POST
def referral_remove(request, request_id: int, referral_id: int):
    interview_request, _part = get_participant_request(request.user, request_id)
    return act_with_button(
        request,
        interview_request,
        ButtonForm(request.POST),
        perform=lambda data: referrals.remove_referral(
            request_id=interview_request.pk, referral_id=referral_id, user=request.user
        ),
        success="The referral is removed.",
    )
