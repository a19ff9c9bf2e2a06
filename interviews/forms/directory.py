"""The directory's search box and filters (a GET form)."""

from django import forms

from ..domain.directory import DirectoryFilters
from ..enums import MeetingFormat
from ..models import Industry, Major


class DirectoryFilterForm(forms.Form):
    # Every filter is optional by nature; saying so on each would be noise.
    hide_optional_markers = True

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Names, employers, job titles, industries, topics.",
    )
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.filter(is_active=True), required=False, empty_label="Any"
    )
    employer = forms.CharField(required=False, max_length=150)
    major = forms.ModelChoiceField(
        queryset=Major.objects.filter(is_active=True), required=False, empty_label="Any"
    )
    graduated_from = forms.IntegerField(
        label="Graduated from", required=False, min_value=1940, max_value=2100
    )
    graduated_to = forms.IntegerField(
        label="Graduated until", required=False, min_value=1940, max_value=2100
    )
    location = forms.CharField(required=False, max_length=150)
    format = forms.ChoiceField(
        label="Conversation",
        required=False,
        choices=[("", "Any"), *MeetingFormat.choices],
    )
    available = forms.BooleanField(label="Only mentors taking requests now", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("graduated_from"), cleaned.get("graduated_to")
        if start and end and start > end:
            self.add_error("graduated_to", "This year comes before the “from” year.")
        return cleaned

    def filters(self) -> DirectoryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DirectoryFilters(
            query=data.get("q", ""),
            industry=data.get("industry"),
            employer=data.get("employer", ""),
            major=data.get("major"),
            graduated_from=data.get("graduated_from"),
            graduated_to=data.get("graduated_to"),
            location=data.get("location", ""),
            format=data.get("format", ""),
            available_only=bool(data.get("available")),
        )
