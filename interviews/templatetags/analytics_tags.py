"""Small formatters for the advisors' dashboard."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def percent_of(value: int | None) -> str:
    """A share shown after its count: "(42%)", or nothing when there is no base."""
    if value is None:
        return ""
    return format_html('<span class="text-body-secondary">({}%)</span>', value)


@register.filter
def hours_as_words(hours: float | int | None) -> str:
    """A wait in hours, in the unit people think in: "under an hour", "5 hours", "3 days"."""
    if hours is None:
        return "—"
    if hours < 1:
        return "under an hour"
    if hours < 48:
        whole = int(hours)
        return f"{whole} hour{'s' if whole != 1 else ''}"
    days = round(hours / 24)
    return f"{days} days"
