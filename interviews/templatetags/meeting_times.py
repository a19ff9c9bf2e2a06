"""Times as people read them: in their own zone, with the zone's name.

Every time on a page is shown in the viewer's zone; where two people meet,
the other person's local time follows, so nobody does time-zone arithmetic.
"""

import zoneinfo
from datetime import datetime

from django import template
from django.utils.html import format_html

register = template.Library()


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def format_local(value: datetime, zone_name: str, *, with_date: bool = True) -> str:
    """ "Fri 6 Mar 2026, 10:00 EST" (24-hour clock, the zone's abbreviation)."""
    local = value.astimezone(_zone(zone_name))
    clock = f"{local:%H:%M} {local:%Z}"
    if not with_date:
        return clock
    return f"{local:%a} {local.day} {local:%b %Y}, {clock}"


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
    mine = format_local(value, viewer.time_zone)
    if other is None or other.time_zone == viewer.time_zone:
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), mine)
    viewer_date = value.astimezone(_zone(viewer.time_zone)).date()
    other_local = value.astimezone(_zone(other.time_zone))
    theirs = format_local(value, other.time_zone, with_date=other_local.date() != viewer_date)
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
    zone = _zone(person.time_zone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
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
