"""Times as people read them: their own zone, with the zone's abbreviation."""

import zoneinfo
from datetime import datetime


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def format_local(value: datetime, zone_name: str, *, with_date: bool = True) -> str:
    """ "Fri 6 Mar 2026, 10:00 EST" (24-hour clock, the zone's abbreviation)."""
    local = value.astimezone(zone(zone_name))
    clock = f"{local:%H:%M} {local:%Z}"
    if not with_date:
        return clock
    return f"{local:%a} {local.day} {local:%b %Y}, {clock}"


def format_for_both(value: datetime, viewer, other) -> tuple[str, str]:
    """The viewer's full time, and the other person's (date only when it differs)."""
    mine = format_local(value, viewer.time_zone)
    if other is None or other.time_zone == viewer.time_zone:
        return mine, ""
    viewer_date = value.astimezone(zone(viewer.time_zone)).date()
    other_date = value.astimezone(zone(other.time_zone)).date()
    return mine, format_local(value, other.time_zone, with_date=other_date != viewer_date)
