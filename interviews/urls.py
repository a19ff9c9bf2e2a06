from django.urls import path

from .views import account, advisor, compose, directory, home, lists, meetings, profiles, requests

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/", home.dashboard, name="dashboard"),
    path("onboarding/", profiles.onboarding, name="onboarding"),
    path("profile/", profiles.profile_edit, name="profile_edit"),
    path("account/delete/", account.account_delete, name="account_delete"),
    path("mentors/", directory.mentor_directory, name="mentor_directory"),
    path("mentors/<int:mentor_id>/", directory.mentor_detail, name="mentor_detail"),
    path("mentors/<int:mentor_id>/request/", compose.new_request, name="request_new"),
    path("requests/", lists.my_requests, name="my_requests"),
    path("inbox/", lists.inbox, name="inbox"),
    path("requests/<int:request_id>/", requests.request_detail, name="request_detail"),
    path("requests/<int:request_id>/accept/", requests.accept_time, name="request_accept"),
    path("requests/<int:request_id>/propose/", requests.propose_times, name="request_propose"),
    path("requests/<int:request_id>/decline/", requests.decline, name="request_decline"),
    path("requests/<int:request_id>/withdraw/", requests.withdraw, name="request_withdraw"),
    path("requests/<int:request_id>/cancel/", meetings.cancel, name="meeting_cancel"),
    path("requests/<int:request_id>/reschedule/", meetings.reschedule, name="meeting_reschedule"),
    path(
        "requests/<int:request_id>/reschedule/accept/",
        meetings.accept_reschedule,
        name="meeting_reschedule_accept",
    ),
    path(
        "requests/<int:request_id>/reschedule/decline/",
        meetings.decline_reschedule,
        name="meeting_reschedule_decline",
    ),
    path(
        "requests/<int:request_id>/reschedule/withdraw/",
        meetings.withdraw_reschedule,
        name="meeting_reschedule_withdraw",
    ),
    path("requests/<int:request_id>/details/", meetings.edit_details, name="meeting_details"),
    path("advisor/requests/", advisor.advisor_requests, name="advisor_requests"),
    path("advisor/mentors/pending/", advisor.pending_mentors, name="pending_mentors"),
    path(
        "advisor/mentors/<int:profile_id>/decide/",
        advisor.decide_mentor,
        name="decide_mentor",
    ),
]
