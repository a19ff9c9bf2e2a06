"""The advisors' first tools: every request (read-only) and mentor approval."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careerconnect.models import Role

from ..domain.advisor import all_requests, mentors_awaiting_approval
from ..domain.errors import DomainError
from ..domain.profiles import approve_mentor, reject_mentor
from ..enums import RequestStatus
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
def pending_mentors(request):
    page = Paginator(mentors_awaiting_approval(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "interviews/advisor/pending_mentors.html", {"page": page})


@role_required(Role.ADVISOR)
@require_POST
def decide_mentor(request, profile_id: int):
    profile = get_object_or_404(MentorProfile, pk=profile_id)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            approve_mentor(profile_id=profile.pk, advisor=request.user)
            messages.success(
                request, f"{profile.user.display_name} is now listed in the directory."
            )
        elif decision == "reject":
            reject_mentor(profile_id=profile.pk, advisor=request.user)
            messages.success(request, f"{profile.user.display_name} stays out of the directory.")
        else:
            messages.error(request, "Choose to approve or to reject.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("pending_mentors")
