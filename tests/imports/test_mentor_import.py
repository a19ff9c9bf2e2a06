"""The alumni mentor import: every row checked, all or nothing, existing
unclaimed mentors updated (never doubled), claimed ones never overwritten,
an invitation through the outbox for each new mentor, a claim link that works
once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from careerconnect.models import Role, User
from interviews import tasks
from interviews.domain import delivery, mentor_import
from interviews.domain.directory import listed_mentors
from interviews.enums import ImportStatus, NotificationKind, NotificationStatus
from interviews.models import MentorImport, MentorProfile, Notification
from tests.factories import MentorFactory, StudentFactory
from tests.notifications.emails_support import deliver_to, links

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
HEADER = ",".join(
    [
        "email",
        "first_name",
        "last_name",
        "graduation_year",
        "employer",
        "job_title",
        "industry",
        "majors",
        "location",
        "bio",
        "topics",
    ]
)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def good_row(n: int, **fields) -> str:
    values = {
        "email": f"alum{n}@example.com",
        "first_name": f"Alum{n}",
        "last_name": "Example",
        "graduation_year": "2010",
        "employer": "Northwind",
        "job_title": "Engineer",
        "industry": "technology",
        "majors": "Computer Science; physics",
        "location": "Boston",
        "bio": "A career in software.",
        "topics": "Interviews",
    }
    values.update(fields)
    return ",".join(values[name] for name in HEADER.split(","))


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def upload(browser, data: bytes, name: str = "alumni.csv"):
    return browser.post(
        reverse("mentor_import_upload"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def uploaded(advisor, data: bytes) -> MentorImport:
    return mentor_import.upload_mentor_file(advisor=advisor, file_name="alumni.csv", data=data)


def imported(advisor, data: bytes) -> MentorImport:
    started = mentor_import.start_mentor_import(
        advisor=advisor, import_id=uploaded(advisor, data).pk
    )
    return mentor_import.run_mentor_import(import_id=started.pk)


def mentor_users():
    return list(
        User.objects.filter(role=Role.MENTOR).order_by("email").values_list("email", flat=True)
    )


def test_good_file_creates_approved_invited_mentors_with_invitations(advisor, client_for):
    browser = client_for(advisor)
    response = upload(browser, csv_of(good_row(1), good_row(2, email="Alum2@Example.COM")))
    the_import = MentorImport.objects.get()
    assert response["Location"] == reverse("mentor_import_detail", args=[the_import.pk])

    response = browser.post(reverse("mentor_import_confirm", args=[the_import.pk]))

    assert response.status_code == 302
    the_import.refresh_from_db()
    assert (the_import.status, the_import.created_count, the_import.processed_rows) == (
        ImportStatus.DONE,
        2,
        2,
    )
    assert mentor_users() == ["alum1@example.com", "alum2@example.com"]
    user = User.objects.get(email="alum1@example.com")
    profile = user.mentor_profile
    assert (user.has_usable_password(), user.onboarded_at, user.first_name) == (
        False,
        None,
        "Alum1",
    )
    assert (profile.approval_state, profile.approval_changed_by, profile.invited_at) == (
        "approved",
        advisor,
        NOW,
    )
    assert profile.claimed_at is None
    assert (profile.employer, profile.industry.slug, profile.graduation_year) == (
        "Northwind",
        "technology",
        2010,
    )
    assert sorted(profile.majors.values_list("slug", flat=True)) == [
        "computer-science",
        "physics",
    ]
    assert sorted(
        Notification.objects.values_list("kind", "recipient__email", "request", "status")
    ) == [
        (NotificationKind.MENTOR_INVITATION, "alum1@example.com", None, NotificationStatus.QUEUED),
        (NotificationKind.MENTOR_INVITATION, "alum2@example.com", None, NotificationStatus.QUEUED),
    ]


def test_nine_good_rows_and_one_bad_row_import_nothing(advisor, client_for):
    rows = [good_row(n) for n in range(1, 10)] + [good_row(10, graduation_year="next year")]
    browser = client_for(advisor)
    upload(browser, csv_of(*rows))
    the_import = MentorImport.objects.get()
    users_before = User.objects.count()

    preview = browser.get(reverse("mentor_import_detail", args=[the_import.pk]))
    confirm = browser.post(reverse("mentor_import_confirm", args=[the_import.pk]))

    assert [
        (r.number, [(e.column, e.message) for e in r.errors])
        for r in preview.context["preview"].error_rows
    ] == [(11, [("graduation_year", "Enter a year from 1940 to 2100, or leave it empty.")])]
    assert confirm.status_code == 302
    assert User.objects.count() - users_before == 0
    assert Notification.objects.count() == 0
    assert MentorImport.objects.get().status == ImportStatus.PREVIEWED


def test_a_row_that_turns_bad_after_the_preview_still_imports_nothing(advisor):
    the_import = uploaded(
        advisor, csv_of(*[good_row(n) for n in range(1, 10)], good_row(10, industry="healthcare"))
    )
    mentor_import.start_mentor_import(advisor=advisor, import_id=the_import.pk)
    from interviews.models import Industry

    Industry.objects.filter(slug="healthcare").update(is_active=False)
    users_before = User.objects.count()

    result = tasks.run_mentor_import(the_import.pk)

    assert result == ImportStatus.FAILED
    assert User.objects.count() - users_before == 0
    assert Notification.objects.count() == 0
    the_import.refresh_from_db()
    assert the_import.failure == (
        "Nothing was imported: rows have errors now (the data changed since the preview, "
        "for example a retired industry). Upload the file again to see them."
    )


def test_each_row_error_names_row_column_and_problem(advisor):
    data = csv_of(
        good_row(1, email="not-an-address"),
        good_row(2, first_name=""),
        good_row(3, industry="Basket weaving"),
        good_row(4, majors="Physics; Alchemy"),
        good_row(5, job_title="x" * 151),
        good_row(6, email="dup@example.com"),
        good_row(7, email="DUP@example.com"),
    )

    preview = mentor_import.preview_rows(uploaded(advisor, data))

    assert [(r.number, [(e.column, e.message) for e in r.errors]) for r in preview.error_rows] == [
        (2, [("email", "This is not a valid email address.")]),
        (3, [("first_name", "This column is required.")]),
        (4, [("industry", "Unknown industry “Basket weaving” (use its name or slug).")]),
        (5, [("majors", "Unknown major “Alchemy” (use names or slugs, separated by ;).")]),
        (6, [("job_title", "At most 150 characters (this has 151).")]),
        (7, [("email", "The same email is also on row 8: keep one row.")]),
        (8, [("email", "The same email is also on row 7: keep one row.")]),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty: it needs a header row and one row per mentor."),
        (
            b"email,first_name\r\na@example.com,A\r\n",
            "The header row lacks the required columns: last_name. "
            "The first row of the file must name the columns.",
        ),
        (
            b"a@example.com,Ann,Lee\r\n",
            "Unknown columns: a@example.com, ann, lee. The columns are: email, first_name, "
            "last_name, graduation_year, employer, job_title, industry, majors, location, "
            "bio, topics The header row lacks the required columns: email, first_name, "
            "last_name. The first row of the file must name the columns.",
        ),
        (
            "email,first_name,last_name\r\nann@example.com,Ann,L\xe9e\r\n".encode("latin-1"),
            "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma "
            "delimited)” and upload it again.",
        ),
        (b"email,first_name,last_name\r\n", "The file has a header row but no mentors."),
    ],
)
def test_unreadable_files_are_explained_on_the_upload_page(advisor, client_for, data, message):
    response = upload(client_for(advisor), data)

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert MentorImport.objects.count() == 0


@override_settings(MENTOR_IMPORT_MAX_BYTES=200)
def test_a_file_over_the_size_limit_is_refused(advisor, client_for):
    response = upload(client_for(advisor), csv_of(*[good_row(n) for n in range(5)]))

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is too large (0 KB); the limit is 0 KB. Split it into several files."
    ]


def test_a_file_with_a_bom_and_shuffled_columns_imports(advisor):
    data = "\ufeffLast_Name,Email,First_Name\r\nLopez,maria@example.com,María\r\n".encode()

    result = imported(advisor, data)

    assert result.status == ImportStatus.DONE
    assert list(
        User.objects.filter(role=Role.MENTOR).values_list("email", "first_name", "last_name")
    ) == [("maria@example.com", "María", "Lopez")]


def test_formula_like_values_are_stored_as_text_and_escaped_on_pages(advisor, client_for):
    data = csv_of(
        good_row(
            1,
            employer='=HYPERLINK("http://x")'.replace('"', '""').join('""'),
            job_title="<b>boss</b>",
            bio="@SUM(1+1)",
        )
    )
    the_import = uploaded(advisor, data)

    page = client_for(advisor).get(reverse("mentor_import_detail", args=[the_import.pk]))
    mentor_import.start_mentor_import(advisor=advisor, import_id=the_import.pk)
    mentor_import.run_mentor_import(import_id=the_import.pk)

    profile = MentorProfile.objects.get(user__email="alum1@example.com")
    assert (profile.employer, profile.job_title, profile.bio) == (
        '=HYPERLINK("http://x")',
        "<b>boss</b>",
        "@SUM(1+1)",
    )
    body = page.content.decode()
    assert "&lt;b&gt;boss&lt;/b&gt;" in body
    assert "<b>boss</b>" not in body


def test_unclaimed_imported_mentors_are_updated_not_doubled(advisor):
    imported(advisor, csv_of(good_row(1)))
    first_invitations = Notification.objects.count()

    result = imported(
        advisor, csv_of(good_row(1, email="ALUM1@example.com", employer="Contoso"), good_row(2))
    )

    assert (result.created_count, result.updated_count, result.unchanged_count) == (1, 1, 0)
    assert mentor_users() == ["alum1@example.com", "alum2@example.com"]
    assert MentorProfile.objects.get(user__email="alum1@example.com").employer == "Contoso"
    # Only the new mentor gets an invitation this time.
    assert Notification.objects.count() - first_invitations == 1


def test_an_unchanged_row_is_reported_unchanged(advisor):
    imported(advisor, csv_of(good_row(1)))

    preview = mentor_import.preview_rows(uploaded(advisor, csv_of(good_row(1))))

    assert [row.action for row in preview.rows] == [mentor_import.Action.UNCHANGED]


def test_claimed_and_self_registered_mentors_and_students_are_never_overwritten(advisor):
    imported(advisor, csv_of(good_row(1)))
    MentorProfile.objects.filter(user__email="alum1@example.com").update(claimed_at=NOW)
    MentorFactory(email="self@example.com", profile__employer="Own words")
    StudentFactory(email="student@example.com", first_name="Stu")
    data = csv_of(
        good_row(1, employer="Overwritten?"),
        good_row(2, email="self@example.com", employer="Overwritten?"),
        good_row(3, email="student@example.com", first_name="Overwritten?"),
    )

    preview = mentor_import.preview_rows(uploaded(advisor, data))
    result = imported(advisor, data)

    assert [row.action for row in preview.rows] == ["claimed", "claimed", "not_a_mentor"]
    assert (result.status, result.created_count, result.updated_count) == (ImportStatus.DONE, 0, 0)
    assert MentorProfile.objects.get(user__email="alum1@example.com").employer == "Northwind"
    assert MentorProfile.objects.get(user__email="self@example.com").employer == "Own words"
    assert User.objects.get(email="student@example.com").first_name == "Stu"


def test_confirming_twice_imports_once(advisor, client_for):
    browser = client_for(advisor)
    the_import = uploaded(advisor, csv_of(good_row(1)))

    browser.post(reverse("mentor_import_confirm", args=[the_import.pk]))
    second = browser.post(reverse("mentor_import_confirm", args=[the_import.pk]))

    assert second.status_code == 302
    assert mentor_users() == ["alum1@example.com"]
    assert Notification.objects.count() == 1


@override_settings(MENTOR_IMPORT_INLINE_ROWS=2)
def test_a_large_file_is_imported_by_the_task_with_progress(advisor, client_for):
    browser = client_for(advisor)
    the_import = uploaded(advisor, csv_of(*[good_row(n) for n in range(1, 31)]))

    browser.post(reverse("mentor_import_confirm", args=[the_import.pk]))
    waiting = browser.get(reverse("mentor_import_detail", args=[the_import.pk]))
    mentor_import.set_progress(the_import.pk, 25)
    halfway = browser.get(reverse("mentor_import_detail", args=[the_import.pk]))
    assert tasks.run_mentor_import(the_import.pk) == ImportStatus.DONE
    done = browser.get(reverse("mentor_import_detail", args=[the_import.pk]))

    assert (waiting["Refresh"], waiting.context["processed"]) == ("2", 0)
    assert (halfway.context["processed"], halfway.context["percent"]) == (25, 83)
    assert done.has_header("Refresh") is False
    assert done.context["processed"] == 30
    assert len(mentor_users()) == 30
    # A task delivered twice does nothing the second time.
    assert tasks.run_mentor_import(the_import.pk) == ""
    assert len(mentor_users()) == 30


def test_imported_mentors_are_listed_once_they_claim(advisor):
    imported(advisor, csv_of(good_row(1)))
    assert listed_mentors().filter(user__email="alum1@example.com").count() == 0

    MentorProfile.objects.filter(user__email="alum1@example.com").update(claimed_at=NOW)

    assert listed_mentors().filter(user__email="alum1@example.com").count() == 1


def test_discarding_a_file_imports_nothing(advisor, client_for):
    the_import = uploaded(advisor, csv_of(good_row(1)))

    response = client_for(advisor).post(reverse("mentor_import_discard", args=[the_import.pk]))

    assert response["Location"] == reverse("mentor_import_upload")
    the_import.refresh_from_db()
    assert the_import.status == ImportStatus.DISCARDED
    assert mentor_users() == []


def test_the_sample_file_previews_without_errors(advisor, client_for):
    sample = client_for(advisor).get(reverse("mentor_import_sample"))

    preview = mentor_import.preview_rows(uploaded(advisor, sample.content))

    assert sample["Content-Type"] == "text/csv; charset=utf-8"
    assert (len(preview.rows), preview.ok) == (2, True)


@pytest.mark.parametrize("count", [1, 3])
def test_upload_page_query_count(advisor, client_for, django_assert_num_queries, count):
    for n in range(count):
        uploaded(advisor, csv_of(good_row(n)))
    browser = client_for(advisor)

    with django_assert_num_queries(4):
        response = browser.get(reverse("mentor_import_upload"))
    assert len(response.context["imports"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_preview_page_query_count(advisor, client_for, django_assert_num_queries, count):
    for n in range(count):
        MentorFactory(email=f"alum{n}@example.com")
    the_import = uploaded(advisor, csv_of(*[good_row(n) for n in range(count)]))
    browser = client_for(advisor)

    with django_assert_num_queries(8):
        response = browser.get(reverse("mentor_import_detail", args=[the_import.pk]))
    assert len(response.context["preview"].rows) == count


# --- The invitation and the claim link ------------------------------------------------


def invitation_link(user) -> str:
    return reverse("mentor_claim", args=[mentor_import.claim_token(user=user)])


def test_the_invitation_email_carries_the_claim_link(advisor):
    imported(advisor, csv_of(good_row(1)))
    user = User.objects.get(email="alum1@example.com")

    received = deliver_to(user, NotificationKind.MENTOR_INVITATION, now=NOW)

    link = "http://testserver" + invitation_link(user)
    assert received.header("To") == "Alum1 Example <alum1@example.com>"
    assert received.subject == "Your career center invites you to mentor students on CareerConnect"
    assert link in received.lines
    assert [item for item in links(received.html) if "/claim/" in item[1]] == [
        ("Claim my account", link)
    ]


def test_the_claim_link_sets_a_password_signs_in_and_goes_to_the_profile(advisor, client):
    imported(advisor, csv_of(good_row(1)))
    user = User.objects.get(email="alum1@example.com")
    link = invitation_link(user)

    page = client.get(link)
    response = client.post(
        link, {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"}
    )

    assert page.status_code == 200
    assert response["Location"] == reverse("onboarding")
    user.refresh_from_db()
    assert user.check_password("a-long-new-password-1")
    assert user.mentor_profile.claimed_at == NOW
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [("alum1@example.com", True, True)]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_replayed_claim_link_shows_a_clear_page(advisor, client):
    imported(advisor, csv_of(good_row(1)))
    user = User.objects.get(email="alum1@example.com")
    link = invitation_link(user)
    client.post(
        link, {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"}
    )

    again = client.post(
        link, {"new_password1": "another-password-22", "new_password2": "another-password-22"}
    )

    assert again.status_code == 410
    assert again.context["message"] == (
        "This invitation was already used: the account is claimed. Sign in with your "
        "email address and password (or reset your password if you forgot it)."
    )
    user.refresh_from_db()
    assert user.check_password("a-long-new-password-1")


def test_an_expired_claim_link_shows_a_clear_page(advisor, client):
    imported(advisor, csv_of(good_row(1)))
    link = invitation_link(User.objects.get(email="alum1@example.com"))

    with time_machine.travel(NOW + timedelta(days=14, seconds=1), tick=False):
        response = client.get(link)

    assert response.status_code == 410
    assert response.context["message"] == (
        "This invitation link has expired (links work for 14 days). Ask your career "
        "center to send you a new invitation, or reset your password with the address "
        "the invitation came to: that claims the account as well."
    )
    assert f'href="{reverse("account_reset_password")}"' in response.content.decode()


def test_a_tampered_claim_link_is_refused(advisor, client):
    imported(advisor, csv_of(good_row(1)))
    token = mentor_import.claim_token(user=User.objects.get(email="alum1@example.com"))

    response = client.get(reverse("mentor_claim", args=[token[:-2] + "xx"]))

    assert response.status_code == 410
    assert response.context["message"] == mentor_import.INVALID_CLAIM


def test_a_weak_password_is_explained(advisor, client):
    imported(advisor, csv_of(good_row(1)))
    link = invitation_link(User.objects.get(email="alum1@example.com"))

    response = client.post(link, {"new_password1": "short", "new_password2": "short"})

    assert response.status_code == 400
    assert response.context["form"].errors["new_password2"] == [
        "This password is too short. It must contain at least 8 characters."
    ]
    assert MentorProfile.objects.get(user__email="alum1@example.com").claimed_at is None


def test_an_invitation_to_a_claimed_account_is_not_sent(advisor, mailoutbox):
    imported(advisor, csv_of(good_row(1)))
    MentorProfile.objects.filter(user__email="alum1@example.com").update(claimed_at=NOW)

    assert delivery.send_due(now=NOW) == 0
    assert list(Notification.objects.values_list("status", "last_error")) == [
        (NotificationStatus.CANCELLED, "The mentor has already claimed the account.")
    ]
