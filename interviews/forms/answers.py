"""Answers to a request and changes to a meeting. Each form carries the
version of the request the person saw, so a stale form is refused."""

from django import forms

from ..enums import MENTOR_DECLINE_REASONS, DeclineReason
from .fields import SlotsFormMixin


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptForm(VersionedForm):
    slot = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProposeTimesForm(SlotsFormMixin, VersionedForm):
    required_slots = 1
    note = forms.CharField(
        label="A note with the new times",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. For example why the first times do not work.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_slot_fields()


class DeclineForm(VersionedForm):
    reason = forms.ChoiceField(
        label="Reason", choices=MENTOR_DECLINE_REASONS, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label="A few words for the student",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional unless you chose “another reason”. Students read this; be kind.",
    )
    suggested_mentors = forms.TypedMultipleChoiceField(
        label="Suggest other mentors",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Optional. The student sees links to the mentors you tick.",
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_mentors"].choices = [
            (
                profile.user_id,
                f"{profile.user.display_name}, {profile.job_title} at {profile.employer}",
            )
            for profile in suggestions
        ]
        if not suggestions:
            del self.fields["suggested_mentors"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == DeclineReason.OTHER and not cleaned.get("message", "").strip():
            self.add_error("message", "Tell the student in a few words why you decline.")
        return cleaned


class WithdrawForm(VersionedForm):
    note = forms.CharField(
        label="A note for the mentor",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional.",
    )


class CancelForm(VersionedForm):
    reason = forms.CharField(
        label="Why you cancel",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The other person reads this.",
    )


class MeetingDetailsForm(VersionedForm):
    video_link = forms.URLField(
        label="Video link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For a video call: the link the student opens.",
    )
    location = forms.CharField(
        label="Place",
        required=False,
        max_length=300,
        help_text="For an in-person meeting: where exactly to meet.",
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=40,
        help_text="For a phone call: the number to call.",
    )
