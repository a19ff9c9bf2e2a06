"""Who gets what from every URL of ours: generated from the URL resolver.

Every named pattern of our own code (interviews.urls and careerconnect.urls'
own views: the sign-up override and the mailbox; not the admin, not allauth)
must have an entry in EXPECTATIONS, so that a new view cannot be forgotten.
Each entry names the object the view acts on (built in a state where the
action is available) and, for every kind of visitor, what a GET and, for
views that change things, a POST must give. After every request the data is
compared with a snapshot: a GET never changes anything, a refused POST
changes nothing, the owner's POST does what it says.

The links from emails (accept a time, unsubscribe) and the calendar feed
carry a secret token instead of a sign-in: whoever holds a valid token gets
the same answer, signed in or not, since the token is the proof.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from icalendar import Calendar

from interviews.domain import bank, ical, links, outcomes, prep, referrals
from interviews.domain.preferences import feed_of
from interviews.enums import (
    ApprovalState,
    DeclineReason,
    FoundVia,
    MeetingFormat,
    MeetingOutcome,
    OptionalEmail,
    QuestionCategory,
    Topic,
)
from interviews.models import CalendarFeed, InterviewRequest, MentorProfile, NotificationPreferences
from tests import builders
from tests.factories import AdvisorFactory, MentorFactory, StudentFactory
from tests.views.support import db_snapshot, local_input, messages_of

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
# The people of a request: its own student and mentor, and outsiders.
OBJECT_ACTORS = ("student", "mentor", "other_student", "other_mentor", "advisor", "anonymous")
# Pages without an object: one person of each role.
PAGE_ACTORS = ("student", "mentor", "advisor", "anonymous")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts sign-up POSTs per address in the cache: start every case at zero."""
    cache.clear()
    yield
    cache.clear()


@dataclass(frozen=True)
class Outcome:
    status: int
    template: str = ""
    # 302s: "login", "request", "new_request", "reauthenticate" or a URL name
    # (given the scene's object if it takes one), with an optional "#anchor".
    location: str = ""
    # Whether the data must have changed (only the owner's successful POST).
    changes: bool = False
    # The flash message level a redirect back to the request must carry.
    message: str = ""
    # For answers that are not pages: the Content-Type they must have.
    content_type: str = ""
    # For JSON answers: the values these keys must have.
    json: dict | None = None


def shows(template: str) -> Outcome:
    return Outcome(200, template=template)


def goes_to(location: str) -> Outcome:
    return Outcome(302, location=location)


LOGIN = goes_to("login")
FORBIDDEN = Outcome(403, template="errors/403.html")
NOT_FOUND = Outcome(404, template="errors/404.html")
POST_ONLY = Outcome(405)
# A participant asking for an action that is not theirs: back to the request.
BACK = Outcome(302, location="request", message="error")
DONE = Outcome(302, location="request", changes=True, message="success")
# The scene's meeting as a calendar file (checked to hold that meeting only).
CALENDAR = Outcome(200, content_type="text/calendar; charset=utf-8")
HEALTHY = Outcome(
    200, content_type="application/json", json={"status": "ok", "database": "ok", "broker": "ok"}
)
SETTINGS_PAGE = "interviews/email_settings.html"
SETTINGS_SAVED = Outcome(302, location="email_settings", changes=True, message="success")
# The student's preparation: each change comes back to its part of the page.
PREP_PAGE = "interviews/prep/workspace.html"


def prepared(anchor: str) -> Outcome:
    return Outcome(302, location=f"prep_workspace#{anchor}", changes=True, message="success")


# The question bank: advisors only, and every change goes back to the list.
BANK_FORM = "interviews/advisor/bank_form.html"
BANK_CHANGED = Outcome(302, location="question_bank", changes=True, message="success")


@dataclass(frozen=True)
class ViewSpec:
    scene: str
    get: dict[str, Outcome]
    post: dict[str, Outcome] | None = None
    # POST data for `actor` in `world` (the owner's data must be valid).
    post_data: object = None


def every(outcome: Outcome, **exceptions: Outcome) -> dict[str, Outcome]:
    """`outcome` for every object actor, except where named."""
    return {actor: exceptions.get(actor, outcome) for actor in OBJECT_ACTORS}


def pages(**outcomes: Outcome) -> dict[str, Outcome]:
    return {actor: outcomes[actor] for actor in PAGE_ACTORS}


def participants_only(**outcomes: Outcome) -> dict[str, Outcome]:
    """Outsiders and advisors get 404, anonymous visitors sign in first."""
    defaults = {
        "other_student": NOT_FOUND,
        "other_mentor": NOT_FOUND,
        "advisor": NOT_FOUND,
        "anonymous": LOGIN,
    }
    merged = {**defaults, **outcomes}
    return {actor: merged[actor] for actor in OBJECT_ACTORS}


# --- POST data that would succeed for the owner ------------------------------


def _later(world, days: int, actor: str) -> str:
    """A free time `days` from now, as the actor's datetime-local input."""
    user = world.people.get(actor) or world.people["student"]
    moment = builders.at_15_utc(timezone.now() + timedelta(days=days))
    return local_input(moment, user.time_zone)


def accept_data(world, actor):
    slot = builders.first_slot(world.request)
    return {"version": world.request.version, "slot": slot.pk}


def propose_data(world, actor):
    return {"version": world.request.version, "slot_1": _later(world, 20, actor), "note": "Later?"}


def decline_data(world, actor):
    return {
        "version": world.request.version,
        "reason": DeclineReason.TOO_BUSY,
        "message": "A busy month, sorry.",
    }


def note_data(world, actor):
    return {"version": world.request.version, "note": "Changed my mind."}


def version_data(world, actor):
    return {"version": world.request.version}


def cancel_data(world, actor):
    return {"version": world.request.version, "reason": "Something came up."}


def details_data(world, actor):
    return {
        "version": world.request.version,
        "video_link": "https://meet.example.com/a-new-room",
        "location": "",
        "phone": "",
    }


def new_request_data(world, actor):
    return {
        "step": "send",
        "about_me": "I study history and graduate in 2027.",
        "found_via": FoundVia.ALUMNI_DIRECTORY,
        "topics": [Topic.INDUSTRY],
        "why_this_mentor": "Your path from history into software.",
        "format": MeetingFormat.VIDEO,
        "duration_minutes": 30,
        "slot_1": _later(world, 5, actor),
        "slot_2": _later(world, 6, actor),
    }


def decide_data(world, actor):
    return {"decision": "approve"}


def delete_data(world, actor):
    return {"confirmation": "DELETE"}


def empty_data(world, actor):
    return {}


def email_settings_data(world, actor):
    """Only meeting reminders stay on (every box starts checked)."""
    return {"meeting_reminders": "on"}


def one_click_data(world, actor):
    """What a mail provider posts to List-Unsubscribe (RFC 8058)."""
    return {"List-Unsubscribe": "One-Click"}


def bank_pick_data(world, actor):
    return {"questions": [world.things["bank_question"].pk]}


def research_data(world, actor):
    return {
        "research_person": "Maria moved from physics into software in 2015.",
        "research_organization": "A hundred people; they build tools for museums.",
    }


def own_question_data(world, actor):
    return {"text": "What surprised you most in your first year?"}


def move_data(world, actor):
    return {"question": world.things["first_question"].pk, "direction": "down"}


def question_data(world, actor):
    return {"question": world.things["first_question"].pk}


def checklist_data(world, actor):
    return {"researched_person": "on", "questions_ready": "on"}


def bank_question_data(world, actor):
    return {
        "text": "What would you do differently if you started again today?",
        "category": QuestionCategory.ADVICE,
    }


def outcome_data(world, actor):
    return {"outcome": MeetingOutcome.HELD}


def feedback_data(world, actor):
    return {"preparedness": "4", "note": "Well prepared; good questions about the industry."}


def thank_you_data(world, actor):
    return {"body": "Dear Maria,\n\nThank you for your time yesterday.\n\nSophie"}


def learning_data(world, actor):
    """Kept private: an unticked box is simply absent."""
    return {"body": "Small teams ship weekly.\nAsk about the on-call rota."}


def referral_data(world, actor):
    return {
        "outside_name": "Rosa Outside",
        "outside_organization": "City Library",
        "outside_contact": "rosa@example.org",
        "note": "She runs the digital archive.",
        "q": "",
    }


# --- Program settings, terms, the mentor import (advisors) and the claim link.


def program_settings_data(world, actor):
    from interviews.domain import program_rules
    from interviews.domain.program import get_program_settings

    program = get_program_settings()
    data = {name: getattr(program, name) for name in program_rules.EDITABLE_FIELDS}
    return data | {"version": program_rules.version_of(program), "open_request_limit": 5}


def term_data(world, actor):
    return {"name": "Spring 2027", "starts_on": "2027-01-11", "ends_on": "2027-05-07"}


def claim_data(world, actor):
    return {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"}


PROGRAM_SAVED = Outcome(302, location="program_settings", changes=True, message="success")
TERM_SAVED = Outcome(302, location="terms", changes=True, message="success")


# --- Moderation: members' reports, the advisors' queue, decisions and log.


def report_data(world, actor):
    return {"reason": "harassment", "details": "Rude words in the thread."}


def dismiss_data(world, actor):
    return {"action": "dismiss", "dismiss-reason": "A misunderstanding, settled by email."}


def suspend_data(world, actor):
    return {"action": "suspend", "suspend-reason": "Repeated harassment, reported twice."}


REPORTED = Outcome(302, location="request", changes=True, message="success")
ADVISOR_PAGE_ONLY = {"student": FORBIDDEN, "mentor": FORBIDDEN, "anonymous": LOGIN}


# --- The table ----------------------------------------------------------------

REQUEST_PAGE = "interviews/request_detail.html"

EXPECTATIONS: dict[str, ViewSpec] = {
    # Pages without an object.
    "home": ViewSpec(
        "none",
        get=pages(
            student=goes_to("dashboard"),
            mentor=goes_to("dashboard"),
            advisor=goes_to("dashboard"),
            anonymous=shows("interviews/home.html"),
        ),
    ),
    "dashboard": ViewSpec(
        "none",
        get=pages(
            student=shows("interviews/dashboard.html"),
            mentor=shows("interviews/dashboard.html"),
            advisor=goes_to("advisor_dashboard"),
            anonymous=LOGIN,
        ),
    ),
    "onboarding": ViewSpec(
        "none",
        # Everybody here has filled their profile already.
        get=pages(
            student=goes_to("profile_edit"),
            mentor=goes_to("profile_edit"),
            advisor=goes_to("profile_edit"),
            anonymous=LOGIN,
        ),
        post=pages(
            student=goes_to("profile_edit"),
            mentor=goes_to("profile_edit"),
            advisor=goes_to("profile_edit"),
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    "profile_edit": ViewSpec(
        "none",
        get=pages(
            student=shows("interviews/profile_edit.html"),
            mentor=shows("interviews/profile_edit.html"),
            advisor=FORBIDDEN,
            anonymous=LOGIN,
        ),
        post=pages(
            student=Outcome(400, template="interviews/profile_edit.html"),
            mentor=Outcome(400, template="interviews/profile_edit.html"),
            advisor=FORBIDDEN,
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    "account_delete": ViewSpec(
        "none",
        # Deleting needs a fresh sign-in (allauth's reauthentication).
        get=pages(
            student=goes_to("reauthenticate"),
            mentor=goes_to("reauthenticate"),
            advisor=goes_to("reauthenticate"),
            anonymous=LOGIN,
        ),
        post=pages(
            student=goes_to("reauthenticate"),
            mentor=goes_to("reauthenticate"),
            advisor=goes_to("reauthenticate"),
            anonymous=LOGIN,
        ),
        post_data=delete_data,
    ),
    "account_signup": ViewSpec(
        "none",
        get=pages(
            student=goes_to("dashboard"),
            mentor=goes_to("dashboard"),
            advisor=goes_to("dashboard"),
            anonymous=shows("account/signup.html"),
        ),
        post=pages(
            student=goes_to("dashboard"),
            mentor=goes_to("dashboard"),
            advisor=goes_to("dashboard"),
            anonymous=shows("account/signup.html"),
        ),
        post_data=empty_data,
    ),
    "mentor_directory": ViewSpec(
        "none",
        get=pages(
            student=shows("interviews/directory.html"),
            mentor=shows("interviews/directory.html"),
            advisor=shows("interviews/directory.html"),
            anonymous=LOGIN,
        ),
    ),
    "my_requests": ViewSpec(
        "none",
        get=pages(
            student=shows("interviews/my_requests.html"),
            mentor=FORBIDDEN,
            advisor=FORBIDDEN,
            anonymous=LOGIN,
        ),
    ),
    "inbox": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=shows("interviews/inbox.html"),
            advisor=FORBIDDEN,
            anonymous=LOGIN,
        ),
    ),
    "advisor_requests": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/advisor/requests.html"),
            anonymous=LOGIN,
        ),
    ),
    "pending_mentors": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/advisor/pending_mentors.html"),
            anonymous=LOGIN,
        ),
    ),
    # For load balancers and monitors: no sign-in, nothing but the health.
    "healthz": ViewSpec("none", get=pages(**dict.fromkeys(PAGE_ACTORS, HEALTHY))),
    # Everyone's own email switches and calendar feed address.
    "email_settings": ViewSpec(
        "none",
        get=pages(
            student=shows(SETTINGS_PAGE),
            mentor=shows(SETTINGS_PAGE),
            advisor=shows(SETTINGS_PAGE),
            anonymous=LOGIN,
        ),
        post=pages(
            student=SETTINGS_SAVED,
            mentor=SETTINGS_SAVED,
            advisor=SETTINGS_SAVED,
            anonymous=LOGIN,
        ),
        post_data=email_settings_data,
    ),
    "renew_feed": ViewSpec(
        "none",
        get=pages(student=POST_ONLY, mentor=POST_ONLY, advisor=POST_ONLY, anonymous=LOGIN),
        post=pages(
            student=SETTINGS_SAVED,
            mentor=SETTINGS_SAVED,
            advisor=SETTINGS_SAVED,
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    # The development mailbox does not exist outside the embedded mode.
    "mailbox": ViewSpec("mailbox", get=pages(**dict.fromkeys(PAGE_ACTORS, NOT_FOUND))),
    "mailbox_message": ViewSpec("mailbox", get=pages(**dict.fromkeys(PAGE_ACTORS, NOT_FOUND))),
    "mailbox_part": ViewSpec("mailbox", get=pages(**dict.fromkeys(PAGE_ACTORS, NOT_FOUND))),
    "mailbox_raw": ViewSpec("mailbox", get=pages(**dict.fromkeys(PAGE_ACTORS, NOT_FOUND))),
    # A listed mentor.
    "mentor_detail": ViewSpec(
        "listed_mentor",
        get=every(shows("interviews/mentor_detail.html"), anonymous=LOGIN),
    ),
    "request_new": ViewSpec(
        "listed_mentor",
        get=every(
            FORBIDDEN,
            student=shows("interviews/request_form.html"),
            other_student=shows("interviews/request_form.html"),
            anonymous=LOGIN,
        ),
        post=every(
            FORBIDDEN,
            student=Outcome(302, location="new_request", changes=True, message="success"),
            other_student=Outcome(302, location="new_request", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=new_request_data,
    ),
    # A pending request: the mentor answers, the student may withdraw.
    "request_detail": ViewSpec(
        "pending",
        get=participants_only(
            student=shows(REQUEST_PAGE), mentor=shows(REQUEST_PAGE), advisor=shows(REQUEST_PAGE)
        ),
    ),
    "request_accept": ViewSpec(
        "pending",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=accept_data,
    ),
    "request_propose": ViewSpec(
        "pending",
        get=participants_only(student=BACK, mentor=shows("interviews/propose_times.html")),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=propose_data,
    ),
    "request_decline": ViewSpec(
        "pending",
        get=participants_only(student=BACK, mentor=shows("interviews/decline.html")),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=decline_data,
    ),
    "request_withdraw": ViewSpec(
        "pending",
        get=participants_only(student=shows("interviews/withdraw.html"), mentor=BACK),
        post=participants_only(student=DONE, mentor=BACK),
        post_data=note_data,
    ),
    # The mentor's new-request email: a signed link that accepts the first time.
    "accept_from_email": ViewSpec(
        "accept_link",
        get=every(shows("interviews/accept_from_email.html")),
        post=every(Outcome(200, template="interviews/accepted_from_email.html", changes=True)),
        post_data=empty_data,
    ),
    # A nudge to the mentor: its signed link turns such nudges off.
    "unsubscribe": ViewSpec(
        "unsubscribe_link",
        get=every(shows("interviews/unsubscribe.html")),
        post=every(Outcome(200, template="interviews/unsubscribed.html", changes=True)),
        post_data=one_click_data,
    ),
    # The student's private calendar feed, by its secret address.
    "calendar_feed": ViewSpec("feed", get=every(CALENDAR)),
    # A confirmed meeting: either may cancel or reschedule, the mentor edits details.
    "meeting_ics": ViewSpec("confirmed", get=participants_only(student=CALENDAR, mentor=CALENDAR)),
    "meeting_cancel": ViewSpec(
        "confirmed",
        get=participants_only(
            student=shows("interviews/cancel.html"), mentor=shows("interviews/cancel.html")
        ),
        post=participants_only(student=DONE, mentor=DONE),
        post_data=cancel_data,
    ),
    "meeting_reschedule": ViewSpec(
        "confirmed",
        get=participants_only(
            student=shows("interviews/reschedule.html"),
            mentor=shows("interviews/reschedule.html"),
        ),
        post=participants_only(student=DONE, mentor=DONE),
        post_data=propose_data,
    ),
    "meeting_details": ViewSpec(
        "confirmed",
        get=participants_only(student=BACK, mentor=shows("interviews/meeting_details.html")),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=details_data,
    ),
    # A confirmed meeting with new times from the student waiting for the mentor.
    "meeting_reschedule_accept": ViewSpec(
        "reschedule_pending",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=accept_data,
    ),
    "meeting_reschedule_decline": ViewSpec(
        "reschedule_pending",
        get=participants_only(student=BACK, mentor=shows("interviews/decline_reschedule.html")),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=note_data,
    ),
    "meeting_reschedule_withdraw": ViewSpec(
        "reschedule_pending",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=DONE, mentor=BACK),
        post_data=version_data,
    ),
    # --- Before the meeting: the student's preparation (private to the student).
    # A confirmed meeting with two questions of the student's own in the list.
    "prep_workspace": ViewSpec(
        "prep", get=participants_only(student=shows(PREP_PAGE), mentor=BACK)
    ),
    "prep_bank": ViewSpec(
        "prep",
        get=participants_only(student=shows("interviews/prep/bank.html"), mentor=BACK),
        post=participants_only(student=prepared("questions"), mentor=BACK),
        post_data=bank_pick_data,
    ),
    "prep_notes": ViewSpec(
        "prep",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("research"), mentor=BACK),
        post_data=research_data,
    ),
    "prep_question_add": ViewSpec(
        "prep",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("questions"), mentor=BACK),
        post_data=own_question_data,
    ),
    "prep_question_move": ViewSpec(
        "prep",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("questions"), mentor=BACK),
        post_data=move_data,
    ),
    "prep_question_remove": ViewSpec(
        "prep",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("questions"), mentor=BACK),
        post_data=question_data,
    ),
    "prep_share": ViewSpec(
        "prep",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("questions"), mentor=BACK),
        post_data=empty_data,
    ),
    "prep_checklist": ViewSpec(
        "prep",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("checklist"), mentor=BACK),
        post_data=checklist_data,
    ),
    # The same, with the questions shared with the mentor.
    "prep_unshare": ViewSpec(
        "prep_shared",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=prepared("questions"), mentor=BACK),
        post_data=empty_data,
    ),
    # The question bank: advisors edit it (students pick from it on their page).
    "question_bank": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/advisor/bank.html"),
            anonymous=LOGIN,
        ),
    ),
    "question_bank_new": ViewSpec(
        "none",
        get=pages(student=FORBIDDEN, mentor=FORBIDDEN, advisor=shows(BANK_FORM), anonymous=LOGIN),
        post=pages(student=FORBIDDEN, mentor=FORBIDDEN, advisor=BANK_CHANGED, anonymous=LOGIN),
        post_data=bank_question_data,
    ),
    # An active question of the bank.
    "question_bank_edit": ViewSpec(
        "bank_question",
        get=every(FORBIDDEN, advisor=shows(BANK_FORM), anonymous=LOGIN),
        post=every(FORBIDDEN, advisor=BANK_CHANGED, anonymous=LOGIN),
        post_data=bank_question_data,
    ),
    "question_bank_retire": ViewSpec(
        "bank_question",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(FORBIDDEN, advisor=BANK_CHANGED, anonymous=LOGIN),
        post_data=empty_data,
    ),
    # A retired question of the bank.
    "question_bank_reactivate": ViewSpec(
        "retired_question",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(FORBIDDEN, advisor=BANK_CHANGED, anonymous=LOGIN),
        post_data=empty_data,
    ),
    # --- After the meeting.
    # A confirmed meeting whose time has passed; nobody said yet whether it happened.
    "meeting_outcome": ViewSpec(
        "ended",
        get=participants_only(
            student=shows("interviews/outcome/report.html"),
            mentor=shows("interviews/outcome/report.html"),
        ),
        post=participants_only(student=DONE, mentor=DONE),
        post_data=outcome_data,
    ),
    # A meeting the student said was held (the mentor has not answered).
    "mentor_feedback": ViewSpec(
        "held",
        get=participants_only(student=BACK, mentor=shows("interviews/outcome/feedback.html")),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=feedback_data,
    ),
    "thank_you_write": ViewSpec(
        "held",
        get=participants_only(student=shows("interviews/thanks/thank_you.html"), mentor=BACK),
        post=participants_only(student=DONE, mentor=BACK),
        post_data=thank_you_data,
    ),
    "thanked_another_way": ViewSpec(
        "held",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=DONE, mentor=BACK),
        post_data=empty_data,
    ),
    "learning_note": ViewSpec(
        "held",
        get=participants_only(student=shows("interviews/thanks/learning_note.html"), mentor=BACK),
        post=participants_only(student=DONE, mentor=BACK),
        post_data=learning_data,
    ),
    "referral_new": ViewSpec(
        "held",
        get=participants_only(
            student=shows("interviews/thanks/referral_form.html"),
            mentor=shows("interviews/thanks/referral_form.html"),
        ),
        post=participants_only(student=DONE, mentor=DONE),
        post_data=referral_data,
    ),
    # Every student's own log (the other student's is empty); no one else has one.
    "learning_log": ViewSpec(
        "held",
        get=every(
            FORBIDDEN,
            student=shows("interviews/thanks/learning_log.html"),
            other_student=shows("interviews/thanks/learning_log.html"),
            anonymous=LOGIN,
        ),
    ),
    # A held meeting's referral, made by the mentor, to another directory mentor.
    "referral_remove": ViewSpec(
        "referral",
        get=every(POST_ONLY, anonymous=LOGIN),
        post=participants_only(student=BACK, mentor=DONE),
        post_data=empty_data,
    ),
    # A mentor waiting for approval (the "mentor" here is that mentor).
    "decide_mentor": ViewSpec(
        "pending_mentor",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="pending_mentors", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=decide_data,
    ),
    # --- Program settings, terms and the mentor import: advisors only.
    "program_settings": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/program/settings.html"),
            anonymous=LOGIN,
        ),
        post=pages(student=FORBIDDEN, mentor=FORBIDDEN, advisor=PROGRAM_SAVED, anonymous=LOGIN),
        post_data=program_settings_data,
    ),
    "program_settings_log": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/program/settings_log.html"),
            anonymous=LOGIN,
        ),
    ),
    "terms": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/program/terms.html"),
            anonymous=LOGIN,
        ),
    ),
    "term_new": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/program/term_form.html"),
            anonymous=LOGIN,
        ),
        post=pages(student=FORBIDDEN, mentor=FORBIDDEN, advisor=TERM_SAVED, anonymous=LOGIN),
        post_data=term_data,
    ),
    # A term (Fall 2026).
    "term_edit": ViewSpec(
        "term",
        get=every(FORBIDDEN, advisor=shows("interviews/program/term_form.html"), anonymous=LOGIN),
        post=every(FORBIDDEN, advisor=TERM_SAVED, anonymous=LOGIN),
        post_data=term_data,
    ),
    "term_delete": ViewSpec(
        "term",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(FORBIDDEN, advisor=TERM_SAVED, anonymous=LOGIN),
        post_data=empty_data,
    ),
    "mentor_import_upload": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/imports/upload.html"),
            anonymous=LOGIN,
        ),
        # No file: the page explains (a file's path is covered by tests/imports).
        post=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=Outcome(400, template="interviews/imports/upload.html"),
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    "mentor_import_sample": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=Outcome(200, content_type="text/csv; charset=utf-8"),
            anonymous=LOGIN,
        ),
    ),
    # A checked file of one new alumnus, waiting for confirmation.
    "mentor_import_detail": ViewSpec(
        "mentor_import",
        get=every(FORBIDDEN, advisor=shows("interviews/imports/preview.html"), anonymous=LOGIN),
    ),
    "mentor_import_confirm": ViewSpec(
        "mentor_import",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="mentor_import_detail", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    "mentor_import_discard": ViewSpec(
        "mentor_import",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="mentor_import_upload", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    # A file whose import failed (the worker stalled): advisors try it again
    # (one row: it runs during the click) or discard it.
    "mentor_import_retry": ViewSpec(
        "failed_import",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="mentor_import_detail", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    "invited_mentors": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/imports/invited.html"),
            anonymous=LOGIN,
        ),
    ),
    # An imported mentor who has not claimed the account: a new invitation.
    "mentor_reinvite": ViewSpec(
        "invited_mentor",
        get=every(FORBIDDEN, advisor=POST_ONLY, anonymous=LOGIN),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="invited_mentors", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=empty_data,
    ),
    # An imported mentor's invitation link: the token is the proof, as for the
    # other email links; claiming signs the holder in as that mentor.
    "mentor_claim": ViewSpec(
        "claim_link",
        get=every(shows("interviews/imports/claim.html")),
        post=every(Outcome(302, location="onboarding", changes=True, message="success")),
        post_data=claim_data,
    ),
    # --- Moderation. Members report what they can see (404 otherwise); advisors
    # do not report (403). Only advisors see the queue, a report, a person's
    # moderation page and the log, and decide.
    "report_request": ViewSpec(
        "pending",
        get=participants_only(
            student=shows("interviews/report_form.html"),
            mentor=shows("interviews/report_form.html"),
            advisor=FORBIDDEN,
        ),
        post=participants_only(student=REPORTED, mentor=REPORTED, advisor=FORBIDDEN),
        post_data=report_data,
    ),
    # The mentor's note with their counter-proposal: only the student reports it.
    "report_message": ViewSpec(
        "message",
        get=participants_only(
            student=shows("interviews/report_form.html"), mentor=NOT_FOUND, advisor=FORBIDDEN
        ),
        post=participants_only(student=REPORTED, mentor=NOT_FOUND, advisor=FORBIDDEN),
        post_data=report_data,
    ),
    # A listed mentor ("mentor"): whoever sees the directory may report them,
    # but not themselves.
    "report_user": ViewSpec(
        "reported_mentor",
        get=every(
            shows("interviews/report_form.html"),
            mentor=NOT_FOUND,
            advisor=FORBIDDEN,
            anonymous=LOGIN,
        ),
        post=every(
            Outcome(302, location="mentor_detail", changes=True, message="success"),
            mentor=NOT_FOUND,
            advisor=FORBIDDEN,
            anonymous=LOGIN,
        ),
        post_data=report_data,
    ),
    "reports_queue": ViewSpec(
        "none",
        get=pages(**ADVISOR_PAGE_ONLY, advisor=shows("interviews/advisor/reports.html")),
    ),
    "moderation_log": ViewSpec(
        "none",
        get=pages(**ADVISOR_PAGE_ONLY, advisor=shows("interviews/advisor/moderation_log.html")),
    ),
    # The student's open report about the mentor of their pending request.
    "report_detail": ViewSpec(
        "report",
        get=every(
            FORBIDDEN, advisor=shows("interviews/advisor/report_detail.html"), anonymous=LOGIN
        ),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="report_detail", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=dismiss_data,
    ),
    "person_moderation": ViewSpec(
        "report",
        get=every(
            FORBIDDEN, advisor=shows("interviews/advisor/person_moderation.html"), anonymous=LOGIN
        ),
        post=every(
            FORBIDDEN,
            advisor=Outcome(302, location="person_moderation", changes=True, message="success"),
            anonymous=LOGIN,
        ),
        post_data=suspend_data,
    ),
    # --- The advisors' activity dashboard, its CSV export and a person's page
    # (issue 5, analytics): advisors only; the person is a student.
    "advisor_dashboard": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=shows("interviews/advisor/dashboard.html"),
            anonymous=LOGIN,
        ),
    ),
    "advisor_export": ViewSpec(
        "none",
        get=pages(
            student=FORBIDDEN,
            mentor=FORBIDDEN,
            advisor=Outcome(200, content_type="text/csv; charset=utf-8"),
            anonymous=LOGIN,
        ),
    ),
    "advisor_person": ViewSpec(
        "person",
        get=every(FORBIDDEN, advisor=shows("interviews/advisor/person.html"), anonymous=LOGIN),
    ),
}

OBJECT_SCENES = {
    "person",  # advisor_person (issue 5, analytics)
    "message",
    "reported_mentor",
    "report",
    "term",
    "mentor_import",
    "claim_link",
    "failed_import",
    "invited_mentor",
    "listed_mentor",
    "pending",
    "confirmed",
    "reschedule_pending",
    "pending_mentor",
    "accept_link",
    "unsubscribe_link",
    "feed",
    "prep",
    "prep_shared",
    "bank_question",
    "retired_question",
    "ended",
    "held",
    "referral",
}

# The link on a held meeting's page from a referral to the request form for the
# referred mentor: only the student of that meeting may follow it.
REFERRED_REQUEST = every(
    FORBIDDEN,
    student=shows("interviews/request_form.html"),
    other_student=NOT_FOUND,
    anonymous=LOGIN,
)


# --- The resolver walk ----------------------------------------------------------


def _is_ours(resolver: URLResolver) -> bool:
    """Admin and allauth bring their own views (and their own tests)."""
    module = getattr(resolver.urlconf_module, "__name__", "")
    return resolver.namespace != "admin" and not module.startswith("allauth")


def our_url_names(patterns=None, prefix: str = "") -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if _is_ours(entry):
                names |= our_url_names(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            names.add(entry.name or f"<unnamed {prefix}{entry.pattern}>")
    return names


def test_every_url_of_ours_has_an_authorization_expectation():
    names = our_url_names()
    missing = sorted(names - EXPECTATIONS.keys())
    stale = sorted(EXPECTATIONS.keys() - names)
    assert missing == [], f"URL names without an entry in EXPECTATIONS: {missing}"
    assert stale == [], f"EXPECTATIONS entries for URL names that no longer exist: {stale}"


def test_the_walk_sees_the_signup_override_and_the_mailbox_but_not_allauth_or_admin():
    names = our_url_names()
    assert {"account_signup", "mailbox", "mailbox_raw", "request_detail"} <= names
    assert names.isdisjoint({"account_login", "account_logout", "admin:index"})


def test_every_expectation_covers_every_visitor():
    for name, spec in EXPECTATIONS.items():
        actors = OBJECT_ACTORS if spec.scene in OBJECT_SCENES else PAGE_ACTORS
        assert tuple(spec.get) == actors, name
        if spec.post is not None:
            assert tuple(spec.post) == actors, name
            assert spec.post_data is not None, name


# --- Building the world ------------------------------------------------------------


@dataclass
class World:
    people: dict
    url_kwargs: dict
    request: InterviewRequest | None = None
    # The scene's other objects the POST data names (a question, a referral).
    things: dict = field(default_factory=dict)


def build_world(scene: str) -> World:
    student = StudentFactory(first_name="Sophie", last_name="Student")
    mentor = MentorFactory(first_name="Maria", last_name="Mentor")
    people = {
        "student": student,
        "mentor": mentor,
        "other_student": StudentFactory(first_name="Olga", last_name="Other"),
        "other_mentor": MentorFactory(first_name="Otto", last_name="Other"),
        "advisor": AdvisorFactory(first_name="Avery", last_name="Advisor"),
    }
    world = World(people=people, url_kwargs={})
    # Everyone has looked at their settings once: the feed address exists.
    for person in people.values():
        feed_of(person)
    if scene == "mailbox":
        world.url_kwargs = {"name": "20260301T100000000000-0123abcd", "index": 0}
    elif scene == "listed_mentor":
        world.url_kwargs = {"mentor_id": mentor.pk}
    elif scene == "pending_mentor":
        MentorProfile.objects.filter(user=mentor).update(approval_state=ApprovalState.PENDING)
        world.url_kwargs = {"profile_id": mentor.mentor_profile.pk}
    elif scene in ("pending", "confirmed", "reschedule_pending", "feed"):
        if scene == "pending":
            world.request = builders.send(student, mentor)
        else:
            world.request = builders.confirm(student, mentor)
        if scene == "reschedule_pending":
            world.request = builders.propose_reschedule(world.request, by=student)
        world.url_kwargs = {"request_id": world.request.pk}
        if scene == "feed":
            world.url_kwargs = {"token": feed_of(student).token}
    elif scene in ("prep", "prep_shared"):
        world.request = builders.confirm(student, mentor)
        world.url_kwargs = {"request_id": world.request.pk}
        for text in ("How did you choose your first job?", "What does a usual week hold?"):
            question = prep.add_own_question(
                request_id=world.request.pk, student=student, text=text
            )
            world.things.setdefault("first_question", question)
        world.things["bank_question"] = bank.create_question(
            advisor=people["advisor"],
            text="Which skills matter most in your work?",
            category=QuestionCategory.DAY_TO_DAY,
        )
        if scene == "prep_shared":
            prep.share_questions(request_id=world.request.pk, student=student)
    elif scene in ("bank_question", "retired_question"):
        question = bank.create_question(
            advisor=people["advisor"],
            text="What do you wish you had known at my age?",
            category=QuestionCategory.ADVICE,
        )
        if scene == "retired_question":
            bank.retire_question(advisor=people["advisor"], question_id=question.pk)
        world.url_kwargs = {"question_id": question.pk}
    elif scene in ("ended", "held", "referral"):
        # Confirmed five days ago for three days later: it ended two days ago.
        world.request = builders.confirm(student, mentor, now=NOW - timedelta(days=5))
        if scene != "ended":
            world.request = _report_held(world.request)
        world.url_kwargs = {"request_id": world.request.pk}
        if scene == "referral":
            referred = MentorFactory(first_name="Rita", last_name="Referred")
            referral = referrals.make_referral(
                request_id=world.request.pk, user=mentor, to_mentor_id=referred.pk
            )
            world.url_kwargs |= {"referral_id": referral.pk, "mentor_id": referred.pk}
    elif scene == "accept_link":
        world.request = builders.send(student, mentor)
        token = links.accept_token(
            request_id=world.request.pk,
            slot_id=builders.first_slot(world.request).pk,
            version=world.request.version,
        )
        world.url_kwargs = {"token": token}
    elif scene == "unsubscribe_link":
        world.request = builders.send(student, mentor)
        token = links.unsubscribe_token(
            user_id=mentor.pk, optional_email=OptionalEmail.REQUEST_NUDGES
        )
        world.url_kwargs = {"token": token}
    elif scene in ("term", "mentor_import", "claim_link", "failed_import", "invited_mentor"):
        _program_scene(scene, world)
    elif scene in ("message", "reported_mentor", "report"):
        _moderation_scene(scene, world)
    elif scene == "person":  # the advisors' page of a person (issue 5, analytics)
        world.url_kwargs = {"user_id": student.pk}
    return world


def _program_scene(scene: str, world: World) -> None:
    """Program settings and the mentor import: a term, a checked file, an invitation."""
    from datetime import date

    from careerconnect.models import User
    from interviews.domain import mentor_import, program_rules
    from interviews.enums import ImportStatus
    from interviews.models import MentorImport

    advisor = world.people["advisor"]
    if scene == "term":
        term = program_rules.create_term(
            advisor=advisor,
            values=program_rules.TermValues("Fall 2026", date(2026, 8, 24), date(2026, 12, 18)),
        )
        world.url_kwargs = {"term_id": term.pk}
        return
    data = b"email,first_name,last_name\r\nalum@example.com,Alma,Alumna\r\n"
    checked = mentor_import.upload_mentor_file(advisor=advisor, file_name="a.csv", data=data)
    world.url_kwargs = {"import_id": checked.pk}
    if scene in ("claim_link", "failed_import", "invited_mentor"):
        mentor_import.start_mentor_import(advisor=advisor, import_id=checked.pk)
    if scene == "failed_import":
        # As the status page leaves an import whose worker never started.
        MentorImport.objects.filter(pk=checked.pk).update(
            status=ImportStatus.FAILED, failure=mentor_import.stalled_message(10)
        )
        return
    if scene in ("claim_link", "invited_mentor"):
        mentor_import.run_mentor_import(import_id=checked.pk)
        invited = User.objects.get(email="alum@example.com")
        world.url_kwargs = {"token": mentor_import.claim_token(user=invited)}
        if scene == "invited_mentor":
            world.url_kwargs = {"user_id": invited.pk}


def _moderation_scene(scene: str, world: World) -> None:
    """A mentor's note to report, a listed mentor, or an open report about one."""
    from interviews.domain import moderation

    student, mentor = world.people["student"], world.people["mentor"]
    if scene == "reported_mentor":
        world.url_kwargs = {"user_id": mentor.pk, "mentor_id": mentor.pk}
        return
    world.request = builders.send(student, mentor)
    if scene == "message":
        world.request = builders.counter(world.request)
        note = world.request.messages.get(author=mentor)
        world.url_kwargs = {"request_id": world.request.pk, "message_id": note.pk}
        return
    report = moderation.report_request(
        reporter=student, request_id=world.request.pk, reason="spam", details="Sells courses."
    )
    world.url_kwargs = {"report_id": report.pk, "user_id": mentor.pk}


def _report_held(interview_request: InterviewRequest) -> InterviewRequest:
    """The student says the meeting took place (the mentor has not answered)."""
    outcomes.report_outcome(
        request_id=interview_request.pk,
        user=interview_request.student,
        outcome=MeetingOutcome.HELD,
        now=NOW,
    )
    interview_request.refresh_from_db()
    return interview_request


def url_for(name: str, world: World) -> str:
    """The URL of `name` with the scene's object (each pattern takes what it names)."""
    possibilities = get_resolver().reverse_dict.getlist(name)[0][0]
    params = set(possibilities[0][1])
    return reverse(name, kwargs={k: v for k, v in world.url_kwargs.items() if k in params})


def expected_location(outcome: Outcome, world: World, path: str) -> str:
    if outcome.location == "login":
        # As django.contrib.auth's redirect_to_login writes it.
        query = QueryDict(mutable=True)
        query["next"] = path
        return f"{reverse('account_login')}?{query.urlencode(safe='/')}"
    if outcome.location == "reauthenticate":
        return f"{reverse('account_reauthenticate')}?next={path.replace('/', '%2F')}"
    if outcome.location == "request":
        return reverse("request_detail", args=[world.request.pk])
    if outcome.location == "new_request":
        return reverse("request_detail", args=[InterviewRequest.objects.latest("pk").pk])
    name, _hash, anchor = outcome.location.partition("#")
    url = url_for(name, world)
    return f"{url}#{anchor}" if anchor else url


def cases(method: str):
    for name, spec in EXPECTATIONS.items():
        table = spec.get if method == "GET" else spec.post
        for actor, outcome in (table or {}).items():
            yield pytest.param(name, actor, outcome, id=f"{name}-{method}-{actor}")


def snapshot(world: World) -> dict:
    """db_snapshot, and the email switches and feed addresses of everyone."""
    return {
        **db_snapshot(world.request),
        # A row with every switch on is the same as no row (the defaults).
        "switches_off": list(
            NotificationPreferences.objects.exclude(
                request_nudges=True, meeting_reminders=True, thank_you_reminders=True
            )
            .order_by("user_id")
            .values_list("user_id", "request_nudges", "meeting_reminders", "thank_you_reminders")
        ),
        "feeds": list(CalendarFeed.objects.order_by("user_id").values_list("user_id", "token")),
        **moderation_rows(),
        **program_and_import_rows(),
    }


def program_and_import_rows() -> dict:
    """Program settings changes, terms, mentor imports and claimed accounts."""
    from interviews.enums import NotificationKind
    from interviews.models import MentorImport, Notification, ProgramSettingsChange, Term

    return {
        "settings_changes": ProgramSettingsChange.objects.count(),
        "terms": list(Term.objects.order_by("pk").values_list("name", "starts_on", "ends_on")),
        "imports": list(MentorImport.objects.order_by("pk").values_list("pk", "status")),
        "claimed": list(
            MentorProfile.objects.filter(claimed_at__isnull=False).values_list("pk", flat=True)
        ),
        "invitations": list(
            Notification.objects.filter(kind=NotificationKind.MENTOR_INVITATION)
            .order_by("pk")
            .values_list("pk", "status")
        ),
    }


def moderation_rows() -> dict:
    """Reports, the moderation log and who is suspended."""
    from careerconnect.models import User
    from interviews.models import ModerationAction, Report

    return {
        "reports": list(Report.objects.order_by("pk").values_list("pk", "status")),
        "moderation_actions": ModerationAction.objects.count(),
        "suspended": list(
            User.objects.filter(suspended_at__isnull=False).values_list("pk", flat=True)
        ),
    }


def check_calendar(response, world: World) -> None:
    """The file holds the scene's meeting and nothing else."""
    calendar = Calendar.from_ical(response.content)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert uids == [ical.meeting_uid(world.request.meeting)]


def check(response, outcome: Outcome, world: World, path: str, before: dict) -> None:
    assert response.status_code == outcome.status
    if outcome.template:
        assert response.templates[0].name == outcome.template
    if outcome.content_type:
        assert response["Content-Type"] == outcome.content_type
    if outcome.content_type.startswith("text/calendar"):
        check_calendar(response, world)
    if outcome.json is not None:
        body = response.json()
        assert {key: body.get(key) for key in outcome.json} == outcome.json
    if outcome.status == 302:
        assert response["Location"] == expected_location(outcome, world, path)
    if outcome.status == 405:
        assert response["Allow"] == "POST"
    if outcome.message:
        assert [level for level, _text in messages_of(response)] == [outcome.message]
    after = snapshot(world)
    if outcome.changes:
        assert after != before
    else:
        assert after == before


@pytest.mark.parametrize(("name", "actor", "outcome"), list(cases("GET")))
def test_get(name, actor, outcome, db, client, client_for):
    world = build_world(EXPECTATIONS[name].scene)
    browser = client if actor == "anonymous" else client_for(world.people[actor])
    path = url_for(name, world)
    before = snapshot(world)

    response = browser.get(path)

    check(response, outcome, world, path, before)


@pytest.mark.parametrize(("name", "actor", "outcome"), list(cases("POST")))
def test_post(name, actor, outcome, db, client, client_for):
    spec = EXPECTATIONS[name]
    world = build_world(spec.scene)
    browser = client if actor == "anonymous" else client_for(world.people[actor])
    path = url_for(name, world)
    data = spec.post_data(world, actor)
    before = snapshot(world)

    response = browser.post(path, data)

    check(response, outcome, world, path, before)


@pytest.mark.parametrize(("actor", "outcome"), list(REFERRED_REQUEST.items()))
def test_get_request_form_from_a_referral(actor, outcome, db, client, client_for):
    world = build_world("referral")
    browser = client if actor == "anonymous" else client_for(world.people[actor])
    path = f"{url_for('request_new', world)}?referral={world.url_kwargs['referral_id']}"
    before = snapshot(world)

    response = browser.get(path)

    check(response, outcome, world, path, before)
