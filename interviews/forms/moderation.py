"""Reports from members, and the reasons advisors write for their decisions."""

from django import forms

from ..domain.moderation.reports import DETAILS_MAX
from ..enums import ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is the problem?", choices=ReportReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label="What happened",
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the career center reads this. The other person is not told who "
        "reported them.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not cleaned.get("details", "").strip():
            self.add_error("details", "Tell the career center in a few words what happened.")
        return cleaned


class DecisionReasonForm(forms.Form):
    """Why an advisor decides as they do: kept in the moderation log."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the moderation log with your name.",
        error_messages={"required": "Write down the reason: nothing is done without one."},
    )

    def __init__(self, *args, label: str = "", help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text:
            self.fields["reason"].help_text = help_text
