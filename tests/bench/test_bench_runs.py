"""The benchmark (`make bench`) runs end to end at a tiny scale, so that it never rots.

No timing is asserted here (the suite times nothing) and BENCHMARKS.md is never
written: the run seeds this test database, reads the row counts back, and asks
every measured page once or twice.
"""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q

from careerconnect.models import Role, User
from interviews.bench.report import render_report
from interviews.bench.running import run_bench
from interviews.domain.directory import refresh_search_vector
from interviews.domain.requests.responsiveness import refresh_responsiveness
from interviews.enums import OPEN_STATUSES, RequestStatus
from interviews.models import (
    InterviewRequest,
    Meeting,
    MentorProfile,
    StudentProfile,
    ThankYouNote,
)

pytestmark = pytest.mark.django_db

TINY = 0.001
REPORT = Path(settings.BASE_DIR) / "BENCHMARKS.md"


def _report_bytes():
    return REPORT.read_bytes() if REPORT.exists() else None


@pytest.fixture(scope="module")
def tiny_run(django_db_setup, django_db_blocker):
    """One run for the whole module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = _report_bytes()
        result = run_bench(scale=TINY, samples=2)
        assert _report_bytes() == before
        yield result
        transaction.set_rollback(True)


def test_tiny_run_reads_back_exactly_what_it_seeded(tiny_run):
    counted = tiny_run.seed.counted

    assert counted == tiny_run.seed.expected
    assert counted["mentor profiles"] == 20
    assert counted["student profiles"] == 100
    assert counted["interview requests"] == 1000
    assert counted["users"] == 121
    assert Counter(User.objects.values_list("role", flat=True)) == {
        Role.ADVISOR: 1,
        Role.MENTOR: 20,
        Role.STUDENT: 100,
    }


def test_tiny_run_gets_an_answer_from_every_measured_page(tiny_run):
    pages = tiny_run.pages

    assert [m.name for m in pages if not m.available] == []
    assert {m.name: set(m.statuses) for m in pages} == {m.name: {200} for m in pages}
    assert all(len(m.durations_ms) >= 1 for m in pages)
    assert all(m.query_counts for m in pages)
    assert tiny_run.export.status == 200
    assert tiny_run.export.rows > 0


def test_tiny_run_renders_a_report_without_writing_it(tiny_run):
    report = render_report(tiny_run)

    assert report.startswith("# Benchmarks\n")
    assert "| interview requests | 1,000 | 1,000 |" in report.splitlines()


def test_seeded_requests_keep_the_domain_rules(tiny_run):
    requests = InterviewRequest.objects
    with_meeting = requests.filter(
        status__in=[
            RequestStatus.CONFIRMED,
            RequestStatus.HELD,
            RequestStatus.NO_SHOW,
            RequestStatus.CANCELLED,
        ]
    )
    open_per_student = (
        requests.filter(status__in=OPEN_STATUSES)
        .values("student")
        .annotate(n=Count("pk"))
        .filter(n__gt=3)
    )
    out_of_order = requests.filter(
        Q(first_response_at__lt=F("sent_at"))
        | Q(confirmed_at__lt=F("first_response_at"))
        | Q(held_at__lt=F("confirmed_at"))
        | Q(thanked_at__lt=F("held_at"))
        | Q(expired_at__lt=F("sent_at"))
        | Q(withdrawn_at__lt=F("sent_at"))
    )

    assert Meeting.objects.count() == with_meeting.count()
    assert Meeting.objects.exclude(request__in=with_meeting).count() == 0
    assert ThankYouNote.objects.count() == requests.exclude(thanked_at=None).count()
    assert requests.filter(status=RequestStatus.HELD, held_at=None).count() == 0
    assert list(open_per_student) == []
    assert out_of_order.count() == 0
    assert requests.filter(status__in=OPEN_STATUSES).exclude(transitions__event="sent").count() == 0


def test_every_seeded_class_year_sends_requests(tiny_run):
    class_years = set(StudentProfile.objects.values_list("class_year", flat=True))
    sending = set(
        InterviewRequest.objects.values_list("student__student_profile__class_year", flat=True)
    )

    # Consecutive class years from the seniors when the history starts to the
    # newest first-years: the advisor dashboard's class-year filter never matches nothing.
    assert sorted(class_years) == list(range(min(class_years), max(class_years) + 1))
    assert sending == class_years


def test_bulk_derived_mentor_figures_match_the_domain(tiny_run):
    profile = (
        MentorProfile.objects.filter(answered_request_count__gte=3)
        .select_related("user", "industry")
        .order_by("-answered_request_count", "pk")
        .first()
    )
    # Hours as PostgreSQL and Python compute them differ in the last bit of a float.
    bulk = (
        round(profile.median_response_hours, 9),
        profile.answered_request_count,
        profile.search_vector,
    )

    refresh_responsiveness(profile.user)
    refresh_search_vector(profile)
    profile.refresh_from_db()

    assert (
        round(profile.median_response_hours, 9),
        profile.answered_request_count,
        profile.search_vector,
    ) == bulk
