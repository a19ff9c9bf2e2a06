"""URLs of the thanks pages (included by interviews/urls.py): the thank-you
note, the learning log and referrals."""

from django.urls import path

from .views import learning, referrals, thanks

urlpatterns = [
    path("requests/<int:request_id>/thanks/", thanks.thank_you_write, name="thank_you_write"),
    path(
        "requests/<int:request_id>/thanks/another-way/",
        thanks.thanked_another_way,
        name="thanked_another_way",
    ),
    path("requests/<int:request_id>/learning/", learning.learning_note, name="learning_note"),
    path("learning/", learning.learning_log, name="learning_log"),
    path("requests/<int:request_id>/referrals/new/", referrals.referral_new, name="referral_new"),
    path(
        "requests/<int:request_id>/referrals/<int:referral_id>/remove/",
        referrals.referral_remove,
        name="referral_remove",
    ),
]
