"""The CSV export of the requests (and their meetings) a dashboard counts.

Rows are read in key order a chunk at a time (keyset pagination, never an
OFFSET), so memory stays flat whatever the size: two queries per chunk, one
for the requests and one for their students' majors.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from django.db.models import Q

from careerconnect.models import display_name_of

from ...models import StudentProfile
from .figures import THANKS_WINDOW
from .scope import (
    ActivityScope,
    filtered_requests,
    program_zone,
    requests_sent,
)

CHUNK_SIZE = 2000
# A spreadsheet reads a cell starting with one of these as a formula (or, for
# the controls, as the start of one): such text gets a leading apostrophe,
# which spreadsheets show as text and hide. (OWASP "CSV Injection".)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel opens a UTF-8 file as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"

HEADER = [
    "request_id",
    "sent_at",
    "status",
    "student",
    "student_email",
    "student_majors",
    "student_class_year",
    "mentor",
    "mentor_email",
    "mentor_employer",
    "mentor_job_title",
    "mentor_industry",
    "format",
    "first_answer_at",
    "confirmed_at",
    "declined_at",
    "withdrawn_at",
    "expired_at",
    "cancelled_at",
    "meeting_starts_at",
    "meeting_ends_at",
    "meeting_outcome",
    "outcome_inferred",
    "thanked_at",
    "thanked_within_24h",
]

_FIELDS = (
    "pk",
    "sent_at",
    "status",
    "student_id",
    "student__first_name",
    "student__last_name",
    "student__email",
    "student__deleted_at",
    "student__student_profile__class_year",
    "mentor__first_name",
    "mentor__last_name",
    "mentor__email",
    "mentor__deleted_at",
    "mentor__mentor_profile__employer",
    "mentor__mentor_profile__job_title",
    "mentor__mentor_profile__industry__name",
    "format",
    "first_response_at",
    "confirmed_at",
    "declined_at",
    "withdrawn_at",
    "expired_at",
    "cancelled_at",
    "meeting__starts_at",
    "meeting__ends_at",
    "meeting__outcome",
    "meeting__outcome_inferred",
    "thanked_at",
)


def as_text_cell(value: str) -> str:
    """User-written text, made safe to open in a spreadsheet."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def iso_time(value: datetime | None, zone) -> str:
    """ISO 8601 with the offset, in the program's zone ("" when unset)."""
    return value.astimezone(zone).isoformat(timespec="seconds") if value else ""


def export_rows(scope: ActivityScope, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[str]]:
    """The header, then what the dashboard counts: the requests sent in the range
    (in the order they were sent), then the earlier requests whose meeting starts
    in the range (in the order of their meetings)."""
    yield HEADER
    zone = program_zone()
    yield from _chunked_rows(requests_sent(scope), "sent_at", chunk_size, zone)
    # Driven by the meetings' start index; a request sent before the range can
    # only meet in it, never be sent in it too, so no row comes twice.
    earlier_with_meeting = filtered_requests(scope).filter(
        sent_at__lt=scope.starts_at,
        meeting__starts_at__gte=scope.starts_at,
        meeting__starts_at__lt=scope.ends_at,
    )
    yield from _chunked_rows(earlier_with_meeting, "meeting__starts_at", chunk_size, zone)


def _chunked_rows(requests, key: str, chunk_size: int, zone) -> Iterator[list[str]]:
    """Rows ordered by (key, pk), read a chunk at a time after the last one seen.

    The key is indexed (when requests were sent, when meetings start), so each
    chunk starts where the previous one ended instead of counting rows again.
    """
    after = Q()
    while True:
        chunk = list(requests.filter(after).order_by(key, "pk").values(*_FIELDS)[:chunk_size])
        if not chunk:
            return
        majors = _majors_of({row["student_id"] for row in chunk})
        for row in chunk:
            yield _row(row, majors.get(row["student_id"], []), zone)
        last_key, last_pk = chunk[-1][key], chunk[-1]["pk"]
        # (key, pk) > (last_key, last_pk); the first condition lets the index narrow it.
        after = Q(**{f"{key}__gte": last_key}) & (
            Q(**{f"{key}__gt": last_key}) | Q(**{key: last_key, "pk__gt": last_pk})
        )


def _majors_of(student_ids) -> dict[int, list[str]]:
    majors = defaultdict(list)
    links = (
        StudentProfile.majors.through.objects.filter(studentprofile__user_id__in=student_ids)
        .values_list("studentprofile__user_id", "major__name")
        .order_by("major__name")
    )
    for student_id, name in links:
        majors[student_id].append(name)
    return majors


def _row(row: dict, majors: list[str], zone) -> list[str]:
    ends_at, thanked_at = row["meeting__ends_at"], row["thanked_at"]
    student_deleted, mentor_deleted = row["student__deleted_at"], row["mentor__deleted_at"]
    return [
        str(row["pk"]),
        iso_time(row["sent_at"], zone),
        row["status"],
        as_text_cell(
            display_name_of(
                row["student__first_name"],
                row["student__last_name"],
                row["student__email"],
                student_deleted,
            )
        ),
        "" if student_deleted else as_text_cell(row["student__email"]),
        as_text_cell("; ".join(majors)),
        str(row["student__student_profile__class_year"] or ""),
        as_text_cell(
            display_name_of(
                row["mentor__first_name"],
                row["mentor__last_name"],
                row["mentor__email"],
                mentor_deleted,
            )
        ),
        "" if mentor_deleted else as_text_cell(row["mentor__email"]),
        as_text_cell(row["mentor__mentor_profile__employer"] or ""),
        as_text_cell(row["mentor__mentor_profile__job_title"] or ""),
        as_text_cell(row["mentor__mentor_profile__industry__name"] or ""),
        row["format"],
        iso_time(row["first_response_at"], zone),
        iso_time(row["confirmed_at"], zone),
        iso_time(row["declined_at"], zone),
        iso_time(row["withdrawn_at"], zone),
        iso_time(row["expired_at"], zone),
        iso_time(row["cancelled_at"], zone),
        iso_time(row["meeting__starts_at"], zone),
        iso_time(ends_at, zone),
        row["meeting__outcome"] or "",
        _yes_no(row["meeting__outcome_inferred"]) if row["meeting__starts_at"] else "",
        iso_time(thanked_at, zone),
        _yes_no(thanked_at <= ends_at + THANKS_WINDOW) if thanked_at and ends_at else "",
    ]


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


class _Echo:
    """A file-like object whose write() hands back what it was given."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list[str]]) -> Iterator[str]:
    """Rows as CSV text, one line at a time (RFC 4180 quoting, CRLF line ends)."""
    writer = csv.writer(_Echo())
    first = True
    for row in rows:
        line = writer.writerow(row)
        yield BYTE_ORDER_MARK + line if first else line
        first = False
