"""Create (or promote) a career advisor: advisors never sign up themselves."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from careerconnect.models import Role, User


class Command(BaseCommand):
    help = "Create a career advisor account (or make an existing account one)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, first_name, last_name, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "role": Role.ADVISOR,
                    "time_zone": settings.TIME_ZONE,
                },
            )
            if not created:
                if user.role == Role.STUDENT or user.role == Role.MENTOR:
                    self.stderr.write(f"{email} was a {user.get_role_display()}; now an advisor.")
                user.role = Role.ADVISOR
                user.save(update_fields=["role"])
            else:
                # They choose their own password through "Forgot your password?".
                user.set_unusable_password()
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} advisor {email}. They set a password at {settings.SITE_URL}"
                "/accounts/password/reset/."
            )
        )
