"""Reports from members, and the advisors' queue, decisions and log.

Members (students and mentors) report what they can see; anything else is a
404. Advisors work the queue: dismiss a report, suspend the person, lift a
suspension, each with a reason kept in the moderation log.
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from careerconnect.models import Role

from ..domain.advisor import person_for_advisor
from ..domain.directory import listed_mentors
from ..domain.errors import DomainError, NotFound
from ..domain.moderation import (
    DuplicateReport,
    actions_about,
    dismiss_report,
    lift_suspension,
    moderation_log,
    open_report,
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
    suspend_user,
)
from ..enums import ModerationActionKind, ReportStatus
from ..forms.moderation import DecisionReasonForm, ReportForm
from .access import role_required
from .acting import form_status, posted

PAGE_SIZE = 25
THANKS = (
    "Thank you. Your report went to the career center, and an advisor will look at it. "
    "Nobody else is told that you reported it."
)
TOO_MANY = (
    "You have sent many reports in a short time, so this one was not sent. "
    "Please try again in a while; what you wrote is kept below."
)


def not_found_is_404(view):
    """What the domain says does not exist for this person (NotFound) is a 404 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as missing:
            raise Http404(str(missing)) from missing

    return wrapped


# --- Members report -------------------------------------------------------------------


def _report_page(request, *, back: str, existing, perform, context: dict):
    """The report form: GET shows it (or says it is already reported), a valid
    POST files the report and goes back where the person came from."""
    if request.method == "GET" and existing is not None:
        messages.info(request, "You have already reported this; an advisor will look at it.")
        return redirect(back)
    form = ReportForm(posted(request))
    status = None
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="report"):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            try:
                perform(form.cleaned_data)
            except DuplicateReport as error:
                messages.info(request, error.message)
                return redirect(back)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, THANKS)
                return redirect(back)
    return render(
        request,
        "interviews/report_form.html",
        {"form": form, "back": back, **context},
        status=status or form_status(form),
    )


@role_required(Role.STUDENT, Role.MENTOR)
@not_found_is_404
def report_request_page(request, request_id: int):
    interview_request = reportable_request(request.user, request_id)
    return _report_page(
        request,
        back=reverse("request_detail", args=[interview_request.pk]),
        existing=open_report(reporter=request.user, request=interview_request),
        perform=lambda data: report_request(
            reporter=request.user, request_id=interview_request.pk, **data
        ),
        context={
            "subject": "request",
            "ir": interview_request,
            "person": other_party(interview_request, request.user),
        },
    )


@role_required(Role.STUDENT, Role.MENTOR)
@not_found_is_404
def report_message_page(request, request_id: int, message_id: int):
    message = reportable_message(request.user, request_id, message_id)
    return _report_page(
        request,
        back=reverse("request_detail", args=[message.request_id]),
        existing=open_report(reporter=request.user, message=message),
        perform=lambda data: report_message(
            reporter=request.user, request_id=message.request_id, message_id=message.pk, **data
        ),
        context={
            "subject": "message",
            "ir": message.request,
            "message": message,
            "person": message.author,
        },
    )


@role_required(Role.STUDENT, Role.MENTOR)
@not_found_is_404
def report_user_page(request, user_id: int):
    person = reportable_person(request.user, user_id)
    # Started from a request of theirs (?request=<id>): back to it afterwards.
    source = request.POST.get("request") if request.method == "POST" else request.GET.get("request")
    origin = shared_request(request.user, person, source)
    if origin is not None:
        back = reverse("request_detail", args=[origin.pk])
    elif listed_mentors().filter(user=person).exists():
        back = reverse("mentor_detail", args=[person.pk])
    else:
        back = reverse("dashboard")
    return _report_page(
        request,
        back=back,
        existing=open_report(reporter=request.user, person=person),
        perform=lambda data: report_user(reporter=request.user, user_id=person.pk, **data),
        context={"subject": "person", "person": person, "origin": origin},
    )


# --- Advisors: the queue, a report, a person, the log ----------------------------------


@role_required(Role.ADVISOR)
def reports_queue_page(request):
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    page = Paginator(reports_queue(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/advisor/reports.html",
        {
            "page": page,
            "status": status,
            "statuses": ReportStatus.choices,
            "query_string": urlencode({"status": status}),
        },
    )


DECISIONS = {
    "dismiss": ("Why you dismiss this report", "Kept in the moderation log with your name."),
    "suspend": (
        "Why you suspend this person",
        "Kept in the moderation log with your name; the person is not told why.",
    ),
    "lift": ("Why you lift the suspension", "Kept in the moderation log with your name."),
}


def _decision_forms(data=None, action: str = "") -> dict:
    """One form per decision, each with its own ids; only the posted one is bound."""
    return {
        name: DecisionReasonForm(
            data if name == action else None,
            prefix=name,
            label=label,
            help_text=help_text,
        )
        for name, (label, help_text) in DECISIONS.items()
    }


def _decide(request, *, person, report=None):
    """Handle a posted decision; returns (forms, response or None)."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _decision_forms(request.POST if action in DECISIONS else None, action)
    if request.method != "POST":
        return forms, None
    if action not in DECISIONS or (action == "dismiss" and report is None):
        messages.error(request, "Choose what to do.")
        return forms, redirect(request.path)
    form = forms[action]
    if not form.is_valid():
        return forms, None
    reason = form.cleaned_data["reason"]
    try:
        if action == "dismiss":
            dismiss_report(report_id=report.pk, advisor=request.user, reason=reason)
            done = "The report is dismissed."
        elif action == "suspend":
            suspend_user(
                user_id=person.pk,
                advisor=request.user,
                reason=reason,
                report_id=report.pk if report else None,
            )
            done = (
                f"{person.display_name} is suspended: signed out, hidden from the directory, "
                "and what they had under way has ended."
            )
        else:
            lift_suspension(user_id=person.pk, advisor=request.user, reason=reason)
            done = f"{person.display_name} can sign in again."
    except DomainError as error:
        form.add_error(None, error.message)
        return forms, None
    messages.success(request, done)
    return forms, redirect(request.path)


def _history(person) -> dict:
    return {"reports": list(reports_about(person)), "actions": list(actions_about(person))}


@role_required(Role.ADVISOR)
@not_found_is_404
def report_detail_page(request, report_id: int):
    report = report_for_advisor(report_id)
    person = report.reported_user
    forms, response = _decide(request, person=person, report=report)
    if response is not None:
        return response
    return render(
        request,
        "interviews/advisor/report_detail.html",
        {"report": report, "person": person, "forms": forms, **_history(person)},
        status=_status(forms),
    )


@role_required(Role.ADVISOR)
def person_moderation_page(request, user_id: int):
    person = person_for_advisor(user_id)
    forms, response = _decide(request, person=person)
    if response is not None:
        return response
    return render(
        request,
        "interviews/advisor/person_moderation.html",
        {"person": person, "forms": forms, **_history(person)},
        status=_status(forms),
    )


def _status(forms: dict) -> int:
    return 400 if any(form.is_bound and form.errors for form in forms.values()) else 200


@role_required(Role.ADVISOR)
def moderation_log_page(request):
    kind = request.GET.get("kind", "")
    if kind not in ModerationActionKind.values:
        kind = ""
    page = Paginator(moderation_log(kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/advisor/moderation_log.html",
        {
            "page": page,
            "kind": kind,
            "kinds": ModerationActionKind.choices,
            "query_string": urlencode({"kind": kind}),
        },
    )
