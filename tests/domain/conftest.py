"""People the domain tests need besides the suite-wide `student` and `mentor`."""

import pytest

from tests.factories import MentorFactory, StudentFactory


@pytest.fixture
def other_student(db):
    return StudentFactory(first_name="Omar", last_name="Other")


@pytest.fixture
def other_mentor(db):
    return MentorFactory(first_name="Nora", last_name="Nextdoor")
