"""Profiles: onboarding, edits, and advisors' approval of mentors."""

from django.db import transaction
from django.utils import timezone

from careerconnect.models import Role

from ..enums import ApprovalState, ModerationActionKind
from ..models import MentorProfile, StudentProfile
from . import notify
from .access import require_advisor
from .directory import refresh_search_vector
from .errors import NotAllowed
from .moderation.log import log_action


def profile_of(user) -> StudentProfile | MentorProfile | None:
    """The person's own profile, or None (advisors have none; new people not yet)."""
    if user.role == Role.STUDENT:
        return StudentProfile.objects.filter(user=user).first()
    if user.role == Role.MENTOR:
        return MentorProfile.objects.filter(user=user).first()
    return None


def needs_onboarding(user) -> bool:
    return user.role in (Role.STUDENT, Role.MENTOR) and user.onboarded_at is None


# What people edit themselves. Saving only these columns keeps what others
# change meanwhile (an advisor's approval, the responsiveness figures).
STUDENT_EDITABLE = ["class_year", "bio", "linkedin_url"]
MENTOR_EDITABLE = [
    "job_title",
    "employer",
    "industry",
    "location",
    "graduation_year",
    "bio",
    "topics",
    "offers_video",
    "offers_phone",
    "offers_in_person",
    "default_video_link",
    "default_meeting_place",
    "phone",
    "accepting_requests",
    "monthly_capacity",
    "minimum_notice_hours",
]


def _save_own_fields(profile, editable: list[str]) -> None:
    if profile.pk is None:
        profile.save()
    else:
        profile.save(update_fields=[*editable, "updated_at"])


def save_student_profile(*, user, profile: StudentProfile, majors, interests) -> StudentProfile:
    """Save what a student wrote about themselves (and their name and zone)."""
    if user.role != Role.STUDENT or profile.user_id != user.pk:
        raise NotAllowed("Only the student can edit their own profile.")
    with transaction.atomic():
        user.onboarded_at = user.onboarded_at or timezone.now()
        user.save(update_fields=["first_name", "last_name", "time_zone", "onboarded_at"])
        _save_own_fields(profile, STUDENT_EDITABLE)
        profile.majors.set(majors)
        profile.interests.set(interests)
    return profile


def save_mentor_profile(*, user, profile: MentorProfile, majors) -> MentorProfile:
    """Save a mentor's profile; the directory's search document follows."""
    if user.role != Role.MENTOR or profile.user_id != user.pk:
        raise NotAllowed("Only the mentor can edit their own profile.")
    with transaction.atomic():
        user.onboarded_at = user.onboarded_at or timezone.now()
        user.save(update_fields=["first_name", "last_name", "time_zone", "onboarded_at"])
        _save_own_fields(profile, MENTOR_EDITABLE)
        profile.majors.set(majors)
        refresh_search_vector(profile)
    return profile


def _set_approval(
    *, profile_id: int, advisor, state: ApprovalState, reason: str, now
) -> MentorProfile:
    """The decision, its line in the moderation log and the mentor's email, at once."""
    require_advisor(advisor, to="approve mentors")
    now = now or timezone.now()
    with transaction.atomic():
        profile = MentorProfile.objects.select_for_update().get(pk=profile_id)
        if profile.approval_state != ApprovalState.PENDING:
            raise NotAllowed(
                f"{profile.user.display_name} is already "
                f"{profile.get_approval_state_display().lower()}; nothing was changed."
            )
        profile.approval_state = state
        profile.approval_changed_at = now
        profile.approval_changed_by = advisor
        profile.save(update_fields=["approval_state", "approval_changed_at", "approval_changed_by"])
        action = log_action(
            actor=advisor,
            kind=ModerationActionKind.APPROVE_MENTOR
            if state == ApprovalState.APPROVED
            else ModerationActionKind.REJECT_MENTOR,
            subject=profile.user,
            reason=reason,
            now=now,
        )
        notify.mentor_decided(action, now=now)
    return profile


def approve_mentor(*, profile_id: int, advisor, now=None) -> MentorProfile:
    """The mentor appears in the directory from now on, and is told so."""
    return _set_approval(
        profile_id=profile_id, advisor=advisor, state=ApprovalState.APPROVED, reason="", now=now
    )


def reject_mentor(*, profile_id: int, advisor, reason: str, now=None) -> MentorProfile:
    """The mentor stays out of the directory; the advisor's reason is sent to them."""
    if not reason.strip():
        raise NotAllowed("Write the reason the mentor will read: it is sent to them.")
    return _set_approval(
        profile_id=profile_id,
        advisor=advisor,
        state=ApprovalState.REJECTED,
        reason=reason,
        now=now,
    )


def introduction_from_profile(user) -> str:
    """Prefill "about me" from the profile; the student edits it freely."""
    profile = StudentProfile.objects.filter(user=user).prefetch_related("majors").first()
    parts = [f"My name is {user.get_full_name()}."]
    if profile:
        majors = " and ".join(major.name for major in profile.majors.all())
        if majors and profile.class_year:
            parts.append(f"I study {majors} and graduate in {profile.class_year}.")
        elif majors:
            parts.append(f"I study {majors}.")
        elif profile.class_year:
            parts.append(f"I graduate in {profile.class_year}.")
    return " ".join(parts)
