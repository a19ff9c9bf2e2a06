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
from .imports import MentorImport
from .meetings import Meeting
from .moderation import ModerationAction, Report
from .notifications import CalendarFeed, Notification, NotificationPreferences
from .profiles import MentorProfile, StudentProfile
from .program import ProgramSettings, ProgramSettingsChange, Term
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
    "MentorImport",
    "MentorProfile",
    "Message",
    "ModerationAction",
    "Notification",
    "NotificationPreferences",
    "OutcomeReport",
    "PrepPlan",
    "PreparedQuestion",
    "ProgramSettings",
    "ProgramSettingsChange",
    "ProposedSlot",
    "Referral",
    "Report",
    "StudentProfile",
    "Term",
    "ThankYouNote",
    "Transition",
]
