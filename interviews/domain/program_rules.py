"""Advisors change the program's rules and its terms; every change is logged
(a term's creation, edit and deletion too, as field "term").

The settings row is locked (select_for_update) while a change is written, and
the form carries the `updated_at` it was shown with: if another advisor saved
in between, nothing is written and the form comes back (StaleSettings).
get_program_settings() reads the row on every call (no cache), so a saved
value applies to the very next request, email or sweep.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ProgramSettings, ProgramSettingsChange, Term
from .access import require_advisor
from .errors import DomainError
from .program import get_program_settings

logger = logging.getLogger(__name__)

# The change log's field_name for a term created, edited or deleted.
TERM_FIELD = "term"
# What advisors edit, in the order of the form and of the change log.
EDITABLE_FIELDS = (
    "open_request_limit",
    "default_mentor_capacity",
    "request_expiry_days",
    "first_nudge_days",
    "second_nudge_days",
    "minimum_notice_hours",
    "max_days_ahead",
    "max_proposal_rounds",
    "reminder_hours_before",
    "thank_you_reminder_hours_after",
    "thank_you_nudge_hours_after",
    "outcome_grace_days",
    "allowed_student_email_domains",
)
# Bounds of the fields whose model column has none (the others carry validators).
BOUNDS = {
    "first_nudge_days": (0, 90),
    "second_nudge_days": (0, 90),
    "reminder_hours_before": (1, 24 * 7),
    "thank_you_reminder_hours_after": (0, 24 * 7),
    "thank_you_nudge_hours_after": (1, 24 * 14),
    "outcome_grace_days": (1, 60),
}


class StaleSettings(DomainError):
    """Another advisor saved the settings after this form was shown."""

    def __init__(self, changed_fields: list[str]):
        labels = ", ".join(field_label(name) for name in changed_fields) or "some rules"
        super().__init__(
            "Another advisor changed the program settings while you were editing them "
            f"({labels}). Nothing was saved. Your values are kept in the form; the values "
            "saved now are listed beside it: check them, then save again."
        )
        self.changed_fields = changed_fields


LABELS = {
    "open_request_limit": "Open requests per student",
    "default_mentor_capacity": "Default mentor capacity (requests per month)",
    "request_expiry_days": "Requests expire after (days)",
    "first_nudge_days": "First reminder to the mentor after (days)",
    "second_nudge_days": "Second reminder to the mentor after (days)",
    "minimum_notice_hours": "Minimum notice (hours)",
    "max_days_ahead": "Times may be proposed up to (days ahead)",
    "max_proposal_rounds": "Rounds of proposed times",
    "reminder_hours_before": "Meeting reminder (hours before)",
    "thank_you_reminder_hours_after": "Thank-you reminder (hours after the meeting)",
    "thank_you_nudge_hours_after": "Second thank-you reminder (hours after the meeting)",
    "outcome_grace_days": "Unreported meetings count as held after (days)",
    "allowed_student_email_domains": "Allowed student email domains",
    TERM_FIELD: "Term",
}


def field_label(name: str) -> str:
    return LABELS.get(name, name)


def _day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def version_of(program: ProgramSettings) -> str:
    """What a form carries to detect a save by someone else in between."""
    return program.updated_at.isoformat() if program.updated_at else ""


# --- Rules of the values ----------------------------------------------------------


def normalize_domains(text: str) -> tuple[str, list[str]]:
    """One campus domain per line, lower case, without "@", duplicates dropped.

    Returns the text to store and the problems found (empty when valid).
    """
    validator = DomainNameValidator()
    domains: list[str] = []
    problems: list[str] = []
    for line in (text or "").splitlines():
        domain = line.strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        try:
            validator(domain)
        except ValidationError:
            problems.append(
                f"“{line.strip()}” is not a domain name; write one domain per line, "
                "for example example.edu."
            )
            continue
        if domain not in domains:
            domains.append(domain)
    return "\n".join(domains), problems


def settings_problems(values: dict) -> dict[str, str]:
    """Rules between fields, as {field: message}; empty when the values fit together."""
    problems: dict[str, str] = {}
    for name, (low, high) in BOUNDS.items():
        value = values.get(name)
        if value is not None and not low <= value <= high:
            problems[name] = f"Enter a number from {low} to {high}."
    if problems:
        return problems
    expiry = values["request_expiry_days"]
    first, second = values["first_nudge_days"], values["second_nudge_days"]
    if first and first >= expiry:
        problems["first_nudge_days"] = (
            f"The first reminder must come before the request expires (after {expiry} days)."
        )
    if second:
        if not first:
            problems["second_nudge_days"] = (
                "A second reminder needs a first one: set the first reminder, or set this to 0."
            )
        elif second <= first:
            problems["second_nudge_days"] = (
                f"The second reminder must come after the first one (after {first} days)."
            )
        elif second >= expiry:
            problems["second_nudge_days"] = (
                f"The second reminder must come before the request expires (after {expiry} days)."
            )
    if values["thank_you_nudge_hours_after"] <= values["thank_you_reminder_hours_after"]:
        problems["thank_you_nudge_hours_after"] = (
            "The second thank-you reminder must come after the first one "
            f"({values['thank_you_reminder_hours_after']} hours after the meeting)."
        )
    if values["minimum_notice_hours"] >= values["max_days_ahead"] * 24:
        problems["minimum_notice_hours"] = (
            "The minimum notice must be shorter than how far ahead times may be proposed "
            f"({values['max_days_ahead']} days)."
        )
    return problems


def _as_text(value) -> str:
    return "" if value is None else str(value)


# --- Saving -----------------------------------------------------------------------


def update_program_settings(
    *, advisor, values: dict, seen_version: str, now: datetime | None = None
) -> list[ProgramSettingsChange]:
    """Save the changed rules and log one row per changed field, at once.

    Raises StaleSettings if the settings were saved since `seen_version`, and
    DomainError if the values break a rule. Returns the change rows (empty
    when nothing changed: nothing is written then).
    """
    require_advisor(advisor, to="change the program's rules")
    now = now or timezone.now()
    values = dict(values)
    values["allowed_student_email_domains"], domain_problems = normalize_domains(
        values.get("allowed_student_email_domains", "")
    )
    if domain_problems:
        raise DomainError(" ".join(domain_problems))
    problems = settings_problems(values)
    if problems:
        raise DomainError(" ".join(problems.values()))
    get_program_settings()  # the row exists (a flushed database)
    with transaction.atomic():
        program = ProgramSettings.objects.select_for_update().get(pk=ProgramSettings.SINGLETON_PK)
        if version_of(program) != seen_version:
            raise StaleSettings(changed_since(seen_version))
        changes = []
        for name in EDITABLE_FIELDS:
            old, new = getattr(program, name), values[name]
            if _as_text(old) == _as_text(new):
                continue
            setattr(program, name, new)
            changes.append(
                ProgramSettingsChange(
                    changed_by=advisor,
                    field_name=name,
                    old_value=_as_text(old),
                    new_value=_as_text(new),
                    changed_at=now,
                )
            )
        if not changes:
            return []
        program.save(update_fields=[change.field_name for change in changes] + ["updated_at"])
        ProgramSettingsChange.objects.bulk_create(changes)
    logger.info(
        "Program settings changed by user %s: %s",
        advisor.pk,
        ", ".join(change.field_name for change in changes),
    )
    return changes


def changed_since(seen_version: str) -> list[str]:
    """The fields changed after the version a form was shown with, in form order."""
    try:
        seen = datetime.fromisoformat(seen_version)
    except ValueError:
        return []
    names = set(
        ProgramSettingsChange.objects.filter(changed_at__gte=seen).values_list(
            "field_name", flat=True
        )
    )
    return [name for name in EDITABLE_FIELDS if name in names]


def change_log():
    """Every logged change, newest first (paginate it)."""
    return ProgramSettingsChange.objects.select_related("changed_by").order_by("-changed_at", "-pk")


# --- Terms ------------------------------------------------------------------------


# Term days stay well inside what dates and datetimes can hold: a term in the
# year 9999 would make "the day after its last day" overflow on the dashboards.
TERM_FIRST_DAY = date(2000, 1, 1)
TERM_LAST_DAY = date(2100, 12, 31)


@dataclass(frozen=True)
class TermValues:
    name: str
    starts_on: date
    ends_on: date


def term_date_problems(starts_on: date | None, ends_on: date | None) -> dict[str, str]:
    """The rules of a term's days, as {field: message}; empty when they fit."""
    problems = {}
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is not None and not TERM_FIRST_DAY <= day <= TERM_LAST_DAY:
            problems[name] = f"Enter a day from {_day(TERM_FIRST_DAY)} to {_day(TERM_LAST_DAY)}."
    if starts_on and ends_on and "ends_on" not in problems and ends_on <= starts_on:
        problems["ends_on"] = "The last day must come after the first day."
    return problems


def term_summary(term) -> str:
    """How the change log shows a term: "Fall 2026: 2026-08-24 – 2026-12-18"."""
    return f"{term.name}: {term.starts_on.isoformat()} – {term.ends_on.isoformat()}"


def _log_term(*, advisor, old: str, new: str, now: datetime) -> None:
    ProgramSettingsChange.objects.create(
        changed_by=advisor, field_name=TERM_FIELD, old_value=old, new_value=new, changed_at=now
    )


def _check_term(values: TermValues, *, term_id: int | None) -> None:
    problems = term_date_problems(values.starts_on, values.ends_on)
    if problems:
        raise DomainError(" ".join(problems.values()))
    others = Term.objects.exclude(pk=term_id) if term_id else Term.objects.all()
    if others.filter(name__iexact=values.name).exists():
        raise DomainError(f"There is already a term called “{values.name}”; choose another name.")
    # Both ends are days of the term: touching terms (one ends the day the
    # next starts) overlap by a day.
    clash = (
        others.filter(starts_on__lte=values.ends_on, ends_on__gte=values.starts_on)
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise DomainError(
            f"These dates overlap the term “{clash.name}” ({_day(clash.starts_on)} to "
            f"{_day(clash.ends_on)}). Terms may not overlap: change the dates or that term."
        )


def _lock_terms() -> None:
    """Term changes are written one at a time (the overlap check reads other rows):
    the settings row serves as the lock."""
    get_program_settings()
    ProgramSettings.objects.select_for_update().filter(pk=ProgramSettings.SINGLETON_PK).first()


def _saved(term: Term) -> Term:
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        raise DomainError(
            "Another advisor saved a term with this name or these dates just now; "
            "nothing was saved. Check the list of terms and try again."
        ) from None
    return term


def create_term(*, advisor, values: TermValues, now: datetime | None = None) -> Term:
    require_advisor(advisor, to="change the program's rules")
    with transaction.atomic():
        _lock_terms()
        _check_term(values, term_id=None)
        term = _saved(Term(name=values.name, starts_on=values.starts_on, ends_on=values.ends_on))
        _log_term(advisor=advisor, old="", new=term_summary(term), now=now or timezone.now())
    logger.info("Term %s created by user %s", term.pk, advisor.pk)
    return term


def update_term(*, advisor, term_id: int, values: TermValues, now: datetime | None = None) -> Term:
    require_advisor(advisor, to="change the program's rules")
    with transaction.atomic():
        _lock_terms()
        term = Term.objects.select_for_update().filter(pk=term_id).first()
        if term is None:
            raise DomainError("This term was deleted meanwhile; nothing was saved.")
        _check_term(values, term_id=term.pk)
        before = term_summary(term)
        term.name, term.starts_on, term.ends_on = values.name, values.starts_on, values.ends_on
        _saved(term)
        if term_summary(term) != before:
            _log_term(
                advisor=advisor, old=before, new=term_summary(term), now=now or timezone.now()
            )
    logger.info("Term %s changed by user %s", term.pk, advisor.pk)
    return term


def delete_term(*, advisor, term_id: int, now: datetime | None = None) -> str:
    """Delete a term; returns its name. Deleting one already gone is refused."""
    require_advisor(advisor, to="change the program's rules")
    with transaction.atomic():
        term = Term.objects.select_for_update().filter(pk=term_id).first()
        if term is None:
            raise DomainError("This term was already deleted.")
        name = term.name
        _log_term(advisor=advisor, old=term_summary(term), new="", now=now or timezone.now())
        term.delete()
    logger.info("Term %s deleted by user %s", term_id, advisor.pk)
    return name


def list_terms():
    return Term.objects.order_by("-starts_on")
