"""Onboarding (right after sign-up) and later edits of one's own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from careerconnect.models import Role

from ..domain.profiles import needs_onboarding, save_mentor_profile, save_student_profile
from ..enums import ApprovalState
from ..forms.profiles import MentorProfileForm, StudentProfileForm
from ..models import MentorProfile, StudentProfile


def _profile_form(request):
    user = request.user
    data = request.POST if request.method == "POST" else None
    if user.role == Role.STUDENT:
        profile = StudentProfile.objects.filter(user=user).first() or StudentProfile(user=user)
        return StudentProfileForm(data, instance=profile, user=user)
    if user.role == Role.MENTOR:
        profile = MentorProfile.objects.filter(user=user).first() or MentorProfile(user=user)
        return MentorProfileForm(data, instance=profile, user=user)
    raise PermissionDenied("Advisors have no profile to fill.")


def _save(form):
    user = form.apply_person_fields()
    profile = form.save(commit=False)
    if isinstance(form, StudentProfileForm):
        return save_student_profile(
            user=user,
            profile=profile,
            majors=form.cleaned_data["majors"],
            interests=form.cleaned_data["interests"],
        )
    return save_mentor_profile(user=user, profile=profile, majors=form.cleaned_data["majors"])


@login_required
def onboarding(request):
    if not needs_onboarding(request.user):
        return redirect("profile_edit")
    form = _profile_form(request)
    if request.method == "POST" and form.is_valid():
        profile = _save(form)
        if request.user.role == Role.MENTOR and profile.approval_state == ApprovalState.PENDING:
            messages.success(
                request,
                "Thank you! A career advisor will review your profile; students can "
                "find you in the directory once it is approved.",
            )
        else:
            messages.success(request, "Welcome! Your profile is ready.")
        return redirect("dashboard")
    return render(
        request,
        "interviews/onboarding.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def profile_edit(request):
    if needs_onboarding(request.user):
        return redirect("onboarding")
    form = _profile_form(request)
    if request.method == "POST" and form.is_valid():
        _save(form)
        messages.success(request, "Your profile is saved.")
        return redirect("profile_edit")
    return render(
        request,
        "interviews/profile_edit.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
