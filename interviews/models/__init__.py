from .meetings import Meeting
from .notifications import CalendarFeed, Notification, NotificationPreferences
from .profiles import MentorProfile, StudentProfile
from .program import ProgramSettings, Term
from .requests import InterviewRequest, Message, ProposedSlot, Transition
from .taxonomy import Industry, Major

__all__ = [
    "CalendarFeed",
    "Industry",
    "InterviewRequest",
    "Major",
    "Meeting",
    "MentorProfile",
    "Message",
    "Notification",
    "NotificationPreferences",
    "ProgramSettings",
    "ProposedSlot",
    "StudentProfile",
    "Term",
    "Transition",
]
