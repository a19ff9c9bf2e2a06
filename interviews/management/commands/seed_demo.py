"""Demo data for `make run`: mentors across industries, students, an advisor,
requests in every state, and meetings before and after their time (a
preparation plan, outcomes reported, taken as held, missed and disputed, a
thank-you note, learning notes, referrals, mentor feedback), all made through
the domain's own functions at staged times."""

import random
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from careerconnect.models import Role
from interviews.domain import feedback as feedback_rules
from interviews.domain import learning as learning_rules
from interviews.domain import meetings as meeting_rules
from interviews.domain import outcomes as outcome_rules
from interviews.domain import prep as prep_rules
from interviews.domain import referrals as referral_rules
from interviews.domain import requests as request_rules
from interviews.domain import thanks as thanks_rules
from interviews.domain.directory import refresh_search_vector
from interviews.enums import (
    ApprovalState,
    DeclineReason,
    FoundVia,
    MeetingFormat,
    MeetingOutcome,
    QuestionCategory,
    Topic,
)
from interviews.models import BankQuestion, Industry, Major, MentorProfile, StudentProfile, Term

DEMO_PASSWORD = "careerconnect-demo"
DEMO_DOMAIN = "demo.careerconnect.test"

MENTORS = [
    # first, last, title, employer, industry, location, zone, grad year, majors
    (
        "Maria",
        "Schmidt",
        "Software Engineer",
        "Northwind Systems",
        "technology",
        "Berlin, Germany",
        "Europe/Berlin",
        2015,
        ["computer-science"],
    ),
    (
        "James",
        "Okafor",
        "Product Manager",
        "Brightline Apps",
        "technology",
        "San Francisco, CA",
        "America/Los_Angeles",
        2012,
        ["economics", "computer-science"],
    ),
    (
        "Priya",
        "Raman",
        "Data Scientist",
        "Helix Health",
        "healthcare",
        "Boston, MA",
        "America/New_York",
        2017,
        ["statistics", "data-science"],
    ),
    (
        "Daniel",
        "Moreau",
        "Investment Banking Associate",
        "Harbor & Pike",
        "banking-and-financial-services",
        "New York, NY",
        "America/New_York",
        2018,
        ["finance"],
    ),
    (
        "Aisha",
        "Bello",
        "Policy Analyst",
        "City of Riverton",
        "government-and-public-policy",
        "Washington, DC",
        "America/New_York",
        2014,
        ["political-science"],
    ),
    (
        "Tomás",
        "García",
        "Civil Engineer",
        "Arcbridge Engineering",
        "engineering-and-manufacturing",
        "Chicago, IL",
        "America/Chicago",
        2011,
        ["civil-engineering"],
    ),
    (
        "Hannah",
        "Lee",
        "Brand Strategist",
        "Bluebird Agency",
        "advertising-and-marketing",
        "London, UK",
        "Europe/London",
        2016,
        ["marketing", "communication"],
    ),
    (
        "Samuel",
        "Adeyemi",
        "Research Scientist",
        "Cobalt Therapeutics",
        "biotechnology-and-pharmaceuticals",
        "San Diego, CA",
        "America/Los_Angeles",
        2010,
        ["biochemistry"],
    ),
    (
        "Elena",
        "Petrova",
        "Management Consultant",
        "Meridian Partners",
        "consulting",
        "Toronto, Canada",
        "America/Toronto",
        2013,
        ["business-administration", "economics"],
    ),
    (
        "Kenji",
        "Watanabe",
        "Sustainability Lead",
        "Greenfield Energy",
        "energy-and-utilities",
        "Tokyo, Japan",
        "Asia/Tokyo",
        2009,
        ["environmental-science"],
    ),
    (
        "Grace",
        "O'Neill",
        "Associate Attorney",
        "Whitman & Cole",
        "law",
        "Philadelphia, PA",
        "America/New_York",
        2016,
        ["philosophy", "history"],
    ),
    (
        "Lucas",
        "Ferreira",
        "Program Director",
        "Open Doors Foundation",
        "nonprofit-and-social-impact",
        "Denver, CO",
        "America/Denver",
        2008,
        ["sociology"],
    ),
    (
        "Nora",
        "Lindqvist",
        "Journalist",
        "The Daily Ledger",
        "journalism-and-media",
        "Stockholm, Sweden",
        "Europe/Stockholm",
        2019,
        ["journalism", "english"],
    ),
]

STUDENTS = [
    ("Alex", "Rivera", "student", "America/New_York", 2027, ["computer-science"], ["technology"]),
    (
        "Jordan",
        "Kim",
        "jordan",
        "America/Chicago",
        2026,
        ["economics"],
        ["banking-and-financial-services", "consulting"],
    ),
    ("Sam", "Taylor", "sam", "America/Los_Angeles", 2028, ["biology"], ["healthcare"]),
    (
        "Riley",
        "Chen",
        "riley",
        "Europe/Berlin",
        2027,
        ["political-science"],
        ["government-and-public-policy", "law"],
    ),
]


def seed_terms(today):
    """Spring, summer and fall of last year and this one, so "this term" means something."""
    for year in (today.year - 1, today.year):
        for name, starts_on, ends_on in (
            (f"Spring {year}", date(year, 1, 12), date(year, 5, 15)),
            (f"Summer {year}", date(year, 5, 26), date(year, 8, 14)),
            (f"Fall {year}", date(year, 8, 24), date(year, 12, 18)),
        ):
            Term.objects.get_or_create(
                name=name, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )


def _user(email, first, last, role, zone):
    User = get_user_model()
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        first_name=first,
        last_name=last,
        role=role,
        time_zone=zone,
        onboarded_at=timezone.now(),
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


class Command(BaseCommand):
    help = "Load demo mentors, students, an advisor and requests in every state."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has users."
        )

    def handle(self, *args, if_empty=False, **options):
        if get_user_model().objects.exists():
            if if_empty:
                return
            raise CommandError("The database already has users; demo data goes into an empty one.")
        with transaction.atomic():
            self.seed()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def seed(self):
        rng = random.Random(2026)
        industries = {item.slug: item for item in Industry.objects.all()}
        majors = {item.slug: item for item in Major.objects.all()}

        _user(f"advisor@{DEMO_DOMAIN}", "Avery", "Brooks", Role.ADVISOR, "America/New_York")
        seed_terms(timezone.localdate())

        mentors = []
        for first, last, title, employer, industry, location, zone, year, major_slugs in MENTORS:
            slug = first.lower().replace("á", "a")
            user = _user(f"{slug}@{DEMO_DOMAIN}", first, last, Role.MENTOR, zone)
            profile = MentorProfile.objects.create(
                user=user,
                job_title=title,
                employer=employer,
                industry=industries[industry],
                location=location,
                graduation_year=year,
                bio=(
                    f"After graduating in {year} I started in a junior role and grew into "
                    f"my work as {title.lower()} at {employer}. Happy to share what I wish I "
                    "had known as a student."
                ),
                topics="How I chose my field; a typical week; skills that matter; "
                "how to get started.",
                offers_video=True,
                offers_phone=rng.random() < 0.6,
                offers_in_person=rng.random() < 0.3,
                default_video_link=f"https://meet.example.com/{slug}-{last.lower()}",
                default_meeting_place=f"Café near {employer}, {location}",
                phone=f"+1 555 01{rng.randint(10, 99)}",
                approval_state=ApprovalState.APPROVED,
                monthly_capacity=rng.choice([3, 4, 6]),
            )
            profile.majors.set([majors[m] for m in major_slugs])
            refresh_search_vector(profile)
            mentors.append(user)
        # One mentor paused requests; one waits for an advisor's approval.
        MentorProfile.objects.filter(user=mentors[-1]).update(accepting_requests=False)
        pending = _user(
            f"new.mentor@{DEMO_DOMAIN}", "Chris", "Novak", Role.MENTOR, "America/New_York"
        )
        MentorProfile.objects.create(
            user=pending,
            job_title="UX Designer",
            employer="Pixel & Paper",
            industry=industries["technology"],
            location="Austin, TX",
            graduation_year=2020,
            approval_state=ApprovalState.PENDING,
        ).majors.set([majors["art-and-design"]])

        students = []
        for first, last, local, zone, year, major_slugs, interests in STUDENTS:
            user = _user(f"{local}@{DEMO_DOMAIN}", first, last, Role.STUDENT, zone)
            profile = StudentProfile.objects.create(
                user=user,
                class_year=year,
                bio=f"{first} is exploring careers and curious about how people found their way.",
            )
            profile.majors.set([majors[m] for m in major_slugs])
            profile.interests.set([industries[i] for i in interests])
            students.append(user)

        self.seed_requests(students, mentors)

    def _send(self, student, mentor, *, days_ago, first_slot_in_days, fmt=MeetingFormat.VIDEO):
        """A request sent `days_ago`, proposing times from `first_slot_in_days` on."""
        now = timezone.now()
        sent = now - timedelta(days=days_ago)
        base = (sent + timedelta(days=days_ago + first_slot_in_days)).replace(
            hour=15, minute=0, second=0, microsecond=0
        )
        draft = request_rules.RequestDraft(
            about_me=f"My name is {student.get_full_name()}; I am a student exploring careers.",
            found_via=FoundVia.ALUMNI_DIRECTORY,
            topics=[Topic.CAREER_PATH, Topic.JOB],
            why_this_mentor=f"Your path to {mentor.mentor_profile.job_title.lower()} is the one "
            "I would like to understand, and I would love to hear how you got started.",
            format=fmt,
        )
        return request_rules.send_request(
            student=student,
            mentor=mentor,
            draft=draft,
            slot_starts=[base, base + timedelta(days=1), base + timedelta(days=2, hours=2)],
            now=sent,
        )

    def _meeting(self, student, mentor, *, days_ago, meeting_in_days, fmt=MeetingFormat.VIDEO):
        """A request sent `days_ago` and accepted by the mentor a day later: its
        meeting is `meeting_in_days` from today (negative: in the past), 15:00 UTC."""
        request = self._send(
            student, mentor, days_ago=days_ago, first_slot_in_days=meeting_in_days, fmt=fmt
        )
        request_rules.accept_slot(
            request_id=request.pk,
            user=mentor,
            slot_id=request.slots.order_by("starts_at").first().pk,
            expected_version=None,
            now=request.sent_at + timedelta(days=1),
        )
        request.refresh_from_db()
        return request

    def seed_requests(self, students, mentors):
        alex, jordan, sam, riley = students
        now = timezone.now()

        # Alex's conversation with Maria took place before Alex wrote to her again.
        self.seed_meetings_over(students, mentors)

        # Waiting for the mentor (Maria, Berlin, sees it in her inbox).
        self._send(alex, mentors[0], days_ago=1, first_slot_in_days=4)
        # The mentor proposed other times: waiting for the student.
        countered = self._send(alex, mentors[1], days_ago=3, first_slot_in_days=5)
        slot = (now + timedelta(days=6)).replace(hour=17, minute=0, second=0, microsecond=0)
        request_rules.counter_propose(
            request_id=countered.pk,
            mentor=mentors[1],
            slot_starts=[slot, slot + timedelta(days=1)],
            note="Those days are full for me; would one of these work?",
            expected_version=None,
            now=now - timedelta(days=2),
        )
        # Confirmed and upcoming.
        confirmed = self._send(jordan, mentors[3], days_ago=4, first_slot_in_days=3)
        request_rules.accept_slot(
            request_id=confirmed.pk,
            user=mentors[3],
            slot_id=confirmed.slots.order_by("starts_at").first().pk,
            expected_version=None,
            now=now - timedelta(days=3),
        )
        # Confirmed, with the student asking to move it.
        moving = self._send(jordan, mentors[8], days_ago=5, first_slot_in_days=6)
        request_rules.accept_slot(
            request_id=moving.pk,
            user=mentors[8],
            slot_id=moving.slots.order_by("starts_at").last().pk,
            expected_version=None,
            now=now - timedelta(days=4),
        )
        meeting_rules.propose_reschedule(
            request_id=moving.pk,
            user=jordan,
            slot_starts=[
                (now + timedelta(days=9)).replace(hour=14, minute=0, second=0, microsecond=0)
            ],
            note="I have an exam that morning; could we move it?",
            expected_version=None,
            now=now - timedelta(hours=6),
        )
        # Declined, with suggestions.
        declined = self._send(sam, mentors[7], days_ago=6, first_slot_in_days=5)
        request_rules.decline_request(
            request_id=declined.pk,
            mentor=mentors[7],
            reason=DeclineReason.NOT_MY_AREA,
            message="Thank you for writing! Priya knows health data much better than I do.",
            suggested_mentor_ids=[mentors[2].pk],
            expected_version=None,
            now=now - timedelta(days=5),
        )
        # Withdrawn by the student.
        withdrawn = self._send(sam, mentors[5], days_ago=8, first_slot_in_days=6)
        request_rules.withdraw_request(
            request_id=withdrawn.pk,
            student=sam,
            note="I found the answers I needed at the career fair. Thank you!",
            expected_version=None,
            now=now - timedelta(days=7),
        )
        # Expired: nobody answered and the times passed.
        self._send(riley, mentors[11], days_ago=20, first_slot_in_days=3)
        request_rules.expire_due_requests(now=now)
        # Cancelled by the mentor.
        cancelled = self._send(riley, mentors[4], days_ago=10, first_slot_in_days=12)
        request_rules.accept_slot(
            request_id=cancelled.pk,
            user=mentors[4],
            slot_id=cancelled.slots.order_by("starts_at").first().pk,
            expected_version=None,
            now=now - timedelta(days=9),
        )
        meeting_rules.cancel_meeting(
            request_id=cancelled.pk,
            user=mentors[4],
            reason="I have to travel that week, sorry! Please send me new times next month.",
            expected_version=None,
            now=now - timedelta(days=1),
        )
        # A meeting nobody reported on: past the grace period (7 days), it is
        # taken as held by the same inference the beat task runs.
        past = self._send(riley, mentors[6], days_ago=12, first_slot_in_days=-9)
        request_rules.accept_slot(
            request_id=past.pk,
            user=mentors[6],
            slot_id=past.slots.order_by("starts_at").first().pk,
            expected_version=None,
            now=now - timedelta(days=11),
        )
        outcome_rules.infer_silent_meetings(now=now)

        self.seed_preparation(alex, mentors[6])

    def seed_meetings_over(self, students, mentors):
        """Meetings whose time has passed, each in a different state afterwards."""
        alex, jordan, sam, riley = students
        maria, priya, tomas, samuel, kenji, grace = (mentors[i] for i in (0, 2, 5, 7, 9, 10))

        # Held: the student's learning note (shared with the career center), a
        # thank-you note sent within the day, two referrals from the mentor,
        # and her feedback to the career center.
        held = self._meeting(alex, maria, days_ago=9, meeting_in_days=-6)
        end = held.meeting.ends_at
        outcome_rules.report_outcome(
            request_id=held.pk,
            user=maria,
            outcome=MeetingOutcome.HELD,
            now=end + timedelta(hours=1),
        )
        outcome_rules.report_outcome(
            request_id=held.pk, user=alex, outcome=MeetingOutcome.HELD, now=end + timedelta(hours=2)
        )
        learning_rules.save_learning_note(
            request_id=held.pk,
            student=alex,
            body="Backend teams at Northwind ship small changes every day, reviewed by a peer.\n"
            "Open-source contributions count as experience when applying.\n"
            "The junior interview is a pairing session, not a puzzle.\n"
            "Maria suggested Priya for data work, and her former colleague Tom at Lumen Labs.",
            shared=True,
            now=end + timedelta(hours=3),
        )
        referral_rules.make_referral(
            request_id=held.pk,
            user=maria,
            to_mentor_id=priya.pk,
            note="Priya moved from software to data science; ask her how she made the switch.",
            now=end + timedelta(hours=4),
        )
        referral_rules.make_referral(
            request_id=held.pk,
            user=maria,
            outside_name="Tom Becker",
            outside_organization="Lumen Labs",
            outside_contact="tom.becker@lumenlabs.example",
            note="He hires interns every summer; mention my name.",
            now=end + timedelta(hours=4, minutes=5),
        )
        thanks_rules.send_thank_you(
            request_id=held.pk,
            student=alex,
            body="Dear Maria,\n\n"
            "Thank you for taking the time to talk with me about your work at Northwind "
            "Systems. Your honesty about the first year in a backend team was exactly what "
            "I hoped to hear.\n\n"
            "What I took away from our conversation:\n"
            "- Backend teams ship small changes every day, reviewed by a peer.\n"
            "- Open-source contributions count as experience when applying.\n"
            "- The junior interview is a pairing session, not a puzzle.\n\n"
            "As a next step, I will reach out to Priya Raman and Tom Becker, as you "
            "suggested.\n\n"
            "Thank you again for your time.\n\nBest regards,\nAlex Rivera",
            now=end + timedelta(hours=18),
        )
        feedback_rules.leave_feedback(
            request_id=held.pk,
            user=maria,
            preparedness=4,
            note="Alex had read about our team and came with good questions. "
            "Could practise a short introduction of themselves.",
            now=end + timedelta(days=1),
        )

        # Held, reported by the mentor: a private learning note, no thank-you yet.
        recent = self._meeting(alex, kenji, days_ago=7, meeting_in_days=-2)
        end = recent.meeting.ends_at
        outcome_rules.report_outcome(
            request_id=recent.pk,
            user=kenji,
            outcome=MeetingOutcome.HELD,
            now=end + timedelta(hours=1),
        )
        learning_rules.save_learning_note(
            request_id=recent.pk,
            student=alex,
            body="Energy companies hire software people for grid forecasting.\n"
            "Japanese teams value written preparation before a meeting.",
            shared=False,
            now=end + timedelta(hours=2),
        )

        # Missed: the mentor reports that the student did not come.
        missed = self._meeting(sam, grace, days_ago=8, meeting_in_days=-4)
        outcome_rules.report_outcome(
            request_id=missed.pk,
            user=grace,
            outcome=MeetingOutcome.STUDENT_NO_SHOW,
            now=missed.meeting.ends_at + timedelta(hours=1),
        )

        # Disputed: the student says it took place, the mentor that they did not come.
        disputed = self._meeting(riley, samuel, days_ago=7, meeting_in_days=-3)
        end = disputed.meeting.ends_at
        outcome_rules.report_outcome(
            request_id=disputed.pk,
            user=riley,
            outcome=MeetingOutcome.HELD,
            now=end + timedelta(hours=2),
        )
        outcome_rules.report_outcome(
            request_id=disputed.pk,
            user=samuel,
            outcome=MeetingOutcome.STUDENT_NO_SHOW,
            now=end + timedelta(hours=5),
        )

        # Over since yesterday, nobody has answered "did it happen?" yet.
        self._meeting(jordan, tomas, days_ago=6, meeting_in_days=-1)

    def seed_preparation(self, student, mentor):
        """An upcoming meeting the student is preparing for, questions shared."""
        now = timezone.now()
        upcoming = self._meeting(student, mentor, days_ago=5, meeting_in_days=2)
        prep_rules.save_research_notes(
            request_id=upcoming.pk,
            student=student,
            person="Hannah started in account management and moved into brand strategy "
            "after three years; she speaks about purpose-driven brands.",
            organization="Bluebird Agency: about 80 people in London, known for campaigns "
            "for small food brands; won a design award this spring.",
        )
        picked = [
            BankQuestion.objects.filter(is_active=True, category=category).order_by("pk").first()
            for category in (QuestionCategory.CAREER_PATH, QuestionCategory.DAY_TO_DAY)
        ]
        picked = [question.pk for question in picked if question is not None]
        if picked:
            prep_rules.add_bank_questions(
                request_id=upcoming.pk, student=student, question_ids=picked
            )
        prep_rules.add_own_question(
            request_id=upcoming.pk,
            student=student,
            text="How do you decide when a brand idea is ready to show to the client?",
        )
        prep_rules.tick_checklist(
            request_id=upcoming.pk,
            student=student,
            ticked={"researched_person", "researched_organization", "questions_ready"},
        )
        prep_rules.share_questions(
            request_id=upcoming.pk, student=student, now=now - timedelta(hours=3)
        )
