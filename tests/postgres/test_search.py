"""The directory's full-text search: PostgreSQL's stemming, ranking and GIN index.

Factories create profiles directly, not through save_mentor_profile, so each
test refreshes the search document itself (a no-op on SQLite).
"""

from datetime import UTC, datetime

import pytest
from django.db import connection

from interviews.domain.directory import DirectoryFilters, refresh_search_vector, search_mentors
from interviews.enums import ApprovalState
from tests.factories import MentorFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def listed_mentor(first_name, last_name, *, title="", bio="", approval=ApprovalState.APPROVED):
    """A mentor whose searchable texts are only the ones given (no factory defaults)."""
    user = MentorFactory(
        first_name=first_name,
        last_name=last_name,
        profile__job_title=title,
        profile__employer="",
        profile__bio=bio,
        profile__topics="",
        profile__approval_state=approval,
    )
    profile = user.mentor_profile
    refresh_search_vector(profile)
    return profile


def found(query: str) -> list[int]:
    return list(search_mentors(DirectoryFilters(query=query), now=NOW).values_list("pk", flat=True))


@pytest.mark.postgres
def test_search_finds_engineering_title_for_engineers(db):
    manager = listed_mentor("Tom", "Title", title="Software Engineering Manager")
    listed_mentor("Nadia", "Nurse", title="Head Nurse", bio="Twenty years in hospitals.")

    assert found("engineers") == [manager.pk]


@pytest.mark.postgres
def test_search_finds_engineer_title_for_engineering(db):
    engineer = listed_mentor("Erin", "Ellis", title="Engineer")
    listed_mentor("Nadia", "Nurse", title="Head Nurse", bio="Twenty years in hospitals.")

    assert found("engineering") == [engineer.pk]


@pytest.mark.postgres
def test_search_finds_a_mentor_by_the_name_on_their_account(db):
    named = listed_mentor("Chiamaka", "Okonkwo", title="Product Lead")
    listed_mentor("Nadia", "Nurse", title="Head Nurse")

    assert found("Okonkwo") == [named.pk]
    assert found("chiamaka okonkwo") == [named.pk]


@pytest.mark.postgres
def test_search_ranks_name_and_title_matches_above_bio_matches(db):
    # Last names put them in the opposite of rank order, so the rank decides.
    in_bio = listed_mentor("Ann", "Abbott", title="Teacher", bio="I studied geology first.")
    in_title = listed_mentor("Bea", "Baker", title="Geology Lead", bio="Rocks and maps.")
    in_name = listed_mentor("Cy", "Geology", title="Librarian", bio="Books.")
    listed_mentor("Dee", "Dunn", title="Nurse", bio="Hospitals.")

    assert found("geology") == [in_name.pk, in_title.pk, in_bio.pk]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "approval", [ApprovalState.PENDING, ApprovalState.REJECTED, ApprovalState.SUSPENDED]
)
def test_search_never_finds_a_mentor_who_is_not_approved(db, approval):
    approved = listed_mentor("Ada", "Approved", title="Software Engineer")
    listed_mentor("Una", "Unlisted", title="Software Engineer", approval=approval)

    assert found("engineer") == [approved.pk]
    assert found("Unlisted") == []


@pytest.mark.postgres
def test_search_vector_has_a_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s",
            ["mentorprofile_search_gin"],
        )
        rows = cursor.fetchall()

    assert rows == [
        (
            "interviews_mentorprofile",
            "CREATE INDEX mentorprofile_search_gin ON public.interviews_mentorprofile "
            "USING gin (search_vector)",
        )
    ]


def test_directory_search_works_on_every_database(db):
    """SQLite's fallback (and PostgreSQL's full-text search) agree on these.

    The title match comes first on both: by rank on PostgreSQL (title outranks
    career path), by last name on SQLite (Adams before Zimmer).
    """
    in_title = listed_mentor("Ada", "Adams", title="Data Engineering Manager", bio="Spreadsheets.")
    in_bio = listed_mentor("Zed", "Zimmer", title="Teacher", bio="I worked with engineers.")
    named = listed_mentor("Chiamaka", "Okonkwo", title="Product Lead", bio="Roadmaps.")
    listed_mentor(
        "Pat", "Pending", title="Engineering Lead", bio="Engineers.", approval=ApprovalState.PENDING
    )

    assert found("engineers") == [in_title.pk, in_bio.pk]
    assert found("Okonkwo") == [named.pk]
    assert found("Pending") == []
    assert found("") == [in_title.pk, named.pk, in_bio.pk]
