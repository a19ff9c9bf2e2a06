"""Campus single sign-on: who may arrive through a campus identity provider, and as what.

- Signing in to an existing account by its address (settings:
  SOCIALACCOUNT_EMAIL_AUTHENTICATION*, which also links the campus login to
  the account) happens only for an address the campus is authoritative for:
  its domain is in that campus's own `verified_email` list of domains (the
  operator says: every address of these domains is this campus's own). The
  provider's `email_verified` claim alone is not enough: with several campuses
  configured, one campus (or an attribute someone may set in its directory)
  could otherwise vouch for another campus's addresses — or for
  someone@gmail.com — and open that person's account.
- Never for career advisors or staff: they sign in with their password and
  their authenticator app, and may link the campus login afterwards from
  their account's connected sign-ins (/accounts/3rdparty/). A login already
  linked that way signs in by its subject (and still asks the second factor).
- Any other campus sign-in whose address already belongs to an account gets
  a page that says to sign in with the password; nothing is linked or changed.
  (Addresses outside the student domains get the "no account" page below
  whether or not an account has them.)
- Someone new becomes a student, when the address is from a campus domain
  the career center accepts (the same rule as the sign-up form). Anyone else
  gets a page that says why and what to do instead; no account is created.
"""

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db.models import Q
from django.shortcuts import render

from interviews.domain.program import student_email_domain_allowed

from .models import Role, User

REFUSED_TEMPLATE = "socialaccount/campus_signup_refused.html"
NOT_LINKED_TEMPLATE = "socialaccount/campus_account_not_linked.html"


def _domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def _listed_domains(provider) -> list[str]:
    """The campus's `verified_email` domains (sso_settings only lets a list through)."""
    listed = provider.app.settings.get("verified_email") if provider.app else None
    return [domain.lower() for domain in listed] if isinstance(listed, list) else []


def campus_is_authoritative(login, email: str) -> bool:
    """Whether this campus may vouch for `email` as its own (see the module doc)."""
    return _domain(email) in _listed_domains(login.provider)


def _accounts_with(emails) -> list[User]:
    wanted = Q()
    for email in emails:
        wanted |= Q(email__iexact=email) | Q(
            pk__in=EmailAddress.objects.filter(email__iexact=email).values("user_id")
        )
    return list(User.objects.filter(wanted)) if wanted else []


def signs_in_with_password_only(user) -> bool:
    """Advisors and staff: password and second factor, never a campus address."""
    return user.role == Role.ADVISOR or user.is_staff or user.is_superuser


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def can_authenticate_by_email(self, login, email: str) -> bool:
        if not super().can_authenticate_by_email(login, email):
            return False
        if not campus_is_authoritative(login, email):
            return False
        return not any(signs_in_with_password_only(user) for user in _accounts_with([email]))

    def is_open_for_signup(self, request, sociallogin) -> bool:
        email = (sociallogin.user.email or "").strip()
        context = {"email": email, "campus_name": sociallogin.provider.name}
        # Outside the student domains: refused the same way whether or not an
        # account has the address (the page tells nobody who has an account).
        if not email or not student_email_domain_allowed(email):
            raise ImmediateHttpResponse(render(request, REFUSED_TEMPLATE, context, status=403))
        # The address belongs to an account the campus may not open (an
        # advisor's, or one the campus does not vouch for): say so, rather
        # than the sign-up form's "address already in use".
        if _accounts_with({email, *(a.email for a in sociallogin.email_addresses if a.email)}):
            raise ImmediateHttpResponse(render(request, NOT_LINKED_TEMPLATE, context, status=403))
        return True

    def save_user(self, request, sociallogin, form=None):
        # Only students arrive this way; mentors sign up with the form,
        # advisors are made by operators.
        sociallogin.user.role = Role.STUDENT
        return super().save_user(request, sociallogin, form=form)
