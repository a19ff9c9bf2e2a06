"""URLs of the outcome pages (included by interviews/urls.py)."""

from django.urls import path

from .views import outcome

urlpatterns = [
    path("requests/<int:request_id>/outcome/", outcome.report_outcome, name="meeting_outcome"),
    path("requests/<int:request_id>/feedback/", outcome.leave_feedback, name="mentor_feedback"),
]
