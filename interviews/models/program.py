"""The rules of the program, tuned by career advisors (one row)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ProgramSettings(models.Model):
    """A single row (pk=1), created with every default by a migration.

    Code reads rules through interviews.domain.program.get_program_settings(),
    never from constants, so that advisors can change them without a deploy.
    """

    SINGLETON_PK = 1

    open_request_limit = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="How many requests a student may have waiting for an answer at once.",
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="New requests a mentor receives per calendar month unless they set their own.",
    )
    minimum_notice_hours = models.PositiveSmallIntegerField(
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text="A proposed time must be at least this far away (mentors may ask for more).",
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A proposed time may be at most this many days ahead.",
    )
    max_proposal_rounds = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=(
            "Rounds of times before a request must be settled (the student's first "
            "proposal counts as one); also the most reschedules one meeting may have."
        ),
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="A request nobody answers for this many days expires.",
    )
    first_nudge_days = models.PositiveSmallIntegerField(
        default=3, help_text="Remind a mentor of an unanswered request after this many days."
    )
    second_nudge_days = models.PositiveSmallIntegerField(
        default=7, help_text="Remind them once more after this many days."
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        default=24, help_text="Remind both people this many hours before a meeting."
    )
    thank_you_reminder_hours_after = models.PositiveSmallIntegerField(
        default=2,
        help_text="Remind the student to say thank you this many hours after the meeting ends.",
    )
    thank_you_nudge_hours_after = models.PositiveSmallIntegerField(
        default=48, help_text="Nudge once more this many hours after the end if no note was sent."
    )
    outcome_grace_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="A meeting nobody reports on is taken as held after this many days.",
    )
    allowed_student_email_domains = models.TextField(
        blank=True,
        default="",
        help_text=(
            "Campus email domains students must sign up with, one per line "
            "(for example example.edu). Empty: any address."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "program settings"
        verbose_name_plural = "program settings"

    def __str__(self) -> str:
        return "Program settings"

    @property
    def student_email_domains(self) -> list[str]:
        return [
            line.strip().lower().lstrip("@")
            for line in self.allowed_student_email_domains.splitlines()
            if line.strip()
        ]


class ProgramSettingsChange(models.Model):
    """One changed rule: who changed it, when, and the value before and after."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    field_name = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field_name} changed at {self.changed_at:%Y-%m-%d %H:%M} UTC"


class Term(models.Model):
    """An academic term: dashboards offer "this term" as a date range."""

    name = models.CharField(max_length=60, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="term_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name
