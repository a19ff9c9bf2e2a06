from .meetings import Meeting
from .profiles import MentorProfile, StudentProfile
from .program import ProgramSettings, Term
from .requests import InterviewRequest, Message, ProposedSlot, Transition
from .taxonomy import Industry, Major

__all__ = [
    "Industry",
    "InterviewRequest",
    "Major",
    "Meeting",
    "MentorProfile",
    "Message",
    "ProgramSettings",
    "ProposedSlot",
    "StudentProfile",
    "Term",
    "Transition",
]
