from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.urls import reverse

from interviews.domain.mentor_import import mark_mentor_claimed
from interviews.domain.program import student_email_domain_allowed

from .models import Role
from .suspension import suspended_response


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        # Sign-up offers only these two; advisors are made by operators.
        user.role = (
            data.get("role") if data.get("role") in (Role.STUDENT, Role.MENTOR) else Role.STUDENT
        )
        user.time_zone = data.get("time_zone") or user.time_zone
        if commit:
            user.save()
        return user

    def clean_email(self, email):
        email = super().clean_email(email)
        user = getattr(self.request, "user", None)
        # A student who changes their address keeps to the campus domains too.
        if (
            user is not None
            and user.is_authenticated
            and user.role == Role.STUDENT
            and not student_email_domain_allowed(email)
        ):
            raise forms.ValidationError(
                "Students use their campus email address. This address is not from a "
                "campus domain the career center accepts."
            )
        return email

    def get_signup_redirect_url(self, request):
        return reverse("onboarding")

    # Suspended by the career center (careerconnect/suspension.py): every login
    # flow stops here, after the credentials were checked, and opens no session.
    def pre_login(self, request, user, **kwargs):
        if getattr(user, "suspended_at", None) is not None:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return suspended_response(request)
        return super().pre_login(request, user, **kwargs)

    # An imported mentor who gets in without the invitation's link (a password
    # reset, campus sign-in) has claimed the account just the same: listed in
    # the directory, and never overwritten by the next import. login() runs
    # for every flow once all its stages passed (second factor, verification).
    def login(self, request, user):
        super().login(request, user)
        mark_mentor_claimed(user=user)
