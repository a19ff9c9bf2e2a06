"""Writing a request: form → preview (what the mentor will read) → send."""

from allauth.core import ratelimit
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from careerconnect.models import Role

from ..domain.directory import listed_mentors, with_availability
from ..domain.errors import DomainError, InvalidSlots
from ..domain.profiles import introduction_from_profile
from ..domain.program import get_program_settings
from ..domain.referrals import referral_for_new_request, referrer_name, send_referred_request
from ..domain.requests import (
    check_request,
    check_request_times,
    send_request,
    why_student_cannot_request,
)
from ..domain.slots import minimum_notice_hours
from ..domain.wording import job_application_phrases
from ..enums import FoundVia
from ..forms.compose import RequestForm
from .access import role_required


def _referral_key(mentor_id: int) -> str:
    return f"referral_to_mentor_{mentor_id}"


def _referral_of_visit(request, mentor_id: int):
    """The referral this request is written from, if any.

    The link from the meeting page carries ?referral=<id>; it must be the
    student's own referral to this mentor (else 404). The edit, preview and
    send steps POST to the plain address, so the referral is kept in the
    session for this mentor until the request is sent; opening the form
    without the parameter starts afresh.
    """
    key = _referral_key(mentor_id)
    if request.method == "GET":
        request.session.pop(key, None)
        if "referral" not in request.GET:
            return None
        referral = referral_for_new_request(
            student=request.user, mentor_id=mentor_id, referral_id=request.GET["referral"]
        )
        if referral is None:
            raise Http404("No such referral.")
        request.session[key] = referral.pk
        return referral
    if key not in request.session:
        return None
    return referral_for_new_request(
        student=request.user, mentor_id=mentor_id, referral_id=request.session[key]
    )


@role_required(Role.STUDENT)
def new_request(request, mentor_id: int):
    now = timezone.now()
    profile = get_object_or_404(
        with_availability(listed_mentors(), now=now).select_related("user"), user_id=mentor_id
    )
    mentor = profile.user
    referral = _referral_of_visit(request, mentor.pk)
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
        initial = {"about_me": introduction_from_profile(request.user)}
        if referral is not None:
            initial |= {"found_via": FoundVia.REFERRAL, "referrer_name": referrer_name(referral)}
        form = RequestForm(mentor_profile=profile, initial=initial)

    if request.method == "POST" and step in ("preview", "send") and form.is_valid():
        try:
            if step == "send":
                sending = {
                    "student": request.user,
                    "mentor": mentor,
                    "draft": form.draft(),
                    "slot_starts": form.slot_starts(),
                    "now": now,
                }
                if referral is not None:
                    sent = send_referred_request(referral_id=referral.pk, **sending)
                    request.session.pop(_referral_key(mentor.pk), None)
                else:
                    sent = send_request(**sending)
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
