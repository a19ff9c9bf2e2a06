"""The advisors' first tools: every request (read-only) and mentor approval."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careerconnect.models import Role

from ..domain.advisor import (
    all_requests,
    mentors_awaiting_approval,
    person_for_advisor,
    requests_of_person,
    status_counts_of_person,
)
from ..domain.errors import DomainError
from ..domain.profiles import approve_mentor, reject_mentor
from ..enums import RequestStatus
from ..forms.moderation import DecisionReasonForm
from ..models import MentorProfile
from .access import role_required

PAGE_SIZE = 25


@role_required(Role.ADVISOR)
def advisor_requests(request):
    status = request.GET.get("status", "")
    disputed = request.GET.get("disputed") == "1"
    page = Paginator(all_requests(status=status, disputed=disputed), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "interviews/advisor/requests.html",
        {
            "page": page,
            "status": status,
            "disputed": disputed,
            # The filters, kept by the pagination links.
            "query_string": urlencode({"status": status, "disputed": "1" if disputed else ""}),
            "statuses": RequestStatus.choices,
            "pending_mentor_count": mentors_awaiting_approval().count(),
        },
    )


@role_required(Role.ADVISOR)
def advisor_person(request, user_id: int):
    person = person_for_advisor(user_id)
    page = Paginator(requests_of_person(person), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/advisor/person.html",
        {"person": person, "page": page, "status_counts": status_counts_of_person(person)},
    )


def _reject_form(profile, data=None) -> DecisionReasonForm:
    """Each card's own rejection form (its own ids: many cards share the page)."""
    return DecisionReasonForm(
        data,
        auto_id=f"id_reject_{profile.pk}_%s",
        label="Reason, if you reject",
        help_text="Sent to the mentor by email, and kept in the moderation log.",
    )


def _pending_page(request, *, page_number, rejecting=None, status: int = 200):
    """The mentors waiting, each with an approve button and a rejection form;
    `rejecting`: the bound form that has errors, shown on its card."""
    page = Paginator(mentors_awaiting_approval(), PAGE_SIZE).get_page(page_number)
    for profile in page.object_list:
        if rejecting is not None and rejecting[0] == profile.pk:
            profile.reject_form = rejecting[1]
        else:
            profile.reject_form = _reject_form(profile)
    return render(request, "interviews/advisor/pending_mentors.html", {"page": page}, status=status)


@role_required(Role.ADVISOR)
def pending_mentors(request):
    return _pending_page(request, page_number=request.GET.get("page"))


@role_required(Role.ADVISOR)
@require_POST
def decide_mentor(request, profile_id: int):
    profile = get_object_or_404(MentorProfile.objects.select_related("user"), pk=profile_id)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            approve_mentor(profile_id=profile.pk, advisor=request.user)
            messages.success(
                request, f"{profile.user.display_name} is now listed in the directory."
            )
        elif decision == "reject":
            form = _reject_form(profile, request.POST)
            if not form.is_valid():
                # Back to the list, the card showing what is missing.
                return _pending_page(
                    request,
                    page_number=request.POST.get("page"),
                    rejecting=(profile.pk, form),
                    status=400,
                )
            reject_mentor(
                profile_id=profile.pk, advisor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                f"{profile.user.display_name} stays out of the directory; "
                "your reason is on its way to them by email.",
            )
        else:
            messages.error(request, "Choose to approve or to reject.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("pending_mentors")
