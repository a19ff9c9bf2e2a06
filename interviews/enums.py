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
# A student may have only one of these with the same mentor at a time.
ACTIVE_STATUSES = (*OPEN_STATUSES, RequestStatus.CONFIRMED)
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
    DETAILS_CHANGED = "details_changed", "Meeting details changed"


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


class DeclineReason(models.TextChoices):
    """Kind, ready-made reasons; the mentor may add their own words."""

    TOO_BUSY = "too_busy", "I can't take on conversations right now"
    NOT_MY_AREA = "not_my_area", "Someone else can help you better with these topics"
    TIMES_DONT_WORK = "times_dont_work", "None of these times work, and I can't offer others soon"
    OTHER = "other", "Another reason (explained below)"


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
