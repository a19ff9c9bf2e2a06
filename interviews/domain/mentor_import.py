"""Alumni mentors from a career center's CSV file: check every row, then import
all of them or none, and invite each new mentor to claim their account.

1. upload_mentor_file() reads the file (UTF-8, with or without a BOM, a header
   row) and keeps its text in a MentorImport row: what is imported later is
   exactly what was previewed.
2. preview_rows() checks every row against the database as it is now and says
   what would happen to it (create, update, unchanged, left as is) or why it
   cannot be imported.
3. start_mentor_import() marks the import as started (once, whatever the
   clicks); run_mentor_import() applies it in ONE transaction: a single bad row
   and nothing at all is written, no user, no email.

Progress while a large file is applied: the transaction is open until the
end, so the MentorImport row (updated inside it) shows nothing to other
connections. The count goes to the cache instead (settings.CACHES: a file
cache or CACHE_URL, shared by the web and worker processes): the status page
reads it. A second database connection was the alternative; on SQLite it would
wait for the import's write lock, so the cache it is.

Who is never overwritten: a mentor who claimed the imported account
(claimed_at set), and one who signed up by themselves (invited_at empty, so
they own their profile from the start). Addresses of students or advisors are
left alone too. Emails compare case-insensitively.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from careerconnect.models import Role, User

from ..enums import ApprovalState, ImportStatus, NotificationKind
from ..models import Industry, Major, MentorImport, MentorProfile
from .access import require_advisor
from .directory import refresh_search_vector
from .errors import DomainError
from .links import BadLink, absolute
from .outbox import queue

logger = logging.getLogger(__name__)

# The columns, in the sample file's order; only these three are required.
COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "graduation_year",
    "employer",
    "job_title",
    "industry",
    "majors",
    "location",
    "bio",
    "topics",
)
REQUIRED = ("email", "first_name", "last_name")
MAX_LENGTHS = {
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "employer": 150,
    "job_title": 150,
    "location": 150,
    "bio": 4000,
    "topics": 1000,
}
# Profile fields an import writes (and compares, to tell "update" from "unchanged").
PROFILE_TEXT_FIELDS = ("employer", "job_title", "location", "bio", "topics")
PROGRESS_EVERY = 25
CLAIM_SALT = "careerconnect.claim-mentor-account"


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CLAIMED = "claimed"
    NOT_A_MENTOR = "not_a_mentor"


ACTION_LABELS = {
    Action.CREATE: "New mentor: account created, invitation sent",
    Action.UPDATE: "Existing invited mentor: profile updated",
    Action.UNCHANGED: "Existing invited mentor: nothing to change",
    Action.CLAIMED: "Left as is: the mentor manages this profile themselves",
    Action.NOT_A_MENTOR: "Left as is: this address belongs to a student or advisor account",
}


class ImportFileError(DomainError):
    """The file itself cannot be read (size, encoding, header)."""


@dataclass
class RowError:
    column: str
    message: str


@dataclass
class Row:
    number: int  # as in a spreadsheet: the header is row 1
    raw: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    action: str = ""
    values: dict = field(default_factory=dict)
    user: User | None = None

    @property
    def email(self) -> str:
        return self.raw.get("email", "")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")


@dataclass
class Preview:
    rows: list[Row]
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.error_rows and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if not row.errors and row.action == action)


def sample_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "maria.lopez@example.com",
            "Maria",
            "Lopez",
            "2012",
            "Northwind Systems",
            "Software Engineer",
            "Technology",
            "Computer Science; Mathematics",
            "Berlin, Germany",
            "From physics to software, with a detour through teaching.",
            "Career changes; day-to-day engineering work",
        ]
    )
    writer.writerow(["sam.okafor@example.org", "Sam", "Okafor", "", "", "", "", "", "", "", ""])
    return out.getvalue()


# --- Reading the file -------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """The file's text (BOM dropped); ImportFileError if it is too big or not UTF-8."""
    limit = settings.MENTOR_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(
            f"The file is too large ({len(data) // 1024} KB); the limit is {limit // 1024} KB. "
            "Split it into several files."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text. In your spreadsheet, save it as "
            "“CSV UTF-8 (comma delimited)” and upload it again."
        ) from None
    if "\x00" in text:
        raise ImportFileError("The file holds binary data; upload a CSV text file.")
    return text


def _header(cells: list[str]) -> list[str]:
    return [cell.strip().lower().replace(" ", "_") for cell in cells]


def parse(text: str) -> Preview:
    """The rows of the text, each with its value checks (no database lookups)."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return Preview(rows=[], file_errors=[f"The file is not a valid CSV file: {error}."])
    if not records or not any(cell.strip() for cell in records[0]):
        return Preview(rows=[], file_errors=["The file is empty: it needs a header row."])
    header = _header(records[0])
    problems = []
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        problems.append(
            "Unknown columns: " + ", ".join(unknown) + ". The columns are: " + ", ".join(COLUMNS)
        )
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            "The header row lacks the required columns: "
            + ", ".join(missing)
            + ". The first row of the file must name the columns."
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        problems.append("These columns appear twice: " + ", ".join(repeated) + ".")
    if problems:
        return Preview(rows=[], file_errors=problems)
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (spreadsheets add them at the end)
        raw = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row = Row(number=number, raw=raw)
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            row.errors.append(
                RowError("", f"This row has {len(cells)} cells but the header names {len(header)}.")
            )
        rows.append(row)
    if not rows:
        return Preview(rows=[], file_errors=["The file has a header row but no mentors."])
    if len(rows) > settings.MENTOR_IMPORT_MAX_ROWS:
        return Preview(
            rows=[],
            file_errors=[
                f"The file has {len(rows)} rows; at most {settings.MENTOR_IMPORT_MAX_ROWS} "
                "can be imported at once. Split it into several files."
            ],
        )
    return Preview(rows=rows)


def _taxonomy_index(model) -> dict[str, object]:
    index = {}
    for item in model.objects.filter(is_active=True):
        index[item.slug.lower()] = item
        index[item.name.lower()] = item
    return index


def _check_values(row: Row, industries: dict, majors: dict) -> None:
    raw, values = row.raw, row.values
    for name in COLUMNS:
        value = raw.get(name, "")
        if name in REQUIRED and not value:
            row.errors.append(RowError(name, "This column is required."))
        elif name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            row.errors.append(
                RowError(name, f"At most {MAX_LENGTHS[name]} characters (this has {len(value)}).")
            )
    email = raw.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(RowError("email", "This is not a valid email address."))
    values["email"] = email
    values["first_name"] = raw.get("first_name", "")
    values["last_name"] = raw.get("last_name", "")
    for name in PROFILE_TEXT_FIELDS:
        values[name] = raw.get(name, "")
    year = raw.get("graduation_year", "")
    values["graduation_year"] = None
    if year:
        if not year.isdigit() or not 1940 <= int(year) <= 2100:
            row.errors.append(
                RowError("graduation_year", "Enter a year from 1940 to 2100, or leave it empty.")
            )
        else:
            values["graduation_year"] = int(year)
    industry = raw.get("industry", "")
    values["industry"] = None
    if industry:
        values["industry"] = industries.get(industry.lower())
        if values["industry"] is None:
            row.errors.append(
                RowError("industry", f"Unknown industry “{industry}” (use its name or slug).")
            )
    values["majors"] = []
    for name in filter(None, (part.strip() for part in raw.get("majors", "").split(";"))):
        found = majors.get(name.lower())
        if found is None:
            row.errors.append(
                RowError("majors", f"Unknown major “{name}” (use names or slugs, separated by ;).")
            )
        elif found not in values["majors"]:
            values["majors"].append(found)


def _flag_duplicates(rows: list[Row]) -> None:
    by_email: dict[str, list[Row]] = {}
    for row in rows:
        email = row.raw.get("email", "").lower()
        if email:
            by_email.setdefault(email, []).append(row)
    for same in by_email.values():
        if len(same) < 2:
            continue
        for row in same:
            others = ", ".join(str(other.number) for other in same if other is not row)
            row.errors.append(
                RowError("email", f"The same email is also on row {others}: keep one row.")
            )


def _profile_changes(row: Row, profile: MentorProfile, user: User) -> bool:
    values = row.values
    if (user.first_name, user.last_name) != (values["first_name"], values["last_name"]):
        return True
    for name in PROFILE_TEXT_FIELDS:
        if getattr(profile, name) != values[name]:
            return True
    if profile.graduation_year != values["graduation_year"]:
        return True
    if profile.industry_id != (values["industry"].pk if values["industry"] else None):
        return True
    return {major.pk for major in profile.majors.all()} != {major.pk for major in values["majors"]}


def _decide(rows: list[Row], *, lock: bool) -> None:
    """What happens to each valid row, from the accounts that exist now."""
    emails = [row.values["email"] for row in rows if not row.errors]
    users = (
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("mentor_profile")
        .prefetch_related("mentor_profile__majors")
    )
    if lock:
        users = users.select_for_update(of=("self",))
    existing = {user.email_lower: user for user in users}
    for row in rows:
        if row.errors:
            continue
        user = existing.get(row.values["email"])
        row.user = user
        if user is None:
            row.action = Action.CREATE
            continue
        profile = getattr(user, "mentor_profile", None) if user.role == Role.MENTOR else None
        if profile is None or user.deleted_at is not None:
            row.action = Action.NOT_A_MENTOR
        elif profile.invited_at is None or profile.claimed_at is not None:
            row.action = Action.CLAIMED
        elif _profile_changes(row, profile, user):
            row.action = Action.UPDATE
        else:
            row.action = Action.UNCHANGED


def check_text(text: str, *, lock: bool = False) -> Preview:
    preview = parse(text)
    if preview.file_errors:
        return preview
    industries, majors = _taxonomy_index(Industry), _taxonomy_index(Major)
    for row in preview.rows:
        _check_values(row, industries, majors)
    _flag_duplicates(preview.rows)
    _decide(preview.rows, lock=lock)
    return preview


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
    require_advisor(advisor, to="import mentors")
    changed = MentorImport.objects.filter(pk=import_id, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.DISCARDED
    )
    if not changed:
        raise DomainError("This file was already imported or discarded.")


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
    return mentor_import


def progress_key(import_id: int) -> str:
    return f"mentor-import-progress:{import_id}"


def set_progress(import_id: int, processed: int) -> None:
    cache.set(progress_key(import_id), processed, timeout=24 * 3600)


def progress_of(mentor_import: MentorImport) -> int:
    """Rows processed so far: the cache while importing, the row once finished."""
    if mentor_import.status == ImportStatus.IMPORTING:
        return int(cache.get(progress_key(mentor_import.pk)) or 0)
    return mentor_import.processed_rows


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
        queue(
            kind=NotificationKind.MENTOR_INVITATION,
            recipient=user,
            request=None,
            due_at=now,
            key=f"{NotificationKind.MENTOR_INVITATION}:u{user.pk}:import{mentor_import.pk}",
            payload={"import": mentor_import.pk},
            now=now,
        )
    elif row.action == Action.UPDATE:
        user = row.user
        user.first_name, user.last_name = values["first_name"], values["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        profile = user.mentor_profile
        _set_profile_values(profile, values)
        profile.save(update_fields=[*PROFILE_TEXT_FIELDS, "graduation_year", "industry"])
        profile.majors.set(values["majors"])
        refresh_search_vector(profile)


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
            preview = check_text(mentor_import.source_text, lock=True)
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


# --- Claiming the account -----------------------------------------------------------


def claim_token(*, user: User) -> str:
    profile = user.mentor_profile
    return signing.dumps(
        {"user": user.pk, "invited": profile.invited_at.isoformat()}, salt=CLAIM_SALT
    )


def claim_url(*, user: User) -> str:
    return absolute(reverse("mentor_claim", args=[claim_token(user=user)]))


INVALID_CLAIM = (
    "This invitation link is not valid. Copy the whole link from the email, "
    "or ask your career center for a new invitation."
)


def read_claim_token(token: str) -> User:
    """The invited mentor a link names, if it still claims their account; else BadLink."""
    try:
        data = signing.loads(
            token, salt=CLAIM_SALT, max_age=settings.MENTOR_CLAIM_LINK_DAYS * 24 * 3600
        )
        user_id, invited = int(data["user"]), str(data["invited"])
    except signing.SignatureExpired:
        raise BadLink(
            f"This invitation link has expired (links work for "
            f"{settings.MENTOR_CLAIM_LINK_DAYS} days). Ask your career center to "
            "send you a new invitation."
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink(INVALID_CLAIM) from None
    user = (
        User.objects.select_related("mentor_profile")
        .filter(pk=user_id, role=Role.MENTOR, deleted_at__isnull=True)
        .first()
    )
    profile = getattr(user, "mentor_profile", None) if user else None
    if profile is None or profile.invited_at is None or profile.invited_at.isoformat() != invited:
        raise BadLink(INVALID_CLAIM)
    if profile.claimed_at is not None:
        raise BadLink(
            "This invitation was already used: the account is claimed. Sign in with your "
            "email address and password (or reset your password if you forgot it)."
        )
    if not user.is_active or user.suspended_at is not None:
        raise BadLink("This account is not available. Contact your career center.")
    return user


def claim_mentor_account(*, token: str, password: str, now: datetime | None = None) -> User:
    """Set the password, mark the address verified and the account claimed, once."""
    now = now or timezone.now()
    with transaction.atomic():
        user = read_claim_token(token)
        profile = MentorProfile.objects.select_for_update().get(user=user)
        if profile.claimed_at is not None:
            raise BadLink("This invitation was already used: the account is claimed. Sign in.")
        profile.claimed_at = now
        profile.save(update_fields=["claimed_at"])
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
            primary=False
        )
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        else:
            address.verified, address.primary = True, True
            address.save(update_fields=["verified", "primary"])
    logger.info("Mentor %s claimed their imported account", user.pk)
    return user
