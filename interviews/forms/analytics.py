"""The advisor dashboard's range and filters (a GET form)."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from ..domain.analytics.ranges import (
    LAST_DAYS,
    LONGEST_CUSTOM_RANGE_DAYS,
    DayRange,
    custom_range,
    last_days,
    term_range,
)
from ..domain.analytics.scope import ActivityScope
from ..domain.program import current_term
from ..models import Industry, Major, Term

RANGE_CHOICES = [
    ("term", "A term"),
    *[(str(days), f"Last {days} days") for days in LAST_DAYS],
    ("custom", "Dates of my choice"),
]
DEFAULT_LAST_DAYS = 90
# The program's history fits in these years; beyond them a date is a typo
# (and year 9999 has no "day after" to end a range with).
DATE_BOUNDS = [
    MinValueValidator(date(2000, 1, 1), "Choose a date in 2000 or later."),
    MaxValueValidator(date(2100, 12, 31), "Choose a date before 2101."),
]


class DateInput(forms.DateInput):
    input_type = "date"


class DashboardFilterForm(forms.Form):
    hide_optional_markers = True

    range = forms.ChoiceField(label="Period", choices=RANGE_CHOICES, required=False)
    term = forms.ModelChoiceField(
        queryset=Term.objects.order_by("-starts_on"),
        required=False,
        empty_label="The current term",
    )
    start = forms.DateField(label="From", required=False, widget=DateInput, validators=DATE_BOUNDS)
    end = forms.DateField(
        label="To (included)", required=False, widget=DateInput, validators=DATE_BOUNDS
    )
    major = forms.ModelChoiceField(
        label="Student major", queryset=Major.objects.all(), required=False, empty_label="Any"
    )
    class_year = forms.IntegerField(
        label="Class year", required=False, min_value=1940, max_value=2100
    )
    industry = forms.ModelChoiceField(
        label="Mentor industry", queryset=Industry.objects.all(), required=False, empty_label="Any"
    )
    employer = forms.CharField(
        label="Mentor employer",
        required=False,
        max_length=150,
        help_text="The exact name, in any case.",
    )
    waiting_days = forms.IntegerField(
        label="Waiting longer than (days)",
        required=False,
        min_value=1,
        max_value=90,
        initial=7,
        help_text="For the list of mentors with requests waiting.",
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        if data.get("range") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError("Give both dates of your range.")
            if start > end:
                self.add_error("end", "The last day comes before the first.")
            elif (end - start).days >= LONGEST_CUSTOM_RANGE_DAYS:
                self.add_error("end", "Choose a range of at most five years.")
        return data

    def day_range(self) -> DayRange:
        """The chosen range; a term by default, or the last 90 days if no term exists."""
        data = self.cleaned_data if self.is_valid() else {}
        choice = data.get("range") or "term"
        if choice == "custom":
            return custom_range(data["start"], data["end"])
        if choice.isdigit():
            return last_days(int(choice), today=self.today)
        term = data.get("term") or current_term(self.today)
        if term is None:
            return last_days(DEFAULT_LAST_DAYS, today=self.today)
        return term_range(term)

    def scope(self) -> ActivityScope:
        data = self.cleaned_data if self.is_valid() else {}
        days = self.day_range()
        major, industry = data.get("major"), data.get("industry")
        return ActivityScope(
            first_day=days.first_day,
            last_day=days.last_day,
            major_id=major.pk if major else None,
            class_year=data.get("class_year"),
            industry_id=industry.pk if industry else None,
            employer=(data.get("employer") or "").strip(),
        )

    def waiting_days_value(self) -> int:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("waiting_days") or self.fields["waiting_days"].initial
