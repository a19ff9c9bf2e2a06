"""Advisors change the program's rules: one log row per changed field, stale
forms refused with what was typed kept, values checked against each other."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import program_rules
from interviews.domain.errors import DomainError, NotAllowed
from interviews.domain.program import get_program_settings
from interviews.models import ProgramSettings, ProgramSettingsChange
from tests.factories import AdvisorFactory

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def form_data(program: ProgramSettings, **changes) -> dict:
    data = {name: getattr(program, name) for name in program_rules.EDITABLE_FIELDS}
    data["version"] = program_rules.version_of(program)
    data.update(changes)
    return data


def values_of(program: ProgramSettings, **changes) -> dict:
    values = {name: getattr(program, name) for name in program_rules.EDITABLE_FIELDS}
    values.update(changes)
    return values


def test_saving_writes_one_change_row_per_changed_field(advisor, client_for):
    program = get_program_settings()
    with time_machine.travel(NOW, tick=False):
        response = client_for(advisor).post(
            reverse("program_settings"),
            form_data(
                program,
                open_request_limit=5,
                request_expiry_days=21,
                allowed_student_email_domains="Example.EDU\n@cs.example.edu\nexample.edu\n",
            ),
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("program_settings")
    rows = list(
        ProgramSettingsChange.objects.order_by("pk").values_list(
            "field_name", "old_value", "new_value", "changed_by", "changed_at"
        )
    )
    assert rows == [
        ("open_request_limit", "3", "5", advisor.pk, NOW),
        ("request_expiry_days", "14", "21", advisor.pk, NOW),
        ("allowed_student_email_domains", "", "example.edu\ncs.example.edu", advisor.pk, NOW),
    ]


def test_a_saved_value_applies_at_once(advisor):
    program = get_program_settings()
    program_rules.update_program_settings(
        advisor=advisor,
        values=values_of(program, open_request_limit=7),
        seen_version=program_rules.version_of(program),
    )

    assert get_program_settings().open_request_limit == 7


def test_saving_the_same_values_logs_nothing(advisor, client_for):
    program = get_program_settings()

    response = client_for(advisor).post(reverse("program_settings"), form_data(program))

    assert response.status_code == 302
    assert ProgramSettingsChange.objects.count() == 0


def test_a_stale_form_is_refused_and_keeps_what_was_typed(advisor, client_for):
    other = AdvisorFactory(first_name="Otto", last_name="Other")
    shown = get_program_settings()
    stale = form_data(shown, open_request_limit=9)
    program_rules.update_program_settings(
        advisor=other,
        values=values_of(shown, default_mentor_capacity=6),
        seen_version=program_rules.version_of(shown),
    )

    response = client_for(advisor).post(reverse("program_settings"), stale)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Another advisor changed the program settings while you were editing them "
        "(Default mentor capacity (requests per month)). Nothing was saved. Your values "
        "are kept in the form; the values saved now are listed beside it: check them, "
        "then save again."
    ]
    assert form.data["open_request_limit"] == "9"
    assert response.context["stale_fields"] == ["default_mentor_capacity"]
    program = get_program_settings()
    assert (program.open_request_limit, program.default_mentor_capacity) == (3, 6)
    assert list(ProgramSettingsChange.objects.values_list("field_name", "changed_by")) == [
        ("default_mentor_capacity", other.pk)
    ]
    # Sent again as it now stands, it goes through.
    response = client_for(advisor).post(reverse("program_settings"), form.data)
    assert response.status_code == 302
    assert get_program_settings().open_request_limit == 9


def test_the_domain_refuses_a_stale_version(advisor):
    program = get_program_settings()

    with pytest.raises(program_rules.StaleSettings):
        program_rules.update_program_settings(
            advisor=advisor,
            values=values_of(program, open_request_limit=4),
            seen_version="2020-01-01T00:00:00+00:00",
        )
    assert ProgramSettingsChange.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"first_nudge_days": 5, "second_nudge_days": 4},
            "second_nudge_days",
            "The second reminder must come after the first one (after 5 days).",
        ),
        (
            {"second_nudge_days": 14},
            "second_nudge_days",
            "The second reminder must come before the request expires (after 14 days).",
        ),
        (
            {"first_nudge_days": 0, "second_nudge_days": 7},
            "second_nudge_days",
            "A second reminder needs a first one: set the first reminder, or set this to 0.",
        ),
        (
            {"first_nudge_days": 14},
            "first_nudge_days",
            "The first reminder must come before the request expires (after 14 days).",
        ),
        (
            {"thank_you_nudge_hours_after": 2},
            "thank_you_nudge_hours_after",
            "The second thank-you reminder must come after the first one "
            "(2 hours after the meeting).",
        ),
        (
            {"minimum_notice_hours": 48, "max_days_ahead": 2},
            "minimum_notice_hours",
            "The minimum notice must be shorter than how far ahead times may be proposed (2 days).",
        ),
        (
            {"allowed_student_email_domains": "example.edu\nnot a domain"},
            "allowed_student_email_domains",
            "“not a domain” is not a domain name; write one domain per line, "
            "for example example.edu.",
        ),
        (
            {"allowed_student_email_domains": "localhost"},
            "allowed_student_email_domains",
            "“localhost” is not a domain name; write one domain per line, for example example.edu.",
        ),
        (
            {"open_request_limit": 0},
            "open_request_limit",
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            {"reminder_hours_before": 0},
            "reminder_hours_before",
            "Ensure this value is greater than or equal to 1.",
        ),
        ({"open_request_limit": "three"}, "open_request_limit", "Enter a whole number."),
    ],
)
def test_bad_values_are_explained_and_kept(advisor, client_for, changes, field, message):
    program = get_program_settings()

    response = client_for(advisor).post(reverse("program_settings"), form_data(program, **changes))

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert {name: form.data[name] for name in changes} == {k: str(v) for k, v in changes.items()}
    assert ProgramSettingsChange.objects.count() == 0


def test_only_advisors_change_the_rules(student):
    program = get_program_settings()

    with pytest.raises(NotAllowed):
        program_rules.update_program_settings(
            advisor=student,
            values=values_of(program, open_request_limit=4),
            seen_version=program_rules.version_of(program),
        )


def test_the_domain_checks_the_rules_itself(advisor):
    program = get_program_settings()

    with pytest.raises(DomainError) as refused:
        program_rules.update_program_settings(
            advisor=advisor,
            values=values_of(program, second_nudge_days=2),
            seen_version=program_rules.version_of(program),
        )
    assert refused.value.message == (
        "The second reminder must come after the first one (after 3 days)."
    )


def test_the_change_log_lists_changes_newest_first_escaped(advisor, client_for):
    program = get_program_settings()
    with time_machine.travel(NOW, tick=False):
        program_rules.update_program_settings(
            advisor=advisor,
            values=values_of(program, open_request_limit=4),
            seen_version=program_rules.version_of(program),
        )
    ProgramSettingsChange.objects.create(
        changed_by=advisor,
        field_name="allowed_student_email_domains",
        old_value="",
        new_value="<script>x</script>",
        changed_at=NOW.replace(hour=16),
    )

    response = client_for(advisor).get(reverse("program_settings_log"))

    assert response.status_code == 200
    page = response.context["page"]
    assert [(c.field_name, c.new_value) for c in page.object_list] == [
        ("allowed_student_email_domains", "<script>x</script>"),
        ("open_request_limit", "4"),
    ]
    body = response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x</script>" not in body


def test_the_change_log_is_paginated(advisor, client_for):
    ProgramSettingsChange.objects.bulk_create(
        ProgramSettingsChange(
            changed_by=advisor,
            field_name="open_request_limit",
            old_value=str(n),
            new_value=str(n + 1),
            changed_at=NOW,
        )
        for n in range(55)
    )

    first = client_for(advisor).get(reverse("program_settings_log"))
    second = client_for(advisor).get(reverse("program_settings_log") + "?page=2")

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("count", [1, 3])
def test_change_log_query_count(advisor, client_for, django_assert_num_queries, count):
    others = [AdvisorFactory() for _ in range(count)]
    for index, other in enumerate(others):
        ProgramSettingsChange.objects.create(
            changed_by=other,
            field_name="open_request_limit",
            old_value=str(index),
            new_value=str(index + 1),
            changed_at=NOW,
        )
    browser = client_for(advisor)

    with django_assert_num_queries(5):
        response = browser.get(reverse("program_settings_log"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_settings_page_query_count(advisor, client_for, django_assert_num_queries, count):
    for index in range(count):
        ProgramSettingsChange.objects.create(
            changed_by=AdvisorFactory(),
            field_name="open_request_limit",
            old_value=str(index),
            new_value=str(index + 1),
            changed_at=NOW,
        )
    get_program_settings()
    browser = client_for(advisor)

    with django_assert_num_queries(5):
        response = browser.get(reverse("program_settings"))
    assert len(response.context["latest_changes"]) == count
