"""The career center's question bank: advisors curate it, students pick from it.

Students see the active questions only. A question is never deleted: it is
retired (and may be reactivated), so that nothing refers to a vanished row.
A student's prepared question is a copy of the bank's text: editing or
retiring a bank question leaves the lists students already made as they are.
"""

from django.db import transaction
from django.db.models.functions import Lower

from ..enums import QuestionCategory
from ..models import BankQuestion
from .access import require_advisor
from .errors import NotAllowed

TEXT_MAX_LENGTH = BankQuestion._meta.get_field("text").max_length


def by_category(questions) -> list[tuple[str, str, list[BankQuestion]]]:
    """(category, its label, its questions) for every category in the enum's order.

    One query; within a category, active questions first, then alphabetically.
    """
    grouped: dict[str, list[BankQuestion]] = {value: [] for value in QuestionCategory.values}
    for question in questions.order_by("category", "-is_active", Lower("text"), "pk"):
        grouped.setdefault(question.category, []).append(question)
    return [
        (value, QuestionCategory(value).label, grouped[value]) for value in QuestionCategory.values
    ]


def bank_overview() -> list[tuple[str, str, list[BankQuestion]]]:
    """The whole bank, active and retired, for advisors."""
    return by_category(BankQuestion.objects.all())


def _clean(text: str, category: str, *, except_pk: int | None = None) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise NotAllowed("Write the question.")
    if len(text) > TEXT_MAX_LENGTH:
        raise NotAllowed(f"Keep the question under {TEXT_MAX_LENGTH} characters.")
    if category not in QuestionCategory.values:
        raise NotAllowed("Choose a category.")
    twins = BankQuestion.objects.filter(text__iexact=text).exclude(pk=except_pk)
    if twins.exists():
        raise NotAllowed("The bank has this question already.")
    return text


def create_question(*, advisor, text: str, category: str) -> BankQuestion:
    require_advisor(advisor, to="edit the question bank")
    with transaction.atomic():
        text = _clean(text, category)
        return BankQuestion.objects.create(text=text, category=category, created_by=advisor)


def _locked(question_id: int) -> BankQuestion:
    try:
        return BankQuestion.objects.select_for_update().get(pk=question_id)
    except BankQuestion.DoesNotExist:
        raise NotAllowed("This question is no longer in the bank.") from None


def edit_question(*, advisor, question_id: int, text: str, category: str) -> BankQuestion:
    require_advisor(advisor, to="edit the question bank")
    with transaction.atomic():
        question = _locked(question_id)
        question.text = _clean(text, category, except_pk=question.pk)
        question.category = category
        question.save(update_fields=["text", "category", "updated_at"])
    return question


def retire_question(*, advisor, question_id: int) -> BankQuestion:
    """Students are no longer offered it; lists that hold it keep their copy."""
    require_advisor(advisor, to="edit the question bank")
    with transaction.atomic():
        question = _locked(question_id)
        if not question.is_active:
            raise NotAllowed("This question is retired already.")
        question.is_active = False
        question.save(update_fields=["is_active", "updated_at"])
    return question


def reactivate_question(*, advisor, question_id: int) -> BankQuestion:
    require_advisor(advisor, to="edit the question bank")
    with transaction.atomic():
        question = _locked(question_id)
        if question.is_active:
            raise NotAllowed("This question is active already.")
        question.is_active = True
        question.save(update_fields=["is_active", "updated_at"])
    return question
