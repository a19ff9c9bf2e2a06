"""The CSV export: header, one row per request sent in the range with exact
values, streaming, the dashboard's filters, and spreadsheet safety."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.http import StreamingHttpResponse

from careerconnect.models import User
from interviews.domain.analytics.export import HEADER, as_text_cell, csv_lines, export_rows
from interviews.models import StudentProfile
from tests.analytics.rows import (
    a_major,
    an_industry,
    half_hour,
    held,
    local,
    mentor,
    request_row,
    scope,
    student,
)
from tests.factories import AdvisorFactory
from tests.views.support import main

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 16, 0, tzinfo=UTC)
MARCH = {"range": "custom", "start": "2026-03-02", "end": "2026-03-15"}
HEADER_LINE = (
    "request_id,sent_at,status,student,student_email,student_majors,student_class_year,"
    "mentor,mentor_email,mentor_employer,mentor_job_title,mentor_industry,format,"
    "first_answer_at,confirmed_at,declined_at,withdrawn_at,expired_at,cancelled_at,"
    "meeting_starts_at,meeting_ends_at,meeting_outcome,outcome_inferred,thanked_at,"
    "thanked_within_24h"
)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def advisor_client(client_for):
    return client_for(AdvisorFactory())


def download(client, params) -> tuple[StreamingHttpResponse, str]:
    response = client.get(f"/advisor/export.csv?{urlencode(params)}")
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode("utf-8")


def parsed(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def exported():
    tricky = student("=SUM(A1:A2)", majors=[], class_year=2027)
    ann = student("Ann", majors=["Economics", "Computer Science"], class_year=2028)
    gone = student("Gone", majors=["History"])
    formula_mentor = mentor(
        "@Mia", employer="+Plus Corp", job_title="-Minus", industry="Technology"
    )
    quoting_mentor = mentor(
        "Quinn",
        employer='Quote "Q", Comma\nand a new line',
        job_title="\tTabbed",
        industry="Healthcare",
    )
    control_mentor = mentor(
        "Cleo", employer="\rReturn", job_title="Plain - text = fine", industry=None
    )
    # On the night of the switch to summer time, before it (EST, -05:00).
    pending = request_row(tricky, formula_mentor, sent_at=local(2026, 3, 8, 1, 30))
    # After the switch (EDT, -04:00): held, thanked exactly 24 hours after the end.
    thanked = held(
        ann,
        quoting_mentor,
        sent_at=local(2026, 3, 9, 10),
        answered_after=timedelta(hours=5),
        starts_at=local(2026, 3, 12, 10),
        thanked_at=local(2026, 3, 13, 10, 30),
    )
    # Held (inferred), thanked a second too late, by a student who has left since.
    late = held(
        gone,
        control_mentor,
        sent_at=local(2026, 3, 10, 9),
        answered_after=timedelta(minutes=90),
        starts_at=local(2026, 3, 11, 10),
        thanked_at=local(2026, 3, 12, 10, 30, 1),
        outcome_inferred=True,
    )
    User.objects.filter(pk=gone.pk).update(
        deleted_at=local(2026, 3, 14),
        first_name="",
        last_name="",
        email=f"deleted-{gone.pk}@deleted.invalid",
    )
    StudentProfile.objects.filter(user=gone).delete()
    # Outside the range: not exported.
    request_row(ann, formula_mentor, sent_at=local(2026, 3, 1, 23, 59, 59))
    request_row(tricky, quoting_mentor, sent_at=local(2026, 3, 16, 0, 0))
    return {
        "pending": pending,
        "thanked": thanked,
        "late": late,
        "tricky": tricky,
        "ann": ann,
        "formula_mentor": formula_mentor,
        "quoting_mentor": quoting_mentor,
        "control_mentor": control_mentor,
    }


def test_the_export_is_a_streamed_csv_file(exported, advisor_client):
    response, text = download(advisor_client, MARCH)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="careerconnect-requests-2026-03-02-to-2026-03-15.csv"'
    )
    assert text.startswith("\ufeff" + HEADER_LINE + "\r\n")
    assert parsed(text)[0] == HEADER


def test_the_export_has_one_row_per_request_sent_in_the_range(exported, advisor_client):
    _response, text = download(advisor_client, MARCH)

    assert parsed(text)[1:] == [
        [
            str(exported["pending"].pk),
            "2026-03-08T01:30:00-05:00",
            "pending",
            "'=SUM(A1:A2) Student",
            exported["tricky"].email,
            "",
            "2027",
            "'@Mia Mentor",
            exported["formula_mentor"].email,
            "'+Plus Corp",
            "'-Minus",
            "Technology",
            "video",
            *[""] * 12,
        ],
        [
            str(exported["thanked"].pk),
            "2026-03-09T10:00:00-04:00",
            "held",
            "Ann Student",
            exported["ann"].email,
            "Computer Science; Economics",
            "2028",
            "Quinn Mentor",
            exported["quoting_mentor"].email,
            'Quote "Q", Comma\nand a new line',
            "'\tTabbed",
            "Healthcare",
            "video",
            "2026-03-09T15:00:00-04:00",
            "2026-03-09T15:00:00-04:00",
            "",
            "",
            "",
            "",
            "2026-03-12T10:00:00-04:00",
            "2026-03-12T10:30:00-04:00",
            "held",
            "no",
            "2026-03-13T10:30:00-04:00",
            "yes",
        ],
        [
            str(exported["late"].pk),
            "2026-03-10T09:00:00-04:00",
            "held",
            "Former member",
            "",
            "",
            "",
            "Cleo Mentor",
            exported["control_mentor"].email,
            "'\rReturn",
            "Plain - text = fine",
            "",
            "video",
            "2026-03-10T10:30:00-04:00",
            "2026-03-10T10:30:00-04:00",
            "",
            "",
            "",
            "",
            "2026-03-11T10:00:00-04:00",
            "2026-03-11T10:30:00-04:00",
            "held",
            "yes",
            "2026-03-12T10:30:01-04:00",
            "no",
        ],
    ]


def test_values_with_quotes_commas_and_new_lines_are_quoted_per_rfc_4180(exported, advisor_client):
    _response, text = download(advisor_client, MARCH)

    assert ',"Quote ""Q"", Comma\nand a new line",' in text
    assert ',"\'\rReturn",' in text
    # Lines end with CRLF; a new line inside a quoted value stays as written.
    assert text.count("\r\n") == 4


def test_the_export_applies_the_dashboard_filters(exported, advisor_client):
    _response, text = download(advisor_client, {**MARCH, "employer": "+PLUS CORP"})
    assert [row[0] for row in parsed(text)[1:]] == [str(exported["pending"].pk)]

    _response, text = download(advisor_client, {**MARCH, "class_year": "2028"})
    assert [row[0] for row in parsed(text)[1:]] == [str(exported["thanked"].pk)]

    # A bad filter is refused (see below), never dropped in silence.
    assert (
        advisor_client.get(
            f"/advisor/export.csv?{urlencode({**MARCH, 'major': '999999'})}"
        ).status_code
        == 400
    )


def response_filename(client, params) -> str:
    response = client.get(f"/advisor/export.csv?{urlencode(params)}")
    b"".join(response.streaming_content)
    return response["Content-Disposition"]


def test_an_export_of_an_empty_range_is_the_header_alone(exported, advisor_client):
    _response, text = download(
        advisor_client, {"range": "custom", "start": "2025-01-01", "end": "2025-01-31"}
    )

    assert text == "\ufeff" + HEADER_LINE + "\r\n"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("x=1", "x=1"),
        ("Ann-Marie", "Ann-Marie"),
        (" =1", " =1"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_formula_triggers_get_a_leading_apostrophe(value, cell):
    assert as_text_cell(value) == cell


def test_csv_lines_write_the_byte_order_mark_once():
    lines = list(csv_lines(iter([["a", "b"], ["c,d", 'e"f'], ["g\nh", ""]])))

    assert lines == ["\ufeffa,b\r\n", '"c,d","e""f"\r\n', '"g\nh",\r\n']


def test_export_rows_read_in_chunks_give_the_same_rows(exported):
    march = scope(date(2026, 3, 2), date(2026, 3, 15))

    assert list(export_rows(march, chunk_size=1)) == list(export_rows(march))
    assert len(list(export_rows(march, chunk_size=2))) == 4


@pytest.mark.parametrize(("rows", "queries"), [(1, 4), (2, 4), (3, 6), (4, 6)])
def test_export_rows_cost_two_queries_per_chunk(django_assert_num_queries, rows, queries):
    """Per chunk of two: the requests and their students' majors; then one empty read
    of each pass (requests sent in the range, earlier requests meeting in it)."""
    for index in range(rows):
        request_row(
            student(f"S{index}", majors=["History", "Music"]),
            mentor(f"M{index}"),
            sent_at=local(2026, 3, 3, 9),
        )
    march = scope(date(2026, 3, 2), date(2026, 3, 15))

    with django_assert_num_queries(queries):
        exported_rows = list(export_rows(march, chunk_size=2))

    assert len(exported_rows) == rows + 1
    assert {row[5] for row in exported_rows[1:]} == {"History; Music"}


@pytest.mark.parametrize("count", [1, 3])
def test_the_export_view_queries_stay_constant(advisor_client, django_assert_num_queries, count):
    for index in range(count):
        held(
            student(f"S{index}", majors=["History", "Music"]),
            mentor(f"M{index}"),
            sent_at=local(2026, 3, 3, 9),
            starts_at=local(2026, 3, 5, 10),
            thanked_at=local(2026, 3, 5, 12),
        )

    # Session, user, then the requests (one chunk), their majors and the empty next chunk.
    with django_assert_num_queries(6):
        _response, text = download(advisor_client, MARCH)

    assert len(parsed(text)) == count + 1


def test_a_filtered_export_view_costs_the_same_plus_the_filter_lookups(
    advisor_client, django_assert_num_queries
):
    held(
        student("S", majors=["History"]),
        mentor("M"),
        sent_at=local(2026, 3, 3, 9),
        starts_at=local(2026, 3, 5, 10),
    )
    params = {
        **MARCH,
        "major": a_major("History").pk,
        "industry": an_industry("Technology").pk,
        "class_year": "2027",
        "employer": "northwind SYSTEMS",
    }

    # As above, plus the major and the industry the form looks up.
    with django_assert_num_queries(8):
        _response, text = download(advisor_client, params)

    assert len(parsed(text)) == 2


def test_the_export_survives_a_half_hour_meeting_without_thanks(advisor_client):
    request_row(
        student("S"),
        mentor("M"),
        sent_at=local(2026, 3, 3, 9),
        status="confirmed",
        answered_after=timedelta(hours=1),
        meeting=half_hour(local(2026, 3, 25, 10)),
    )

    _response, text = download(advisor_client, MARCH)

    assert parsed(text)[1][19:] == [
        "2026-03-25T10:00:00-04:00",
        "2026-03-25T10:30:00-04:00",
        "",
        "no",
        "",
        "",
    ]


def test_the_export_adds_earlier_requests_whose_meeting_is_in_the_range():
    """What the dashboard counts: meetings by their start, whenever the request was sent."""
    sam = student("Sam")
    held(
        sam,
        mentor("Early"),
        sent_at=local(2026, 2, 20, 9),
        starts_at=local(2026, 3, 4, 10),
    )
    request_row(sam, mentor("Now"), sent_at=local(2026, 3, 3, 9))
    # Sent before the range and meeting after it: not in the export.
    held(sam, mentor("Later"), sent_at=local(2026, 2, 21, 9), starts_at=local(2026, 3, 20, 10))

    rows = list(export_rows(scope(date(2026, 3, 2), date(2026, 3, 15))))

    assert [(row[1], row[7], row[19]) for row in rows[1:]] == [
        ("2026-03-03T09:00:00-05:00", "Now Mentor", ""),
        ("2026-02-20T09:00:00-05:00", "Early Mentor", "2026-03-04T10:00:00-05:00"),
    ]


def test_an_export_with_unusable_filters_is_refused_not_silently_widened(advisor_client):
    response = advisor_client.get(
        "/advisor/export.csv?range=custom&start=2026-03-15&end=2026-03-01&major=9999"
    )

    assert response.status_code == 400
    assert response.templates[0].name == "interviews/advisor/export_refused.html"
    items = [item.text for item in main(response).find_all("li")]
    assert items == [
        "To (included): The last day comes before the first.",
        "Student major: Select a valid choice. That choice is not one of the available choices.",
    ]
