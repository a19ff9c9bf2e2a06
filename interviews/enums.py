"""Every status and choice of the domain, with the named groups code relies on."""

from django.db import models


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the mentor"
    COUNTER_PROPOSED = "counter_proposed", "Waiting for the student"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"
    NO_SHOW = "no_show", "No-show"


# Awaiting an answer: these count against the student's open-request limit.
OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED)
# Nothing happens to these any more.
FINAL_STATUSES = (
    RequestStatus.DECLINED,
    RequestStatus.WITHDRAWN,
    RequestStatus.EXPIRED,
    RequestStatus.CANCELLED,
    RequestStatus.HELD,
    RequestStatus.NO_SHOW,
)
# A meeting exists (the contact details are shared) in these.
MEETING_STATUSES = (RequestStatus.CONFIRMED, RequestStatus.HELD, RequestStatus.NO_SHOW)
# Still under way: an answer or a meeting to come (what leaving must close).
RUNNING_STATUSES = (*OPEN_STATUSES, RequestStatus.CONFIRMED)
# After the meeting, what happened is known.
DECIDED_STATUSES = (RequestStatus.HELD, RequestStatus.NO_SHOW)


class TransitionEvent(models.TextChoices):
    SENT = "sent", "Request sent"
    ACCEPTED = "accepted", "Time accepted"
    COUNTER_PROPOSED = "counter_proposed", "Other times proposed by the mentor"
    STUDENT_PROPOSED = "student_proposed", "Other times proposed by the student"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Meeting cancelled"
    RESCHEDULE_PROPOSED = "reschedule_proposed", "New times proposed for the meeting"
    RESCHEDULED = "rescheduled", "Meeting moved"
    RESCHEDULE_DECLINED = "reschedule_declined", "New times declined; the original time stands"
    RESCHEDULE_WITHDRAWN = "reschedule_withdrawn", "New times withdrawn; the original time stands"
    RESCHEDULE_LAPSED = "reschedule_lapsed", "New times lapsed unanswered; the original time stands"
    DETAILS_CHANGED = "details_changed", "Meeting details changed"
    HELD = "held", "Meeting held"
    NO_SHOW = "no_show", "Meeting missed"


class Party(models.TextChoices):
    STUDENT = "student", "Student"
    MENTOR = "mentor", "Mentor"
    SYSTEM = "system", "CareerConnect"


class MeetingFormat(models.TextChoices):
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"


class FoundVia(models.TextChoices):
    ALUMNI_DIRECTORY = "alumni_directory", "The alumni directory"
    REFERRAL = "referral", "Someone referred me"
    EVENT = "event", "An event or career fair"
    LINKEDIN = "linkedin", "LinkedIn"
    FACULTY = "faculty", "A faculty member or advisor"
    OTHER = "other", "Other"


class Topic(models.TextChoices):
    JOB = "job", "Your job"
    CAREER_PATH = "career_path", "Your career path"
    EMPLOYER = "employer", "Your employer"
    INDUSTRY = "industry", "Your industry"
    CHOOSING_MAJOR = "choosing_major", "Choosing a major"
    GRAD_SCHOOL = "grad_school", "Graduate school"


def topic_labels(codes) -> list[str]:
    """Chosen topics as the mentor reads them, in the form's order (unknown codes skipped)."""
    return [label for code, label in Topic.choices if code in codes]


class DeclineReason(models.TextChoices):
    """Kind, ready-made reasons; the mentor may add their own words."""

    TOO_BUSY = "too_busy", "I can't take on conversations right now"
    NOT_MY_AREA = "not_my_area", "Someone else can help you better with these topics"
    TIMES_DONT_WORK = "times_dont_work", "None of these times work, and I can't offer others soon"
    OTHER = "other", "Another reason (explained below)"
    # Set by the system, never offered to a mentor: the request ended because
    # one of the two people was suspended by the career center.
    UNAVAILABLE = "unavailable", "This conversation is no longer possible through CareerConnect"


# What a mentor may choose (the system's own reason is never offered).
MENTOR_DECLINE_REASONS = [
    (value, label) for value, label in DeclineReason.choices if value != DeclineReason.UNAVAILABLE
]


class ApprovalState(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SUSPENDED = "suspended", "Suspended"


class MessageKind(models.TextChoices):
    NOTE = "note", "Note"
    DECLINE_REASON = "decline_reason", "Reason for declining"
    CANCEL_REASON = "cancel_reason", "Reason for cancelling"
    WITHDRAW_REASON = "withdraw_reason", "Reason for withdrawing"


class NotificationKind(models.TextChoices):
    # To the mentor
    NEW_REQUEST = "new_request", "New request"
    REQUEST_NUDGE = "request_nudge", "Reminder of an unanswered request"
    REQUEST_WITHDRAWN = "request_withdrawn", "Request withdrawn"
    NEW_TIMES_FROM_STUDENT = "new_times_from_student", "New times from the student"
    # To the student
    COUNTER_PROPOSAL = "counter_proposal", "Other times proposed"
    REQUEST_DECLINED = "request_declined", "Request declined"
    REQUEST_EXPIRED = "request_expired", "Request expired"
    THANK_YOU_REMINDER = "thank_you_reminder", "Thank-you reminder"
    THANK_YOU_NUDGE = "thank_you_nudge", "Second thank-you reminder"
    # To both
    MEETING_CONFIRMED = "meeting_confirmed", "Meeting confirmed"
    RESCHEDULE_PROPOSED = "reschedule_proposed", "New times proposed for a meeting"
    RESCHEDULE_DECLINED = "reschedule_declined", "New times declined"
    MEETING_RESCHEDULED = "meeting_rescheduled", "Meeting moved"
    MEETING_DETAILS_CHANGED = "meeting_details_changed", "Meeting details changed"
    MEETING_CANCELLED = "meeting_cancelled", "Meeting cancelled"
    MEETING_REMINDER = "meeting_reminder", "Reminder before a meeting"
    OUTCOME_PROMPT = "outcome_prompt", "Did the meeting happen?"
    THANK_YOU_RECEIVED = "thank_you_received", "Thank-you note received"
    THANK_YOU_COPY = "thank_you_copy", "Copy of your thank-you note"
    REFERRAL_MET = "referral_met", "Your referral led to a meeting"
    # The career center and a mentor's account.
    MENTOR_APPROVED = "mentor_approved", "Mentor profile approved"
    MENTOR_REJECTED = "mentor_rejected", "Mentor profile not approved"
    MENTOR_INVITATION = "mentor_invitation", "Invitation to claim a mentor account"


# Carry a calendar invite (iTIP REQUEST or CANCEL) for the meeting.
INVITE_KINDS = (
    NotificationKind.MEETING_CONFIRMED,
    NotificationKind.MEETING_RESCHEDULED,
    NotificationKind.MEETING_DETAILS_CHANGED,
    NotificationKind.MEETING_CANCELLED,
)


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OptionalEmail(models.TextChoices):
    """What people may turn off; confirmations, changes, cancellations always go out."""

    REQUEST_NUDGES = "request_nudges", "Reminders of requests waiting for my answer"
    MEETING_REMINDERS = "meeting_reminders", "A reminder before each meeting"
    THANK_YOU_REMINDERS = "thank_you_reminders", "Reminders to send a thank-you note"
    OUTCOME_PROMPTS = "outcome_prompts", "Asking whether a meeting happened"


OPTIONAL_EMAIL_OF_KIND = {
    NotificationKind.REQUEST_NUDGE: OptionalEmail.REQUEST_NUDGES,
    NotificationKind.MEETING_REMINDER: OptionalEmail.MEETING_REMINDERS,
    NotificationKind.THANK_YOU_REMINDER: OptionalEmail.THANK_YOU_REMINDERS,
    NotificationKind.THANK_YOU_NUDGE: OptionalEmail.THANK_YOU_REMINDERS,
    NotificationKind.OUTCOME_PROMPT: OptionalEmail.OUTCOME_PROMPTS,
}


class MeetingOutcome(models.TextChoices):
    """What happened, as one participant reports it after the meeting's end."""

    HELD = "held", "It took place"
    STUDENT_NO_SHOW = "student_no_show", "The student did not come"
    MENTOR_NO_SHOW = "mentor_no_show", "The mentor did not come"
    MOVED = "moved", "It was moved to another time"


NO_SHOW_OUTCOMES = (MeetingOutcome.STUDENT_NO_SHOW, MeetingOutcome.MENTOR_NO_SHOW)


class QuestionCategory(models.TextChoices):
    CAREER_PATH = "career_path", "Career path"
    DAY_TO_DAY = "day_to_day", "Day-to-day work"
    INDUSTRY = "industry", "The industry"
    ORGANIZATION = "organization", "Organization and culture"
    ADVICE = "advice", "Advice"
    NEXT_STEPS = "next_steps", "Next steps"


class ThanksChannel(models.TextChoices):
    CAREERCONNECT = "careerconnect", "Sent through CareerConnect"
    ANOTHER_WAY = "another_way", "Thanked another way"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    HARASSMENT = "harassment", "Harassment or hateful words"
    INAPPROPRIATE = "inappropriate", "Inappropriate or unprofessional behaviour"
    FAKE = "fake", "Fake profile or impersonation"
    OTHER = "other", "Something else (explained below)"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    ACTIONED = "actioned", "Action taken"


class ModerationActionKind(models.TextChoices):
    SUSPEND = "suspend", "Suspended the account"
    LIFT = "lift", "Lifted the suspension"
    DISMISS_REPORT = "dismiss_report", "Dismissed a report"
    RESOLVE_REPORT = "resolve_report", "Closed a report with action"
    APPROVE_MENTOR = "approve_mentor", "Approved a mentor"
    REJECT_MENTOR = "reject_mentor", "Rejected a mentor"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Checked, waiting for confirmation"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"
    DISCARDED = "discarded", "Discarded"
