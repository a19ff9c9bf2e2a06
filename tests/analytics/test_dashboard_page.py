"""The advisor dashboard page: the figures as rendered, bad input, the charts'
accessibility, escaping, and a person's page."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine

from interviews.enums import RequestStatus, TransitionEvent
from interviews.models import MentorProfile
from tests.analytics.rows import held, local, mentor, request_row, student, transition
from tests.factories import AdvisorFactory
from tests.views.support import assert_strict_page, field_error, main

pytestmark = pytest.mark.django_db

# Friday March 20, 2026, 12:00 in New York (EDT).
NOW = datetime(2026, 3, 20, 16, 0, tzinfo=UTC)
MARCH = {"range": "custom", "start": "2026-03-02", "end": "2026-03-15"}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def advisor_client(client_for):
    return client_for(AdvisorFactory(first_name="Avery", last_name="Advisor"))


@pytest.fixture
def activity():
    ann = student("Ann", majors=["Computer Science"], class_year=2027)
    bob = student("Bob", majors=["Economics"], class_year=2028)
    ada = mentor("Ada", industry="Technology", employer="Northwind Systems")
    ben = mentor("Ben", industry="Healthcare", employer="Mercy Hospital")
    first = held(
        ann,
        ada,
        sent_at=local(2026, 3, 3, 9),
        starts_at=local(2026, 3, 10, 10),
        thanked_at=local(2026, 3, 10, 12),
    )
    request_row(
        ann,
        ben,
        sent_at=local(2026, 3, 3, 10),
        status="declined",
        answered_after=timedelta(hours=30),
    )
    waiting = request_row(bob, ada, sent_at=local(2026, 3, 4, 9))
    request_row(bob, ben, sent_at=local(2026, 3, 4, 10), status="expired")
    MentorProfile.objects.filter(user=ada).update(
        answered_request_count=3, median_response_hours=5.0
    )
    MentorProfile.objects.filter(user=ben).update(
        answered_request_count=2, median_response_hours=1.0
    )
    transition(first, TransitionEvent.SENT, "pending", local(2026, 3, 3, 9))
    return {"ada": ada, "ben": ben, "first": first, "waiting": waiting}


def get(client, params=None):
    return client.get(f"/advisor/?{urlencode(params or {})}")


def definitions(node) -> dict[str, str]:
    terms = [dt.text for dt in node.find_all("dt")]
    values = [dd.text for dd in node.find_all("dd")]
    return dict(zip(terms, values, strict=True))


def rows_of(table) -> list[list[str]]:
    body = table.one("tbody")
    return [
        [cell.text for cell in row.children if hasattr(cell, "tag")] for row in body.find_all("tr")
    ]


def table_captioned(root, caption: str):
    for table in root.find_all("table"):
        if table.one("caption").text == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}")


def test_the_dashboard_shows_the_figures(activity, advisor_client):
    response = get(advisor_client, MARCH)

    assert response.status_code == 200
    content = main(response)
    assert content.one("p", class_="lead").text == (
        "Mar 2, 2026 – Mar 15, 2026: Mar 2, 2026 to Mar 15, 2026 (America/New_York)."
    )
    assert definitions(content.by_id("figures")) == {
        "Sent": "4",
        "Answered": "2 (50%)",
        "Accepted (became a meeting)": "1 (25%)",
        "Declined by the mentor": "1",
        "Expired": "1",
        "Withdrawn": "0",
        "Still waiting": "1",
        "Median time to a first answer": "5 hours",
        "Confirmed": "1",
        "Held": "1",
        "Cancelled": "0",
        "Student did not come": "0",
        "Mentor did not come": "0",
        "Still to come": "0",
        "Over, outcome not known yet": "0",
        "Held meetings thanked": "1 (100%)",
        "Thanked within 24 hours of the end": "1 (100%)",
        "Active students": "2",
        "Active mentors": "2",
    }


def test_the_dashboard_shows_the_funnel_and_the_weeks(activity, advisor_client):
    content = main(get(advisor_client, MARCH))

    assert rows_of(table_captioned(content, "The funnel's numbers")) == [
        ["Sent", "4", "100%"],
        ["Answered", "2", "50%"],
        ["Confirmed", "1", "25%"],
        ["Held", "1", "25%"],
        ["Thanked", "1", "25%"],
    ]
    assert rows_of(table_captioned(content, "Each week's numbers")) == [
        ["Mar 2, 2026", "4", "1", "0"],
        ["Mar 9, 2026", "0", "0", "1"],
    ]


def test_the_dashboard_shows_the_breakdowns_and_top_mentors(activity, advisor_client):
    content = main(get(advisor_client, MARCH))

    assert rows_of(table_captioned(content, "By student major")) == [
        ["Computer Science", "2", "2 (100%)", "1", "1"],
        ["Economics", "2", "0 (0%)", "0", "0"],
    ]
    assert rows_of(table_captioned(content, "By class year")) == [
        ["2027", "2", "2 (100%)", "1", "1"],
        ["2028", "2", "0 (0%)", "0", "0"],
    ]
    assert rows_of(table_captioned(content, "By mentor industry")) == [
        ["Healthcare", "2", "1 (50%)", "0", "0"],
        ["Technology", "2", "1 (50%)", "1", "1"],
    ]
    assert rows_of(table_captioned(content, "By mentor employer (top 15)")) == [
        ["Mercy Hospital", "2", "1 (50%)", "0", "0"],
        ["Northwind Systems", "2", "1 (50%)", "1", "1"],
    ]
    assert rows_of(table_captioned(content, "By meetings held in the period")) == [
        ["Ada Mentor", "1"]
    ]
    assert rows_of(table_captioned(content, "Quickest to answer")) == [["Ada Mentor", "5 hours"]]


def test_the_dashboard_lists_lead_to_the_person_and_the_request(activity, advisor_client):
    content = main(get(advisor_client, MARCH))

    waiting = table_captioned(content, "Mentors with requests waiting more than 7 days (now)")
    assert rows_of(waiting) == [["Ada Mentor", "1", "Wed 4 Mar 2026, 09:00 EST"]]
    links = [link.attrs["href"] for link in waiting.find_all("a")]
    assert links == [
        f"/advisor/people/{activity['ada'].pk}/",
        f"/requests/{activity['waiting'].pk}/",
    ]
    attention = table_captioned(
        content, "Students who may need a hand (requests sent in the period)"
    )
    assert rows_of(attention) == [["Nobody needs attention."]]
    recent = content.by_id("recent").one("table")
    assert rows_of(recent) == [
        [
            "Tue 3 Mar 2026, 09:00 EST",
            "Request sent",
            "Ann Student",
            "Ada Mentor",
            f"#{activity['first'].pk}",
        ]
    ]


def test_the_waiting_threshold_is_a_filter(activity, advisor_client):
    content = main(get(advisor_client, {**MARCH, "waiting_days": "20"}))

    waiting = table_captioned(content, "Mentors with requests waiting more than 20 days (now)")
    assert rows_of(waiting) == [["No request has waited that long."]]


def test_an_empty_range_shows_zeros_and_no_percentages(activity, advisor_client):
    content = main(
        get(advisor_client, {"range": "custom", "start": "2025-01-01", "end": "2025-01-31"})
    )

    figures = definitions(content.by_id("figures"))
    assert figures["Sent"] == "0"
    assert figures["Answered"] == "0"
    assert figures["Accepted (became a meeting)"] == "0"
    assert figures["Median time to a first answer"] == "—"
    assert figures["Held meetings thanked"] == "0"
    assert figures["Thanked within 24 hours of the end"] == "0"
    assert figures["Active mentors"] == "0"
    assert rows_of(table_captioned(content, "The funnel's numbers")) == [
        ["Sent", "0", "—"],
        ["Answered", "0", "—"],
        ["Confirmed", "0", "—"],
        ["Held", "0", "—"],
        ["Thanked", "0", "—"],
    ]
    assert rows_of(table_captioned(content, "By student major")) == [
        ["No requests in this period."]
    ]
    assert rows_of(table_captioned(content, "By meetings held in the period")) == [
        ["No meeting was held in this period."]
    ]


def test_a_filter_that_matches_nothing_shows_zeros(activity, advisor_client):
    content = main(get(advisor_client, {**MARCH, "employer": "Nobody Inc"}))

    assert definitions(content.by_id("figures"))["Sent"] == "0"
    assert content.one("input", name="employer").attrs["value"] == "Nobody Inc"


def test_the_filters_narrow_the_page(activity, advisor_client):
    content = main(
        get(advisor_client, {**MARCH, "class_year": "2027", "employer": "NORTHWIND systems"})
    )

    figures = definitions(content.by_id("figures"))
    assert (figures["Sent"], figures["Answered"], figures["Held"]) == ("1", "1 (100%)", "1")


def test_last_days_count_back_from_today_in_the_program_zone(client_for):
    # 16:00 UTC on March 20 is already March 21 in Auckland; the program's today is March 20.
    far_away = client_for(AdvisorFactory(time_zone="Pacific/Auckland"))

    content = main(get(far_away, {"range": "30"}))

    assert content.one("p", class_="lead").text == (
        "Last 30 days: Feb 19, 2026 to Mar 20, 2026 (America/New_York)."
    )


# --- Bad input: a message, the typed values kept, never a 500 ---------------------------


def test_bad_filters_are_explained_and_kept(activity, advisor_client):
    params = {
        "range": "custom",
        "start": "2026-03-15",
        "end": "2026-03-02",
        "major": "999999",
        "class_year": "abc",
        "employer": "E" * 151,
    }

    response = get(advisor_client, params)

    assert response.status_code == 200
    assert field_error(response, "end") == "The last day comes before the first."
    assert field_error(response, "major") == (
        "Select a valid choice. That choice is not one of the available choices."
    )
    assert field_error(response, "class_year") == "Enter a whole number."
    assert field_error(response, "employer") == (
        "Ensure this value has at most 150 characters (it has 151)."
    )
    content = main(response)
    assert content.one("div", class_="alert-warning").text == (
        "Some choices could not be used (see below), so the figures show the default period "
        "without filters."
    )
    form = content.one("form")
    assert form.one("input", name="start").attrs["value"] == "2026-03-15"
    assert form.one("input", name="end").attrs["value"] == "2026-03-02"
    assert form.one("input", name="class_year").attrs["value"] == "abc"
    assert form.one("input", name="employer").attrs["value"] == "E" * 151
    selected = [
        o.attrs["value"]
        for o in form.one("select", name="range").find_all("option")
        if "selected" in o.attrs
    ]
    assert selected == ["custom"]
    # The default period (no term exists): the last 90 days, every request of them.
    assert content.one("p", class_="lead").text == (
        "Last 90 days: Dec 21, 2025 to Mar 20, 2026 (America/New_York)."
    )
    assert definitions(content.by_id("figures"))["Sent"] == "4"


def test_a_custom_range_without_its_dates_says_so(advisor_client):
    response = get(advisor_client, {"range": "custom", "start": "2026-03-02"})

    assert response.status_code == 200
    assert [
        item.text for item in main(response).one("div", class_="alert-warning").find_all("li")
    ] == ["Give both dates of your range."]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"range": "custom", "start": "2020-01-01", "end": "2026-03-01"},
            "end",
            "Choose a range of at most five years.",
        ),
        ({"range": "7"}, "range", "Select a valid choice. 7 is not one of the available choices."),
        (
            {"range": "custom", "start": "2026-02-30", "end": "2026-03-01"},
            "start",
            "Enter a valid date.",
        ),
        ({"waiting_days": "0"}, "waiting_days", "Ensure this value is greater than or equal to 1."),
        (
            {"industry": "x"},
            "industry",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"class_year": "1200"},
            "class_year",
            "Ensure this value is greater than or equal to 1940.",
        ),
        # Year 9999 has no day after it to end a range with: refused, not a 500.
        (
            {"range": "custom", "start": "9999-01-01", "end": "9999-12-31"},
            "end",
            "Choose a date before 2101.",
        ),
        (
            {"range": "custom", "start": "0001-01-01", "end": "2026-01-01"},
            "start",
            "Choose a date in 2000 or later.",
        ),
    ],
)
def test_other_bad_input_is_explained(advisor_client, params, field, message):
    response = get(advisor_client, params)

    assert response.status_code == 200
    assert field_error(response, field) == message


def test_the_export_link_carries_the_filters(advisor_client):
    content = main(get(advisor_client, {**MARCH, "employer": "A&B <Co>"}))

    (link,) = [a for a in content.find_all("a") if a.text == "Download CSV"]
    assert "download" in link.attrs
    assert link.attrs["href"] == (
        "/advisor/export.csv?range=custom&start=2026-03-02&end=2026-03-15&employer=A%26B+%3CCo%3E"
    )


# --- Charts --------------------------------------------------------------------------------------


def test_the_charts_are_accessible_images_with_their_numbers(activity, advisor_client):
    response = get(advisor_client, MARCH)
    content = main(response)

    funnel_svg = content.by_id("funnel").one("svg")
    assert funnel_svg.attrs["role"] == "img"
    assert funnel_svg.attrs["aria-labelledby"] == "funnel-title funnel-desc"
    assert funnel_svg.by_id("funnel-title").tag == "title"
    assert funnel_svg.by_id("funnel-title").text == "Funnel of requests sent in the period"
    assert funnel_svg.by_id("funnel-desc").tag == "desc"
    assert funnel_svg.by_id("funnel-desc").text == (
        "Sent: 4 (100% of sent); Answered: 2 (50% of sent); Confirmed: 1 (25% of sent); "
        "Held: 1 (25% of sent); Thanked: 1 (25% of sent)."
    )
    assert [rect.attrs["width"] for rect in funnel_svg.find_all("rect")] == [
        "390.0",
        "195.0",
        "97.5",
        "97.5",
        "97.5",
    ]
    weekly_svg = content.by_id("weekly").one("svg")
    assert weekly_svg.attrs["role"] == "img"
    assert weekly_svg.attrs["aria-labelledby"] == "weekly-title weekly-desc"
    assert weekly_svg.by_id("weekly-title").text == "Requests sent and meetings held per week"
    assert weekly_svg.by_id("weekly-desc").text == (
        "2 weeks; the table below the chart lists every week's numbers."
    )
    assert [line.attrs["points"] for line in weekly_svg.find_all("polyline")] == [
        "48.0,56.8 704.0,220.0",
        "48.0,220.0 704.0,179.2",
    ]
    assert_strict_page(response)


# --- Escaping ---------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'


def test_everything_people_wrote_is_escaped(advisor_client):
    sneaky_student = student(SCRIPT, majors=["History"])
    sneaky_mentor = mentor(SCRIPT, employer="<b>Bold & Co</b>")
    request = request_row(sneaky_student, sneaky_mentor, sent_at=local(2026, 3, 4, 9))
    transition(request, TransitionEvent.SENT, RequestStatus.PENDING, local(2026, 3, 4, 9))

    response = get(advisor_client, {**MARCH, "employer": "<b>Bold & Co</b>"})

    assert SCRIPT.encode() not in response.content
    assert b"<b>Bold" not in response.content
    content = main(response)
    assert rows_of(table_captioned(content, "By mentor employer (top 15)")) == [
        ["<b>Bold & Co</b>", "1", "0 (0%)", "0", "0"]
    ]
    waiting = table_captioned(content, "Mentors with requests waiting more than 7 days (now)")
    assert rows_of(waiting)[0][0] == f"{SCRIPT} Mentor"
    assert rows_of(content.by_id("recent").one("table"))[0][2:4] == [
        f"{SCRIPT} Student",
        f"{SCRIPT} Mentor",
    ]
    assert content.one("input", name="employer").attrs["value"] == "<b>Bold & Co</b>"


# --- A person's page --------------------------------------------------------------------------


def test_a_person_page_shows_their_requests(activity, advisor_client):
    response = advisor_client.get(f"/advisor/people/{activity['ada'].pk}/")

    assert response.status_code == 200
    content = main(response)
    assert content.one("h1").text == "Ada Mentor"
    assert [paragraph.text for paragraph in content.find_all("p")] == [
        "Alumni mentor",
        "Reports and moderation history (suspend or lift a suspension there)",
        "Waiting for the mentor: 1 · Held: 1",
    ]
    assert content.one("a", href=f"/advisor/people/{activity['ada'].pk}/moderation/").text == (
        "Reports and moderation history"
    )
    rows = rows_of(content.one("table"))
    assert [row[:4] for row in rows] == [
        [f"#{activity['waiting'].pk}", "Bob Student", "Ada Mentor", "Waiting for the mentor"],
        [f"#{activity['first'].pk}", "Ann Student", "Ada Mentor", "Held"],
    ]


def test_a_person_page_escapes_the_name(advisor_client):
    sneaky = student(SCRIPT)

    response = advisor_client.get(f"/advisor/people/{sneaky.pk}/")

    assert SCRIPT.encode() not in response.content
    assert main(response).one("h1").text == f"{SCRIPT} Student"


def test_a_person_page_of_an_advisor_or_nobody_is_not_found(advisor_client):
    other = AdvisorFactory()

    assert advisor_client.get(f"/advisor/people/{other.pk}/").status_code == 404
    assert advisor_client.get("/advisor/people/999999/").status_code == 404
