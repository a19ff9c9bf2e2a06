"""Locking the people a change concerns, in one fixed order."""

from django.contrib.auth import get_user_model


def lock_people(*user_ids: int) -> None:
    """Lock these users' rows until the transaction ends.

    Every change that must count or compare across a person's requests or
    meetings (limits, capacity, double-booking) takes these locks. The order is
    always requests before people: a transaction locks the request rows it
    changes first (in primary-key order; see requests/sending.py and
    closing.py) and the people after, themselves in primary-key order, so that
    two transactions never wait on each other.
    """
    User = get_user_model()
    list(User.objects.select_for_update().filter(pk__in=sorted(set(user_ids))).order_by("pk"))
