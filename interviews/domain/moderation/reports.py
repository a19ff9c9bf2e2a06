"""Members report a request, a message or a person; advisors work the queue.

Who may report what: a student or a mentor, about something they can see —
a request they take part in, a message the other person wrote in it, the other
person of one of their requests, or a mentor listed in the directory. Anything
else is answered as if it did not exist (NotFound, a 404 in the views), like
every page of a request.
A person has at most one open report per target: a second one is refused
kindly (the first is still waiting for an advisor).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from careerconnect.models import Role

from ...enums import ModerationActionKind, ReportReason, ReportStatus
from ...models import InterviewRequest, Message, Report
from ..access import require_advisor
from ..directory import listed_mentors
from ..errors import DomainError, NotAllowed, NotFound
from ..people import lock_people
from .log import log_action


class DuplicateReport(DomainError):
    """The person already has an open report about this."""


DUPLICATE = (
    "You have already reported this, and an advisor has not looked at it yet. "
    "Thank you: there is no need to report it again."
)
DETAILS_MAX = 2000


# --- What a member may report ---------------------------------------------------


def _can_report(user) -> bool:
    return user.is_authenticated and user.role in (Role.STUDENT, Role.MENTOR)


def reportable_request(user, request_id: int) -> InterviewRequest:
    """A request `user` takes part in (NotFound for anyone else)."""
    if not _can_report(user):
        raise NotFound("No such request.")
    request = (
        InterviewRequest.objects.select_related("student", "mentor")
        .filter(Q(student=user) | Q(mentor=user), pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound("No such request.")
    return request


def other_party(request: InterviewRequest, user):
    return request.mentor if user.pk == request.student_id else request.student


def reportable_message(user, request_id: int, message_id: int) -> Message:
    """A message of the other person in one of `user`'s requests (NotFound otherwise)."""
    request = reportable_request(user, request_id)
    message = (
        Message.objects.select_related("author", "request")
        .filter(pk=message_id, request=request, author=other_party(request, user))
        .first()
    )
    if message is None:
        raise NotFound("No such message.")
    return message


def reportable_person(user, person_id: int):
    """Someone `user` can see: the other person of one of their requests, or a
    mentor listed in the directory. Never themselves, never an advisor."""
    if not _can_report(user) or person_id == user.pk:
        raise NotFound("No such person.")
    User = get_user_model()
    person = (
        User.objects.filter(
            pk=person_id, role__in=(Role.STUDENT, Role.MENTOR), deleted_at__isnull=True
        )
        .filter(
            Q(pk__in=listed_mentors().values("user_id"))
            | Q(requests_sent__mentor=user)
            | Q(requests_received__student=user)
        )
        .distinct()
        .first()
    )
    if person is None:
        raise NotFound("No such person.")
    return person


def shared_request(user, person, request_id) -> InterviewRequest | None:
    """The request of these two with this id, if there is one (where a report
    about the person was started from)."""
    try:
        request_id = int(request_id)
    except (TypeError, ValueError):
        return None
    return (
        InterviewRequest.objects.filter(pk=request_id)
        .filter(Q(student=user, mentor=person) | Q(student=person, mentor=user))
        .first()
    )


def open_report(*, reporter, request=None, message=None, person=None) -> Report | None:
    """The reporter's open report about this target, if any."""
    return (
        Report.objects.filter(
            reporter=reporter,
            status=ReportStatus.OPEN,
            **_target(request=request, message=message, person=person),
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _target(*, request=None, message=None, person=None) -> dict:
    if message is not None:
        return {"message": message}
    if request is not None:
        return {"request": request, "message": None}
    return {"reported_user": person, "request": None, "message": None}


# --- Filing a report -------------------------------------------------------------


def _file(
    *,
    reporter,
    reported_user,
    reason: str,
    details: str,
    now: datetime | None,
    request: InterviewRequest | None = None,
    message: Message | None = None,
) -> Report:
    now = now or timezone.now()
    details = details.strip()
    if reason not in ReportReason.values:
        raise NotAllowed("Choose what the problem is.")
    if reason == ReportReason.OTHER and not details:
        raise NotAllowed("Tell the career center in a few words what happened.")
    if len(details) > DETAILS_MAX:
        raise NotAllowed(f"Keep the details under {DETAILS_MAX} characters.")
    with transaction.atomic():
        # One report at a time per reporter: two clicks never make two reports.
        lock_people(reporter.pk)
        target = {"request": request, "message": message, "person": reported_user}
        if open_report(reporter=reporter, **target) is not None:
            raise DuplicateReport(DUPLICATE)
        return Report.objects.create(
            reporter=reporter,
            reported_user=reported_user,
            request=request if request is not None else (message.request if message else None),
            message=message,
            reason=reason,
            details=details,
            reported_text=_as_reported(request=request, message=message),
            created_at=now,
        )


def _as_reported(*, request: InterviewRequest | None, message: Message | None) -> str:
    """A copy of what was reported, kept with the report (empty for a person)."""
    if message is not None:
        return message.body
    if request is not None:
        return f"About me:\n{request.about_me}\n\nWhy I am reaching out:\n{request.why_this_mentor}"
    return ""


def report_request(*, reporter, request_id: int, reason: str, details: str, now=None) -> Report:
    """Flag a request one takes part in; it is about the other person."""
    request = reportable_request(reporter, request_id)
    return _file(
        reporter=reporter,
        reported_user=other_party(request, reporter),
        request=request,
        reason=reason,
        details=details,
        now=now,
    )


def report_message(
    *, reporter, request_id: int, message_id: int, reason: str, details: str, now=None
) -> Report:
    """Flag what the other person wrote in the thread of a request."""
    message = reportable_message(reporter, request_id, message_id)
    return _file(
        reporter=reporter,
        reported_user=message.author,
        message=message,
        reason=reason,
        details=details,
        now=now,
    )


def report_user(*, reporter, user_id: int, reason: str, details: str, now=None) -> Report:
    """Flag a person (a mentor's profile, the other person of a request)."""
    person = reportable_person(reporter, user_id)
    return _file(reporter=reporter, reported_user=person, reason=reason, details=details, now=now)


# --- The advisors' queue -----------------------------------------------------------


def reports_queue(*, status: str = ""):
    """Open reports first, then the newest; `status` narrows to one state."""
    reports = Report.objects.select_related(
        "reporter", "reported_user", "request", "message", "handled_by"
    )
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    return reports.annotate(
        closed=Case(
            When(status=ReportStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed", "-created_at", "-pk")


def open_report_count() -> int:
    return Report.objects.filter(status=ReportStatus.OPEN).count()


def report_for_advisor(report_id: int) -> Report:
    report = (
        Report.objects.select_related(
            "reporter",
            "reported_user",
            "request__student",
            "request__mentor",
            "message__author",
            "handled_by",
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound("No such report.")
    return report


def reports_about(person):
    """Every report about the person, newest first, with who made it."""
    return person.reports_received.select_related("reporter", "handled_by").order_by(
        "-created_at", "-pk"
    )


def actions_about(person):
    """Every moderation action about the person, newest first, with who took it."""
    return person.moderation_actions.select_related("actor", "report").order_by(
        "-created_at", "-pk"
    )


def _require_reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise NotAllowed(f"Write down why you {what}: the moderation log keeps it.")
    return reason


def dismiss_report(*, report_id: int, advisor, reason: str, now=None) -> Report:
    """Nothing to act on: the report is closed, the reason logged."""
    now = now or timezone.now()
    require_advisor(advisor, to="handle reports")
    reason = _require_reason(reason, "dismiss this report")
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotAllowed("This report no longer exists.")
        if report.status != ReportStatus.OPEN:
            raise NotAllowed(
                f"This report was already handled ({report.get_status_display().lower()}); "
                "nothing was changed."
            )
        report.status = ReportStatus.DISMISSED
        report.handled_by = advisor
        report.handled_at = now
        report.save(update_fields=["status", "handled_by", "handled_at"])
        log_action(
            actor=advisor,
            kind=ModerationActionKind.DISMISS_REPORT,
            subject=report.reported_user,
            report=report,
            reason=reason,
            now=now,
        )
    return report
