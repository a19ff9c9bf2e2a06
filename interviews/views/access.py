"""View decorators: sign-in, role and onboarding."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from ..domain.profiles import needs_onboarding


def role_required(*roles: str, onboarded: bool = True):
    """Signed-in people of these roles; others get 403, anonymous a sign-in.

    With onboarded=True, students and mentors who have not filled their
    profile yet are sent to the onboarding step first.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied("This page is not for your role.")
            if onboarded and needs_onboarding(request.user):
                return redirect("onboarding")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def onboarded_required(view):
    """Any signed-in person, once they have filled their profile."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if needs_onboarding(request.user):
            return redirect("onboarding")
        return view(request, *args, **kwargs)

    return wrapper
