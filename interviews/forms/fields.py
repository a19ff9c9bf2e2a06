"""Form pieces shared by every form that proposes times."""

from django import forms

from ..domain.errors import InvalidSlots

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL_FORMAT)


def within_reach(value):
    """Years far outside any plan are typos (and would overflow date arithmetic)."""
    if value is not None and not 2000 <= value.year <= 2100:
        raise forms.ValidationError("Enter a date within the next few months.", code="year")


def slot_field(number: int, *, required_count: int) -> forms.DateTimeField:
    needed = "one time is needed" if required_count == 1 else f"{required_count} times are needed"
    return forms.DateTimeField(
        label=f"Time option {number}",
        required=number <= required_count,
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
        validators=[within_reach],
        error_messages={
            "invalid": "Enter a date and a time, like 2026-03-06 10:00.",
            "required": f"Enter a date and a time here: at least {needed}.",
        },
    )


class SlotsFormMixin:
    """Adds `slot_1` … `slot_N` (datetime-local, in the person's zone).

    Django reads a naive datetime in the active time zone, which the
    middleware sets to the person's own; the domain gets aware datetimes.
    """

    slot_count = 5
    required_slots = 1

    def add_slot_fields(self) -> None:
        for number in range(1, self.slot_count + 1):
            self.fields[f"slot_{number}"] = slot_field(number, required_count=self.required_slots)

    def slot_field_names(self) -> list[str]:
        return [f"slot_{number}" for number in range(1, self.slot_count + 1)]

    def filled_slot_names(self) -> list[str]:
        return [name for name in self.slot_field_names() if self.cleaned_data.get(name)]

    def times_are_clean(self) -> bool:
        """Every time field parsed and at least the required number given."""
        cleaned = getattr(self, "cleaned_data", {})
        names = [*self.slot_field_names(), "duration_minutes"]
        return not any(name in self.errors for name in names) and all(
            name in cleaned for name in names if name in self.fields
        )

    def slot_starts(self) -> list:
        return [self.cleaned_data[name] for name in self.filled_slot_names()]

    def add_slot_errors(self, error: InvalidSlots) -> None:
        """Show the domain's per-time refusals next to the fields they concern."""
        names = self.filled_slot_names()
        for index, message in error.errors.items():
            self.add_error(names[index], message)
        if not error.errors:
            self.add_error(None, error.message)
