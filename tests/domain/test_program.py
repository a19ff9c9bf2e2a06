"""Program rules: the campus email domains students may sign up with."""

import pytest

from interviews.domain.program import get_program_settings, student_email_domain_allowed
from interviews.models import ProgramSettings


def program(domains: str) -> ProgramSettings:
    return ProgramSettings(allowed_student_email_domains=domains)


@pytest.mark.parametrize("email", ["sam@example.edu", "sam@gmail.com", "x@localhost"])
def test_no_domains_allows_every_address(email):
    assert student_email_domain_allowed(email, program=program("")) is True


def test_blank_lines_only_allow_every_address():
    assert student_email_domain_allowed("sam@gmail.com", program=program("\n  \n")) is True


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("sam@example.edu", True),
        ("sam@cs.example.edu", True),
        ("sam@mail.cs.example.edu", True),
        ("sam@college.org", True),
        ("Sam@EXAMPLE.EDU", True),
        ("sam@CS.Example.Edu", True),
        ("sam@gmail.com", False),
        ("sam@notexample.edu", False),
        ("sam@example.edu.evil.com", False),
        ("sam@example.com", False),
    ],
)
def test_only_campus_domains_and_their_subdomains_are_allowed(email, allowed):
    rules = program("example.edu\n\n  @College.ORG  \n")

    assert student_email_domain_allowed(email, program=rules) is allowed


def test_domains_are_listed_normalized():
    assert program(" Example.EDU \n@college.org\n\n").student_email_domains == [
        "example.edu",
        "college.org",
    ]


def test_the_stored_program_settings_are_used_by_default(db):
    ProgramSettings.objects.filter(pk=1).update(allowed_student_email_domains="example.edu")

    assert student_email_domain_allowed("sam@cs.example.edu") is True
    assert student_email_domain_allowed("sam@gmail.com") is False


def test_program_settings_have_the_documented_defaults(db):
    rules = get_program_settings()

    assert (
        rules.open_request_limit,
        rules.default_mentor_capacity,
        rules.minimum_notice_hours,
        rules.max_days_ahead,
        rules.request_expiry_days,
        rules.allowed_student_email_domains,
    ) == (3, 4, 24, 60, 14, "")


def test_program_settings_are_recreated_when_the_row_is_gone(db):
    ProgramSettings.objects.all().delete()

    rules = get_program_settings()

    assert (rules.pk, rules.open_request_limit) == (1, 3)
