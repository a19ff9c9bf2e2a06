"""The request a student writes: the four parts of a good request, and times."""

from django import forms

from ..domain.requests import RequestDraft
from ..domain.slots import DEFAULT_DURATION, DURATION_CHOICES, FIRST_PROPOSAL_MIN
from ..enums import FoundVia, MeetingFormat, Topic
from ..models import MentorProfile
from .fields import SlotsFormMixin


class RequestForm(SlotsFormMixin, forms.Form):
    required_slots = FIRST_PROPOSAL_MIN

    about_me = forms.CharField(
        label="About me",
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your name, what you study, your class year: who is asking.",
        error_messages={"required": "Introduce yourself in a sentence or two."},
    )
    found_via = forms.ChoiceField(
        label="How I found you",
        choices=FoundVia.choices,
        widget=forms.RadioSelect,
        # They are writing from the directory, so that is the likely answer.
        initial=FoundVia.ALUMNI_DIRECTORY,
        error_messages={"required": "Tell the mentor how you found them."},
    )
    referrer_name = forms.CharField(
        label="Who referred you",
        max_length=150,
        required=False,
        help_text="Needed when someone referred you; mentors like to know who.",
    )
    found_via_detail = forms.CharField(
        label="Anything to add about how you found them",
        max_length=300,
        required=False,
        help_text="The event, the class, the article…",
    )
    topics = forms.MultipleChoiceField(
        label="What I'd like to learn about",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    why_this_mentor = forms.CharField(
        label="Why I am reaching out to you",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What in their path made you write to this person, and what you hope to learn.",
        error_messages={"required": "Tell the mentor why you are writing to them."},
    )
    format = forms.ChoiceField(
        label="The conversation",
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to talk."},
    )
    duration_minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[(minutes, f"{minutes} minutes") for minutes in DURATION_CHOICES],
        initial=DEFAULT_DURATION,
        help_text="Thirty minutes is the custom; ask for more only with a reason.",
    )

    def __init__(self, *args, mentor_profile: MentorProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            (fmt, MeetingFormat(fmt).label) for fmt in mentor_profile.formats
        ]
        if len(mentor_profile.formats) == 1:
            self.fields["format"].initial = mentor_profile.formats[0]
        self.add_slot_fields()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("found_via") == FoundVia.REFERRAL
            and not cleaned.get("referrer_name", "").strip()
        ):
            self.add_error("referrer_name", "Tell the mentor who referred you.")
        return cleaned

    def draft(self) -> RequestDraft:
        data = self.cleaned_data
        return RequestDraft(
            about_me=data["about_me"],
            found_via=data["found_via"],
            referrer_name=data.get("referrer_name", ""),
            found_via_detail=data.get("found_via_detail", ""),
            topics=list(data.get("topics", [])),
            why_this_mentor=data["why_this_mentor"],
            format=data["format"],
            duration_minutes=data["duration_minutes"],
        )
