"""Writing a request: form → preview (what the mentor will read) → send."""

from allauth.core import ratelimit
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from careerconnect.models import Role

from ..domain.directory import listed_mentors, with_availability
from ..domain.errors import DomainError, InvalidSlots
from ..domain.profiles import introduction_from_profile
from ..domain.program import get_program_settings
from ..domain.requests import (
    check_request,
    check_request_times,
    send_request,
    why_student_cannot_request,
)
from ..domain.slots import minimum_notice_hours
from ..domain.wording import job_application_phrases
from ..forms.compose import RequestForm
from .access import role_required


@role_required(Role.STUDENT)
def new_request(request, mentor_id: int):
    now = timezone.now()
    profile = get_object_or_404(
        with_availability(listed_mentors(), now=now).select_related("user"), user_id=mentor_id
    )
    mentor = profile.user
    reason = why_student_cannot_request(student=request.user, mentor_profile=profile, now=now)
    if reason:
        return render(
            request,
            "interviews/request_unavailable.html",
            {"mentor": mentor, "reason": reason},
            status=409,
        )

    step = request.POST.get("step", "edit") if request.method == "POST" else "edit"
    if step in ("preview", "send") and (
        limited := ratelimit.consume_or_429(request, action="compose_request")
    ):
        return limited
    if request.method == "POST":
        form = RequestForm(request.POST, mentor_profile=profile)
    else:
        form = RequestForm(
            mentor_profile=profile, initial={"about_me": introduction_from_profile(request.user)}
        )

    if request.method == "POST" and step in ("preview", "send") and form.is_valid():
        try:
            if step == "send":
                sent = send_request(
                    student=request.user,
                    mentor=mentor,
                    draft=form.draft(),
                    slot_starts=form.slot_starts(),
                    now=now,
                )
                messages.success(
                    request,
                    f"Your request is on its way to {mentor.display_name}. "
                    "You will hear back here and by email.",
                )
                return redirect("request_detail", request_id=sent.pk)
            slots = check_request(
                student=request.user,
                mentor=mentor,
                draft=form.draft(),
                slot_starts=form.slot_starts(),
                now=now,
            )
            draft = form.draft()
            return render(
                request,
                "interviews/request_preview.html",
                {
                    "form": form,
                    "mentor": mentor,
                    "profile": profile,
                    "draft": draft,
                    "slots": slots,
                    "topic_labels": draft.topic_labels,
                    "job_phrases": job_application_phrases(
                        draft.about_me, draft.why_this_mentor, draft.found_via_detail
                    ),
                },
            )
        except InvalidSlots as error:
            form.add_slot_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
    elif request.method == "POST" and step in ("preview", "send") and form.times_are_clean():
        # Other fields need work: still say now what is wrong with the times.
        try:
            check_request_times(
                student=request.user,
                mentor=mentor,
                slot_starts=form.slot_starts(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                now=now,
            )
        except InvalidSlots as error:
            form.add_slot_errors(error)

    program = get_program_settings()
    return render(
        request,
        "interviews/request_form.html",
        {
            "form": form,
            "mentor": mentor,
            "profile": profile,
            "notice_hours": minimum_notice_hours(profile, program),
            "max_days_ahead": program.max_days_ahead,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
