"""A suspended person cannot sign in, and their open sessions end.

Suspension (User.suspended_at, set and lifted by advisors through
interviews.domain.moderation) is checked in two places:

- at sign-in, in the account adapter's pre_login hook
  (careerconnect.adapter.AccountAdapter): every allauth login flow — password,
  email code, campus single sign-on — goes through it after the credentials
  were checked, so only the person themselves learns that the account is
  suspended, and no session is created;
- on every request, by SuspendedSignOutMiddleware: a session opened before
  the suspension (another browser, a phone) is ended at its next request,
  whatever the session backend — nothing has to find and delete sessions.

Both answer with the same page. Lifting the suspension needs nothing more:
the person signs in again as usual.
"""

from django.contrib.auth import logout
from django.shortcuts import render

SUSPENDED_TEMPLATE = "account/suspended.html"


def suspended_response(request):
    """The page a suspended person gets instead of a session (403)."""
    return render(request, SUSPENDED_TEMPLATE, status=403)


class SuspendedSignOutMiddleware:
    """Sign a suspended person out at their next request (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.suspended_at is not None:
            logout(request)
            return suspended_response(request)
        return self.get_response(request)
