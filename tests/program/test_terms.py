"""Terms: advisors list, add, edit and delete them; overlaps are refused;
current_term() gives the dashboards their "this term"."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from interviews.domain import program_rules
from interviews.domain.errors import DomainError
from interviews.domain.program import current_term, get_program_settings
from interviews.models import ProgramSettingsChange, Term

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def add(advisor, name: str, starts: date, ends: date) -> Term:
    return program_rules.create_term(
        advisor=advisor, values=program_rules.TermValues(name, starts, ends)
    )


def test_an_advisor_adds_a_term(advisor, client_for):
    response = client_for(advisor).post(
        reverse("term_new"),
        {"name": "Fall 2026", "starts_on": "2026-08-24", "ends_on": "2026-12-18"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("terms")
    assert list(Term.objects.values_list("name", "starts_on", "ends_on")) == [
        ("Fall 2026", date(2026, 8, 24), date(2026, 12, 18))
    ]


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        ("2026-12-01", "2027-01-31"),  # starts inside
        ("2026-06-01", "2026-08-24"),  # ends on its first day
        ("2026-12-18", "2027-01-10"),  # starts on its last day
        ("2026-09-01", "2026-10-01"),  # inside
        ("2026-01-01", "2027-12-31"),  # around
    ],
)
def test_an_overlapping_term_is_refused_with_its_name(advisor, client_for, starts, ends):
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    response = client_for(advisor).post(
        reverse("term_new"), {"name": "Winter", "starts_on": starts, "ends_on": ends}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "These dates overlap the term “Fall 2026” (Aug 24, 2026 to Dec 18, 2026). "
        "Terms may not overlap: change the dates or that term."
    ]
    assert response.context["form"].data["name"] == "Winter"
    assert Term.objects.count() == 1


def test_the_next_day_is_free(advisor):
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    add(advisor, "Winter 2027", date(2026, 12, 19), date(2027, 1, 15))

    assert Term.objects.count() == 2


def test_a_term_must_end_after_it_starts(advisor, client_for):
    response = client_for(advisor).post(
        reverse("term_new"), {"name": "Odd", "starts_on": "2026-08-24", "ends_on": "2026-08-24"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == [
        "The last day must come after the first day."
    ]


def test_a_name_is_used_once(advisor):
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    with pytest.raises(DomainError) as refused:
        add(advisor, "fall 2026", date(2027, 8, 24), date(2027, 12, 18))
    assert refused.value.message == (
        "There is already a term called “fall 2026”; choose another name."
    )


def test_editing_a_term_does_not_clash_with_itself(advisor, client_for):
    term = add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    response = client_for(advisor).post(
        reverse("term_edit", args=[term.pk]),
        {"name": "Fall term 2026", "starts_on": "2026-08-20", "ends_on": "2026-12-20"},
    )

    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.name, term.starts_on, term.ends_on) == (
        "Fall term 2026",
        date(2026, 8, 20),
        date(2026, 12, 20),
    )


def test_editing_into_another_term_is_refused(advisor):
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))
    spring = add(advisor, "Spring 2027", date(2027, 1, 11), date(2027, 5, 7))

    with pytest.raises(DomainError):
        program_rules.update_term(
            advisor=advisor,
            term_id=spring.pk,
            values=program_rules.TermValues("Spring 2027", date(2026, 12, 1), date(2027, 5, 7)),
        )
    spring.refresh_from_db()
    assert spring.starts_on == date(2027, 1, 11)


def test_an_advisor_deletes_a_term(advisor, client_for):
    term = add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    response = client_for(advisor).post(reverse("term_delete", args=[term.pk]))

    assert response.status_code == 302
    assert Term.objects.count() == 0


def test_current_term_is_the_one_containing_today(advisor):
    add(advisor, "Spring 2026", date(2026, 1, 12), date(2026, 5, 8))
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))
    add(advisor, "Spring 2027", date(2027, 1, 11), date(2027, 5, 7))

    assert current_term(date(2026, 11, 27)).name == "Fall 2026"
    assert current_term(date(2026, 8, 24)).name == "Fall 2026"
    assert current_term(date(2026, 12, 18)).name == "Fall 2026"


def test_between_terms_the_latest_that_started_is_current(advisor):
    add(advisor, "Spring 2026", date(2026, 1, 12), date(2026, 5, 8))
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    assert current_term(date(2026, 7, 1)).name == "Spring 2026"
    assert current_term(date(2026, 12, 25)).name == "Fall 2026"


def test_before_any_term_there_is_none(advisor):
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    assert current_term(date(2026, 8, 23)) is None
    assert current_term(date(2026, 1, 1)) is None


def test_no_terms_no_current_term(db):
    assert current_term(date(2026, 11, 27)) is None


@pytest.mark.parametrize("count", [1, 3])
def test_terms_page_query_count(advisor, client_for, django_assert_num_queries, count):
    for year in range(2026, 2026 + count):
        add(advisor, f"Fall {year}", date(year, 8, 24), date(year, 12, 18))
    browser = client_for(advisor)

    with django_assert_num_queries(5):
        response = browser.get(reverse("terms"))
    assert len(response.context["terms"]) == count


# --- Bounds, the change log, the program's day ---------------------------------------


@pytest.mark.parametrize(
    ("starts", "ends", "errors"),
    [
        (
            "9999-01-01",
            "9999-12-31",
            {
                "starts_on": ["Enter a day from Jan 1, 2000 to Dec 31, 2100."],
                "ends_on": ["Enter a day from Jan 1, 2000 to Dec 31, 2100."],
            },
        ),
        (
            "0001-01-01",
            "2026-12-18",
            {"starts_on": ["Enter a day from Jan 1, 2000 to Dec 31, 2100."]},
        ),
        (
            "2026-08-24",
            "2101-01-01",
            {"ends_on": ["Enter a day from Jan 1, 2000 to Dec 31, 2100."]},
        ),
    ],
)
def test_term_days_outside_2000_to_2100_are_refused_on_the_form(
    advisor, client_for, starts, ends, errors
):
    response = client_for(advisor).post(
        reverse("term_new"), {"name": "Far away", "starts_on": starts, "ends_on": ends}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert Term.objects.count() == 0


def test_the_domain_refuses_term_days_outside_the_bounds(advisor):
    with pytest.raises(DomainError) as refused:
        add(advisor, "Far away", date(2100, 12, 1), date(9999, 12, 31))

    assert refused.value.message == "Enter a day from Jan 1, 2000 to Dec 31, 2100."
    assert Term.objects.count() == 0


def test_the_bounds_themselves_are_allowed(advisor):
    add(advisor, "First", date(2000, 1, 1), date(2000, 6, 1))
    add(advisor, "Last", date(2100, 6, 1), date(2100, 12, 31))

    assert Term.objects.count() == 2


def test_term_changes_are_in_the_change_log(advisor, client_for):
    browser = client_for(advisor)
    with time_machine.travel(NOW, tick=False):
        browser.post(
            reverse("term_new"),
            {"name": "Fall 2026", "starts_on": "2026-08-24", "ends_on": "2026-12-18"},
        )
        term = Term.objects.get()
        browser.post(
            reverse("term_edit", args=[term.pk]),
            {"name": "Fall 2026", "starts_on": "2026-08-24", "ends_on": "2026-12-20"},
        )
        # Saved without a change: nothing to log.
        browser.post(
            reverse("term_edit", args=[term.pk]),
            {"name": "Fall 2026", "starts_on": "2026-08-24", "ends_on": "2026-12-20"},
        )
        browser.post(reverse("term_delete", args=[term.pk]))
    log = browser.get(reverse("program_settings_log"))

    assert list(
        ProgramSettingsChange.objects.order_by("pk").values_list(
            "field_name", "old_value", "new_value", "changed_by", "changed_at"
        )
    ) == [
        ("term", "", "Fall 2026: 2026-08-24 – 2026-12-18", advisor.pk, NOW),
        (
            "term",
            "Fall 2026: 2026-08-24 – 2026-12-18",
            "Fall 2026: 2026-08-24 – 2026-12-20",
            advisor.pk,
            NOW,
        ),
        ("term", "Fall 2026: 2026-08-24 – 2026-12-20", "", advisor.pk, NOW),
    ]
    assert [(change.label, change.new_value) for change in log.context["page"]] == [
        ("Term", ""),
        ("Term", "Fall 2026: 2026-08-24 – 2026-12-20"),
        ("Term", "Fall 2026: 2026-08-24 – 2026-12-18"),
    ]


def test_a_term_change_does_not_make_the_settings_form_stale(advisor):
    program = get_program_settings()
    version = program_rules.version_of(program)
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))

    values = {name: getattr(program, name) for name in program_rules.EDITABLE_FIELDS}
    values["open_request_limit"] = program.open_request_limit + 1
    changes = program_rules.update_program_settings(
        advisor=advisor, values=values, seen_version=version
    )

    assert [change.field_name for change in changes] == ["open_request_limit"]


def test_the_terms_page_marks_the_current_term_in_the_program_zone(advisor, client_for):
    # 03:00 UTC on Dec 19 is still Dec 18 in New York (the program's zone), the
    # last day of Fall 2026, but already Dec 19 in Auckland, where this advisor lives.
    add(advisor, "Fall 2026", date(2026, 8, 24), date(2026, 12, 18))
    add(advisor, "Winter 2027", date(2026, 12, 19), date(2027, 1, 15))
    advisor.time_zone = "Pacific/Auckland"
    advisor.save(update_fields=["time_zone"])

    with time_machine.travel(datetime(2026, 12, 19, 3, 0, tzinfo=UTC), tick=False):
        response = client_for(advisor).get(reverse("terms"))

    assert response.context["current"].name == "Fall 2026"
