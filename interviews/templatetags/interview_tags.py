from django import template

from ..domain.dashboards import current_slots as _current_slots
from ..enums import RequestStatus

register = template.Library()

STATUS_BADGES = {
    RequestStatus.PENDING: "text-bg-warning",
    RequestStatus.COUNTER_PROPOSED: "text-bg-info",
    RequestStatus.CONFIRMED: "text-bg-success",
    RequestStatus.HELD: "text-bg-success",
}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.simple_tag
def status_label(request, part: str) -> str:
    """The status as this person reads it: "Waiting for you" when it is their turn."""
    if request.is_open and request.awaiting_party == part:
        return "Waiting for you"
    return request.get_status_display()


@register.filter
def current_slots(request):
    return _current_slots(request)


@register.filter
def get_field(form, name: str):
    return form[name]
