"""Sign-up: who you are (student or mentor), your name and your time zone."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings

from interviews.domain.program import student_email_domain_allowed

from .models import Role
from .timezones import time_zone_choices

SIGNUP_ROLES = [
    (Role.STUDENT, "I'm a student looking for career conversations"),
    (Role.MENTOR, "I'm an alumna or alumnus happy to talk with students"),
]


class SignupForm(AllauthSignupForm):
    role = forms.ChoiceField(
        label="I am joining as",
        choices=SIGNUP_ROLES,
        widget=forms.RadioSelect,
        initial=Role.STUDENT,
    )
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        initial=settings.TIME_ZONE,
        help_text="We suggest the one your browser uses. Times are shown to you in this zone.",
    )

    field_order = ["role", "first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget.attrs["data-suggest-browser-zone"] = "true"
        self.fields[
            "email"
        ].help_text = "Students: use your campus address. We send a link to confirm it."
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if (
            email
            and cleaned.get("role") == Role.STUDENT
            and not student_email_domain_allowed(email)
        ):
            self.add_error(
                "email",
                "Students sign up with their campus email address. "
                "This address is not from a campus domain the career center accepts.",
            )
        return cleaned
