"""`manage.py seed_demo`: the demo data `make run` loads into an empty database."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careerconnect.models import Role, User
from interviews.enums import (
    ApprovalState,
    MeetingOutcome,
    NotificationKind,
    NotificationStatus,
    Party,
    RequestStatus,
    ThanksChannel,
)
from interviews.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD
from interviews.models import (
    InterviewRequest,
    LearningNote,
    MentorFeedback,
    MentorProfile,
    Notification,
    OutcomeReport,
    PrepPlan,
    Referral,
    StudentProfile,
    Term,
    ThankYouNote,
)
from tests.factories import StudentFactory
from tests.views.support import main


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seeds_people_of_every_role():
    out = seed()

    assert out == "Demo data loaded.\n"
    assert Counter(User.objects.values_list("role", flat=True)) == {
        Role.ADVISOR: 1,
        Role.MENTOR: 14,
        Role.STUDENT: 4,
    }
    assert Counter(MentorProfile.objects.values_list("approval_state", flat=True)) == {
        ApprovalState.APPROVED: 13,
        ApprovalState.PENDING: 1,
    }
    assert StudentProfile.objects.count() == 4
    assert MentorProfile.objects.filter(accepting_requests=False).count() == 1
    # Everybody can sign in right away: verified address, onboarded.
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 19
    assert User.objects.filter(onboarded_at__isnull=True).count() == 0
    assert set(User.objects.values_list("email", flat=True)) >= {
        f"advisor@{DEMO_DOMAIN}",
        f"student@{DEMO_DOMAIN}",
        f"maria@{DEMO_DOMAIN}",
        f"new.mentor@{DEMO_DOMAIN}",
    }


@pytest.mark.django_db
def test_seeds_requests_in_every_state():
    seed()

    assert Counter(InterviewRequest.objects.values_list("status", flat=True)) == {
        RequestStatus.PENDING: 1,
        RequestStatus.COUNTER_PROPOSED: 1,
        RequestStatus.CONFIRMED: 4,
        RequestStatus.DECLINED: 1,
        RequestStatus.WITHDRAWN: 1,
        RequestStatus.EXPIRED: 1,
        RequestStatus.CANCELLED: 1,
        RequestStatus.HELD: 4,
        RequestStatus.NO_SHOW: 1,
    }
    moving = InterviewRequest.objects.exclude(reschedule_proposed_by="").get()
    assert moving.status == RequestStatus.CONFIRMED


def demo(email_local: str) -> User:
    return User.objects.get(email=f"{email_local}@{DEMO_DOMAIN}")


def between(student: str, mentor: str) -> InterviewRequest:
    """The one request of a demo pair that has (or had) a meeting."""
    return InterviewRequest.objects.select_related("meeting").get(
        student=demo(student), mentor=demo(mentor), meeting__isnull=False
    )


def pairs(queryset) -> set[tuple[str, str]]:
    return {
        (request.student.first_name, request.mentor.first_name)
        for request in queryset.select_related("student", "mentor")
    }


@pytest.mark.django_db
def test_seeds_meetings_before_and_after_their_time():
    seed()
    now = timezone.now()
    with_meeting = InterviewRequest.objects.filter(meeting__isnull=False)

    # Confirmed and still ahead: one being prepared for, two from before, and
    # one whose time has passed with nobody answering "did it happen?" yet.
    assert pairs(
        with_meeting.filter(status=RequestStatus.CONFIRMED, meeting__starts_at__gt=now)
    ) == {
        ("Alex", "Hannah"),
        ("Jordan", "Daniel"),
        ("Jordan", "Elena"),
    }
    awaiting = between("jordan", "tomas")
    assert (awaiting.status, awaiting.meeting.ends_at < now) == (RequestStatus.CONFIRMED, True)
    assert OutcomeReport.objects.filter(meeting=awaiting.meeting).count() == 0
    assert pairs(with_meeting.filter(status=RequestStatus.HELD)) == {
        ("Alex", "Maria"),
        ("Alex", "Kenji"),
        ("Riley", "Hannah"),
        ("Riley", "Samuel"),
    }

    # Held, reported by both; taken as held by inference; disputed; missed.
    held = between("student", "maria")
    assert (held.meeting.outcome, held.meeting.outcome_inferred, held.meeting.outcome_disputed) == (
        MeetingOutcome.HELD,
        False,
        False,
    )
    assert sorted(
        OutcomeReport.objects.filter(meeting=held.meeting).values_list("party", "outcome")
    ) == [(Party.MENTOR, MeetingOutcome.HELD), (Party.STUDENT, MeetingOutcome.HELD)]
    inferred = between("riley", "hannah")
    assert (inferred.meeting.outcome, inferred.meeting.outcome_inferred) == (
        MeetingOutcome.HELD,
        True,
    )
    assert OutcomeReport.objects.filter(meeting=inferred.meeting).count() == 0
    disputed = between("riley", "samuel")
    assert (disputed.status, disputed.meeting.outcome_disputed) == (RequestStatus.HELD, True)
    assert sorted(
        OutcomeReport.objects.filter(meeting=disputed.meeting).values_list("party", "outcome")
    ) == [(Party.MENTOR, MeetingOutcome.STUDENT_NO_SHOW), (Party.STUDENT, MeetingOutcome.HELD)]
    missed = between("sam", "grace")
    assert (missed.status, missed.meeting.outcome, missed.meeting.outcome_disputed) == (
        RequestStatus.NO_SHOW,
        MeetingOutcome.STUDENT_NO_SHOW,
        False,
    )
    # The no-show dropped the thank-you reminders.
    assert not Notification.objects.filter(
        request=missed,
        kind__in=[NotificationKind.THANK_YOU_REMINDER, NotificationKind.THANK_YOU_NUDGE],
    ).exclude(status=NotificationStatus.CANCELLED)
    assert MentorFeedback.objects.count() == 1
    feedback = MentorFeedback.objects.get()
    assert (feedback.request, feedback.preparedness) == (held, 4)


@pytest.mark.django_db
def test_seeds_a_thank_you_note_learning_notes_and_referrals():
    seed()
    held = between("student", "maria")

    thanks = ThankYouNote.objects.get()
    assert (thanks.request, thanks.channel) == (held, ThanksChannel.CAREERCONNECT)
    assert thanks.body.startswith("Dear Maria,\n\nThank you for taking the time")
    held.refresh_from_db()
    assert held.thanked_at == thanks.sent_at
    # Thanked within a day, as the dashboards count it.
    assert held.meeting.ends_at < thanks.sent_at < held.meeting.ends_at + timedelta(hours=24)
    assert sorted(
        Notification.objects.filter(
            request=held,
            kind__in=[NotificationKind.THANK_YOU_RECEIVED, NotificationKind.THANK_YOU_COPY],
        ).values_list("kind", "recipient__first_name")
    ) == [(NotificationKind.THANK_YOU_COPY, "Alex"), (NotificationKind.THANK_YOU_RECEIVED, "Maria")]

    shared, private = (
        LearningNote.objects.get(request=held),
        LearningNote.objects.get(request=between("student", "kenji")),
    )
    assert LearningNote.objects.count() == 2
    assert (shared.shared_with_center_at is not None, private.shared_with_center_at) == (True, None)
    assert shared.body.splitlines()[0] == (
        "Backend teams at Northwind ship small changes every day, reviewed by a peer."
    )

    assert [
        (
            referral.request,
            referral.made_by.first_name,
            referral.made_by_party,
            referral.to_mentor.first_name if referral.to_mentor else None,
            referral.outside_name,
            referral.outside_organization,
        )
        for referral in Referral.objects.select_related("made_by", "to_mentor")
    ] == [
        (held, "Maria", Party.MENTOR, "Priya", "", ""),
        (held, "Maria", Party.MENTOR, None, "Tom Becker", "Lumen Labs"),
    ]


@pytest.mark.django_db
def test_seeds_an_upcoming_meeting_with_a_preparation_plan():
    seed()
    upcoming = between("student", "hannah")

    plan = PrepPlan.objects.get()
    assert (plan.request, upcoming.status) == (upcoming, RequestStatus.CONFIRMED)
    assert upcoming.meeting.starts_at > timezone.now()
    assert plan.research_person.startswith("Hannah started in account management")
    assert plan.research_organization.startswith("Bluebird Agency")
    questions = list(plan.questions.order_by("position"))
    assert [(q.position, q.source_id is not None) for q in questions] == [
        (1, True),
        (2, True),
        (3, False),
    ]
    assert questions[2].text == (
        "How do you decide when a brand idea is ready to show to the client?"
    )
    assert [name for name in PrepPlan.CHECKLIST if getattr(plan, name)] == [
        "researched_person",
        "researched_organization",
        "questions_ready",
    ]
    assert plan.questions_shared_at is not None


def signed_in_main(browser: Client, email_local: str, url: str):
    """(status, the page's <main>) for a demo person."""
    browser.force_login(demo(email_local))
    response = browser.get(url)
    return response.status_code, main(response)


@pytest.mark.django_db
def test_every_before_and_after_screen_has_demo_data_to_show():
    seed()
    browser = Client()
    held, recent = between("student", "maria"), between("student", "kenji")
    upcoming, awaiting = between("student", "hannah"), between("jordan", "tomas")
    disputed, inferred = between("riley", "samuel"), between("riley", "hannah")

    shown = []
    for who, url in [
        ("student", reverse("prep_workspace", args=[upcoming.pk])),
        ("student", reverse("prep_bank", args=[upcoming.pk])),
        ("student", reverse("learning_log")),
        ("student", reverse("learning_note", args=[held.pk])),
        ("student", reverse("thank_you_write", args=[recent.pk])),
        ("student", reverse("referral_new", args=[recent.pk])),
        ("jordan", reverse("meeting_outcome", args=[awaiting.pk])),
        ("kenji", reverse("mentor_feedback", args=[recent.pk])),
        ("advisor", reverse("question_bank")),
    ]:
        status, page_main = signed_in_main(browser, who, url)
        shown.append((status, page_main.one("h1").text))
    assert shown == [
        (200, "Prepare for your meeting with Hannah Lee"),
        (200, "Pick questions from the career center's bank"),
        (200, "My learning log"),
        (200, "What I learned from Maria Schmidt"),
        (200, "Thank Kenji Watanabe"),
        (200, "Who else should I talk to?"),
        (200, "Did your meeting with Tomás García take place?"),
        (200, "How prepared was Alex Rivera?"),
        (200, "Question bank"),
    ]

    # The mentor reads the thank-you note, and the questions shared with her.
    _status, maria_sees = signed_in_main(
        browser, "maria", reverse("request_detail", args=[held.pk])
    )
    assert maria_sees.by_id("thank-you").one("blockquote").text == " ".join(
        ThankYouNote.objects.get().body.split()
    )
    _status, hannah_sees = signed_in_main(
        browser, "hannah", reverse("request_detail", args=[upcoming.pk])
    )
    assert [item.text for item in hannah_sees.one("ol", class_="mb-0").find_all("li")] == list(
        PrepPlan.objects.get().questions.order_by("position").values_list("text", flat=True)
    )

    # Advisors: the shared learning note and the mentor's feedback, the
    # disputed flag, the inference.
    _status, advisor_sees = signed_in_main(
        browser, "advisor", reverse("request_detail", args=[held.pk])
    )
    assert advisor_sees.by_id("learning").one("p", class_="request-text").text == " ".join(
        LearningNote.objects.get(request=held).body.split()
    )
    assert advisor_sees.by_id("mentor-feedback").find_all("dd")[0].text == "4 of 5"
    _status, advisor_sees = signed_in_main(
        browser, "advisor", reverse("request_detail", args=[disputed.pk])
    )
    assert advisor_sees.by_id("outcome-disputed").text == (
        "Disputed The answers about this meeting differ: please look into it."
    )
    _status, advisor_sees = signed_in_main(
        browser, "advisor", reverse("request_detail", args=[inferred.pk])
    )
    days = (inferred.held_at - inferred.meeting.ends_at).days
    assert advisor_sees.by_id("outcome-decided").text == (
        f"Taken as held: nobody reported otherwise within {days} days."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "landing"),
    [
        (f"student@{DEMO_DOMAIN}", "/dashboard/"),
        (f"maria@{DEMO_DOMAIN}", "/dashboard/"),
        (f"advisor@{DEMO_DOMAIN}", "/advisor/requests/"),
    ],
)
def test_demo_logins_work(email, landing):
    seed()
    browser = Client()

    signed_in = browser.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    page = browser.get(landing)

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/dashboard/"
    assert page.status_code == 200


@pytest.mark.django_db
def test_if_empty_on_a_database_with_users_does_nothing():
    StudentFactory()

    out = seed("--if-empty")

    assert out == ""
    assert User.objects.count() == 1
    assert InterviewRequest.objects.count() == 0
    assert MentorProfile.objects.count() == 0


@pytest.mark.django_db
def test_if_empty_on_an_empty_database_seeds():
    assert seed("--if-empty") == "Demo data loaded.\n"
    assert User.objects.count() == 19


@pytest.mark.django_db
def test_without_if_empty_a_database_with_users_is_refused():
    StudentFactory()

    with pytest.raises(CommandError) as refused:
        seed()

    assert str(refused.value) == (
        "The database already has users; demo data goes into an empty one."
    )
    assert User.objects.count() == 1
    assert InterviewRequest.objects.count() == 0


@pytest.mark.django_db
def test_seeds_terms_so_the_advisor_dashboard_opens_on_the_current_one(settings):
    settings.MFA_REQUIRED = False
    seed()
    year = timezone.localdate().year

    client = Client()
    client.force_login(User.objects.get(email=f"advisor@{DEMO_DOMAIN}"))
    page = client.get(reverse("advisor_dashboard"))

    assert sorted(Term.objects.values_list("name", flat=True)) == sorted(
        f"{season} {y}" for y in (year - 1, year) for season in ("Spring", "Summer", "Fall")
    )
    today = timezone.localdate()
    if today >= date(year, 8, 24):
        current = f"Fall {year}"
    elif today >= date(year, 5, 26):
        current = f"Summer {year}"
    elif today >= date(year, 1, 12):
        current = f"Spring {year}"
    else:  # early January: the fall term that has just ended is the latest one
        current = f"Fall {year - 1}"
    assert page.context["day_range"].label == current
