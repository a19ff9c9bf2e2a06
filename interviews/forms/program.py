"""Advisors' forms: the program's rules, its terms, the mentor import."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.core.validators import MaxValueValidator, MinValueValidator

from ..domain.program_rules import (
    BOUNDS,
    EDITABLE_FIELDS,
    LABELS,
    TERM_FIRST_DAY,
    TERM_LAST_DAY,
    normalize_domains,
    settings_problems,
    term_date_problems,
)
from ..models import ProgramSettings, Term


def _model_bounds(name: str) -> tuple[int, int]:
    low, high = 0, 32767
    for validator in ProgramSettings._meta.get_field(name).validators:
        if isinstance(validator, MinValueValidator):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, validator.limit_value)
    return low, high


class ProgramSettingsForm(forms.ModelForm):
    """The rules; `version` is the updated_at the form was shown with (stale check)."""

    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = ProgramSettings
        fields = list(EDITABLE_FIELDS)
        widgets = {"allowed_student_email_domains": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in LABELS:
                field.label = LABELS[name]
            if name in BOUNDS:
                low, high = BOUNDS[name]
            elif name != "version" and isinstance(field, forms.IntegerField):
                low, high = _model_bounds(name)
            else:
                continue
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)
            if isinstance(field, forms.IntegerField):
                field.error_messages["required"] = "Enter a number."
                field.error_messages["invalid"] = "Enter a whole number."
        self.fields["first_nudge_days"].help_text += " 0: no reminder."
        self.fields["second_nudge_days"].help_text += " 0: no second reminder."

    def clean_allowed_student_email_domains(self):
        text, problems = normalize_domains(self.cleaned_data["allowed_student_email_domains"])
        if problems:
            raise forms.ValidationError(problems)
        return text

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) is not None for name in EDITABLE_FIELDS):
            for name, message in settings_problems(cleaned).items():
                self.add_error(name, message)
        return cleaned

    def _post_clean(self):
        # The domain saves (with the lock and the log): never the ModelForm, so it
        # does not write the values onto the shared instance either.
        pass

    @property
    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["name", "starts_on", "ends_on"]
        labels = {"starts_on": "First day", "ends_on": "Last day"}
        widgets = {
            name: forms.DateInput(
                attrs={
                    "type": "date",
                    "min": TERM_FIRST_DAY.isoformat(),
                    "max": TERM_LAST_DAY.isoformat(),
                },
                format="%Y-%m-%d",
            )
            for name in ("starts_on", "ends_on")
        }
        help_texts = {"name": "For example “Fall 2026”. Dashboards offer it as a date range."}
        error_messages = {
            "name": {"required": "Give the term a name."},
            "starts_on": {"required": "Enter the first day.", "invalid": "Enter a date."},
            "ends_on": {"required": "Enter the last day.", "invalid": "Enter a date."},
        }

    def clean(self):
        cleaned = super().clean()
        problems = term_date_problems(cleaned.get("starts_on"), cleaned.get("ends_on"))
        for name, message in problems.items():
            self.add_error(name, message)
        return cleaned

    def validate_unique(self):
        # The domain checks names and overlaps under a lock, with clear messages.
        pass

    def _post_clean(self):
        pass


class MentorFileForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 text with a header row; at most "
        f"{settings.MENTOR_IMPORT_MAX_BYTES // 1024} KB and "
        f"{settings.MENTOR_IMPORT_MAX_ROWS} mentors.",
        error_messages={
            "required": "Choose a CSV file to upload.",
            "empty": "The file is empty: it needs a header row and one row per mentor.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ClaimAccountForm(SetPasswordForm):
    """Choose a password (Django's validators, typed twice)."""
