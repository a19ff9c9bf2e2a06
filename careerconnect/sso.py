"""Campus single sign-on: who may arrive through a campus identity provider, and as what.

- Someone whose campus address (vouched for by the identity provider: the
  `email_verified` claim, or `verified_email` in the campus configuration)
  already belongs to an account signs in to that account, and the campus
  login is linked to it (settings: SOCIALACCOUNT_EMAIL_AUTHENTICATION*). The
  account keeps its role; advisors still give their second factor.
- Someone new becomes a student, when the address is from a campus domain
  the career center accepts (ProgramSettings.allowed_student_email_domains,
  the same rule as the sign-up form). Anyone else gets a page that says why
  and what to do instead; no account is created.
"""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from interviews.domain.program import student_email_domain_allowed

from .models import Role

REFUSED_TEMPLATE = "socialaccount/campus_signup_refused.html"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        email = (sociallogin.user.email or "").strip()
        if email and student_email_domain_allowed(email):
            return True
        raise ImmediateHttpResponse(
            render(
                request,
                REFUSED_TEMPLATE,
                {"email": email, "campus_name": sociallogin.provider.name},
                status=403,
            )
        )

    def save_user(self, request, sociallogin, form=None):
        # Only students arrive this way; mentors sign up with the form,
        # advisors are made by operators.
        sociallogin.user.role = Role.STUDENT
        return super().save_user(request, sociallogin, form=form)
