"""Program settings and terms, for career advisors (others get a 403)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careerconnect.models import Role

from ..domain import program_rules
from ..domain.analytics.scope import program_zone
from ..domain.errors import DomainError
from ..domain.program import current_term, get_program_settings
from ..forms.program import ProgramSettingsForm, TermForm
from ..models import Term
from .access import role_required
from .acting import form_status, posted

LOG_PAGE_SIZE = 50


def _current_values(program) -> list[dict]:
    return [
        {"name": name, "label": program_rules.field_label(name), "value": getattr(program, name)}
        for name in program_rules.EDITABLE_FIELDS
    ]


@role_required(Role.ADVISOR)
def program_settings(request):
    program = get_program_settings()
    form = ProgramSettingsForm(
        posted(request),
        instance=program,
        initial={"version": program_rules.version_of(program)},
    )
    stale_fields: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            changes = program_rules.update_program_settings(
                advisor=request.user,
                values=form.values,
                seen_version=form.cleaned_data["version"],
            )
        except program_rules.StaleSettings as error:
            program = get_program_settings()
            stale_fields = error.changed_fields
            # Keep what they typed; the form now stands for the current version.
            form.data = form.data.copy()
            form.data["version"] = program_rules.version_of(program)
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if changes:
                labels = ", ".join(program_rules.field_label(c.field_name) for c in changes)
                messages.success(request, f"Saved. Changed: {labels}. They apply from now on.")
            else:
                messages.info(request, "Nothing changed: the values are the ones already saved.")
            return redirect("program_settings")
    return render(
        request,
        "interviews/program/settings.html",
        {
            "form": form,
            "current": _current_values(program),
            "stale_fields": stale_fields,
            "updated_at": program.updated_at,
            "latest_changes": program_rules.change_log()[:5],
        },
        status=form_status(form),
    )


@role_required(Role.ADVISOR)
def program_settings_log(request):
    page = Paginator(program_rules.change_log(), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    for change in page.object_list:
        change.label = program_rules.field_label(change.field_name)
    return render(request, "interviews/program/settings_log.html", {"page": page})


@role_required(Role.ADVISOR)
def terms(request):
    # The program's day, as on the dashboards (not the advisor's own zone).
    today = timezone.localdate(timezone=program_zone())
    return render(
        request,
        "interviews/program/terms.html",
        {"terms": list(program_rules.list_terms()), "current": current_term(today)},
    )


def _term_values(form) -> program_rules.TermValues:
    data = form.cleaned_data
    return program_rules.TermValues(
        name=data["name"].strip(), starts_on=data["starts_on"], ends_on=data["ends_on"]
    )


def _term_form_page(request, form, *, term, perform, success: str):
    if request.method == "POST" and form.is_valid():
        try:
            saved = perform(_term_values(form))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success.format(name=saved.name))
            return redirect("terms")
    return render(
        request,
        "interviews/program/term_form.html",
        {"form": form, "term": term},
        status=form_status(form),
    )


@role_required(Role.ADVISOR)
def term_new(request):
    return _term_form_page(
        request,
        TermForm(posted(request)),
        term=None,
        perform=lambda values: program_rules.create_term(advisor=request.user, values=values),
        success="The term “{name}” is added.",
    )


@role_required(Role.ADVISOR)
def term_edit(request, term_id: int):
    term = get_object_or_404(Term, pk=term_id)
    return _term_form_page(
        request,
        TermForm(posted(request), instance=term),
        term=term,
        perform=lambda values: program_rules.update_term(
            advisor=request.user, term_id=term.pk, values=values
        ),
        success="The term “{name}” is saved.",
    )


@role_required(Role.ADVISOR)
@require_POST
def term_delete(request, term_id: int):
    get_object_or_404(Term, pk=term_id)
    try:
        name = program_rules.delete_term(advisor=request.user, term_id=term_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The term “{name}” is deleted.")
    return redirect("terms")
