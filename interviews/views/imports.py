"""The alumni mentor import (advisors) and the invited mentor's claim page (public).

Upload → preview (every row checked) → confirm: small files are imported
during the click, larger ones by a Celery worker while the status page
refreshes itself (an HTTP Refresh header: no script, nothing for the CSP).
"""

import logging

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from careerconnect.models import Role

from ..domain import mentor_import as importing
from ..domain.errors import DomainError
from ..domain.links import BadLink
from ..enums import ImportStatus
from ..forms.program import ClaimAccountForm, MentorFileForm
from ..models import MentorImport
from .access import role_required
from .acting import form_status, posted

logger = logging.getLogger(__name__)
REFRESH_SECONDS = 2
INVITED_PAGE_SIZE = 50


@role_required(Role.ADVISOR)
def mentor_import_upload(request):
    form = MentorFileForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.MENTOR_IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                f"The file is too large ({upload.size // 1024} KB); the limit is "
                f"{settings.MENTOR_IMPORT_MAX_BYTES // 1024} KB. Split it into several files.",
            )
        else:
            try:
                mentor_import = importing.upload_mentor_file(
                    advisor=request.user,
                    file_name=upload.name,
                    data=upload.read(settings.MENTOR_IMPORT_MAX_BYTES + 1),
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("mentor_import_detail", import_id=mentor_import.pk)
    return render(
        request,
        "interviews/imports/upload.html",
        {
            "form": form,
            "columns": importing.COLUMNS,
            "required": importing.REQUIRED,
            "imports": list(importing.recent_imports()),
            "max_kb": settings.MENTOR_IMPORT_MAX_BYTES // 1024,
            "max_rows": settings.MENTOR_IMPORT_MAX_ROWS,
            "claim_days": settings.MENTOR_CLAIM_LINK_DAYS,
        },
        status=form_status(form),
    )


@role_required(Role.ADVISOR)
def mentor_import_sample(request):
    response = HttpResponse(importing.sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mentors-sample.csv"'
    return response


@role_required(Role.ADVISOR)
def mentor_import_detail(request, import_id: int):
    mentor_import = get_object_or_404(
        MentorImport.objects.select_related("uploaded_by"), pk=import_id
    )
    if mentor_import.status == ImportStatus.IMPORTING and importing.fail_stalled_import(
        import_id=import_id
    ):
        mentor_import.refresh_from_db()
    context = {"import": mentor_import, "refresh_seconds": REFRESH_SECONDS}
    if mentor_import.status == ImportStatus.PREVIEWED:
        preview = importing.preview_rows(mentor_import)
        context |= {
            "preview": preview,
            "counts": {
                action: preview.count(action)
                for action in (
                    importing.Action.CREATE,
                    importing.Action.UPDATE,
                    importing.Action.UNCHANGED,
                    importing.Action.CLAIMED,
                    importing.Action.NOT_A_MENTOR,
                )
            },
            "claim_days": settings.MENTOR_CLAIM_LINK_DAYS,
        }
        return render(request, "interviews/imports/preview.html", context)
    processed = importing.progress_of(mentor_import)
    context |= {
        "processed": processed,
        "stall_minutes": importing.stall_minutes(),
        "percent": int(100 * processed / mentor_import.row_count) if mentor_import.row_count else 0,
    }
    response = render(request, "interviews/imports/status.html", context)
    if mentor_import.status == ImportStatus.IMPORTING:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _report(request, mentor_import: MentorImport) -> None:
    """What the click did: imported now, failed now, or handed to a worker."""
    if mentor_import.status == ImportStatus.DONE:
        messages.success(
            request,
            f"Imported: {mentor_import.created_count} new mentors (invited by email), "
            f"{mentor_import.updated_count} updated.",
        )
    elif mentor_import.status == ImportStatus.FAILED:
        messages.error(request, mentor_import.failure)
    else:
        messages.info(request, "The import has started; this page shows its progress.")


def _launch(request, import_id: int, start):
    """Start (or restart) the import with `start`, then run or queue it."""
    get_object_or_404(MentorImport, pk=import_id)
    try:
        mentor_import = start(advisor=request.user, import_id=import_id)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("mentor_import_detail", import_id=import_id)
    _report(request, importing.launch_mentor_import(mentor_import=mentor_import))
    return redirect("mentor_import_detail", import_id=import_id)


@role_required(Role.ADVISOR)
@require_POST
def mentor_import_confirm(request, import_id: int):
    return _launch(request, import_id, importing.start_mentor_import)


@role_required(Role.ADVISOR)
@require_POST
def mentor_import_retry(request, import_id: int):
    """Try a failed import again (the rows are checked again as it runs)."""
    return _launch(request, import_id, importing.retry_mentor_import)


@role_required(Role.ADVISOR)
@require_POST
def mentor_import_discard(request, import_id: int):
    get_object_or_404(MentorImport, pk=import_id)
    try:
        importing.discard_mentor_import(advisor=request.user, import_id=import_id)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("mentor_import_detail", import_id=import_id)
    messages.success(request, "The file was discarded; nothing was imported.")
    return redirect("mentor_import_upload")


@role_required(Role.ADVISOR)
def invited_mentors(request):
    """Imported mentors who have not claimed their account, with a button for a
    new invitation."""
    page = Paginator(importing.unclaimed_mentors(), INVITED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    for profile in page.object_list:
        profile.link_expired = importing.invitation_expired(profile, now=now)
    return render(
        request,
        "interviews/imports/invited.html",
        {"page": page, "claim_days": settings.MENTOR_CLAIM_LINK_DAYS},
    )


@role_required(Role.ADVISOR)
@require_POST
def mentor_reinvite(request, user_id: int):
    try:
        user = importing.send_new_invitation(advisor=request.user, user_id=user_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"A new invitation is on its way to {user.email}. The link in any earlier "
            "invitation no longer works.",
        )
    return redirect("invited_mentors")


@require_http_methods(["GET", "POST"])
def mentor_claim(request, token: str):
    """The invitation's link: choose a password, and the account is yours."""
    if limited := ratelimit.consume_or_429(request, action="email_link", limit_get=True):
        return limited
    try:
        user = importing.read_claim_token(token)
    except BadLink as error:
        return render(
            request, "interviews/imports/claim_invalid.html", {"message": error.message}, status=410
        )
    form = ClaimAccountForm(user, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = importing.claim_mentor_account(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except BadLink as error:
            return render(
                request,
                "interviews/imports/claim_invalid.html",
                {"message": error.message},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            "Welcome! Your account is yours now. Check your profile and say how you "
            "would like to meet students.",
        )
        return redirect("onboarding")
    return render(
        request,
        "interviews/imports/claim.html",
        {"form": form, "invited": user},
        status=form_status(form),
    )
