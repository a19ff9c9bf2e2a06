"""The learning log: notes on what the student learned, per meeting and in one list."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from careerconnect.models import Role

from ..domain import learning
from ..domain.access import get_participant_request
from ..domain.actions import Action
from ..forms.thanks import LearningNoteForm
from .access import onboarded_required, role_required
from .acting import act_with_form, unavailable

PAGE_SIZE = 20


@onboarded_required
def learning_note(request, request_id: int):
    interview_request, part = get_participant_request(request.user, request_id)
    if refusal := unavailable(request, interview_request, part, Action.LEARN):
        return refusal
    note = learning.learning_note_of(interview_request)
    if request.method == "POST":
        form = LearningNoteForm(request.POST)
    else:
        form = LearningNoteForm(
            initial={
                "body": note.body if note else "",
                "shared": note is not None and note.shared_with_center_at is not None,
            }
        )
    return act_with_form(
        request,
        interview_request,
        form,
        part=part,
        action=Action.LEARN,
        perform=lambda data: learning.save_learning_note(
            request_id=interview_request.pk,
            student=request.user,
            body=data["body"],
            shared=data["shared"],
        ),
        success="Your notes are saved.",
        template="interviews/thanks/learning_note.html",
        context={"note": note},
    )


@role_required(Role.STUDENT)
def learning_log(request):
    page = Paginator(learning.learning_log(request.user, now=timezone.now()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "interviews/thanks/learning_log.html", {"page": page})
