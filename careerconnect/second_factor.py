"""Career advisors and staff use a second factor (allauth.mfa, TOTP) when MFA_REQUIRED is on.

allauth asks for the authenticator code at sign-in once a person has one.
What it leaves open, this middleware closes:

- an advisor or staff member without an authenticator app is sent to set one
  up, from every page except that set-up (and what it needs: confirming the
  address, the password check before it), signing out and static files;
- a session of theirs that has not used the second factor (signed in through
  the Django admin's own form, or before MFA_REQUIRED was switched on) is sent
  to allauth's code check first, and comes back to the page it asked for.

"Used the second factor in this session" means: allauth recorded an "mfa"
authentication in the session (the code at sign-in, or the code check), or
the authenticator app was set up in this session (which takes a valid code).
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import Role

# Set to the person's id when they set up the authenticator app in this session.
ACTIVATED_IN_SESSION_KEY = "careerconnect_totp_activated"

# Pages a person without an authenticator may still open: the set-up, the
# checks it asks for first (password, a confirmed address), and signing out.
SETUP_PAGES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_logout",
        "healthz",
    }
)
# Pages a person with an authenticator may open before using it this session.
CHECK_PAGES = frozenset({"mfa_reauthenticate", "mfa_authenticate", "account_logout", "healthz"})

SETUP_MESSAGE = (
    "Career advisors and staff protect their account with a second factor. "
    "Set up an authenticator app to continue."
)
CHECK_MESSAGE = "Enter a code from your authenticator app to continue."


def second_factor_required(user) -> bool:
    """Whether `user` must set up and use a second factor (no query: fields only)."""
    return bool(
        settings.MFA_REQUIRED
        and user.is_authenticated
        and (user.role == Role.ADVISOR or user.is_staff)
    )


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def used_second_factor(request) -> bool:
    user = request.user
    if request.session.get(ACTIVATED_IN_SESSION_KEY) == str(user.pk):
        return True
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activating = (
            request.method == "POST"
            and request.path == reverse("mfa_activate_totp")
            and second_factor_required(request.user)
            and not has_authenticator_app(request.user)
        )
        response = self.get_response(request)
        # The set-up form takes a valid code from the new app: that is this
        # session's second factor (allauth records none for it).
        if activating and has_authenticator_app(request.user):
            request.session[ACTIVATED_IN_SESSION_KEY] = str(request.user.pk)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not second_factor_required(user) or request.path.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        ):
            return None
        if used_second_factor(request):
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if not has_authenticator_app(user):
            if url_name in SETUP_PAGES:
                return None
            messages.info(request, SETUP_MESSAGE)
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if url_name in CHECK_PAGES:
            return None
        messages.info(request, CHECK_MESSAGE)
        target = request.get_full_path() if request.method == "GET" else reverse("dashboard")
        return HttpResponseRedirect(
            f"{reverse('mfa_reauthenticate')}?{urlencode({'next': target})}"
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use a second factor cannot switch it off.

        A lost phone: recovery codes sign in; an operator deletes the old
        authenticator in the admin, and the next sign-in sets up a new one.
        """
        if second_factor_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
