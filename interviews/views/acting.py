"""The one way every answer or meeting change is handled by the views.

A form page: GET shows the form; a valid POST calls the domain function.
A stale form (the request changed meanwhile) goes back to the request page
with the explanation; a refused time is shown next to its field; any other
refusal is shown above the form, with everything typed kept (status 400).
"""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from ..domain.actions import Action, available_actions
from ..domain.errors import DomainError, InvalidSlots, StaleRequest


def refuse(request, error: DomainError, request_id: int):
    """Show why nothing changed and go back to the request as it stands."""
    messages.error(request, error.message)
    return redirect("request_detail", request_id=request_id)


def unavailable(request, interview_request, part, action: Action):
    """A redirect with an explanation if `action` is not offered now, else None."""
    if action in available_actions(interview_request, part, now=timezone.now()):
        return None
    return refuse(
        request,
        DomainError("That is not possible on this request any more; here is where it stands."),
        interview_request.pk,
    )


def posted(request):
    """The form data of a POST (even an empty one, which is then invalid), else None.

    Not `request.POST or None`: a POST with no fields (every box unticked)
    must bind the form, not show it afresh.
    """
    return request.POST if request.method == "POST" else None


def form_status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


STALE_BUT_KEPT = (
    "This request changed while you were writing (the other person acted, or another tab "
    "did). Nothing was sent. What you typed is kept below: check the request, then send again."
)


def act_with_form(
    request,
    interview_request,
    form,
    *,
    part: str,
    action: Action,
    perform: Callable[[dict], object],
    success: str,
    template: str,
    context: dict | None = None,
):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except StaleRequest as error:
            interview_request.refresh_from_db()
            if action not in available_actions(interview_request, part, now=timezone.now()):
                return refuse(request, error, interview_request.pk)
            # Keep what they typed; the form now stands for the current version.
            form.data = form.data.copy()
            form.data["version"] = str(interview_request.version)
            form.add_error(None, STALE_BUT_KEPT)
        except InvalidSlots as error:
            form.add_slot_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("request_detail", request_id=interview_request.pk)
    return render(
        request,
        template,
        {"ir": interview_request, "form": form, **(context or {})},
        status=form_status(form),
    )


def act_with_button(
    request,
    interview_request,
    form,
    *,
    perform: Callable[[dict], object],
    success: str,
    invalid: DomainError | None = None,
):
    """A one-click action (accept a time, withdraw new times): POST only."""
    if not form.is_valid():
        return refuse(request, invalid or StaleRequest(), interview_request.pk)
    try:
        perform(form.cleaned_data)
    except DomainError as error:
        return refuse(request, error, interview_request.pk)
    messages.success(request, success)
    return redirect("request_detail", request_id=interview_request.pk)
