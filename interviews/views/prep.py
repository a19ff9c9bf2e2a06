"""The student's preparation page and its forms (every one works without JavaScript).

Each change posts to its own URL, calls one domain function and comes back to
the page. Bad input shows the page again with the message next to the field
and everything typed kept (status 400). Only the student of a confirmed (or
held) meeting gets the page: the mentor is sent back to the request page with
an explanation, advisors and everyone else get a 404.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..domain import prep as prep_rules
from ..domain.access import get_participant_request
from ..domain.errors import DomainError
from ..enums import Party
from ..forms.prep import (
    BankPickForm,
    ChecklistForm,
    MoveQuestionForm,
    OwnQuestionForm,
    QuestionForm,
    ResearchNotesForm,
)
from .access import onboarded_required

PAGE = "interviews/prep/workspace.html"
BANK_PAGE = "interviews/prep/bank.html"


def _page_url(interview_request, anchor: str = "") -> str:
    url = reverse("prep_workspace", args=[interview_request.pk])
    return f"{url}#{anchor}" if anchor else url


def _refuse(request, error: DomainError, interview_request, part: str):
    """Why nothing changed; the student stays on their page while it is theirs."""
    messages.error(request, error.message)
    interview_request.refresh_from_db(fields=["status"])
    if part == Party.STUDENT and interview_request.status in prep_rules.VIEWABLE_STATUSES:
        return redirect(_page_url(interview_request))
    return redirect("request_detail", request_id=interview_request.pk)


def _notes_form(workspace, data=None) -> ResearchNotesForm:
    plan = workspace.plan
    profile = workspace.mentor_profile
    return ResearchNotesForm(
        data,
        mentor_name=workspace.request.mentor.display_name,
        employer=profile.employer if profile else "",
        initial={
            "research_person": plan.research_person if plan else "",
            "research_organization": plan.research_organization if plan else "",
        },
    )


def _render_page(request, workspace, *, status: int = 200, **bound):
    """The page, with a bound (invalid) form in place of its blank one, if any."""
    forms = {
        "notes_form": _notes_form(workspace),
        "question_form": OwnQuestionForm(),
        "checklist_form": ChecklistForm(items=workspace.checklist),
        **bound,
    }
    return render(
        request,
        PAGE,
        {
            "ir": workspace.request,
            "ws": workspace,
            "profile": workspace.mentor_profile,
            "flexibility": prep_rules.flexibility_advice(workspace.request),
            **forms,
        },
        status=status,
    )


def _load(request, request_id: int):
    """(interview request, part, workspace or None, refusal or None)."""
    interview_request, part = get_participant_request(request.user, request_id)
    try:
        workspace = prep_rules.workspace(request=interview_request, user=request.user)
    except DomainError as error:
        return interview_request, part, None, _refuse(request, error, interview_request, part)
    return interview_request, part, workspace, None


def _change(request, interview_request, part, perform, *, success: str, anchor: str):
    try:
        perform()
    except DomainError as error:
        return _refuse(request, error, interview_request, part)
    messages.success(request, success)
    return redirect(_page_url(interview_request, anchor))


@onboarded_required
def workspace(request, request_id: int):
    _ir, _part, workspace, refusal = _load(request, request_id)
    return refusal or _render_page(request, workspace)


@onboarded_required
@require_POST
def save_notes(request, request_id: int):
    interview_request, _part, workspace, refusal = _load(request, request_id)
    if refusal:
        return refusal
    form = _notes_form(workspace, request.POST)
    if not form.is_valid():
        return _render_page(request, workspace, status=400, notes_form=form)
    try:
        prep_rules.save_research_notes(
            request_id=interview_request.pk,
            student=request.user,
            person=form.cleaned_data["research_person"],
            organization=form.cleaned_data["research_organization"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _render_page(request, workspace, status=400, notes_form=form)
    messages.success(request, "Your research notes are saved.")
    return redirect(_page_url(interview_request, "research"))


@onboarded_required
@require_POST
def add_question(request, request_id: int):
    interview_request, _part, workspace, refusal = _load(request, request_id)
    if refusal:
        return refusal
    form = OwnQuestionForm(request.POST)
    if form.is_valid():
        try:
            prep_rules.add_own_question(
                request_id=interview_request.pk,
                student=request.user,
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, "Your question is added at the end of the list.")
            return redirect(_page_url(interview_request, "questions"))
    return _render_page(request, workspace, status=400, question_form=form)


@onboarded_required
@require_POST
def move_question(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    form = MoveQuestionForm(request.POST)
    form.is_valid()
    # A tampered button reaches the domain as "no such question": it refuses.
    return _change(
        request,
        interview_request,
        part,
        lambda: prep_rules.move_question(
            request_id=interview_request.pk,
            student=request.user,
            question_id=form.cleaned_data.get("question") or 0,
            direction=form.cleaned_data.get("direction") or "",
        ),
        success="The question moved.",
        anchor="questions",
    )


@onboarded_required
@require_POST
def remove_question(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    form = QuestionForm(request.POST)
    form.is_valid()
    return _change(
        request,
        interview_request,
        part,
        lambda: prep_rules.remove_question(
            request_id=interview_request.pk,
            student=request.user,
            question_id=form.cleaned_data.get("question") or 0,
        ),
        success="The question is removed from your list.",
        anchor="questions",
    )


@onboarded_required
@require_POST
def share(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    return _change(
        request,
        interview_request,
        part,
        lambda: prep_rules.share_questions(request_id=interview_request.pk, student=request.user),
        success=f"{interview_request.mentor.display_name} can now read your questions on the "
        "meeting page and in their reminder.",
        anchor="questions",
    )


@onboarded_required
@require_POST
def stop_sharing(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    return _change(
        request,
        interview_request,
        part,
        lambda: prep_rules.stop_sharing_questions(
            request_id=interview_request.pk, student=request.user
        ),
        success="Your questions are private again.",
        anchor="questions",
    )


@onboarded_required
@require_POST
def save_checklist(request, request_id: int):
    interview_request, part, workspace, refusal = _load(request, request_id)
    if refusal:
        return refusal
    form = ChecklistForm(request.POST, items=workspace.checklist)
    form.is_valid()  # Boxes are never invalid: unticked is simply absent.
    done = len(form.ticked())
    return _change(
        request,
        interview_request,
        part,
        lambda: prep_rules.tick_checklist(
            request_id=interview_request.pk, student=request.user, ticked=form.ticked()
        ),
        success=f"Your checklist is saved: {done} of {len(workspace.checklist)} done.",
        anchor="checklist",
    )


@onboarded_required
def pick_from_bank(request, request_id: int):
    """The bank's active questions by category; the ticked ones join the list."""
    interview_request, part, workspace, refusal = _load(request, request_id)
    if refusal:
        return refusal
    if not workspace.changeable:
        return _refuse(
            request,
            DomainError("The meeting has taken place: your list of questions stays as it was."),
            interview_request,
            part,
        )
    category = request.GET.get("category", "")
    groups = prep_rules.active_bank_by_category()
    offered = [question for _value, _label, questions in groups for question in questions]
    form = BankPickForm(request.POST if request.method == "POST" else None, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            added = prep_rules.add_bank_questions(
                request_id=interview_request.pk,
                student=request.user,
                question_ids=form.cleaned_data["questions"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            count = len(added)
            messages.success(
                request,
                f"{count} question{'s' if count != 1 else ''} added to your list. "
                "Put the most important first.",
            )
            return redirect(_page_url(interview_request, "questions"))
    chosen = {str(value) for value in form["questions"].value() or []}
    return render(
        request,
        BANK_PAGE,
        {
            "ir": interview_request,
            "ws": workspace,
            "form": form,
            "groups": [group for group in groups if not category or group[0] == category],
            "categories": [(value, label) for value, label, _questions in groups],
            "category": category,
            "chosen": chosen,
            "in_list": workspace.bank_sources,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
