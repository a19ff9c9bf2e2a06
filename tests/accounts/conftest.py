"""Account tests share allauth's rate-limit counters through the cache: start clean."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()
