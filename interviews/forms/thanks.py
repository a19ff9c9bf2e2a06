"""After a held meeting: the thank-you note, the learning note, referrals."""

from django import forms

from ..domain.learning import BODY_MAX_LENGTH as LEARNING_MAX_LENGTH
from ..domain.thanks import BODY_MAX_LENGTH as THANKS_MAX_LENGTH
from ..models import MentorProfile


class ThankYouForm(forms.Form):
    body = forms.CharField(
        label="Your thank-you note",
        max_length=THANKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=(
            "We started it from your notes. Make it yours: thank them, say what you "
            "learned and how you will use it, and name a next step."
        ),
        error_messages={"required": "Write your note before sending it."},
    )


class ButtonForm(forms.Form):
    """A one-click action (thanked another way, remove a referral): nothing to fill in."""


class LearningNoteForm(forms.Form):
    body = forms.CharField(
        label="What I learned",
        required=False,
        max_length=LEARNING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Private to you. One idea per line works well: the first two or three "
            "lines go into your thank-you note's draft."
        ),
    )
    shared = forms.BooleanField(
        label="Share these notes with the career center",
        required=False,
        help_text=(
            "Advisors can then read them, to help you plan your next steps. "
            "Untick to stop sharing; the mentor never sees them."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shared") and not (cleaned.get("body") or "").strip():
            self.add_error("body", "Write your notes before sharing them with the career center.")
        return cleaned


class ReferralSearchForm(forms.Form):
    q = forms.CharField(
        label="Search the directory",
        required=False,
        max_length=100,
        help_text="A name, an employer, a job or an industry.",
    )


class ReferralForm(forms.Form):
    to_mentor = forms.TypedChoiceField(
        label="A mentor in the directory",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the mentors listed."},
    )
    outside_name = forms.CharField(label="Name", max_length=150, required=False)
    outside_organization = forms.CharField(label="Organization", max_length=150, required=False)
    outside_contact = forms.CharField(
        label="How to reach them",
        max_length=300,
        required=False,
        help_text="An email address, a phone number or a profile link. Only the two of you "
        "and the career center see it.",
    )
    note = forms.CharField(
        label="Why talk to them",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. What they could tell the student about.",
    )
    # The search the mentors were listed by, so the same list is checked on POST.
    q = forms.CharField(
        required=False, max_length=100, widget=forms.HiddenInput(attrs={"id": "id_referral_q"})
    )

    def __init__(self, *args, candidates: list[MentorProfile] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_mentor"].choices = [
            (
                profile.user_id,
                f"{profile.user.display_name}, {profile.job_title} at {profile.employer}"
                if profile.employer
                else profile.user.display_name,
            )
            for profile in candidates
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("to_mentor")
        outside = any(
            (cleaned.get(name) or "").strip()
            for name in ("outside_name", "outside_organization", "outside_contact")
        )
        if chosen and outside:
            raise forms.ValidationError(
                "Choose a mentor from the directory or name someone outside it, not both."
            )
        if not chosen and not outside and not self.errors:
            raise forms.ValidationError(
                "Choose a mentor from the directory, or give the name of someone else."
            )
        if not chosen and outside and not (cleaned.get("outside_name") or "").strip():
            self.add_error("outside_name", "Give the person's name.")
        return cleaned
