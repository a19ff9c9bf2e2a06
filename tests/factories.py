"""Factories for the people of the suite. Requests are made through the
domain's own functions (tests/builders.py), never by writing rows by hand."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from careerconnect.models import Role, User
from interviews.domain.directory import refresh_search_vector
from interviews.enums import ApprovalState
from interviews.models import Industry, Major, MentorProfile, StudentProfile

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.edu")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    role = Role.STUDENT
    time_zone = "America/New_York"
    onboarded_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StudentFactory(UserFactory):
    role = Role.STUDENT
    profile = factory.RelatedFactory(
        "tests.factories.StudentProfileFactory", factory_related_name="user"
    )


class StudentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile

    class_year = 2027
    bio = "Curious about many things."


def industry(slug: str = "technology") -> Industry:
    return Industry.objects.get(slug=slug)


def major(slug: str = "computer-science") -> Major:
    return Major.objects.get(slug=slug)


class MentorFactory(UserFactory):
    role = Role.MENTOR
    time_zone = "Europe/Berlin"
    profile = factory.RelatedFactory(
        "tests.factories.MentorProfileFactory", factory_related_name="user"
    )


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    job_title = "Software Engineer"
    employer = "Northwind Systems"
    industry = factory.LazyFunction(industry)
    location = "Berlin, Germany"
    graduation_year = 2015
    bio = "From physics to software, with a detour through teaching."
    topics = "Career changes; day-to-day engineering work."
    offers_video = True
    offers_phone = True
    offers_in_person = False
    default_video_link = "https://meet.example.com/mentor-room"
    default_meeting_place = "Café Central, Berlin"
    phone = "+49 30 1234567"
    approval_state = ApprovalState.APPROVED

    @factory.post_generation
    def search_document(self, create, extracted, **kwargs):
        # As a profile saved through the app: findable by PostgreSQL search.
        if create:
            refresh_search_vector(self)


class AdvisorFactory(UserFactory):
    role = Role.ADVISOR
    email = factory.Sequence(lambda n: f"advisor{n}@example.edu")
