# Random data needs no cryptographic randomness (S311); the SQL is built from
# model table names and enum constants only, never from input (S608).
# ruff: noqa: S311, S608
"""`manage.py bench_seed`: a large, realistic dataset for the benchmark (`make bench`).

At scale 1.0: 20,000 approved mentors, 100,000 students and 1,000,000 interview
requests sent over the last three years, with the states, milestones, meetings,
outcomes and thank-you notes in realistic proportions. Rows are generated in
Python from one seeded random generator (the same scale and `now` give the same
data) and written with PostgreSQL COPY; on SQLite (only ever used at a tiny scale,
by the test suite) the same rows go through executemany. What can be derived
from the requests (the transitions, the mentors' responsiveness, the directory's
search document) is computed in SQL afterwards, in bulk.

The rules the domain enforces hold in the data: one open request per student
and mentor, at most the program's open-request limit per student, open requests
only among the recent ones, milestones in order, a meeting for every request
that got confirmed, a thank-you note for every thanked one.
"""

import bisect
import math
import queue
import random
import threading
import time
import uuid
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count

from careerconnect.models import Role, User
from interviews.domain.directory import SEARCH_CONFIG
from interviews.domain.requests.responsiveness import RESPONSIVENESS_SAMPLE
from interviews.enums import (
    ApprovalState,
    DeclineReason,
    FoundVia,
    MeetingFormat,
    MeetingOutcome,
    Party,
    RequestStatus,
    ThanksChannel,
    Topic,
    TransitionEvent,
)
from interviews.models import (
    Industry,
    InterviewRequest,
    Major,
    Meeting,
    MentorProfile,
    ProposedSlot,
    StudentProfile,
    Term,
    ThankYouNote,
    Transition,
)

# Scale 1.0, as the issue asks.
FULL_MENTORS = 20_000
FULL_STUDENTS = 100_000
FULL_REQUESTS = 1_000_000
EMPLOYER_POOL = 1_500
HISTORY_DAYS = 3 * 365
# The program's rules as the migration creates them (ProgramSettings defaults).
EXPIRY_DAYS = 14
OPEN_REQUEST_LIMIT = 3
OUTCOME_GRACE_DAYS = 7
BENCH_EMAIL_DOMAIN = "bench.careerconnect.test"
UNUSABLE_PASSWORD = "!bench-seeded-no-password"


def scaled(full: int, scale: float) -> int:
    return max(1, round(full * scale))


@dataclass
class SeedResult:
    scale: float
    now: datetime
    seconds: float = 0.0
    # What the generator wrote, and what the database holds afterwards.
    expected: dict[str, int] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    steps: list[tuple[str, float]] = field(default_factory=list)
    advisor_id: int = 0


# --- Vocabulary --------------------------------------------------------------

FIRST_NAMES = [
    "Aaliyah",
    "Aaron",
    "Abigail",
    "Adam",
    "Adrian",
    "Aisha",
    "Alejandro",
    "Alex",
    "Alice",
    "Amara",
    "Amir",
    "Ana",
    "Andre",
    "Andrew",
    "Angela",
    "Anika",
    "Anthony",
    "Arjun",
    "Ava",
    "Ben",
    "Bianca",
    "Brandon",
    "Caleb",
    "Camila",
    "Carlos",
    "Charlotte",
    "Chen",
    "Chloe",
    "Chris",
    "Claire",
    "Daniel",
    "David",
    "Deepa",
    "Diego",
    "Dmitri",
    "Elena",
    "Eli",
    "Elijah",
    "Emily",
    "Emma",
    "Ethan",
    "Eva",
    "Fatima",
    "Felix",
    "Gabriel",
    "Grace",
    "Hana",
    "Hannah",
    "Hassan",
    "Isaac",
    "Isabella",
    "Ivan",
    "Jack",
    "Jada",
    "James",
    "Jasmine",
    "Javier",
    "Jing",
    "Joao",
    "John",
    "Jordan",
    "Jose",
    "Joseph",
    "Julia",
    "Kai",
    "Karim",
    "Kate",
    "Kenji",
    "Kevin",
    "Kiara",
    "Laila",
    "Laura",
    "Leo",
    "Liam",
    "Lily",
    "Lucas",
    "Lucia",
    "Luis",
    "Maya",
    "Mei",
    "Mia",
    "Michael",
    "Min",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Nathan",
    "Nia",
    "Noah",
    "Nora",
    "Olivia",
    "Omar",
    "Owen",
    "Priya",
    "Rachel",
    "Rafael",
    "Rahul",
    "Riya",
    "Robert",
    "Rosa",
    "Ryan",
    "Sam",
    "Samuel",
    "Sara",
    "Sebastian",
    "Sofia",
    "Sophie",
    "Tariq",
    "Thomas",
    "Tomas",
    "Valentina",
    "Victor",
    "Wei",
    "William",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Ahmed",
    "Alvarez",
    "Anderson",
    "Bailey",
    "Baker",
    "Banerjee",
    "Becker",
    "Bennett",
    "Brooks",
    "Brown",
    "Campbell",
    "Carter",
    "Castillo",
    "Chen",
    "Clark",
    "Collins",
    "Cooper",
    "Cruz",
    "Das",
    "Davis",
    "Diaz",
    "Dubois",
    "Edwards",
    "Evans",
    "Fischer",
    "Flores",
    "Foster",
    "Garcia",
    "Gomez",
    "Gonzalez",
    "Gupta",
    "Hall",
    "Harris",
    "Hernandez",
    "Hill",
    "Hoffmann",
    "Huang",
    "Hughes",
    "Ibrahim",
    "Ito",
    "Jackson",
    "James",
    "Jensen",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "Kim",
    "King",
    "Kowalski",
    "Kumar",
    "Lee",
    "Lewis",
    "Li",
    "Lin",
    "Lopez",
    "Martin",
    "Martinez",
    "Mehta",
    "Miller",
    "Mitchell",
    "Moore",
    "Morales",
    "Morgan",
    "Murphy",
    "Nakamura",
    "Nelson",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Ortiz",
    "Park",
    "Patel",
    "Perez",
    "Peterson",
    "Phillips",
    "Price",
    "Ramirez",
    "Reddy",
    "Reyes",
    "Richardson",
    "Rivera",
    "Roberts",
    "Robinson",
    "Rodriguez",
    "Rossi",
    "Russo",
    "Sanchez",
    "Santos",
    "Schmidt",
    "Scott",
    "Shah",
    "Silva",
    "Singh",
    "Smith",
    "Sousa",
    "Stewart",
    "Sullivan",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Thompson",
    "Torres",
    "Turner",
    "Walker",
    "Wang",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wong",
    "Wright",
    "Wu",
    "Yamamoto",
    "Yang",
    "Young",
    "Zhang",
    "Zhou",
]
EMPLOYER_WORDS = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Brightline",
    "Helix",
    "Harbor",
    "Summit",
    "Evergreen",
    "Bluewater",
    "Ironwood",
    "Redwood",
    "Silverline",
    "Keystone",
    "Meridian",
    "Cobalt",
    "Lumen",
    "Atlas",
    "Horizon",
    "Granite",
    "Pioneer",
    "Beacon",
    "Crescent",
    "Sterling",
    "Vantage",
    "Orchid",
    "Falcon",
    "Cedar",
    "Quantum",
    "Apex",
    "Nimbus",
    "Maple",
    "Sparrow",
    "Willow",
    "Aurora",
    "Delta",
    "Trident",
    "Copper",
    "Juniper",
    "Monarch",
    "Oakridge",
    "Riverbend",
    "Starling",
    "Tidewater",
    "Upland",
    "Vertex",
    "Westbrook",
    "Zenith",
    "Alder",
    "Birch",
    "Canyon",
    "Drift",
    "Ember",
    "Fjord",
    "Glacier",
    "Hollow",
    "Indigo",
]
EMPLOYER_KINDS = [
    "Systems",
    "Labs",
    "Health",
    "Capital",
    "Partners",
    "Group",
    "Analytics",
    "Media",
    "Energy",
    "Foundation",
    "Consulting",
    "Bank",
    "Logistics",
    "Studios",
    "Pharma",
    "Robotics",
    "Insurance",
    "Foods",
    "Networks",
    "Ventures",
    "Advisors",
    "Retail",
    "Motors",
    "Biotech",
    "Hospital",
    "Institute",
    "Communications",
    "Software",
    "Architects",
    "Law",
]
JOB_TITLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Product Manager",
    "Data Scientist",
    "Data Analyst",
    "Financial Analyst",
    "Investment Banking Associate",
    "Management Consultant",
    "Marketing Manager",
    "Brand Strategist",
    "UX Designer",
    "Registered Nurse",
    "Physician Assistant",
    "Research Scientist",
    "Policy Advisor",
    "Attorney",
    "Paralegal",
    "Teacher",
    "Program Director",
    "Civil Engineer",
    "Mechanical Engineer",
    "Electrical Engineer",
    "Accountant",
    "Auditor",
    "Journalist",
    "Editor",
    "Sustainability Manager",
    "Operations Manager",
    "Supply Chain Analyst",
    "HR Business Partner",
    "Sales Director",
    "Architect",
    "Biostatistician",
    "Lab Manager",
    "Grant Writer",
    "Founder",
]
LOCATIONS = [
    "New York, NY",
    "Boston, MA",
    "Chicago, IL",
    "San Francisco, CA",
    "Seattle, WA",
    "Austin, TX",
    "Washington, DC",
    "Atlanta, GA",
    "Denver, CO",
    "Los Angeles, CA",
    "Philadelphia, PA",
    "Minneapolis, MN",
    "Toronto, Canada",
    "London, United Kingdom",
    "Berlin, Germany",
    "Remote",
]
TIME_ZONES = [
    "America/New_York",
    "America/New_York",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "America/Toronto",
]
INDUSTRY_WEIGHTS = {
    "technology": 6,
    "banking-and-financial-services": 4,
    "consulting": 3,
    "healthcare": 4,
    "engineering-and-manufacturing": 2.5,
    "government-and-public-policy": 2,
    "research-and-academia": 2,
    "advertising-and-marketing": 2,
    "law": 1.5,
    "education": 1.5,
    "nonprofit-and-social-impact": 1.5,
    "biotechnology-and-pharmaceuticals": 1.5,
    "journalism-and-media": 1,
}
MAJOR_WEIGHTS = {
    "computer-science": 6,
    "business-administration": 5,
    "economics": 4,
    "biology": 4,
    "psychology": 4,
    "finance": 3,
    "nursing": 2.5,
    "mechanical-engineering": 2,
    "political-science": 2.5,
    "communication": 2,
    "data-science": 2,
    "undeclared": 2,
}
BIOS = [
    "Studied {major} here, then spent a few years in {industry} before moving to {employer}. "
    "Happy to talk about how I chose my first job and what I would do differently.",
    "After graduating I joined a small team, switched roles twice, and now work as a "
    "{title}. I changed direction once after a master's degree and can explain how.",
    "Started as an intern in {industry}, stayed on, and now lead projects at {employer}. "
    "I mentor because an alumna once took the time to answer my questions.",
    "I took a gap year, worked abroad, then came back to {industry}. Today I am a {title} "
    "and I enjoy helping students see the many paths into this field.",
]
MENTOR_TOPICS = [
    "Breaking into {industry}; what a {title} does all day; interviews and internships.",
    "Career changes, graduate school or not, and life at {employer}.",
    "Choosing a first job, negotiating offers, and working in {industry}.",
    "Day-to-day work as a {title}; which courses helped me most.",
]
ABOUT_ME = [
    "I am a {year_label} studying {major}. I have been reading about {industry} and would love "
    "to understand what the first years after graduation look like there.",
    "I am majoring in {major} and graduate in {class_year}. I interned last summer and I am "
    "trying to decide where to apply next.",
    "My name is {name}; I study {major} and I am exploring careers in {industry}. I have taken "
    "a few courses that sparked my interest and want to learn from someone in the field.",
]
WHY = [
    "Your path from {major} into {industry} is close to what I hope to do, and I would value "
    "your advice on the skills that mattered most.",
    "I saw that you work as a {title} at {employer}; I would like to hear what your work is "
    "like day to day and how you got there.",
    "You studied here too, and your profile mentions career changes, something I am thinking "
    "about. I would be grateful for 30 minutes of your time.",
]
THANKS = [
    "Thank you for taking the time to talk with me. Your advice on {topic} was very helpful "
    "and I have already started on the next steps you suggested.",
    "Thank you so much for the conversation. I learned a lot about {topic} and I will follow "
    "up on the people you mentioned.",
    "Thanks again for your time today. Hearing how you approached {topic} gave me a much "
    "clearer picture of what to do next.",
]
HOUR_WEIGHTS = (0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 1.0, 1.4, 1.6, 1.6)
HOUR_WEIGHTS += (1.5, 1.5, 1.6, 1.5, 1.3, 1.1, 1.0, 1.1, 1.2, 1.1, 0.8, 0.4)
VIDEO_LINK = "https://meet.example.com/{}"
PLACE = "Campus career center, room {}"


# --- Helpers -------------------------------------------------------------------


def _cumulative(weights):
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _pick(rng: random.Random, items, cumulative):
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _ts(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _terms_covering(start: date, end: date) -> list[tuple[str, date, date]]:
    """Spring, Summer and Fall terms of every year that overlaps [start, end]."""
    terms = []
    for year in range(start.year - 1, end.year + 1):
        for name, starts, ends in (
            (f"Spring {year}", date(year, 1, 12), date(year, 5, 15)),
            (f"Summer {year}", date(year, 5, 18), date(year, 8, 21)),
            (f"Fall {year}", date(year, 8, 24), date(year, 12, 20)),
        ):
            if ends >= start and starts <= end:
                terms.append((name, starts, ends))
    return terms


class _Writer:
    """COPY on PostgreSQL; executemany elsewhere (tiny scales only)."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def write(self, model, columns: list[str], rows) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
                batch = []
                for row in rows:
                    batch.append(self._adapt(row))
                    if len(batch) == 5_000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    def write_in_parallel(self, model, columns: list[str], rows, *, streams: int, prepare) -> int:
        """COPY one table over several connections at once, one transaction each:
        the rows are generated here, the server indexes them on every core."""
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = f"COPY {table} ({names}) FROM STDIN"
        queues = [queue.Queue(maxsize=8) for _ in range(streams)]
        errors = []

        def consume(batches):
            try:
                with transaction.atomic():
                    prepare()
                    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                        while (batch := batches.get()) is not None:
                            for row in batch:
                                copy.write_row(row)
            except Exception as error:  # re-raised in the main thread below
                errors.append(error)
                while batches.get() is not None:
                    pass
            finally:
                connection.close()

        threads = [threading.Thread(target=consume, args=(batches,)) for batches in queues]
        for thread in threads:
            thread.start()
        count, batch, turn = 0, [], 0
        try:
            for row in rows:
                batch.append(row)
                if len(batch) == 2_000:
                    queues[turn % streams].put(batch)
                    count, batch, turn = count + len(batch), [], turn + 1
            if batch:
                queues[turn % streams].put(batch)
                count += len(batch)
        finally:
            for batches in queues:
                batches.put(None)
            for thread in threads:
                thread.join()
        if errors:
            raise errors[0]
        return count

    @staticmethod
    def _adapt(row):
        return [
            connection.ops.adapt_datetimefield_value(value)
            if isinstance(value, datetime)
            else connection.ops.adapt_datefield_value(value)
            if isinstance(value, date)
            else value.hex
            if isinstance(value, uuid.UUID)
            else value
            for value in row
        ]


def _check_columns(model, columns: list[str]) -> None:
    """Every column of the table is written (no silent NULL or missing default)."""
    concrete = {f.column for f in model._meta.concrete_fields}
    if set(columns) != concrete:
        raise CommandError(
            f"bench_seed writes {model._meta.db_table} with columns {sorted(columns)}, "
            f"but the model has {sorted(concrete)}: update the benchmark seeder."
        )


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}"
        )
        return cursor.fetchone()[0] + 1


# --- The seeder ------------------------------------------------------------------


class Seeder:
    def __init__(self, *, scale: float, now: datetime, seed: int = 20261127, log=None):
        self.scale = scale
        self.now = now
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.writer = _Writer()
        self.result = SeedResult(scale=scale, now=now)
        self.lock = threading.Lock()
        self.parallel = False
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.n_mentors = scaled(FULL_MENTORS, scale)
        self.n_students = scaled(FULL_STUDENTS, scale)
        self.n_requests = scaled(FULL_REQUESTS, scale)
        self.uuid_base = uuid.UUID(int=self.rng.getrandbits(128)).int & ~((1 << 48) - 1)

    # Each step is timed; the whole run is what "seeding time" means.
    def _step(self, name, function):
        started = time.perf_counter()
        function()
        elapsed = time.perf_counter() - started
        self.result.steps.append((name, elapsed))
        self.log(f"  {name}: {elapsed:.1f} s")

    def _session_settings(self, *, local: bool) -> None:
        """Bulk-load settings for this connection (this transaction when `local`)."""
        if not self.writer.postgres:
            return
        scope = "LOCAL " if local else ""
        with connection.cursor() as cursor:
            # A crash loses the seed, which is rebuilt anyway.
            cursor.execute(f"SET {scope}synchronous_commit = off")
            cursor.execute(f"SET {scope}maintenance_work_mem = '256MB'")
            cursor.execute(f"SET {scope}work_mem = '64MB'")
            # The generator keeps every foreign key right (verified after the load):
            # skipping the per-row trigger checks saves minutes at a million rows.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute(f"SET {scope}session_replication_role = replica")

    def run(self) -> SeedResult:
        started = time.perf_counter()
        self.parallel = self.writer.postgres and not connection.in_atomic_block
        if self.parallel:
            self._run_in_parallel()
        else:
            # One transaction (the test suite's, at tiny scales), one step at a time.
            with transaction.atomic():
                self._session_settings(local=True)
                self._step("taxonomy, terms and people", self._people)
                self._step("interview requests (meetings, notes, slots in memory)", self._requests)
                self._step("meetings, thank-you notes, proposed slots", self._request_children)
                self._step("'sent' transitions (in SQL)", self._sent_transitions)
                self._step("answer transitions (in SQL)", self._answer_transitions)
                self._step("'held' transitions (in SQL)", self._held_transitions)
                self._step("mentors' responsiveness and search documents", self._mentor_derived)
                self._step("sequences", self._reset_sequences)
                self._step("foreign keys verified", self._verify_all_foreign_keys)
        self._step("ANALYZE", self._analyze)
        self.result.seconds = time.perf_counter() - started
        self.result.counted = count_rows()
        return self.result

    def _run_in_parallel(self) -> None:
        """PostgreSQL, own database: what depends only on the requests runs on
        three connections at once (one transaction each), using both cores."""
        with transaction.atomic():
            self._session_settings(local=True)
            self._step("taxonomy, terms and people", self._people)
            self._step("their foreign keys verified", self._verify_people)
        # Two connections COPY the requests (each its own transaction).
        self._step(
            "interview requests (meetings, notes, slots in memory; two COPY streams)",
            self._requests,
        )

        errors = []

        def worker(*steps):
            try:
                with transaction.atomic():
                    self._session_settings(local=True)
                    for name, function in steps:
                        self._step(f"{name} (in parallel)", function)
            except Exception as error:  # re-raised in the main thread below
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=worker, args=steps)
            for steps in (
                (
                    ("meetings, thank-you notes, proposed slots", self._request_children),
                    ("their foreign keys verified", self._verify_children),
                    ("'held' transitions (in SQL)", self._held_transitions),
                ),
                (("'sent' transitions (in SQL)", self._sent_transitions),),
                (("answer transitions (in SQL)", self._answer_transitions),),
                (
                    ("mentors' responsiveness and search documents", self._mentor_derived),
                    ("requests' foreign keys verified", self._verify_requests),
                ),
            )
        ]
        parallel_started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.result.steps.append(
            ("the four parallel connections, wall clock", time.perf_counter() - parallel_started)
        )
        if errors:
            raise errors[0]
        self._step("sequences", self._reset_sequences)

    # What the skipped trigger checks would have found: no dangling reference.
    # (The transitions are not checked: INSERT ... SELECT derives them from
    # existing requests and their people, which are.)
    PEOPLE_KEYS = (
        (MentorProfile, "user"),
        (MentorProfile, "industry"),
        (StudentProfile, "user"),
        (MentorProfile.majors.through, "mentorprofile"),
        (MentorProfile.majors.through, "major"),
        (StudentProfile.majors.through, "studentprofile"),
        (StudentProfile.majors.through, "major"),
    )
    REQUEST_KEYS = ((InterviewRequest, "student"), (InterviewRequest, "mentor"))
    CHILD_KEYS = ((Meeting, "request"), (ThankYouNote, "request"), (ProposedSlot, "request"))

    def _verify_people(self) -> None:
        self._verify_foreign_keys(self.PEOPLE_KEYS)

    def _verify_requests(self) -> None:
        self._verify_foreign_keys(self.REQUEST_KEYS)

    def _verify_children(self) -> None:
        self._verify_foreign_keys(self.CHILD_KEYS)

    def _verify_all_foreign_keys(self) -> None:
        self._verify_foreign_keys(self.PEOPLE_KEYS + self.REQUEST_KEYS + self.CHILD_KEYS)

    def _verify_foreign_keys(self, checks) -> None:
        parts = []
        for model, name in checks:
            column = model._meta.get_field(name).column
            parent = model._meta.get_field(name).related_model._meta.db_table
            parts.append(
                f"(SELECT COUNT(*) FROM {model._meta.db_table} c WHERE c.{column} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = c.{column}))"
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts))
            dangling = cursor.fetchone()
        broken = [
            f"{m._meta.db_table}.{n}"
            for (m, n), count in zip(checks, dangling, strict=True)
            if count
        ]
        if broken:
            raise CommandError(f"The seed left dangling references in {', '.join(broken)}.")

    # -- people ------------------------------------------------------------------

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
        self.major_cum = _cumulative(MAJOR_WEIGHTS.get(slug, 1) for _, slug in majors)
        self.industry_ids = [pk for pk, _, _ in industries]
        self.industry_names = {pk: name for pk, _, name in industries}
        industry_cum = _cumulative(INDUSTRY_WEIGHTS.get(slug, 0.7) for _, slug, _ in industries)

        # ~1,500 employers with a skewed (Zipf-like) distribution: a few big names.
        names = [f"{a} {b}" for a in EMPLOYER_WORDS for b in EMPLOYER_KINDS]
        rng.shuffle(names)
        self.employers = names[:EMPLOYER_POOL]
        employer_cum = _cumulative(1 / (rank + 1) ** 1.05 for rank in range(EMPLOYER_POOL))

        start = now - timedelta(days=HISTORY_DAYS)
        terms = _terms_covering(
            start.astimezone(self.zone).date(), now.astimezone(self.zone).date()
        )
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
        _check_columns(User, user_columns)
        first_id = _next_id(User)
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
                joined = _ts(start.timestamp() - rng.random() * 400 * 86400)
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
        _check_columns(MentorProfile, mentor_columns)
        popularity = [min(60.0, rng.paretovariate(1.3)) for _ in self.mentor_ids]
        total_popularity = sum(popularity)
        self.mentor_cum = _cumulative(popularity)
        # Median hours to a first answer, and how often requests are left to expire.
        self.mentor_speed = {}
        self.mentor_ignores = {}
        self.mentor_formats = {}
        self.mentor_text = {}
        monthly_requests = self.n_requests / 36
        profile_first_id = _next_id(MentorProfile)
        self.mentor_majors_rows = []

        def mentors():
            for index, user_id in enumerate(self.mentor_ids):
                habit = rng.random()
                self.mentor_speed[user_id] = math.exp(rng.gauss(math.log(20), 0.8))
                self.mentor_ignores[user_id] = 0.05 if habit < 0.7 else 0.25 if habit < 0.9 else 0.6
                industry_id = _pick(rng, self.industry_ids, industry_cum)
                employer = _pick(rng, self.employers, employer_cum)
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
                mentor_majors = {_pick(rng, self.major_ids, self.major_cum)}
                if rng.random() < 0.3:
                    mentor_majors.add(_pick(rng, self.major_ids, self.major_cum))
                for major_id in mentor_majors:
                    self.mentor_majors_rows.append((profile_id, major_id))
                words["major"] = self.major_names[min(mentor_majors)]
                expected_monthly = popularity[index] / total_popularity * monthly_requests
                capacity = (
                    min(100, math.ceil(expected_monthly * 1.5)) if expected_monthly > 3 else None
                )
                joined = _ts(start.timestamp() - rng.random() * 400 * 86400)
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
        first_through = _next_id(through)
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
        _check_columns(StudentProfile, student_columns)
        local_now = now.astimezone(self.zone)
        last_class = local_now.year + (4 if local_now.month >= 8 else 3)
        first_class = last_class - 7
        self.class_year = {}
        self.student_major = {}
        student_first_id = _next_id(StudentProfile)
        student_majors_rows = []
        activity = {}

        def students():
            for index, user_id in enumerate(self.student_ids):
                class_year = rng.randint(first_class, last_class)
                self.class_year[user_id] = class_year
                activity[user_id] = min(30.0, rng.paretovariate(1.6))
                profile_id = student_first_id + index
                chosen = [_pick(rng, self.major_ids, self.major_cum)]
                if rng.random() < 0.2:
                    second = _pick(rng, self.major_ids, self.major_cum)
                    if second != chosen[0]:
                        chosen.append(second)
                self.student_major[user_id] = chosen[0]
                for major_id in chosen:
                    student_majors_rows.append((profile_id, major_id))
                joined = _ts(start.timestamp() - rng.random() * 400 * 86400)
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
        first_through = _next_id(through)
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
            self.enrolled[year] = (ids, _cumulative(weights))

    # -- requests --------------------------------------------------------------------

    def _calendar(self):
        """Every program-zone day of the history and 60 days beyond: midnight (epoch
        seconds), weekday, and the academic year it belongs to (ending in June)."""
        first_day = (self.now - timedelta(days=HISTORY_DAYS)).astimezone(self.zone).date()
        self.first_day = first_day
        self.days = [first_day + timedelta(days=offset) for offset in range(HISTORY_DAYS + 61)]
        self.midnights = [
            datetime(day.year, day.month, day.day, tzinfo=self.zone).timestamp()
            for day in self.days
        ]
        self.weekdays = [day.weekday() for day in self.days]
        self.academic = [day.year + (1 if day.month >= 8 else 0) for day in self.days]

    def _day_index(self, moment: float) -> int:
        index = int((moment - self.midnights[0]) // 86400)
        # Daylight saving time moves midnights by an hour: step to the right day.
        while index + 1 < len(self.midnights) and self.midnights[index + 1] <= moment:
            index += 1
        while index > 0 and self.midnights[index] > moment:
            index -= 1
        return index

    def _sent_times(self):
        """Sorted (send time, day index) over three years: growth, academic seasons,
        weekdays, daytime."""
        rng = self.rng
        now_ts = self.now.timestamp()
        month_weight = (0.8, 1.2, 1.3, 1.2, 0.7, 0.45, 0.45, 0.7, 1.3, 1.4, 1.2, 0.6)
        weights = []
        for offset in range(HISTORY_DAYS + 1):
            day = self.days[offset]
            growth = 1 + 0.35 * offset / HISTORY_DAYS
            weekday = (1.0, 1.05, 1.0, 0.95, 0.8, 0.4, 0.55)[day.weekday()]
            weights.append(month_weight[day.month - 1] * weekday * growth)
        cumulative = _cumulative(weights)
        random_ = rng.random
        top = cumulative[-1]
        per_day = Counter(
            bisect.bisect_right(cumulative, random_() * top) for _ in range(self.n_requests)
        )
        # Local hours: little at night, most in the working day and the evening.
        hour_weight = _cumulative(HOUR_WEIGHTS)
        hour_top = hour_weight[-1]
        for index in sorted(per_day):
            midnight = self.midnights[index]
            moments = sorted(
                midnight
                + 3600 * bisect.bisect_right(hour_weight, random_() * hour_top)
                + random_() * 3600
                for _ in range(per_day[index])
            )
            for moment in moments:
                # The last day is cut at `now`: those land just before it.
                yield min(moment, now_ts - 60 - random_() * 3600), index

    def _requests(self):
        rng = self.rng
        now_ts = self.now.timestamp()
        hour = 3600.0
        day = 86400.0
        columns = [
            "id",
            "student_id",
            "mentor_id",
            "status",
            "version",
            "about_me",
            "found_via",
            "referrer_name",
            "found_via_detail",
            "topics",
            "why_this_mentor",
            "format",
            "duration_minutes",
            "current_round",
            "reschedule_proposed_by",
            "awaiting_since",
            "decline_reason",
            "sent_at",
            "first_response_at",
            "confirmed_at",
            "declined_at",
            "withdrawn_at",
            "expired_at",
            "cancelled_at",
            "held_at",
            "thanked_at",
            "updated_at",
        ]
        _check_columns(InterviewRequest, columns)
        self.meetings = []
        self.notes = []
        self.slots = []
        statuses = Counter()
        outcomes = Counter()
        open_pairs = set()
        open_count = Counter()
        first_id = _next_id(InterviewRequest)
        topics_pool = Topic.values
        found_pool = FoundVia.values
        found_cum = _cumulative((5, 2, 2, 2, 1.5, 0.5))
        decline_reasons = (
            DeclineReason.TOO_BUSY,
            DeclineReason.NOT_MY_AREA,
            DeclineReason.TIMES_DONT_WORK,
            DeclineReason.OTHER,
        )
        decline_cum = _cumulative((45, 25, 20, 10))
        duration_pool = (30, 30, 30, 30, 30, 45, 45, 60, 20, 15)
        random_ = rng.random

        def one(seq):
            return seq[int(random_() * len(seq))]

        thank_bodies = [
            text.format(topic=Topic(code).label.lower()) for text in THANKS for code in topics_pool
        ]
        topic_choices = [
            '["' + '", "'.join(rng.sample(topics_pool, rng.randint(1, 3))) + '"]' for _ in range(64)
        ]

        # A student writes about themselves much the same way in every request;
        # why this mentor depends on the mentor.
        about_of = {}
        why_of = {}

        def text_for(student_id, mentor_id):
            about = about_of.get(student_id)
            if about is None:
                about = about_of[student_id] = one(ABOUT_ME).format(
                    major=self.major_names[self.student_major[student_id]],
                    industry=self.industry_names[one(self.industry_ids)],
                    year_label="junior",
                    class_year=self.class_year[student_id],
                    name=self.names[student_id],
                )
            why = why_of.get(mentor_id)
            if why is None:
                title, employer, industry_id = self.mentor_text[mentor_id]
                why = why_of[mentor_id] = one(WHY).format(
                    major=self.major_names[self.student_major[student_id]],
                    industry=self.industry_names[industry_id],
                    title=title,
                    employer=employer,
                )
            return about, why

        midnights, weekdays, academic_years = self.midnights, self.weekdays, self.academic
        day_index = self._day_index

        def meeting_start(after: float) -> float:
            """A weekday business-hours slot 2–21 days after `after`, on the half hour."""
            index = day_index(after) + 2 + int(random_() * 20)
            if weekdays[index] >= 5:
                index += 7 - weekdays[index]
            return midnights[index] + 3600 * (8 + int(random_() * 10)) + 1800 * (random_() < 0.5)

        def rows():
            for index, (sent, day_of_sent) in enumerate(self._sent_times()):
                request_id = first_id + index
                academic = academic_years[day_of_sent]
                ids, cumulative = self.enrolled.get(academic) or self.enrolled[max(self.enrolled)]
                for _ in range(20):
                    student = _pick(rng, ids, cumulative)
                    mentor = _pick(rng, self.mentor_ids, self.mentor_cum)
                    blocked = (student, mentor) in open_pairs or (
                        open_count[student] >= OPEN_REQUEST_LIMIT
                    )
                    if not blocked:
                        break
                fmt = one(self.mentor_formats[mentor])
                duration = one(duration_pool)
                about_me, why = text_for(student, mentor)
                found_via = _pick(rng, found_pool, found_cum)

                status = RequestStatus.PENDING
                first_response = confirmed = declined = withdrawn = expired = None
                cancelled = held = thanked = None
                decline_reason = ""
                current_round = 1
                awaiting = sent
                last_change = sent
                version = 1
                meeting = None
                behaviour = rng.random()
                ignore_p = self.mentor_ignores[mentor]
                delay = min(self.mentor_speed[mentor] * math.exp(rng.gauss(0, 0.9)), 13 * 24) * hour
                if behaviour < 0.04:
                    moment = sent + (1 + (240 - 1) * random_()) * hour
                    if moment <= now_ts:
                        status, withdrawn, last_change = RequestStatus.WITHDRAWN, moment, moment
                elif behaviour < 0.04 + ignore_p * 0.96:
                    moment = sent + EXPIRY_DAYS * day + (0 + (0.25 - 0) * random_()) * hour
                    if moment <= now_ts:
                        status, expired, last_change = RequestStatus.EXPIRED, moment, moment
                elif rng.random() < 0.15:
                    moment = sent + delay
                    if moment <= now_ts:
                        status = RequestStatus.DECLINED
                        first_response = declined = last_change = moment
                        decline_reason = _pick(rng, decline_reasons, decline_cum)
                else:
                    moment = sent + delay
                    if moment <= now_ts:
                        first_response = moment
                        if rng.random() < 0.25:
                            # The mentor proposed other times; the student picks one.
                            status = RequestStatus.COUNTER_PROPOSED
                            current_round, awaiting, last_change = 2, moment, moment
                            version += 1
                            moment += min(math.exp(rng.gauss(math.log(16), 0.9)), 12 * 24) * hour
                        if moment <= now_ts:
                            status, confirmed, last_change = RequestStatus.CONFIRMED, moment, moment
                            version += 1
                            starts = meeting_start(moment)
                            ends = starts + duration * 60
                            outcome, inferred = "", False
                            fate = rng.random()
                            if fate < 0.07:
                                moment = confirmed + rng.random() * (starts - confirmed)
                                if moment <= now_ts:
                                    status, cancelled, last_change = (
                                        RequestStatus.CANCELLED,
                                        moment,
                                        moment,
                                    )
                            elif fate < 0.12:
                                moment = ends + (0.5 + (72 - 0.5) * random_()) * hour
                                if moment <= now_ts:
                                    status, last_change = RequestStatus.NO_SHOW, moment
                                    outcome = (
                                        MeetingOutcome.STUDENT_NO_SHOW
                                        if rng.random() < 0.7
                                        else MeetingOutcome.MENTOR_NO_SHOW
                                    )
                            else:
                                thanks_after = None
                                if rng.random() < 0.72:
                                    thanks_after = (
                                        (0.5 + (24 - 0.5) * random_())
                                        if rng.random() < 0.65
                                        else (24 + (168 - 24) * random_())
                                    ) * hour
                                if thanks_after is not None or rng.random() < 0.7:
                                    moment = ends + min(
                                        (0.2 + (3 - 0.2) * random_()) * hour, thanks_after or 1e9
                                    )
                                else:
                                    # Nobody reported: taken as held after the grace period.
                                    moment = (
                                        ends
                                        + OUTCOME_GRACE_DAYS * day
                                        + (0 + (900 - 0) * random_())
                                    )
                                    inferred = True
                                if moment <= now_ts:
                                    status, held, last_change = RequestStatus.HELD, moment, moment
                                    outcome = MeetingOutcome.HELD
                                    if thanks_after is not None and ends + thanks_after <= now_ts:
                                        thanked = last_change = ends + thanks_after
                                        channel = (
                                            ThanksChannel.CAREERCONNECT
                                            if rng.random() < 0.85
                                            else ThanksChannel.ANOTHER_WAY
                                        )
                                        body = (
                                            one(thank_bodies)
                                            if channel == ThanksChannel.CAREERCONNECT
                                            else ""
                                        )
                                        self.notes.append((request_id, channel, body, _ts(thanked)))
                            if status != RequestStatus.CONFIRMED:
                                version += 1
                            outcomes[outcome] += 1
                            meeting = (
                                request_id,
                                _ts(starts),
                                _ts(ends),
                                fmt,
                                PLACE.format(100 + mentor % 300)
                                if fmt == MeetingFormat.IN_PERSON
                                else "",
                                VIDEO_LINK.format(mentor) if fmt == MeetingFormat.VIDEO else "",
                                f"+1 617 555 {mentor % 10000:04d}"
                                if fmt == MeetingFormat.PHONE
                                else "",
                                uuid.UUID(int=self.uuid_base | request_id),
                                0 if cancelled is None else 1,
                                0,
                                outcome,
                                inferred,
                                False,
                                _ts(confirmed),
                                _ts(last_change),
                            )
                            self.meetings.append(meeting)
                if blocked and status in (RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED):
                    # Never a second open request for a pair, never over the limit:
                    # the student thought better of it and withdrew it.
                    status, current_round, awaiting = RequestStatus.WITHDRAWN, 1, sent
                    first_response = None
                    withdrawn = last_change = sent + min(3600, (now_ts - sent) / 2)
                if status in (
                    RequestStatus.DECLINED,
                    RequestStatus.WITHDRAWN,
                    RequestStatus.EXPIRED,
                ):
                    version += 1
                if status in (RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED):
                    open_pairs.add((student, mentor))
                    open_count[student] += 1
                    for round_ in range(1, current_round + 1):
                        proposer = Party.STUDENT if round_ == 1 else Party.MENTOR
                        # At least one day ahead: times all in the past would have expired it.
                        base = meeting_start(max(sent if round_ == 1 else awaiting, now_ts - day))
                        for option in range(3):
                            starts = base + option * 26 * hour
                            self.slots.append(
                                (
                                    request_id,
                                    _ts(starts),
                                    _ts(starts + duration * 60),
                                    proposer,
                                    round_,
                                    _ts(sent if round_ == 1 else awaiting),
                                )
                            )
                statuses[status] += 1
                yield (
                    request_id,
                    student,
                    mentor,
                    status,
                    version,
                    about_me,
                    found_via,
                    one(FIRST_NAMES) + " " + one(LAST_NAMES)
                    if found_via == FoundVia.REFERRAL
                    else "",
                    "",
                    topic_choices[int(random_() * len(topic_choices))],
                    why,
                    fmt,
                    duration,
                    current_round,
                    "",
                    _ts(awaiting),
                    decline_reason,
                    _ts(sent),
                    first_response and _ts(first_response),
                    confirmed and _ts(confirmed),
                    declined and _ts(declined),
                    withdrawn and _ts(withdrawn),
                    expired and _ts(expired),
                    cancelled and _ts(cancelled),
                    held and _ts(held),
                    thanked and _ts(thanked),
                    _ts(last_change),
                )

        if self.parallel:
            written = self.writer.write_in_parallel(
                InterviewRequest,
                columns,
                rows(),
                streams=2,
                prepare=lambda: self._session_settings(local=True),
            )
        else:
            written = self.writer.write(InterviewRequest, columns, rows())
        self.result.expected["interview requests"] = written
        for status in RequestStatus.values:
            self.result.expected[f"requests {status}"] = statuses[status]
        for outcome in ("", *MeetingOutcome.values):
            if outcome != MeetingOutcome.MOVED:
                self.result.expected[f"meetings outcome {outcome or 'unknown'}"] = outcomes[outcome]

    def _request_children(self):
        meeting_columns = [
            "request_id",
            "starts_at",
            "ends_at",
            "format",
            "location",
            "video_link",
            "phone",
            "calendar_uid",
            "sequence",
            "reschedule_count",
            "outcome",
            "outcome_inferred",
            "outcome_disputed",
            "created_at",
            "updated_at",
        ]
        _check_columns(Meeting, ["id", *meeting_columns])
        first = _next_id(Meeting)
        self.result.expected["meetings"] = self.writer.write(
            Meeting,
            ["id", *meeting_columns],
            ((first + i, *row) for i, row in enumerate(self.meetings)),
        )
        note_columns = ["request_id", "channel", "body", "sent_at"]
        _check_columns(ThankYouNote, ["id", *note_columns])
        first = _next_id(ThankYouNote)
        self.result.expected["thank-you notes"] = self.writer.write(
            ThankYouNote,
            ["id", *note_columns],
            ((first + i, *row) for i, row in enumerate(self.notes)),
        )
        slot_columns = ["request_id", "starts_at", "ends_at", "proposed_by", "round", "created_at"]
        _check_columns(ProposedSlot, ["id", *slot_columns])
        first = _next_id(ProposedSlot)
        self.result.expected["proposed slots"] = self.writer.write(
            ProposedSlot,
            ["id", *slot_columns],
            ((first + i, *row) for i, row in enumerate(self.slots)),
        )
        self.meetings = self.notes = self.slots = None

    def _transitions(self, *, kind: str):
        """One row per milestone, derived from the requests' own timestamps:
        kind "sent", "answers" (every later milestone but HELD) or "held" (which
        needs the meetings: inferred or reported)."""
        request = InterviewRequest._meta.db_table
        meeting = Meeting._meta.db_table
        transition = Transition._meta.db_table
        events = [
            # event, from, to, actor column (or NULL), party, moment, condition
            (
                TransitionEvent.SENT,
                "",
                RequestStatus.PENDING,
                "r.student_id",
                Party.STUDENT,
                "r.sent_at",
                "TRUE",
            ),
            (
                TransitionEvent.COUNTER_PROPOSED,
                RequestStatus.PENDING,
                RequestStatus.COUNTER_PROPOSED,
                "r.mentor_id",
                Party.MENTOR,
                "r.first_response_at",
                "r.current_round = 2",
            ),
            (
                TransitionEvent.ACCEPTED,
                RequestStatus.PENDING,
                RequestStatus.CONFIRMED,
                "r.mentor_id",
                Party.MENTOR,
                "r.confirmed_at",
                "r.confirmed_at IS NOT NULL AND r.current_round = 1",
            ),
            (
                TransitionEvent.ACCEPTED,
                RequestStatus.COUNTER_PROPOSED,
                RequestStatus.CONFIRMED,
                "r.student_id",
                Party.STUDENT,
                "r.confirmed_at",
                "r.confirmed_at IS NOT NULL AND r.current_round = 2",
            ),
            (
                TransitionEvent.DECLINED,
                RequestStatus.PENDING,
                RequestStatus.DECLINED,
                "r.mentor_id",
                Party.MENTOR,
                "r.declined_at",
                "r.declined_at IS NOT NULL",
            ),
            (
                TransitionEvent.WITHDRAWN,
                RequestStatus.PENDING,
                RequestStatus.WITHDRAWN,
                "r.student_id",
                Party.STUDENT,
                "r.withdrawn_at",
                "r.withdrawn_at IS NOT NULL",
            ),
            (
                TransitionEvent.EXPIRED,
                RequestStatus.PENDING,
                RequestStatus.EXPIRED,
                "NULL",
                Party.SYSTEM,
                "r.expired_at",
                "r.expired_at IS NOT NULL",
            ),
            (
                TransitionEvent.CANCELLED,
                RequestStatus.CONFIRMED,
                RequestStatus.CANCELLED,
                "r.student_id",
                Party.STUDENT,
                "r.cancelled_at",
                "r.cancelled_at IS NOT NULL",
            ),
            (
                TransitionEvent.HELD,
                RequestStatus.CONFIRMED,
                RequestStatus.HELD,
                "r.student_id",
                Party.STUDENT,
                "r.held_at",
                f"r.held_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {meeting} m "
                "WHERE m.request_id = r.id AND m.outcome_inferred)",
            ),
            (
                TransitionEvent.HELD,
                RequestStatus.CONFIRMED,
                RequestStatus.HELD,
                "NULL",
                Party.SYSTEM,
                "r.held_at",
                f"r.held_at IS NOT NULL AND EXISTS (SELECT 1 FROM {meeting} m "
                "WHERE m.request_id = r.id AND m.outcome_inferred)",
            ),
            (
                TransitionEvent.NO_SHOW,
                RequestStatus.CONFIRMED,
                RequestStatus.NO_SHOW,
                "r.student_id",
                Party.STUDENT,
                "r.updated_at",
                f"r.status = '{RequestStatus.NO_SHOW}'",
            ),
        ]
        selects = [
            f"SELECT r.id, '{event}', '{source}', '{target}', {actor}, '{party}', '', {moment} "
            f"FROM {request} r WHERE {condition}"
            for event, source, target, actor, party, moment, condition in events
            if kind
            == (
                "held"
                if event == TransitionEvent.HELD
                else "sent"
                if event == TransitionEvent.SENT
                else "answers"
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {transition} (request_id, event, from_status, to_status, actor_id, "
                f"actor_party, note, created_at) " + " UNION ALL ".join(selects)
            )
            with self.lock:
                self.result.expected["transitions"] = (
                    self.result.expected.get("transitions", 0) + cursor.rowcount
                )

    def _sent_transitions(self):
        self._transitions(kind="sent")

    def _answer_transitions(self):
        self._transitions(kind="answers")

    def _held_transitions(self):
        self._transitions(kind="held")

    def _mentor_derived(self):
        profile = MentorProfile._meta.db_table
        request = InterviewRequest._meta.db_table
        user = User._meta.db_table
        industry = Industry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {profile} SET answered_request_count = a.n FROM ("
                f"SELECT mentor_id, COUNT(*) AS n FROM {request} "
                "WHERE first_response_at IS NOT NULL GROUP BY mentor_id) a "
                f"WHERE {profile}.user_id = a.mentor_id"
            )
        if connection.vendor != "postgresql":
            # SQLite (tiny scales): the domain's own function, one mentor at a time.
            from interviews.domain.requests.responsiveness import refresh_responsiveness

            for mentor in User.objects.filter(pk__in=self.mentor_ids):
                refresh_responsiveness(mentor)
            return
        with connection.cursor() as cursor:
            # The median of the latest answers (an expiry without answer counts as
            # the time it waited), as interviews.domain.requests.responsiveness does.
            cursor.execute(
                f"UPDATE {profile} SET median_response_hours = m.hours FROM ("
                "SELECT mentor_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS hours "
                "FROM (SELECT mentor_id, EXTRACT(EPOCH FROM ended - sent_at) / 3600 AS hours, "
                "row_number() OVER (PARTITION BY mentor_id ORDER BY ended DESC) AS position "
                "FROM (SELECT mentor_id, sent_at, COALESCE(first_response_at, expired_at) AS ended "
                f"FROM {request} WHERE first_response_at IS NOT NULL "
                f"OR (status = '{RequestStatus.EXPIRED}' AND first_response_at IS NULL)) e) ranked "
                f"WHERE position <= {RESPONSIVENESS_SAMPLE} GROUP BY mentor_id) m "
                f"WHERE {profile}.user_id = m.mentor_id"
            )
            # The search document of interviews.domain.directory.search_document, in bulk.
            config = f"'{SEARCH_CONFIG}'::regconfig"
            cursor.execute(
                f"UPDATE {profile} p SET search_vector = "
                f"setweight(to_tsvector({config}, COALESCE(TRIM(u.first_name || ' ' || "
                "u.last_name), '')), 'A') || "
                f"setweight(to_tsvector({config}, COALESCE(p.job_title || ' ' || p.employer, "
                "'')), 'B') || "
                f"setweight(to_tsvector({config}, COALESCE(COALESCE(i.name, '') || ' ' || "
                "p.topics, '')), 'C') || "
                f"setweight(to_tsvector({config}, COALESCE(p.bio, '')), 'D') "
                f"FROM {user} u, {profile} p2 LEFT JOIN {industry} i ON i.id = p2.industry_id "
                "WHERE p2.id = p.id AND u.id = p2.user_id"
            )

    def _reset_sequences(self):
        models = [User, MentorProfile, StudentProfile, InterviewRequest, Meeting, ThankYouNote]
        models += [ProposedSlot, Transition, MentorProfile.majors.through]
        models += [StudentProfile.majors.through, Term]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def _analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def count_rows() -> dict[str, int]:
    """What the database holds, read back (the benchmark reports these)."""
    counts = {
        "terms": Term.objects.count(),
        "users": User.objects.count(),
        "mentor profiles": MentorProfile.objects.count(),
        "mentor majors": MentorProfile.majors.through.objects.count(),
        "student profiles": StudentProfile.objects.count(),
        "student majors": StudentProfile.majors.through.objects.count(),
        "interview requests": InterviewRequest.objects.count(),
        "meetings": Meeting.objects.count(),
        "thank-you notes": ThankYouNote.objects.count(),
        "proposed slots": ProposedSlot.objects.count(),
        "transitions": Transition.objects.count(),
    }
    by_status = Counter(
        dict(
            InterviewRequest.objects.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    for status in RequestStatus.values:
        counts[f"requests {status}"] = by_status[status]
    by_outcome = Counter(
        dict(
            Meeting.objects.order_by()
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .values_list("outcome", "n")
        )
    )
    for outcome in ("", *MeetingOutcome.values):
        if outcome != MeetingOutcome.MOVED:
            counts[f"meetings outcome {outcome or 'unknown'}"] = by_outcome[outcome]
    return counts


def expected_people(scale: float) -> dict[str, int]:
    return {
        "mentor profiles": scaled(FULL_MENTORS, scale),
        "student profiles": scaled(FULL_STUDENTS, scale),
        "interview requests": scaled(FULL_REQUESTS, scale),
    }


def seed(*, scale: float, now: datetime | None = None, log=None) -> SeedResult:
    from django.utils import timezone

    return Seeder(scale=scale, now=now or timezone.now(), log=log).run()


class Command(BaseCommand):
    help = "Seed the benchmark database (see `make bench`). Use an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, **options):
        if InterviewRequest.objects.exists():
            raise CommandError("The database already holds requests: seed an empty database.")
        result = seed(scale=options["scale"], log=self.stdout.write)
        self.stdout.write(f"Seeded in {result.seconds:.1f} s.")
        for name, value in result.counted.items():
            self.stdout.write(f"  {name}: {value:,}")
