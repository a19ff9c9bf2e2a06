"""Around the import: every way an imported mentor gets in claims the account,
new invitations when the link expired (re-import, or an advisor's button), and
an import whose worker never ran fails after a while and can be tried again."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from careerconnect.models import User
from interviews import tasks
from interviews.domain import mentor_import
from interviews.domain.directory import listed_mentors
from interviews.domain.errors import DomainError
from interviews.enums import ImportStatus, NotificationKind, NotificationStatus
from interviews.models import MentorImport, MentorProfile, Notification
from tests.factories import MentorFactory, StudentFactory
from tests.notifications.emails_support import deliver_to

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
HEADER = "email,first_name,last_name,graduation_year,employer"
pytestmark = pytest.mark.django_db


def csv_of(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


def row(n: int, *, year: str = "2010", employer: str = "Northwind") -> str:
    return f"alum{n}@example.com,Alum{n},Example,{year},{employer}"


def imported(advisor, data: bytes, *, now: datetime = NOW) -> MentorImport:
    with time_machine.travel(now, tick=False):
        checked = mentor_import.upload_mentor_file(
            advisor=advisor, file_name="alumni.csv", data=data
        )
        mentor_import.start_mentor_import(advisor=advisor, import_id=checked.pk)
        return mentor_import.run_mentor_import(import_id=checked.pk)


def invitations(email: str) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(kind=NotificationKind.MENTOR_INVITATION, recipient__email=email)
        .order_by("pk")
        .values_list("idempotency_key", "status")
    )


# --- A year written with other digits -------------------------------------------------


def test_a_superscript_year_is_a_row_error_not_a_500(advisor, client_for):
    browser = client_for(advisor)

    upload = browser.post(
        reverse("mentor_import_upload"),
        {"file": SimpleUploadedFile("a.csv", csv_of(row(1, year="²⁰¹²")), "text/csv")},
    )
    the_import = MentorImport.objects.get()
    preview = browser.get(reverse("mentor_import_detail", args=[the_import.pk]))

    assert upload.status_code == 302
    assert preview.status_code == 200
    assert [
        (r.number, [(e.column, e.message) for e in r.errors])
        for r in preview.context["preview"].error_rows
    ] == [(2, [("graduation_year", "Enter a year from 1940 to 2100, or leave it empty.")])]


@pytest.mark.parametrize("year", ["٢٠١٢", "2012.0", "+2012", " 20 12"])
def test_other_non_ascii_or_odd_years_are_row_errors(advisor, year):
    preview = mentor_import.check_text(HEADER + "\r\n" + row(1, year=year) + "\r\n")

    assert [[(e.column, e.message) for e in r.errors] for r in preview.rows] == [
        [("graduation_year", "Enter a year from 1940 to 2100, or leave it empty.")]
    ]


# --- Other ways in claim the account ---------------------------------------------------


def _link_in_last_mail(pattern: str) -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found is not None, mail.outbox[-1].body
    return found.group(0)


@time_machine.travel(NOW, tick=False)
def test_a_mentor_who_resets_the_password_and_signs_in_has_claimed(advisor, client):
    imported(advisor, csv_of(row(1)))
    user = User.objects.get(email="alum1@example.com")

    client.post(reverse("account_reset_password"), {"email": "alum1@example.com"})
    reset_link = _link_in_last_mail(r"http://testserver/accounts/password/reset/key/\S+/")
    form_page = client.get(reset_link, follow=True)
    client.post(
        form_page.request["PATH_INFO"],
        {"password1": "a-long-new-password-1", "password2": "a-long-new-password-1"},
    )
    signed_in = client.post(
        reverse("account_login"),
        {"login": "alum1@example.com", "password": "a-long-new-password-1"},
    )
    # The address was never confirmed: allauth asks for that first (mandatory).
    confirm_link = _link_in_last_mail(r"http://testserver/accounts/confirm-email/\S+/")
    confirmed = client.post(confirm_link)

    assert signed_in["Location"] == reverse("account_email_verification_sent")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert confirmed.status_code == 302
    profile = MentorProfile.objects.get(user=user)
    assert profile.claimed_at == NOW
    assert listed_mentors().filter(user=user).count() == 1
    again = imported(advisor, csv_of(row(1, employer="Overwritten?")), now=NOW + timedelta(days=1))
    profile.refresh_from_db()
    assert (again.status, again.updated_count, profile.employer) == (
        ImportStatus.DONE,
        0,
        "Northwind",
    )


def test_signing_in_claims_only_an_invited_unclaimed_mentor_once(advisor):
    imported(advisor, csv_of(row(1)))
    invited = User.objects.get(email="alum1@example.com")
    self_registered = MentorFactory(email="self@example.com")
    student = StudentFactory()
    later = NOW + timedelta(hours=1)

    first = mentor_import.mark_mentor_claimed(user=invited, now=later)
    second = mentor_import.mark_mentor_claimed(user=invited, now=later + timedelta(hours=1))
    others = [
        mentor_import.mark_mentor_claimed(user=person, now=later)
        for person in (self_registered, student, advisor)
    ]

    assert (first, second, others) == (True, False, [False, False, False])
    assert MentorProfile.objects.get(user=invited).claimed_at == later
    assert MentorProfile.objects.get(user=self_registered).claimed_at is None


# --- New invitations --------------------------------------------------------------------


def test_a_reimport_after_the_link_expired_sends_a_new_invitation(advisor, client):
    first = imported(advisor, csv_of(row(1)))
    user = User.objects.get(email="alum1@example.com")
    old_token = mentor_import.claim_token(user=user)
    later = NOW + timedelta(days=15)

    with time_machine.travel(later, tick=False):
        preview = mentor_import.preview_rows(
            mentor_import.upload_mentor_file(
                advisor=advisor, file_name="a.csv", data=csv_of(row(1), row(2))
            )
        )
    second = imported(advisor, csv_of(row(1), row(2)), now=later)

    assert [(r.action, r.reinvite, r.action_label) for r in preview.rows] == [
        (
            "unchanged",
            True,
            "Existing invited mentor: nothing to change; their invitation link expired, "
            "a new invitation is sent",
        ),
        ("create", False, "New mentor: account created, invitation sent"),
    ]
    assert invitations("alum1@example.com") == [
        (f"mentor_invitation:u{user.pk}:import{first.pk}", NotificationStatus.CANCELLED),
        (f"mentor_invitation:u{user.pk}:import{second.pk}", NotificationStatus.QUEUED),
    ]
    assert MentorProfile.objects.get(user=user).invited_at == later
    with time_machine.travel(later, tick=False):
        received = deliver_to(user, NotificationKind.MENTOR_INVITATION, now=later)
        user = User.objects.get(pk=user.pk)
        new_link = reverse("mentor_claim", args=[mentor_import.claim_token(user=user)])
        assert "http://testserver" + new_link in received.lines
        assert client.get(new_link).status_code == 200
        assert client.get(reverse("mentor_claim", args=[old_token])).status_code == 410


def test_a_reimport_while_the_link_works_sends_nothing_new(advisor):
    first = imported(advisor, csv_of(row(1)))
    user = User.objects.get(email="alum1@example.com")

    imported(advisor, csv_of(row(1, employer="Contoso")), now=NOW + timedelta(days=13))

    assert invitations("alum1@example.com") == [
        (f"mentor_invitation:u{user.pk}:import{first.pk}", NotificationStatus.QUEUED)
    ]
    assert MentorProfile.objects.get(user=user).invited_at == NOW


@time_machine.travel(NOW, tick=False)
def test_an_advisor_sends_a_new_invitation_once_a_day(advisor, client_for):
    imported(advisor, csv_of(row(1)))
    user = User.objects.get(email="alum1@example.com")
    browser = client_for(advisor)
    url = reverse("mentor_reinvite", args=[user.pk])

    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        sent = browser.post(url, follow=True)
        again = browser.post(url, follow=True)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        next_day = browser.post(url, follow=True)

    assert [str(m) for m in sent.context["messages"]] == [
        "A new invitation is on its way to alum1@example.com. The link in any earlier "
        "invitation no longer works."
    ]
    assert [str(m) for m in again.context["messages"]] == [
        "A new invitation was already sent to this mentor today; it is the one that works. "
        "Try again tomorrow if it does not arrive."
    ]
    assert [m.level_tag for m in next_day.context["messages"]] == ["success"]
    assert [status for _key, status in invitations("alum1@example.com")] == [
        NotificationStatus.CANCELLED,
        NotificationStatus.CANCELLED,
        NotificationStatus.QUEUED,
    ]
    assert [key for key, _status in invitations("alum1@example.com")][1:] == [
        f"mentor_invitation:u{user.pk}:resent2026-11-27",
        f"mentor_invitation:u{user.pk}:resent2026-11-28",
    ]
    assert MentorProfile.objects.get(user=user).invited_at == NOW + timedelta(days=1)


def test_no_new_invitation_for_a_claimed_or_self_registered_mentor(advisor):
    imported(advisor, csv_of(row(1)))
    claimed = User.objects.get(email="alum1@example.com")
    MentorProfile.objects.filter(user=claimed).update(claimed_at=NOW)
    self_registered = MentorFactory()

    with pytest.raises(DomainError) as refused_claimed:
        mentor_import.send_new_invitation(advisor=advisor, user_id=claimed.pk, now=NOW)
    with pytest.raises(DomainError) as refused_own:
        mentor_import.send_new_invitation(advisor=advisor, user_id=self_registered.pk, now=NOW)

    assert refused_claimed.value.message == (
        "This mentor has already claimed the account: they sign in with their own "
        "password (or reset it)."
    )
    assert refused_own.value.message == (
        "This mentor was not imported: there is no invitation to send."
    )
    assert Notification.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_invited_page_lists_unclaimed_mentors_with_their_link(advisor, client_for):
    imported(advisor, csv_of(row(1)), now=NOW - timedelta(days=20))
    imported(advisor, csv_of(row(2)), now=NOW - timedelta(days=2))
    imported(advisor, csv_of(row(3)))
    MentorProfile.objects.filter(user__email="alum3@example.com").update(claimed_at=NOW)

    response = client_for(advisor).get(reverse("invited_mentors"))

    assert [(p.user.email, p.link_expired) for p in response.context["page"].object_list] == [
        ("alum1@example.com", True),
        ("alum2@example.com", False),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_invited_page_query_count(advisor, client_for, django_assert_num_queries, count):
    imported(advisor, csv_of(*[row(n) for n in range(count)]))
    browser = client_for(advisor)

    with django_assert_num_queries(5):
        response = browser.get(reverse("invited_mentors"))
    assert len(response.context["page"].object_list) == count


# --- An import nobody runs ----------------------------------------------------------------


def started_large_import(advisor, browser) -> MentorImport:
    checked = mentor_import.upload_mentor_file(
        advisor=advisor, file_name="alumni.csv", data=csv_of(*[row(n) for n in range(1, 31)])
    )
    # The broker is not running in the suite: the kick after the commit fails
    # quietly, exactly as when it is down in production.
    browser.post(reverse("mentor_import_confirm", args=[checked.pk]))
    checked.refresh_from_db()
    return checked


@override_settings(MENTOR_IMPORT_INLINE_ROWS=2)
def test_an_import_without_progress_fails_after_the_stall_time(advisor, client_for):
    browser = client_for(advisor)
    with time_machine.travel(NOW, tick=False):
        the_import = started_large_import(advisor, browser)
    url = reverse("mentor_import_detail", args=[the_import.pk])

    with time_machine.travel(NOW + timedelta(minutes=9, seconds=59), tick=False):
        waiting = browser.get(url)
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        stalled = browser.get(url)

    assert (the_import.status, waiting.context["import"].status) == (
        ImportStatus.IMPORTING,
        ImportStatus.IMPORTING,
    )
    assert stalled.context["import"].status == ImportStatus.FAILED
    assert stalled.context["import"].failure == (
        "Nothing was imported: the import made no progress for 10 minutes (the background "
        "worker is down or was restarted). Try again, or discard the file."
    )
    assert stalled.has_header("Refresh") is False
    assert User.objects.filter(email__startswith="alum").count() == 0


@override_settings(MENTOR_IMPORT_INLINE_ROWS=2, MENTOR_IMPORT_STALL_MINUTES=3)
def test_progress_that_moves_keeps_the_import_going(advisor, client_for):
    browser = client_for(advisor)
    with time_machine.travel(NOW, tick=False):
        the_import = started_large_import(advisor, browser)
    url = reverse("mentor_import_detail", args=[the_import.pk])

    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        mentor_import.set_progress(the_import.pk, 25)
    with time_machine.travel(NOW + timedelta(minutes=4), tick=False):
        moving = browser.get(url)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        stalled = browser.get(url)

    assert (moving.context["import"].status, moving.context["processed"]) == (
        ImportStatus.IMPORTING,
        25,
    )
    assert stalled.context["import"].status == ImportStatus.FAILED


@override_settings(MENTOR_IMPORT_INLINE_ROWS=2)
def test_a_lost_progress_entry_starts_the_clock_instead_of_failing(advisor, client_for):
    from django.core.cache import cache

    browser = client_for(advisor)
    with time_machine.travel(NOW, tick=False):
        the_import = started_large_import(advisor, browser)
    cache.clear()
    url = reverse("mentor_import_detail", args=[the_import.pk])

    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        noticed = browser.get(url)
    with time_machine.travel(NOW + timedelta(hours=2, minutes=10), tick=False):
        stalled = browser.get(url)

    assert noticed.context["import"].status == ImportStatus.IMPORTING
    assert stalled.context["import"].status == ImportStatus.FAILED


@override_settings(MENTOR_IMPORT_INLINE_ROWS=2)
def test_a_stalled_import_is_tried_again_and_imports(advisor, client_for):
    browser = client_for(advisor)
    with time_machine.travel(NOW, tick=False):
        the_import = started_large_import(advisor, browser)
    with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
        browser.get(reverse("mentor_import_detail", args=[the_import.pk]))
        retried = browser.post(reverse("mentor_import_retry", args=[the_import.pk]), follow=True)
        result = tasks.run_mentor_import(the_import.pk)

    the_import.refresh_from_db()
    assert [str(m) for m in retried.context["messages"]] == [
        "The import has started; this page shows its progress."
    ]
    assert retried.context["import"].status == ImportStatus.IMPORTING
    assert (result, the_import.status, the_import.created_count, the_import.failure) == (
        ImportStatus.DONE,
        ImportStatus.DONE,
        30,
        "",
    )


def test_a_small_failed_import_tried_again_runs_during_the_click(advisor, client_for):
    checked = mentor_import.upload_mentor_file(
        advisor=advisor, file_name="alumni.csv", data=csv_of(row(1))
    )
    mentor_import.start_mentor_import(advisor=advisor, import_id=checked.pk)
    MentorImport.objects.filter(pk=checked.pk).update(
        status=ImportStatus.FAILED, failure=mentor_import.stalled_message(10)
    )

    response = client_for(advisor).post(reverse("mentor_import_retry", args=[checked.pk]))

    checked.refresh_from_db()
    assert response["Location"] == reverse("mentor_import_detail", args=[checked.pk])
    assert (checked.status, checked.created_count) == (ImportStatus.DONE, 1)


def test_only_a_failed_import_is_tried_again(advisor):
    checked = mentor_import.upload_mentor_file(
        advisor=advisor, file_name="alumni.csv", data=csv_of(row(1))
    )

    with pytest.raises(DomainError) as refused:
        mentor_import.retry_mentor_import(advisor=advisor, import_id=checked.pk)

    assert refused.value.message == (
        "Only a failed import can be tried again; this one was started again, imported or "
        "discarded meanwhile (see its status below)."
    )
    assert MentorImport.objects.get().status == ImportStatus.PREVIEWED


def test_a_failed_import_is_discarded(advisor, client_for):
    checked = mentor_import.upload_mentor_file(
        advisor=advisor, file_name="alumni.csv", data=csv_of(row(1))
    )
    mentor_import.start_mentor_import(advisor=advisor, import_id=checked.pk)
    MentorImport.objects.filter(pk=checked.pk).update(status=ImportStatus.FAILED)

    response = client_for(advisor).post(reverse("mentor_import_discard", args=[checked.pk]))

    assert response["Location"] == reverse("mentor_import_upload")
    assert MentorImport.objects.get().status == ImportStatus.DISCARDED


@override_settings(MENTOR_IMPORT_INLINE_ROWS=2)
def test_a_worker_that_finishes_after_the_stall_writes_nothing(advisor, client_for):
    browser = client_for(advisor)
    with time_machine.travel(NOW, tick=False):
        the_import = started_large_import(advisor, browser)
    with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
        browser.get(reverse("mentor_import_detail", args=[the_import.pk]))

    # A late delivery finds nothing to do; the rows are not written.
    assert tasks.run_mentor_import(the_import.pk) == ""
    assert User.objects.filter(email__startswith="alum").count() == 0
    assert MentorImport.objects.get().status == ImportStatus.FAILED
