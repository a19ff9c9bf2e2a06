from .followup import (
    BankQuestion,
    LearningNote,
    MentorFeedback,
    OutcomeReport,
    PreparedQuestion,
    PrepPlan,
    Referral,
    ThankYouNote,
)
from .meetings import Meeting
from .notifications import CalendarFeed, Notification, NotificationPreferences
from .profiles import MentorProfile, StudentProfile
from .program import ProgramSettings, Term
from .requests import InterviewRequest, Message, ProposedSlot, Transition
from .taxonomy import Industry, Major

__all__ = [
    "BankQuestion",
    "CalendarFeed",
    "Industry",
    "InterviewRequest",
    "LearningNote",
    "Major",
    "Meeting",
    "MentorFeedback",
    "MentorProfile",
    "Message",
    "Notification",
    "NotificationPreferences",
    "OutcomeReport",
    "PrepPlan",
    "PreparedQuestion",
    "ProgramSettings",
    "ProposedSlot",
    "Referral",
    "StudentProfile",
    "Term",
    "ThankYouNote",
    "Transition",
]
