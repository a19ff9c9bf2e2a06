"""After sign-up: the onboarding step fills the profile; later edits on /profile/."""

from datetime import UTC, datetime

import pytest
import time_machine

from careerconnect.models import Role
from interviews.domain.profiles import approve_mentor
from interviews.enums import ApprovalState
from interviews.models import MentorProfile, StudentProfile
from tests.factories import (
    AdvisorFactory,
    MentorFactory,
    StudentFactory,
    UserFactory,
    industry,
    major,
)

from .helpers import alert_texts, message_texts, page_title

MOMENT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
FORM_ALERT = "Please correct the highlighted fields below; nothing was sent."


def new_person(role: str):
    """Somebody who signed up and confirmed, but has not filled a profile yet."""
    return UserFactory(
        role=role,
        email=f"new-{role}@example.edu",
        first_name="Nia",
        last_name="New",
        time_zone="UTC",
        onboarded_at=None,
    )


def student_profile_data(**overrides) -> dict:
    data = {
        "first_name": "Noor",
        "last_name": "Haddad",
        "time_zone": "America/Chicago",
        "majors": [major("computer-science").pk, major("economics").pk],
        "class_year": "2027",
        "interests": [industry("technology").pk, industry("consulting").pk],
        "bio": "I like building things and want to see how teams ship software.",
        "linkedin_url": "https://www.linkedin.com/in/noor-haddad",
    }
    data.update(overrides)
    return data


def mentor_profile_data(**overrides) -> dict:
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "time_zone": "America/New_York",
        "job_title": "Staff Engineer",
        "employer": "Harbor Compilers",
        "industry": industry("technology").pk,
        "location": "Arlington, VA",
        "graduation_year": "2009",
        "majors": [major("computer-science").pk],
        "bio": "Mathematics, then the navy, then compilers.",
        "topics": "Compilers; leading teams.",
        "offers_video": "on",
        "offers_in_person": "on",
        "default_video_link": "https://meet.example.com/grace",
        "default_meeting_place": "The library café",
        "phone": "+1 555 0100",
        "accepting_requests": "on",
        "monthly_capacity": "5",
        "minimum_notice_hours": "48",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.STUDENT, "/dashboard/"),
        (Role.STUDENT, "/mentors/"),
        (Role.STUDENT, "/requests/"),
        (Role.STUDENT, "/profile/"),
        (Role.MENTOR, "/dashboard/"),
        (Role.MENTOR, "/mentors/"),
        (Role.MENTOR, "/inbox/"),
        (Role.MENTOR, "/profile/"),
    ],
)
def test_new_people_are_sent_to_onboarding(client_for, role, path):
    response = client_for(new_person(role)).get(path)

    assert response.status_code == 302
    assert response["Location"] == "/onboarding/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STUDENT, Role.MENTOR])
def test_onboarding_page_shows_the_profile_form_with_name_and_zone(client_for, role):
    response = client_for(new_person(role)).get("/onboarding/")

    assert response.status_code == 200
    assert page_title(response) == "Your profile · CareerConnect"
    form = response.context["form"]
    assert list(form.fields)[:3] == ["first_name", "last_name", "time_zone"]
    assert (form["first_name"].value(), form["time_zone"].value()) == ("Nia", "UTC")
    # The browser's own zone is offered (not imposed) during onboarding only.
    assert form.fields["time_zone"].widget.attrs["data-suggest-browser-zone"] == "hint"


@pytest.mark.django_db
def test_student_onboarding_saves_profile_name_and_zone(client_for):
    person = new_person(Role.STUDENT)
    browser = client_for(person)

    with time_machine.travel(MOMENT, tick=False):
        response = browser.post("/onboarding/", student_profile_data())

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert message_texts(response) == ["Welcome! Your profile is ready."]
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.time_zone, person.onboarded_at) == (
        "Noor",
        "Haddad",
        "America/Chicago",
        MOMENT,
    )
    profile = StudentProfile.objects.get(user=person)
    assert (profile.class_year, profile.linkedin_url) == (
        2027,
        "https://www.linkedin.com/in/noor-haddad",
    )
    assert profile.bio == "I like building things and want to see how teams ship software."
    assert sorted(profile.majors.values_list("slug", flat=True)) == [
        "computer-science",
        "economics",
    ]
    assert sorted(profile.interests.values_list("slug", flat=True)) == [
        "consulting",
        "technology",
    ]
    assert browser.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_student_onboarding_accepts_linkedin_without_scheme(client_for):
    person = new_person(Role.STUDENT)

    client_for(person).post(
        "/onboarding/", student_profile_data(linkedin_url="linkedin.com/in/noor")
    )

    assert StudentProfile.objects.get(user=person).linkedin_url == "https://linkedin.com/in/noor"


@pytest.mark.django_db
def test_mentor_onboarding_saves_profile_and_waits_for_approval(client_for):
    person = new_person(Role.MENTOR)
    browser = client_for(person)

    with time_machine.travel(MOMENT, tick=False):
        response = browser.post("/onboarding/", mentor_profile_data())

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert message_texts(response) == [
        "Thank you! A career advisor will review your profile; students can "
        "find you in the directory once it is approved."
    ]
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.time_zone, person.onboarded_at) == (
        "Grace",
        "Hopper",
        "America/New_York",
        MOMENT,
    )
    profile = MentorProfile.objects.get(user=person)
    assert profile.approval_state == ApprovalState.PENDING
    assert (profile.job_title, profile.employer, profile.industry.slug, profile.location) == (
        "Staff Engineer",
        "Harbor Compilers",
        "technology",
        "Arlington, VA",
    )
    assert profile.formats == ["video", "in_person"]
    assert (profile.monthly_capacity, profile.minimum_notice_hours, profile.graduation_year) == (
        5,
        48,
        2009,
    )
    assert (profile.default_video_link, profile.default_meeting_place, profile.phone) == (
        "https://meet.example.com/grace",
        "The library café",
        "+1 555 0100",
    )
    assert list(profile.majors.values_list("slug", flat=True)) == ["computer-science"]
    assert browser.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_pending_mentor_is_not_in_directory_until_approved(client_for, student, advisor):
    person = new_person(Role.MENTOR)
    client_for(person).post("/onboarding/", mentor_profile_data())
    profile = MentorProfile.objects.get(user=person)
    student_browser = client_for(student)

    listed = student_browser.get("/mentors/")
    detail = student_browser.get(f"/mentors/{person.pk}/")
    searched = student_browser.get("/mentors/", {"q": "compilers"})

    assert [item.user_id for item in listed.context["page"]] == []
    assert detail.status_code == 404
    assert [item.user_id for item in searched.context["page"]] == []
    # The mentor sees their own page while waiting.
    assert client_for(person).get(f"/mentors/{person.pk}/").status_code == 200
    # Onboarded and pending: on the advisors' list.
    pending = client_for(advisor).get("/advisor/mentors/pending/")
    assert [item.pk for item in pending.context["page"]] == [profile.pk]

    decided = client_for(advisor).post(
        f"/advisor/mentors/{profile.pk}/decide/", {"decision": "approve"}
    )

    assert decided.status_code == 302
    profile.refresh_from_db()
    assert profile.approval_state == ApprovalState.APPROVED
    assert [item.user_id for item in student_browser.get("/mentors/").context["page"]] == [
        person.pk
    ]
    assert [
        item.user_id
        for item in student_browser.get("/mentors/", {"q": "compilers"}).context["page"]
    ] == [person.pk]
    assert student_browser.get(f"/mentors/{person.pk}/").status_code == 200


@pytest.mark.django_db
def test_mentor_without_any_format_is_refused_and_keeps_input(client_for):
    person = new_person(Role.MENTOR)
    data = mentor_profile_data()
    del data["offers_video"], data["offers_in_person"]

    response = client_for(person).post("/onboarding/", data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"offers_video": ["Offer at least one way to talk."]}
    assert (form["employer"].value(), form["first_name"].value()) == (
        "Harbor Compilers",
        "Grace",
    )
    assert alert_texts(response) == [FORM_ALERT]
    assert MentorProfile.objects.filter(user=person).exists() is False
    person.refresh_from_db()
    assert (person.first_name, person.onboarded_at) == ("Nia", None)


@pytest.mark.django_db
def test_mentor_onboarding_requires_title_employer_and_industry(client_for):
    person = new_person(Role.MENTOR)

    response = client_for(person).post(
        "/onboarding/", mentor_profile_data(job_title="", employer="", industry="")
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "job_title": ["This field is required."],
        "employer": ["This field is required."],
        "industry": ["This field is required."],
    }
    assert MentorProfile.objects.count() == 0


@pytest.mark.django_db
def test_invalid_linkedin_url_is_refused_and_keeps_input(client_for):
    person = new_person(Role.STUDENT)

    response = client_for(person).post(
        "/onboarding/", student_profile_data(linkedin_url="https://not a url")
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"linkedin_url": ["Enter a valid URL."]}
    assert alert_texts(response) == [FORM_ALERT]
    assert (form["bio"].value(), form["linkedin_url"].value(), form["last_name"].value()) == (
        "I like building things and want to see how teams ship software.",
        "https://not a url",
        "Haddad",
    )
    assert [str(pk) for pk in form["majors"].value()] == [
        str(major("computer-science").pk),
        str(major("economics").pk),
    ]
    assert StudentProfile.objects.filter(user=person).exists() is False
    person.refresh_from_db()
    assert (person.first_name, person.onboarded_at) == ("Nia", None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STUDENT, Role.MENTOR])
def test_unknown_time_zone_is_refused_and_keeps_input(client_for, role):
    person = new_person(role)
    data = student_profile_data if role == Role.STUDENT else mentor_profile_data

    response = client_for(person).post("/onboarding/", data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "time_zone": [
            "Select a valid choice. Mars/Olympus_Mons is not one of the available choices."
        ]
    }
    assert form["first_name"].value() == data()["first_name"]
    person.refresh_from_db()
    assert (person.time_zone, person.onboarded_at) == ("UTC", None)


@pytest.mark.django_db
def test_onboarded_person_is_sent_from_onboarding_to_profile(client_for, student):
    response = client_for(student).get("/onboarding/")

    assert response.status_code == 302
    assert response["Location"] == "/profile/"


@pytest.mark.django_db
def test_onboarded_person_cannot_onboard_again_by_post(client_for, student):
    onboarded_at = student.onboarded_at

    response = client_for(student).post("/onboarding/", student_profile_data(first_name="Other"))

    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    student.refresh_from_db()
    assert (student.first_name, student.onboarded_at) == ("Sophie", onboarded_at)


@pytest.mark.django_db
def test_advisor_has_no_profile_page(client_for, advisor):
    browser = client_for(advisor)

    profile = browser.get("/profile/")
    onboarding = browser.get("/onboarding/")

    assert profile.status_code == 403
    assert profile.templates[0].name == "errors/403.html"
    # Advisors never onboard: the step sends them on to the profile page (403 above).
    assert (onboarding.status_code, onboarding["Location"]) == (302, "/profile/")


@pytest.mark.django_db
def test_advisor_without_onboarding_reaches_advisor_pages(client_for):
    # Like one made by `create_advisor`: never onboarded, and never asked to.
    browser = client_for(AdvisorFactory(onboarded_at=None))

    dashboard = browser.get("/dashboard/")
    activity = browser.get("/advisor/")
    requests = browser.get("/advisor/requests/")

    assert (dashboard.status_code, dashboard["Location"]) == (302, "/advisor/")
    assert activity.templates[0].name == "interviews/advisor/dashboard.html"
    assert requests.status_code == 200
    assert requests.templates[0].name == "interviews/advisor/requests.html"


@pytest.mark.django_db
def test_student_edits_profile_later_and_nothing_else_changes(client_for):
    with time_machine.travel(MOMENT, tick=False):
        person = StudentFactory(email="later@example.edu")
    before = StudentProfile.objects.get(user=person)
    browser = client_for(person)

    page = browser.get("/profile/")
    response = browser.post(
        "/profile/",
        student_profile_data(bio="Now curious about data science.", time_zone="Asia/Kolkata"),
    )

    assert page.status_code == 200
    assert page_title(page) == "Your profile · CareerConnect"
    assert page.context["form"].fields["time_zone"].widget.attrs["data-suggest-browser-zone"] == (
        "false"
    )
    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    assert message_texts(response) == ["Your profile is saved."]
    person.refresh_from_db()
    assert (person.time_zone, person.onboarded_at, person.email, person.role) == (
        "Asia/Kolkata",
        MOMENT,
        "later@example.edu",
        Role.STUDENT,
    )
    profile = StudentProfile.objects.get(user=person)
    assert (profile.pk, profile.bio, profile.created_at) == (
        before.pk,
        "Now curious about data science.",
        before.created_at,
    )
    assert StudentProfile.objects.count() == 1


@pytest.mark.django_db
def test_approved_mentor_edits_profile_and_stays_approved(client_for, advisor):
    with time_machine.travel(MOMENT, tick=False):
        person = MentorFactory(email="approved@example.edu")
    MentorProfile.objects.filter(user=person).update(
        approval_changed_at=MOMENT,
        approval_changed_by=advisor,
        answered_request_count=4,
        median_response_hours=30.0,
    )
    browser = client_for(person)

    response = browser.post(
        "/profile/",
        mentor_profile_data(job_title="Astronaut", first_name="Maria", last_name="Mentor"),
    )

    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    person.refresh_from_db()
    assert person.onboarded_at == MOMENT
    profile = MentorProfile.objects.get(user=person)
    assert (
        profile.job_title,
        profile.approval_state,
        profile.approval_changed_at,
        profile.approval_changed_by,
        profile.answered_request_count,
        profile.median_response_hours,
    ) == ("Astronaut", ApprovalState.APPROVED, MOMENT, advisor, 4, 30.0)
    # The directory finds the mentor by what they wrote just now.
    student_browser = client_for(StudentFactory())
    found = student_browser.get("/mentors/", {"q": "astronaut"})
    assert [item.user_id for item in found.context["page"]] == [person.pk]


@pytest.mark.django_db
def test_profile_edit_with_bad_input_changes_nothing(client_for, mentor):
    before = MentorProfile.objects.get(user=mentor)

    response = client_for(mentor).post(
        "/profile/",
        mentor_profile_data(default_video_link="meet at noon", first_name="Changed"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"default_video_link": ["Enter a valid URL."]}
    assert response.context["form"]["default_video_link"].value() == "meet at noon"
    mentor.refresh_from_db()
    assert mentor.first_name == "Maria"
    assert MentorProfile.objects.get(user=mentor).default_video_link == before.default_video_link


@pytest.mark.django_db
def test_mentor_is_found_by_a_new_name_after_renaming(client_for, student, advisor):
    person = new_person(Role.MENTOR)
    mentor_browser = client_for(person)
    mentor_browser.post("/onboarding/", mentor_profile_data(last_name="Hopper"))
    approve_mentor(profile_id=MentorProfile.objects.get(user=person).pk, advisor=advisor)
    student_browser = client_for(student)

    def found(query):
        page = student_browser.get("/mentors/", {"q": query}).context["page"]
        return [item.user_id for item in page]

    assert found("Hopper") == [person.pk]

    mentor_browser.post("/profile/", mentor_profile_data(last_name="Quintero"))

    assert (found("Quintero"), found("Hopper")) == ([person.pk], [])
