"""The question bank, for career advisors: list, create, edit, retire, reactivate.

Students and mentors get a 403 here; students pick from the bank's active
questions on their preparation page.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careerconnect.models import Role

from ..domain import bank as bank_rules
from ..domain.errors import DomainError
from ..forms.prep import BankQuestionForm
from ..models import BankQuestion
from .access import role_required
from .acting import posted

FORM_PAGE = "interviews/advisor/bank_form.html"


@role_required(Role.ADVISOR)
def question_bank(request):
    groups = bank_rules.bank_overview()
    return render(
        request,
        "interviews/advisor/bank.html",
        {
            "groups": groups,
            "active_count": sum(q.is_active for _v, _l, questions in groups for q in questions),
            "retired_count": sum(
                not q.is_active for _v, _l, questions in groups for q in questions
            ),
        },
    )


def _form_page(request, form, *, question=None, perform, success: str):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("question_bank")
    return render(
        request,
        FORM_PAGE,
        {"form": form, "question": question},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.ADVISOR)
def new_question(request):
    form = BankQuestionForm(posted(request), initial={"category": request.GET.get("category")})
    return _form_page(
        request,
        form,
        perform=lambda data: bank_rules.create_question(
            advisor=request.user, text=data["text"], category=data["category"]
        ),
        success="The question is in the bank; students can pick it now.",
    )


@role_required(Role.ADVISOR)
def edit_question(request, question_id: int):
    question = get_object_or_404(BankQuestion, pk=question_id)
    form = BankQuestionForm(
        posted(request), initial={"text": question.text, "category": question.category}
    )
    return _form_page(
        request,
        form,
        question=question,
        perform=lambda data: bank_rules.edit_question(
            advisor=request.user,
            question_id=question.pk,
            text=data["text"],
            category=data["category"],
        ),
        success="The question is saved. Lists students made before keep the earlier wording.",
    )


def _switch(request, question_id: int, change, success: str):
    question = get_object_or_404(BankQuestion, pk=question_id)
    try:
        change(advisor=request.user, question_id=question.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success.format(text=question.text))
    return redirect("question_bank")


@role_required(Role.ADVISOR)
@require_POST
def retire_question(request, question_id: int):
    return _switch(
        request,
        question_id,
        bank_rules.retire_question,
        "Retired: “{text}”. Students are no longer offered it.",
    )


@role_required(Role.ADVISOR)
@require_POST
def reactivate_question(request, question_id: int):
    return _switch(
        request,
        question_id,
        bank_rules.reactivate_question,
        "Back in the bank: “{text}”.",
    )
