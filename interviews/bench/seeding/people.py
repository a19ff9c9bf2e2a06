# Random data needs no cryptographic randomness (S311); the SQL is built from
# model table names and enum constants only, never from input (S608).
"""The people: terms, the advisor, mentors and students with their majors, and
who is enrolled (and how active) in each academic year."""

import math
from datetime import timedelta

from django.conf import settings

from careerconnect.models import Role, User
from interviews.bench.copying import check_columns, next_id
from interviews.bench.pools import (
    BIOS,
    EMPLOYER_KINDS,
    EMPLOYER_WORDS,
    FIRST_NAMES,
    INDUSTRY_WEIGHTS,
    JOB_TITLES,
    LAST_NAMES,
    LOCATIONS,
    MAJOR_WEIGHTS,
    MENTOR_TOPICS,
    TIME_ZONES,
    VIDEO_LINK,
)
from interviews.enums import (
    ApprovalState,
    MeetingFormat,
)
from interviews.models import (
    Industry,
    Major,
    MentorProfile,
    StudentProfile,
    Term,
)

from .common import (
    BENCH_EMAIL_DOMAIN,
    EMPLOYER_POOL,
    HISTORY_DAYS,
    UNUSABLE_PASSWORD,
    cumulative_weights,
    pick,
    terms_covering,
    ts,
)


class PeopleSeeding:
    """Seeder stage: sets the ids, names, majors, employers and habits later stages use."""

    def _people(self):
        rng = self.rng
        now = self.now
        self._calendar()
        majors = list(Major.objects.filter(is_active=True).order_by("pk").values_list("pk", "slug"))
        industries = list(
            Industry.objects.filter(is_active=True).order_by("pk").values_list("pk", "slug", "name")
        )
        self.major_ids = [pk for pk, _ in majors]
        self.major_names = dict(Major.objects.values_list("pk", "name"))
        self.major_cum = cumulative_weights(MAJOR_WEIGHTS.get(slug, 1) for _, slug in majors)
        self.industry_ids = [pk for pk, _, _ in industries]
        self.industry_names = {pk: name for pk, _, name in industries}
        industry_cum = cumulative_weights(
            INDUSTRY_WEIGHTS.get(slug, 0.7) for _, slug, _ in industries
        )

        # ~1,500 employers with a skewed (Zipf-like) distribution: a few big names.
        names = [f"{a} {b}" for a in EMPLOYER_WORDS for b in EMPLOYER_KINDS]
        rng.shuffle(names)
        self.employers = names[:EMPLOYER_POOL]
        employer_cum = cumulative_weights(1 / (rank + 1) ** 1.05 for rank in range(EMPLOYER_POOL))

        start = now - timedelta(days=HISTORY_DAYS)
        terms = terms_covering(start.astimezone(self.zone).date(), now.astimezone(self.zone).date())
        Term.objects.bulk_create(
            Term(name=name, starts_on=starts, ends_on=ends) for name, starts, ends in terms
        )
        self.result.expected["terms"] = len(terms)

        advisor = User.objects.create(
            email=f"advisor@{BENCH_EMAIL_DOMAIN}",
            first_name="Avery",
            last_name="Advisor",
            role=Role.ADVISOR,
            is_staff=True,
            onboarded_at=start,
            password=UNUSABLE_PASSWORD,
        )
        self.result.advisor_id = advisor.pk

        user_columns = [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "first_name",
            "last_name",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "role",
            "time_zone",
            "onboarded_at",
            "deleted_at",
            "suspended_at",
        ]
        check_columns(User, user_columns)
        first_id = next_id(User)
        self.mentor_ids = list(range(first_id, first_id + self.n_mentors))
        self.student_ids = list(
            range(first_id + self.n_mentors, first_id + self.n_mentors + self.n_students)
        )
        self.names = {}

        def users():
            for index, user_id in enumerate(self.mentor_ids + self.student_ids):
                is_mentor = index < self.n_mentors
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                self.names[user_id] = first
                joined = ts(start.timestamp() - rng.random() * 400 * 86400)
                email = (
                    f"{first}.{last}.{user_id}@alumni.{BENCH_EMAIL_DOMAIN}"
                    if is_mentor
                    else f"{first}.{last}.{user_id}@students.{BENCH_EMAIL_DOMAIN}"
                ).lower()
                yield (
                    user_id,
                    UNUSABLE_PASSWORD,
                    None,
                    False,
                    first,
                    last,
                    False,
                    True,
                    joined,
                    email,
                    Role.MENTOR if is_mentor else Role.STUDENT,
                    rng.choice(TIME_ZONES) if is_mentor else settings.TIME_ZONE,
                    joined + timedelta(minutes=10),
                    None,
                    None,
                )

        written = self.writer.write(User, user_columns, users())
        self.result.expected["users"] = written + 1  # and the advisor

        # Mentors: popularity (who gets many requests), speed, and habits.
        mentor_columns = [
            "id",
            "user_id",
            "graduation_year",
            "employer",
            "job_title",
            "industry_id",
            "location",
            "bio",
            "topics",
            "offers_phone",
            "offers_video",
            "offers_in_person",
            "default_video_link",
            "default_meeting_place",
            "phone",
            "monthly_capacity",
            "minimum_notice_hours",
            "accepting_requests",
            "approval_state",
            "approval_changed_at",
            "approval_changed_by_id",
            "invited_at",
            "claimed_at",
            "median_response_hours",
            "answered_request_count",
            "search_vector",
            "created_at",
            "updated_at",
        ]
        check_columns(MentorProfile, mentor_columns)
        popularity = [min(60.0, rng.paretovariate(1.3)) for _ in self.mentor_ids]
        total_popularity = sum(popularity)
        self.mentor_cum = cumulative_weights(popularity)
        # Median hours to a first answer, and how often requests are left to expire.
        self.mentor_speed = {}
        self.mentor_ignores = {}
        self.mentor_formats = {}
        self.mentor_text = {}
        monthly_requests = self.n_requests / 36
        profile_first_id = next_id(MentorProfile)
        self.mentor_majors_rows = []

        def mentors():
            for index, user_id in enumerate(self.mentor_ids):
                habit = rng.random()
                self.mentor_speed[user_id] = math.exp(rng.gauss(math.log(20), 0.8))
                self.mentor_ignores[user_id] = 0.05 if habit < 0.7 else 0.25 if habit < 0.9 else 0.6
                industry_id = pick(rng, self.industry_ids, industry_cum)
                employer = pick(rng, self.employers, employer_cum)
                title = rng.choice(JOB_TITLES)
                offers = (rng.random() < 0.45, rng.random() < 0.92, rng.random() < 0.25)
                if not any(offers):
                    offers = (False, True, False)
                formats = [
                    fmt
                    for fmt, on in zip(
                        (MeetingFormat.PHONE, MeetingFormat.VIDEO, MeetingFormat.IN_PERSON),
                        offers,
                        strict=True,
                    )
                    if on
                ]
                self.mentor_formats[user_id] = formats
                self.mentor_text[user_id] = (title, employer, industry_id)
                words = {
                    "industry": self.industry_names[industry_id],
                    "employer": employer,
                    "title": title,
                    "major": "",
                }
                profile_id = profile_first_id + index
                mentor_majors = {pick(rng, self.major_ids, self.major_cum)}
                if rng.random() < 0.3:
                    mentor_majors.add(pick(rng, self.major_ids, self.major_cum))
                for major_id in mentor_majors:
                    self.mentor_majors_rows.append((profile_id, major_id))
                words["major"] = self.major_names[min(mentor_majors)]
                expected_monthly = popularity[index] / total_popularity * monthly_requests
                capacity = (
                    min(100, math.ceil(expected_monthly * 1.5)) if expected_monthly > 3 else None
                )
                joined = ts(start.timestamp() - rng.random() * 400 * 86400)
                yield (
                    profile_id,
                    user_id,
                    rng.randint(1978, now.year - 2),
                    employer,
                    title,
                    industry_id,
                    rng.choice(LOCATIONS),
                    rng.choice(BIOS).format(**words),
                    rng.choice(MENTOR_TOPICS).format(**words),
                    offers[0],
                    offers[1],
                    offers[2],
                    VIDEO_LINK.format(user_id) if offers[1] else "",
                    "",
                    f"+1 617 555 {user_id % 10000:04d}" if offers[0] else "",
                    capacity,
                    None,
                    rng.random() < 0.93,
                    ApprovalState.APPROVED,
                    joined + timedelta(days=1),
                    advisor.pk,
                    None,
                    joined,
                    None,
                    0,
                    None,
                    joined,
                    joined,
                )

        self.result.expected["mentor profiles"] = self.writer.write(
            MentorProfile, mentor_columns, mentors()
        )
        through = MentorProfile.majors.through
        first_through = next_id(through)
        self.result.expected["mentor majors"] = self.writer.write(
            through,
            ["id", "mentorprofile_id", "major_id"],
            ((first_through + i, *row) for i, row in enumerate(self.mentor_majors_rows)),
        )

        # Students: class years around the three years, majors, how active they are.
        student_columns = [
            "id",
            "user_id",
            "class_year",
            "bio",
            "linkedin_url",
            "created_at",
            "updated_at",
        ]
        check_columns(StudentProfile, student_columns)
        local_now = now.astimezone(self.zone)
        last_class = local_now.year + (4 if local_now.month >= 8 else 3)
        # The oldest class is the one still enrolled when the history starts (its
        # seniors), so that every class year sends requests: seven class years.
        first_class = self.academic[0]
        self.class_year = {}
        self.student_major = {}
        student_first_id = next_id(StudentProfile)
        student_majors_rows = []
        activity = {}

        def students():
            for index, user_id in enumerate(self.student_ids):
                class_year = rng.randint(first_class, last_class)
                self.class_year[user_id] = class_year
                activity[user_id] = min(30.0, rng.paretovariate(1.6))
                profile_id = student_first_id + index
                chosen = [pick(rng, self.major_ids, self.major_cum)]
                if rng.random() < 0.2:
                    second = pick(rng, self.major_ids, self.major_cum)
                    if second != chosen[0]:
                        chosen.append(second)
                self.student_major[user_id] = chosen[0]
                for major_id in chosen:
                    student_majors_rows.append((profile_id, major_id))
                joined = ts(start.timestamp() - rng.random() * 400 * 86400)
                yield (
                    profile_id,
                    user_id,
                    class_year,
                    "Curious about many paths; I like projects where I work with people.",
                    f"https://www.linkedin.com/in/student-{user_id}" if rng.random() < 0.4 else "",
                    joined,
                    joined,
                )

        self.result.expected["student profiles"] = self.writer.write(
            StudentProfile, student_columns, students()
        )
        through = StudentProfile.majors.through
        first_through = next_id(through)
        self.result.expected["student majors"] = self.writer.write(
            through,
            ["id", "studentprofile_id", "major_id"],
            ((first_through + i, *row) for i, row in enumerate(student_majors_rows)),
        )

        # Who is enrolled in which academic year (ending in June of `year`),
        # seniors asking more than first-years.
        self.enrolled = {}
        for year in range(first_class, last_class + 1):
            ids = [s for s in self.student_ids if year <= self.class_year[s] <= year + 3]
            if not ids:
                continue
            weights = [
                activity[s] * (0.5, 0.9, 1.3, 1.6)[3 - (self.class_year[s] - year)] for s in ids
            ]
            self.enrolled[year] = (ids, cumulative_weights(weights))
