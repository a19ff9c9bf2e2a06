"""Did the meeting happen? And the mentor's feedback for the career center."""

from django import forms

from ..domain.feedback import NOTE_MAX_LENGTH, PREPAREDNESS_SCALE


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what happened.",
            "invalid_choice": "Choose one of the answers below.",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = choices


PREPAREDNESS_LABELS = {
    1: "1: not prepared",
    2: "2: a little prepared",
    3: "3: fairly prepared",
    4: "4: well prepared",
    5: "5: very well prepared",
}


class FeedbackForm(forms.Form):
    preparedness = forms.TypedChoiceField(
        label="How prepared was the student?",
        coerce=int,
        choices=[(value, PREPAREDNESS_LABELS[value]) for value in PREPAREDNESS_SCALE],
        widget=forms.RadioSelect,
        help_text="Did they know about you and your organization, and bring good questions?",
        error_messages={
            "required": "Choose how prepared the student was.",
            "invalid_choice": "Choose a rating from 1 to 5.",
        },
    )
    note = forms.CharField(
        label="A note for the career center",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Only the career center's advisors read this; the student never does.",
    )
