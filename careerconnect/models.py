"""The custom user: email is the login, every person has a role and a time zone."""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from .timezones import validate_time_zone


def default_time_zone() -> str:
    """The program's zone, read when a person is created (not frozen in a migration)."""
    return settings.TIME_ZONE


def display_name_of(first_name: str, last_name: str, email: str, deleted_at) -> str:
    """How a person is named on pages: full name, else the start of their email.

    A module function too, for rows read with values() (dashboards, exports).
    """
    if deleted_at:
        return "Former member"
    return f"{first_name} {last_name}".strip() or email.split("@")[0]


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    MENTOR = "mentor", "Alumni mentor"
    ADVISOR = "advisor", "Career advisor"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ADVISOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Times are shown to you, and entered by you, in this zone.",
    )
    # Set when the person finished the onboarding step (their profile).
    onboarded_at = models.DateTimeField(null=True, blank=True)
    # Set when the person deleted their account; the row stays, anonymized, so
    # that the other party's history and the dashboards still add up.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Set by an advisor (interviews.domain.moderation): a suspended person cannot
    # sign in and cannot be requested. Lifting the suspension clears it.
    suspended_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name_of(self.first_name, self.last_name, self.email, self.deleted_at)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def is_advisor(self) -> bool:
        return self.role == Role.ADVISOR
