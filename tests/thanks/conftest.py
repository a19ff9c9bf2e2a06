"""People the thanks tests need besides the suite-wide student, mentor and advisor."""

import pytest

from tests.factories import MentorFactory, StudentFactory


@pytest.fixture
def other_student(db):
    return StudentFactory(first_name="Omar", last_name="Other")


@pytest.fixture
def other_mentor(db):
    """A second listed mentor, in the same industry as `mentor` (so: similar)."""
    return MentorFactory(
        first_name="Nora",
        last_name="Nextdoor",
        profile__job_title="Data Scientist",
        profile__employer="Contoso Labs",
    )
