"""The student's preparation for a meeting: research notes, questions, checklist.

The preparation (a PrepPlan) is the student's alone: the research notes and
the checklist are never shown to the mentor nor to advisors. The prepared
questions reach the mentor only while the student shares them (then they are
on the mentor's meeting page and in the mentor's reminder); stopping sharing
takes them away again.

The student prepares while the meeting is confirmed; after it was held the
preparation stays readable and only the research notes may still change.
Every change locks the request row first, so two tabs (or a double click)
change one plan one after the other; the plan is created by the first change,
never by looking at the page.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from ..enums import MeetingFormat, Party, RequestStatus
from ..models import BankQuestion, InterviewRequest, MentorProfile, PreparedQuestion, PrepPlan
from .access import ADVISOR
from .bank import by_category
from .errors import NotAllowed
from .history import lock_request

# The student may open their preparation in these states (held: to read it).
VIEWABLE_STATUSES = (RequestStatus.CONFIRMED, RequestStatus.HELD)
# Questions, checklist and sharing change only before the meeting is decided.
CHANGEABLE_STATUSES = (RequestStatus.CONFIRMED,)

NOTES_MAX_LENGTH = 5000
QUESTION_MAX_LENGTH = PreparedQuestion._meta.get_field("text").max_length
# More than a half-hour conversation can hold; a longer list is a sign to pick.
MAX_QUESTIONS = 30


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True)
class ChecklistItem:
    name: str  # the PrepPlan field
    label: str  # what the student ticks
    advice: str  # what to do: beside the box on the page, the to-do in the reminder
    done: bool


# What the student ticks: the model's own field names, in one place.
CHECKLIST_LABELS = {
    name: str(PrepPlan._meta.get_field(name).verbose_name) for name in PrepPlan.CHECKLIST
}
LOGISTICS = {
    MeetingFormat.VIDEO: "open the video link a few minutes early and test your camera "
    "and microphone",
    MeetingFormat.PHONE: "save the number in your phone and keep it charged",
    MeetingFormat.IN_PERSON: "plan your route to the place and arrive a few minutes early",
}


def _advice(name: str, *, request: InterviewRequest, meeting_format: str, employer: str) -> str:
    mentor = request.mentor.display_name
    organization = employer or "their organization"
    return {
        "researched_person": f"Research {mentor}: their role, their career path and what "
        "they are happy to talk about.",
        "researched_organization": f"Research {organization}: what it does, its place in "
        "the industry, recent news.",
        "questions_ready": "Prepare your questions, the most important first: you may not "
        "get to all of them.",
        "logistics_checked": "Check the logistics: "
        f"{LOGISTICS.get(meeting_format, LOGISTICS[MeetingFormat.VIDEO])}.",
        "professional_setting": "Choose a quiet, professional setting and dress as you "
        "would for their workplace: act professionally, even on video.",
        "thank_you_planned": "Plan your thank-you: note what you learn, and send a few "
        "lines within a day.",
    }[name]


def flexibility_advice(request: InterviewRequest) -> str:
    return (
        f"Be flexible: let the conversation go where {request.mentor.display_name} takes it, "
        f"and keep to the {request.duration_minutes} minutes you asked for."
    )


def checklist(
    plan: PrepPlan | None, *, request: InterviewRequest, meeting_format: str, employer: str
) -> list[ChecklistItem]:
    """The six items in order, each with its advice and whether it is ticked."""
    return [
        ChecklistItem(
            name=name,
            label=CHECKLIST_LABELS[name],
            advice=_advice(name, request=request, meeting_format=meeting_format, employer=employer),
            done=bool(plan is not None and getattr(plan, name)),
        )
        for name in PrepPlan.CHECKLIST
    ]


def checklist_done(plan: PrepPlan | None) -> int:
    return 0 if plan is None else sum(bool(getattr(plan, name)) for name in PrepPlan.CHECKLIST)


def existing_plan(request: InterviewRequest) -> PrepPlan | None:
    """The plan if the student started one (no query when it was select_related)."""
    return getattr(request, "prep_plan", None)


# --- Reading --------------------------------------------------------------------


@dataclass
class Workspace:
    """Everything the preparation page shows, for the student only."""

    request: InterviewRequest
    plan: PrepPlan | None
    questions: list[PreparedQuestion]
    mentor_profile: MentorProfile | None
    checklist: list[ChecklistItem]
    changeable: bool

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.checklist)

    @property
    def shared(self) -> bool:
        return self.plan is not None and self.plan.questions_shared_at is not None

    @property
    def bank_sources(self) -> set[int]:
        return {question.source_id for question in self.questions if question.source_id}


def _check_student(request: InterviewRequest, user, statuses) -> None:
    if user.pk != request.student_id:
        if user.pk == request.mentor_id:
            raise NotAllowed(
                "The preparation is the student's own. You see their questions on this page "
                "once they share them with you."
            )
        raise NotAllowed("Only the student of this request prepares for its meeting.")
    if request.status in statuses:
        return
    if request.status in VIEWABLE_STATUSES:
        raise NotAllowed(
            "The meeting has taken place: your questions and checklist stay as they were. "
            "You can still edit your research notes."
        )
    raise NotAllowed(
        f"This request is {request.get_status_display().lower()}; "
        "there is no meeting to prepare for."
    )


def workspace(*, request: InterviewRequest, user) -> Workspace:
    """The student's preparation, from a request loaded by access.get_visible_request.

    Two queries whatever the size: the questions, and the mentor's majors.
    """
    _check_student(request, user, VIEWABLE_STATUSES)
    plan = existing_plan(request)
    questions = list(plan.questions.all()) if plan is not None else []
    profile = getattr(request.mentor, "mentor_profile", None)
    if profile is not None:
        prefetch_related_objects([profile], "majors")
    meeting = request.meeting
    return Workspace(
        request=request,
        plan=plan,
        questions=questions,
        mentor_profile=profile,
        checklist=checklist(
            plan,
            request=request,
            meeting_format=meeting.format,
            employer=profile.employer if profile else "",
        ),
        changeable=request.status in CHANGEABLE_STATUSES,
    )


def active_bank_by_category() -> list[tuple[str, str, list[BankQuestion]]]:
    """(category, its label, its active questions) for every category, in order."""
    return by_category(BankQuestion.objects.filter(is_active=True))


def shared_questions(request: InterviewRequest) -> list[PreparedQuestion]:
    """What the mentor may read: the questions while the student shares them."""
    plan = existing_plan(request)
    if request.status not in VIEWABLE_STATUSES or plan is None or not plan.questions_shared_at:
        return []
    return list(plan.questions.all())


@dataclass(frozen=True)
class Summary:
    """The request page's preparation panel, as the viewer may see it."""

    for_student: bool
    # Advisors see whether the student prepared (counts only, never the notes).
    for_advisor: bool = False
    done: int = 0
    total: int = len(PrepPlan.CHECKLIST)
    question_count: int = 0
    shared: bool = False
    shared_questions: tuple = ()


def summary(*, request: InterviewRequest, part: str) -> Summary | None:
    """For the student: their progress; for the mentor: the shared questions;
    for advisors: how far the student prepared (counts, never the content)."""
    if request.status not in VIEWABLE_STATUSES:
        return None
    if part == Party.STUDENT:
        plan = existing_plan(request)
        return Summary(
            for_student=True,
            done=checklist_done(plan),
            question_count=plan.questions.count() if plan is not None else 0,
            shared=plan is not None and plan.questions_shared_at is not None,
        )
    if part == Party.MENTOR:
        questions = shared_questions(request)
        if questions:
            return Summary(for_student=False, shared=True, shared_questions=tuple(questions))
    if part == ADVISOR:
        plan = existing_plan(request)
        return Summary(
            for_student=False,
            for_advisor=True,
            done=checklist_done(plan),
            question_count=plan.questions.count() if plan is not None else 0,
            shared=plan is not None and plan.questions_shared_at is not None,
        )
    return None


# --- Changing ---------------------------------------------------------------------


def _locked_plan(request_id: int, student, statuses) -> PrepPlan:
    """Lock the request, check the caller, and get (or start) the plan."""
    request = lock_request(request_id, expected_version=None)
    _check_student(request, student, statuses)
    plan, _created = PrepPlan.objects.get_or_create(request=request)
    return plan


def _renumber(questions: list[PreparedQuestion]) -> None:
    changed = []
    for position, question in enumerate(questions, 1):
        if question.position != position:
            question.position = position
            changed.append(question)
    if changed:
        PreparedQuestion.objects.bulk_update(changed, ["position"])


def _clean_question(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise NotAllowed("Write your question first.")
    if len(text) > QUESTION_MAX_LENGTH:
        raise NotAllowed(f"Keep your question under {QUESTION_MAX_LENGTH} characters.")
    return text


def _room_for(plan: PrepPlan, count: int) -> int:
    existing = plan.questions.count()
    if existing + count > MAX_QUESTIONS:
        raise NotAllowed(
            f"Your list can hold {MAX_QUESTIONS} questions, more than a conversation has time "
            "for. Remove some before you add others."
        )
    return existing


def save_research_notes(*, request_id: int, student, person: str, organization: str) -> PrepPlan:
    """What the student learned about the person and the organization."""
    person, organization = (person or "").strip(), (organization or "").strip()
    if max(len(person), len(organization)) > NOTES_MAX_LENGTH:
        raise NotAllowed(f"Keep each of your notes under {NOTES_MAX_LENGTH} characters.")
    with transaction.atomic():
        plan = _locked_plan(request_id, student, VIEWABLE_STATUSES)
        plan.research_person = person
        plan.research_organization = organization
        plan.save(update_fields=["research_person", "research_organization", "updated_at"])
    return plan


def add_bank_questions(
    *, request_id: int, student, question_ids: list[int]
) -> list[PreparedQuestion]:
    """Copy the chosen questions of the bank to the end of the student's list.

    Questions already in the list are skipped (a second click adds nothing);
    a question retired or unknown meanwhile refuses the whole choice.
    """
    wanted = list(dict.fromkeys(question_ids))
    if not wanted:
        raise NotAllowed("Choose at least one question.")
    with transaction.atomic():
        plan = _locked_plan(request_id, student, CHANGEABLE_STATUSES)
        bank = BankQuestion.objects.in_bulk(wanted)
        if any(pk not in bank or not bank[pk].is_active for pk in wanted):
            raise NotAllowed(
                "One of the questions you chose is no longer in the question bank. "
                "Nothing was added; choose again."
            )
        present = set(plan.questions.values_list("source_id", flat=True))
        new = [pk for pk in wanted if pk not in present]
        if not new:
            raise NotAllowed("These questions are in your list already.")
        existing = _room_for(plan, len(new))
        return PreparedQuestion.objects.bulk_create(
            PreparedQuestion(plan=plan, text=bank[pk].text, source=bank[pk], position=position)
            for position, pk in enumerate(new, existing + 1)
        )


def add_own_question(*, request_id: int, student, text: str) -> PreparedQuestion:
    text = _clean_question(text)
    with transaction.atomic():
        plan = _locked_plan(request_id, student, CHANGEABLE_STATUSES)
        if any(
            text.casefold() == other.casefold()
            for other in plan.questions.values_list("text", flat=True)
        ):
            raise NotAllowed("This question is in your list already.")
        existing = _room_for(plan, 1)
        return PreparedQuestion.objects.create(plan=plan, text=text, position=existing + 1)


def _questions_with(plan: PrepPlan, question_id: int) -> tuple[list[PreparedQuestion], int]:
    questions = list(plan.questions.order_by("position", "pk"))
    for index, question in enumerate(questions):
        if question.pk == question_id:
            return questions, index
    raise NotAllowed("That question is no longer in your list.")


def move_question(*, request_id: int, student, question_id: int, direction: str) -> None:
    """One place up or down (not past either end of the list)."""
    with transaction.atomic():
        plan = _locked_plan(request_id, student, CHANGEABLE_STATUSES)
        questions, index = _questions_with(plan, question_id)
        if direction not in {d.value for d in Direction}:
            raise NotAllowed("Choose to move the question up or down.")
        other = index - 1 if direction == Direction.UP else index + 1
        if not 0 <= other < len(questions):
            where = "first" if direction == Direction.UP else "last"
            raise NotAllowed(f"That question is {where} already.")
        questions[index], questions[other] = questions[other], questions[index]
        _renumber(questions)


def remove_question(*, request_id: int, student, question_id: int) -> None:
    with transaction.atomic():
        plan = _locked_plan(request_id, student, CHANGEABLE_STATUSES)
        questions, index = _questions_with(plan, question_id)
        questions.pop(index).delete()
        _renumber(questions)


def share_questions(*, request_id: int, student, now: datetime | None = None) -> PrepPlan:
    """The mentor sees the list (as it is then, and as it changes) until sharing stops."""
    now = now or timezone.now()
    with transaction.atomic():
        plan = _locked_plan(request_id, student, CHANGEABLE_STATUSES)
        if plan.questions_shared_at is not None:
            raise NotAllowed("Your questions are shared already.")
        if not plan.questions.exists():
            raise NotAllowed("Add a question or two before you share your list.")
        plan.questions_shared_at = now
        plan.save(update_fields=["questions_shared_at", "updated_at"])
    return plan


def stop_sharing_questions(*, request_id: int, student) -> PrepPlan:
    """Allowed after the meeting too: taking back what one shared is always possible."""
    with transaction.atomic():
        plan = _locked_plan(request_id, student, VIEWABLE_STATUSES)
        if plan.questions_shared_at is None:
            raise NotAllowed("Your questions are not shared.")
        plan.questions_shared_at = None
        plan.save(update_fields=["questions_shared_at", "updated_at"])
    return plan


def tick_checklist(*, request_id: int, student, ticked: set[str] | list[str]) -> PrepPlan:
    """The items in `ticked` are done, the others not (the whole checklist at once)."""
    ticked = set(ticked)
    unknown = ticked - set(PrepPlan.CHECKLIST)
    if unknown:
        raise NotAllowed("That is not an item of the checklist.")
    with transaction.atomic():
        plan = _locked_plan(request_id, student, CHANGEABLE_STATUSES)
        for name in PrepPlan.CHECKLIST:
            setattr(plan, name, name in ticked)
        plan.save(update_fields=[*PrepPlan.CHECKLIST, "updated_at"])
    return plan
