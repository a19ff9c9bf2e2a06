"""Moderation: members' reports, the advisors' queue, suspensions, the log.

Callers import from here; the modules split the functions by concern:
reports.py (filing reports, the queue, dismissing), suspension.py (suspend,
lift) and log.py (the moderation log every decision writes to).
"""

from .log import log_action, moderation_log
from .reports import (
    DuplicateReport,
    actions_about,
    dismiss_report,
    open_report,
    open_report_count,
    other_party,
    report_for_advisor,
    report_message,
    report_request,
    report_user,
    reportable_message,
    reportable_person,
    reportable_request,
    reports_about,
    reports_queue,
    shared_request,
)
from .suspension import lift_suspension, suspend_user

__all__ = [
    "DuplicateReport",
    "actions_about",
    "dismiss_report",
    "lift_suspension",
    "log_action",
    "moderation_log",
    "open_report",
    "open_report_count",
    "other_party",
    "report_for_advisor",
    "report_message",
    "report_request",
    "report_user",
    "reportable_message",
    "reportable_person",
    "reportable_request",
    "reports_about",
    "reports_queue",
    "shared_request",
    "suspend_user",
]
