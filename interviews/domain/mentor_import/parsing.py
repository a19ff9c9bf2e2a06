"""Reading a mentor file and checking its rows (no writes).

parse() reads the CSV text; check_text() checks every row's values, then
decides from the accounts that exist now what importing it would do.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone

from careerconnect.models import Role, User

from ...models import Industry, Major, MentorProfile
from ..errors import DomainError
from .claiming import invitation_expired

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
    # An unclaimed mentor whose invitation link has expired gets a new one.
    reinvite: bool = False

    @property
    def email(self) -> str:
        return self.raw.get("email", "")

    @property
    def action_label(self) -> str:
        label = ACTION_LABELS.get(self.action, "")
        if self.reinvite:
            label += "; their invitation link expired, a new invitation is sent"
        return label


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

    @property
    def reinvite_count(self) -> int:
        return sum(1 for row in self.rows if not row.errors and row.reinvite)


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
        # isdigit() alone lets "²⁰¹²" through, and int() refuses it: ASCII digits only.
        if not (year.isascii() and year.isdecimal()) or not 1940 <= int(year) <= 2100:
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


def _decide(rows: list[Row], *, lock: bool, now: datetime) -> None:
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
        else:
            row.action = Action.UPDATE if _profile_changes(row, profile, user) else Action.UNCHANGED
            row.reinvite = invitation_expired(profile, now=now)


def check_text(text: str, *, lock: bool = False, now: datetime | None = None) -> Preview:
    preview = parse(text)
    if preview.file_errors:
        return preview
    industries, majors = _taxonomy_index(Industry), _taxonomy_index(Major)
    for row in preview.rows:
        _check_values(row, industries, majors)
    _flag_duplicates(preview.rows)
    _decide(preview.rows, lock=lock, now=now or timezone.now())
    return preview
