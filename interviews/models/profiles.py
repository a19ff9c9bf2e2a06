"""What students and mentors tell about themselves."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..enums import ApprovalState, MeetingFormat
from .taxonomy import Industry, Major

YEAR_VALIDATORS = [MinValueValidator(1940), MaxValueValidator(2100)]


class StudentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    majors = models.ManyToManyField(Major, blank=True, related_name="students")
    class_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="The year you graduate."
    )
    interests = models.ManyToManyField(
        Industry,
        blank=True,
        related_name="interested_students",
        help_text="Industries you would like to learn about.",
    )
    bio = models.TextField(
        "about me", blank=True, max_length=2000, help_text="A few sentences mentors will read."
    )
    linkedin_url = models.URLField("LinkedIn profile", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Student profile of {self.user}"


class MentorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    graduation_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS
    )
    majors = models.ManyToManyField(Major, blank=True, related_name="mentors")
    employer = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="mentors"
    )
    location = models.CharField(max_length=150, blank=True, help_text="City, region or country.")
    bio = models.TextField(
        "career path",
        blank=True,
        max_length=4000,
        help_text="How you got where you are: studies, jobs, turns along the way.",
    )
    topics = models.TextField(
        "happy to talk about",
        blank=True,
        max_length=1000,
        help_text="Subjects students may ask you about.",
    )
    offers_phone = models.BooleanField("phone calls", default=False)
    offers_video = models.BooleanField("video calls", default=True)
    offers_in_person = models.BooleanField("in person", default=False)
    # Private: shown to a student only once a meeting with them is confirmed.
    default_video_link = models.URLField("default video link", blank=True, max_length=500)
    default_meeting_place = models.CharField("default meeting place", blank=True, max_length=300)
    phone = models.CharField("phone number", blank=True, max_length=40)
    monthly_capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="New requests you are willing to receive per month (empty: program default).",
    )
    minimum_notice_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 14)],
        help_text="How much notice you need before a meeting (empty: program default).",
    )
    accepting_requests = models.BooleanField(default=True)
    approval_state = models.CharField(
        max_length=16, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    approval_changed_at = models.DateTimeField(null=True, blank=True)
    approval_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Alumni brought in by an advisor's CSV import: invited, then claimed when
    # they set a password. Once claimed, a later import never overwrites the
    # profile (the mentor owns it); self-registered mentors count as claimed.
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept up to date by the domain when a mentor first answers a request, so
    # that the directory never computes a median per row.
    median_response_hours = models.FloatField(null=True, blank=True, editable=False)
    answered_request_count = models.PositiveIntegerField(default=0, editable=False)
    # PostgreSQL full-text document (name, title, employer, industry, topics,
    # career path). Refreshed by interviews.domain.directory; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["approval_state", "accepting_requests"])]

    def __str__(self) -> str:
        return f"Mentor profile of {self.user}"

    @property
    def formats(self) -> list[str]:
        offered = {
            MeetingFormat.PHONE: self.offers_phone,
            MeetingFormat.VIDEO: self.offers_video,
            MeetingFormat.IN_PERSON: self.offers_in_person,
        }
        return [fmt for fmt, on in offered.items() if on]

    @property
    def format_labels(self) -> list[str]:
        return [MeetingFormat(fmt).label for fmt in self.formats]
