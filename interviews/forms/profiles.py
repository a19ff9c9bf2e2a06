"""People's own profiles (their name and time zone come along)."""

from django import forms

from careerconnect.timezones import time_zone_choices

from ..domain.profiles import MENTOR_EDITABLE, STUDENT_EDITABLE
from ..models import Industry, Major, MentorProfile, StudentProfile


class PersonFieldsMixin:
    """First name, last name and time zone, stored on the user."""

    person_fields = ("first_name", "last_name", "time_zone")

    def add_person_fields(self, user) -> None:
        self.user = user
        self.fields["first_name"] = forms.CharField(
            label="First name", max_length=150, initial=user.first_name
        )
        self.fields["last_name"] = forms.CharField(
            label="Last name", max_length=150, initial=user.last_name
        )
        self.fields["time_zone"] = forms.ChoiceField(
            label="Time zone",
            choices=time_zone_choices,
            initial=user.time_zone,
            help_text="Times are shown to you, and entered by you, in this zone.",
        )
        # During onboarding, offer the browser's zone if it differs from the one
        # chosen at sign-up, without changing the choice behind the person's back.
        self.fields["time_zone"].widget.attrs["data-suggest-browser-zone"] = (
            "hint" if user.onboarded_at is None else "false"
        )
        self.order_fields(
            [*self.person_fields, *[n for n in self.fields if n not in self.person_fields]]
        )

    def apply_person_fields(self):
        for name in self.person_fields:
            setattr(self.user, name, self.cleaned_data[name])
        return self.user


def selected_ids(instance, relation: str) -> list[int]:
    if instance.pk is None:
        return []
    return list(getattr(instance, relation).values_list("pk", flat=True))


def active_choices(model, selected_ids=()):
    """Active items, plus retired ones the person already has."""
    return model.objects.filter(is_active=True) | model.objects.filter(pk__in=list(selected_ids))


class StudentProfileForm(PersonFieldsMixin, forms.ModelForm):
    linkedin_url = forms.URLField(
        label="LinkedIn profile", required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = StudentProfile
        fields = ["majors", "interests", *STUDENT_EDITABLE]
        widgets = {
            "majors": forms.CheckboxSelectMultiple,
            "interests": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_person_fields(user)
        self.fields["majors"].queryset = active_choices(
            Major, selected_ids(self.instance, "majors")
        ).distinct()
        self.fields["interests"].queryset = active_choices(
            Industry, selected_ids(self.instance, "interests")
        ).distinct()


class MentorProfileForm(PersonFieldsMixin, forms.ModelForm):
    default_video_link = forms.URLField(
        label="Default video link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Private until a meeting is confirmed; you can change it per meeting.",
    )

    class Meta:
        model = MentorProfile
        fields = [*MENTOR_EDITABLE[:5], "majors", *MENTOR_EDITABLE[5:]]
        widgets = {
            "majors": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 5}),
            "topics": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "default_meeting_place": "Private until a meeting is confirmed.",
            "phone": "Private until a meeting is confirmed, and only for phone calls.",
            "accepting_requests": "Untick to pause new requests (for a busy month, a holiday).",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_person_fields(user)
        self.fields["majors"].queryset = active_choices(
            Major, selected_ids(self.instance, "majors")
        ).distinct()
        current = [self.instance.industry_id] if self.instance.industry_id else []
        self.fields["industry"].queryset = active_choices(Industry, current).distinct()
        self.fields["industry"].required = True
        self.fields["job_title"].required = True
        self.fields["employer"].required = True

    def clean(self):
        cleaned = super().clean()
        if not any(
            cleaned.get(name) for name in ("offers_video", "offers_phone", "offers_in_person")
        ):
            self.add_error("offers_video", "Offer at least one way to talk.")
        return cleaned
