from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from careerconnect.models import Role

from ..domain.directory import (
    listed_mentors,
    responsiveness_days,
    search_mentors,
    with_availability,
)
from ..domain.limits import unavailability_reason
from ..domain.program import get_program_settings
from ..domain.requests import why_student_cannot_request
from ..forms.directory import DirectoryFilterForm
from ..models import MentorProfile
from .access import onboarded_required

PAGE_SIZE = 12


@onboarded_required
def mentor_directory(request):
    form = DirectoryFilterForm(request.GET or None)
    mentors = search_mentors(form.filters(), now=timezone.now())
    page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interviews/directory.html",
        {"form": form, "page": page, "query_string": query.urlencode()},
    )


@onboarded_required
def mentor_detail(request, mentor_id: int):
    # Mentors may look at their own page before an advisor approves it.
    visible = listed_mentors() | MentorProfile.objects.filter(user=request.user)
    profile = get_object_or_404(
        with_availability(visible, now=timezone.now())
        .select_related("user", "industry")
        .prefetch_related("majors"),
        user_id=mentor_id,
    )
    can_request = False
    reason = unavailability_reason(
        profile, received=profile.received_this_month, program=get_program_settings()
    )
    if request.user.role == Role.STUDENT:
        reason = why_student_cannot_request(
            student=request.user, mentor_profile=profile, now=timezone.now()
        )
        can_request = not reason
    return render(
        request,
        "interviews/mentor_detail.html",
        {
            "profile": profile,
            "mentor": profile.user,
            "unavailable_reason": reason,
            "responsiveness_days": responsiveness_days(profile),
            "can_request": can_request,
        },
    )
