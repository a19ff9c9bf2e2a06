"""Times as people read them: in their own zone, with the zone's name.

Every time on a page is shown in the viewer's zone; where two people meet,
the other person's local time follows, so nobody does time-zone arithmetic.
"""

from datetime import datetime

from django import template
from django.utils.html import format_html

from ..domain.timefmt import format_for_both, format_local, zone

register = template.Library()


@register.simple_tag
def local_time(value: datetime | None, person) -> str:
    """The time in `person`'s zone, inside a machine-readable <time>."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(),
        format_local(value, person.time_zone),
    )


@register.simple_tag
def both_times(value: datetime | None, viewer, other) -> str:
    """The time for the viewer, then for the other person when their zone differs.

    "Fri 6 Mar 2026, 10:00 EST (16:00 CET for Maria)"
    """
    if value is None:
        return ""
    mine, theirs = format_for_both(value, viewer, other)
    if not theirs:
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), mine)
    return format_html(
        '<time datetime="{}">{}</time> <span class="text-body-secondary">({} for {})</span>',
        value.isoformat(),
        mine,
        theirs,
        other.display_name,
    )


@register.simple_tag
def time_range(start: datetime, end: datetime, person) -> str:
    """ "Fri 6 Mar 2026, 10:00–10:30 EST" in `person`'s zone."""
    local_zone = zone(person.time_zone)
    local_start, local_end = start.astimezone(local_zone), end.astimezone(local_zone)
    return format_html(
        '<time datetime="{}">{} {} {}, {}–{} {}</time>',
        start.isoformat(),
        f"{local_start:%a}",
        local_start.day,
        f"{local_start:%b %Y}",
        f"{local_start:%H:%M}",
        f"{local_end:%H:%M}",
        f"{local_end:%Z}",
    )
