"""Applying a checked file: upload, preview, start, run (all or nothing), and
the import's progress and recovery when it stalls.

A started import runs during the click (small files) or in a Celery worker.
If the worker never gets it (the broker was down when the advisor confirmed:
the kick after the commit only logs that) or dies, the import would stay
IMPORTING for ever: the status page calls fail_stalled_import(), which marks an
import whose progress has not moved for MENTOR_IMPORT_STALL_MINUTES as failed;
a failed import can be tried again or discarded.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from careerconnect.models import Role, User

from ...enums import ApprovalState, ImportStatus, NotificationKind
from ...models import MentorImport, MentorProfile
from ..access import require_advisor
from ..directory import refresh_search_vector
from ..errors import DomainError
from .claiming import queue_invitation, reinvite
from .parsing import (
    PROFILE_TEXT_FIELDS,
    Action,
    ImportFileError,
    Preview,
    Row,
    check_text,
    decode_upload,
)

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 25
# Statuses an import can be discarded from (nothing of it was written).
DISCARDABLE = (ImportStatus.PREVIEWED, ImportStatus.FAILED)


def stall_minutes() -> int:
    return settings.MENTOR_IMPORT_STALL_MINUTES


# --- The steps ----------------------------------------------------------------------


def upload_mentor_file(
    *, advisor, file_name: str, data: bytes, now: datetime | None = None
) -> MentorImport:
    """Keep the file for its preview; ImportFileError if it cannot be read at all."""
    require_advisor(advisor, to="import mentors")
    text = decode_upload(data)
    preview = check_text(text)
    if preview.file_errors:
        raise ImportFileError(" ".join(preview.file_errors))
    return MentorImport.objects.create(
        uploaded_by=advisor,
        file_name=(file_name or "mentors.csv")[:255],
        source_text=text,
        status=ImportStatus.PREVIEWED,
        row_count=len(preview.rows),
        error_row_count=len(preview.error_rows),
        created_at=now or timezone.now(),
    )


def preview_rows(mentor_import: MentorImport) -> Preview:
    """Every row checked against the database as it is now."""
    return check_text(mentor_import.source_text)


def discard_mentor_import(*, advisor, import_id: int) -> None:
    """PREVIEWED or FAILED → DISCARDED (nothing of it was written)."""
    require_advisor(advisor, to="import mentors")
    changed = MentorImport.objects.filter(pk=import_id, status__in=DISCARDABLE).update(
        status=ImportStatus.DISCARDED
    )
    if not changed:
        raise DomainError("This file was already imported, is being imported, or was discarded.")
    logger.info("Mentor import %s discarded by user %s", import_id, advisor.pk)


def start_mentor_import(*, advisor, import_id: int) -> MentorImport:
    """PREVIEWED → IMPORTING, once (a double click or a replayed form starts nothing)."""
    require_advisor(advisor, to="import mentors")
    mentor_import = MentorImport.objects.filter(pk=import_id).first()
    if mentor_import is None:
        raise DomainError("This import no longer exists.")
    preview = preview_rows(mentor_import)
    if not preview.ok:
        raise DomainError(
            "Nothing was imported: the file has rows with errors (listed below). "
            "Correct the file and upload it again."
        )
    started = MentorImport.objects.filter(pk=import_id, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, failure=""
    )
    if not started:
        raise DomainError("This file was already imported (or discarded); see its status below.")
    set_progress(import_id, 0)
    mentor_import.refresh_from_db()
    logger.info("Mentor import %s started by user %s", import_id, advisor.pk)
    return mentor_import


def retry_mentor_import(*, advisor, import_id: int) -> MentorImport:
    """FAILED → IMPORTING again, once. The rows are checked again when it runs."""
    require_advisor(advisor, to="import mentors")
    restarted = MentorImport.objects.filter(pk=import_id, status=ImportStatus.FAILED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, failure="", finished_at=None
    )
    if not restarted:
        raise DomainError(
            "Only a failed import can be tried again; this one was started again, "
            "imported or discarded meanwhile (see its status below)."
        )
    set_progress(import_id, 0)
    logger.info("Mentor import %s tried again by user %s", import_id, advisor.pk)
    return MentorImport.objects.get(pk=import_id)


def launch_mentor_import(*, mentor_import: MentorImport) -> MentorImport:
    """Run a started import now (small files: the advisor waits for it) or
    hand it to a worker once the transaction commits. Returns it as it stands."""
    if mentor_import.row_count <= settings.MENTOR_IMPORT_INLINE_ROWS:
        # An unexpected error is logged and recorded on the import: shown, not a 500.
        run_mentor_import(import_id=mentor_import.pk, reraise=False)
    else:
        # Imported here: tasks sit above the domain in the layering.
        from ...tasks import enqueue_after_commit
        from ...tasks import run_mentor_import as task

        enqueue_after_commit(task, mentor_import.pk)
    mentor_import.refresh_from_db()
    return mentor_import


# --- Progress ------------------------------------------------------------------------
# {"rows": processed, "at": when it last moved (a POSIX timestamp)}; the time
# is the clock's, not the run's `now`, so that a stall shows.


def progress_key(import_id: int) -> str:
    return f"mentor-import-progress:{import_id}"


def set_progress(import_id: int, processed: int) -> None:
    cache.set(
        progress_key(import_id),
        {"rows": processed, "at": timezone.now().timestamp()},
        timeout=24 * 3600,
    )


def _progress_entry(import_id: int) -> dict:
    entry = cache.get(progress_key(import_id))
    return entry if isinstance(entry, dict) else {}


def progress_of(mentor_import: MentorImport) -> int:
    """Rows processed so far: the cache while importing, the row once finished."""
    if mentor_import.status == ImportStatus.IMPORTING:
        return int(_progress_entry(mentor_import.pk).get("rows") or 0)
    return mentor_import.processed_rows


def stalled_message(minutes: int) -> str:
    return (
        f"Nothing was imported: the import made no progress for {minutes} minutes (the "
        "background worker is down or was restarted). Try again, or discard the file."
    )


def fail_stalled_import(*, import_id: int, now: datetime | None = None) -> bool:
    """Mark an IMPORTING import whose progress has not moved for
    MENTOR_IMPORT_STALL_MINUTES as FAILED. Returns whether it did.

    A progress entry the cache lost (evicted, cleared) starts the clock now
    rather than failing a worker that may still be running. If the worker
    does finish after all, its final conditional UPDATE finds the import no
    longer IMPORTING and its transaction writes nothing: never half an import.
    """
    now = now or timezone.now()
    minutes = stall_minutes()
    key = progress_key(import_id)
    moved_at = _progress_entry(import_id).get("at")
    if moved_at is None:
        cache.set(key, {"rows": 0, "at": now.timestamp()}, timeout=24 * 3600)
        return False
    if now.timestamp() - moved_at < minutes * 60:
        return False
    try:
        with transaction.atomic():
            failed = MentorImport.objects.filter(
                pk=import_id, status=ImportStatus.IMPORTING
            ).update(
                status=ImportStatus.FAILED,
                failure=stalled_message(minutes),
                processed_rows=0,
                finished_at=now,
            )
    except DatabaseError:
        # SQLite: a worker still holds the write lock, so it is not stalled after all.
        return False
    if failed:
        cache.delete(key)
        logger.warning(
            "Mentor import %s made no progress for %s minutes: failed", import_id, minutes
        )
    return bool(failed)


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _apply_row(row: Row, *, advisor, mentor_import: MentorImport, now: datetime) -> None:
    values = row.values
    if row.action == Action.CREATE:
        user = User(
            email=values["email"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            role=Role.MENTOR,
        )
        user.set_unusable_password()
        user.save()
        profile = MentorProfile(
            user=user,
            approval_state=ApprovalState.APPROVED,
            approval_changed_at=now,
            approval_changed_by=advisor,
            invited_at=now,
        )
        _set_profile_values(profile, values)
        profile.save()
        profile.majors.set(values["majors"])
        refresh_search_vector(profile)
        queue_invitation(
            user=user,
            now=now,
            key=_import_invitation_key(user.pk, mentor_import.pk),
            payload={"import": mentor_import.pk},
        )
        return
    if row.action == Action.UPDATE:
        user = row.user
        user.first_name, user.last_name = values["first_name"], values["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        profile = user.mentor_profile
        _set_profile_values(profile, values)
        profile.save(update_fields=[*PROFILE_TEXT_FIELDS, "graduation_year", "industry"])
        profile.majors.set(values["majors"])
        refresh_search_vector(profile)
    if row.reinvite:
        # Unclaimed, and the last invitation's link has expired: a new one.
        reinvite(
            profile=row.user.mentor_profile,
            now=now,
            key=_import_invitation_key(row.user.pk, mentor_import.pk),
            payload={"import": mentor_import.pk, "again": True},
        )


def _import_invitation_key(user_id: int, import_id: int) -> str:
    # One invitation per mentor per import; each import's is a new one.
    return f"{NotificationKind.MENTOR_INVITATION}:u{user_id}:import{import_id}"


def _set_profile_values(profile: MentorProfile, values: dict) -> None:
    for name in PROFILE_TEXT_FIELDS:
        setattr(profile, name, values[name])
    profile.graduation_year = values["graduation_year"]
    profile.industry = values["industry"]


def run_mentor_import(
    *, import_id: int, now: datetime | None = None, reraise: bool = True
) -> MentorImport | None:
    """Apply a started import, all or nothing. Returns it, or None if there is
    nothing to do (gone, or not started: a task delivered twice does nothing)."""
    now = now or timezone.now()
    mentor_import = (
        MentorImport.objects.select_related("uploaded_by")
        .filter(pk=import_id, status=ImportStatus.IMPORTING)
        .first()
    )
    if mentor_import is None:
        return None
    try:
        with transaction.atomic():
            # Checked again under lock: an account may have appeared since the preview.
            preview = check_text(mentor_import.source_text, lock=True, now=now)
            if not preview.ok:
                raise _Refused(
                    "Nothing was imported: rows have errors now (the data changed since the "
                    "preview, for example a retired industry). Upload the file again to see them."
                )
            counts = {Action.CREATE: 0, Action.UPDATE: 0, Action.UNCHANGED: 0}
            for done, row in enumerate(preview.rows, start=1):
                _apply_row(
                    row, advisor=mentor_import.uploaded_by, mentor_import=mentor_import, now=now
                )
                if row.action in counts:
                    counts[row.action] += 1
                else:
                    counts[Action.UNCHANGED] += 1
                if done % PROGRESS_EVERY == 0:
                    set_progress(import_id, done)
            finished = MentorImport.objects.filter(
                pk=import_id, status=ImportStatus.IMPORTING
            ).update(
                status=ImportStatus.DONE,
                processed_rows=len(preview.rows),
                created_count=counts[Action.CREATE],
                updated_count=counts[Action.UPDATE],
                unchanged_count=counts[Action.UNCHANGED],
                finished_at=now,
            )
            if not finished:
                raise _Refused("This import was finished by another worker.")
    except _Refused as refused:
        _fail(import_id, refused.message, now=now)
    except IntegrityError:
        _fail(
            import_id,
            "Nothing was imported: an account with one of these addresses was created "
            "at the same moment. Upload the file again to see where things stand.",
            now=now,
        )
    except Exception:
        logger.exception("Mentor import %s failed", import_id)
        _fail(import_id, "Nothing was imported: an unexpected error occurred.", now=now)
        if reraise:
            raise
    cache.delete(progress_key(import_id))
    mentor_import.refresh_from_db()
    logger.info(
        "Mentor import %s: %s (%s created, %s updated)",
        import_id,
        mentor_import.status,
        mentor_import.created_count,
        mentor_import.updated_count,
    )
    return mentor_import


def _fail(import_id: int, message: str, *, now: datetime) -> None:
    MentorImport.objects.filter(pk=import_id, status=ImportStatus.IMPORTING).update(
        status=ImportStatus.FAILED, failure=message, processed_rows=0, finished_at=now
    )


def recent_imports(limit: int = 20):
    return MentorImport.objects.select_related("uploaded_by").order_by("-created_at", "-pk")[:limit]
