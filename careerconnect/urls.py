from django.contrib import admin
from django.urls import include, path

from . import health, mailbox_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Ahead of allauth's own, to preselect the role from ?role=.
    path("accounts/signup/", views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("dev/mailbox/", mailbox_views.mailbox_index, name="mailbox"),
    path("dev/mailbox/<str:name>/", mailbox_views.mailbox_message, name="mailbox_message"),
    path(
        "dev/mailbox/<str:name>/part/<int:index>/",
        mailbox_views.mailbox_part,
        name="mailbox_part",
    ),
    path("dev/mailbox/<str:name>/raw/", mailbox_views.mailbox_raw, name="mailbox_raw"),
    path("", include("interviews.urls")),
]

handler403 = "careerconnect.errors.permission_denied"
handler404 = "careerconnect.errors.page_not_found"
handler500 = "careerconnect.errors.server_error"
# allauth's rate limits answer with this one.
handler429 = "careerconnect.errors.too_many_requests"
