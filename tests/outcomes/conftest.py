"""People the outcome tests need besides the suite-wide student, mentor and advisor."""

import pytest

from tests.factories import MentorFactory, StudentFactory


@pytest.fixture
def other_student(db):
    return StudentFactory(first_name="Omar", last_name="Other")


@pytest.fixture
def other_mentor(db):
    return MentorFactory(first_name="Nora", last_name="Nextdoor")
