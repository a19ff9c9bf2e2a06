"""Suite-wide fixtures: people, a logged-in client per role, service checks."""

import pytest
from django.db import connection

from tests.factories import AdvisorFactory, MentorFactory, StudentFactory


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite with a reason; CI's PostgreSQL pass runs them."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL (CI's second pass)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached values never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def student(db):
    return StudentFactory(first_name="Sophie", last_name="Student")


@pytest.fixture
def mentor(db):
    return MentorFactory(first_name="Maria", last_name="Mentor")


@pytest.fixture
def advisor(db):
    return AdvisorFactory(first_name="Avery", last_name="Advisor")


@pytest.fixture
def client_for(client):
    """client_for(user) returns a test client signed in as `user`."""
    from django.test import Client

    def make(user):
        signed_in = Client()
        signed_in.force_login(user)
        return signed_in

    return make
