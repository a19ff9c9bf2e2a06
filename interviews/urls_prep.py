"""URLs of the prep pages and the question bank (included by interviews/urls.py)."""

from django.urls import path

from .views import bank, prep

urlpatterns: list = [
    path("requests/<int:request_id>/prepare/", prep.workspace, name="prep_workspace"),
    path("requests/<int:request_id>/prepare/notes/", prep.save_notes, name="prep_notes"),
    path("requests/<int:request_id>/prepare/bank/", prep.pick_from_bank, name="prep_bank"),
    path(
        "requests/<int:request_id>/prepare/questions/add/",
        prep.add_question,
        name="prep_question_add",
    ),
    path(
        "requests/<int:request_id>/prepare/questions/move/",
        prep.move_question,
        name="prep_question_move",
    ),
    path(
        "requests/<int:request_id>/prepare/questions/remove/",
        prep.remove_question,
        name="prep_question_remove",
    ),
    path("requests/<int:request_id>/prepare/share/", prep.share, name="prep_share"),
    path("requests/<int:request_id>/prepare/unshare/", prep.stop_sharing, name="prep_unshare"),
    path(
        "requests/<int:request_id>/prepare/checklist/",
        prep.save_checklist,
        name="prep_checklist",
    ),
    path("advisor/questions/", bank.question_bank, name="question_bank"),
    path("advisor/questions/new/", bank.new_question, name="question_bank_new"),
    path(
        "advisor/questions/<int:question_id>/edit/",
        bank.edit_question,
        name="question_bank_edit",
    ),
    path(
        "advisor/questions/<int:question_id>/retire/",
        bank.retire_question,
        name="question_bank_retire",
    ),
    path(
        "advisor/questions/<int:question_id>/reactivate/",
        bank.reactivate_question,
        name="question_bank_reactivate",
    ),
]
