"""The Django admin is for operators; advisors work in the app."""

from django.contrib import admin, messages
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import ngettext

from .domain import delivery
from .domain.directory import refresh_search_vector, refresh_search_vectors
from .models import (
    BankQuestion,
    Industry,
    InterviewRequest,
    Major,
    Meeting,
    MentorProfile,
    Message,
    Notification,
    NotificationPreferences,
    ProgramSettings,
    ProposedSlot,
    StudentProfile,
    Term,
    Transition,
)

URL_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Major, Industry)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(obj, Industry) and "name" in form.changed_data:
            # The industry's name is part of its mentors' search documents.
            refresh_search_vectors(MentorProfile.objects.filter(industry=obj))


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(BankQuestion)
class BankQuestionAdmin(admin.ModelAdmin):
    """Advisors edit the bank in the app; operators may correct it here."""

    list_display = ["text", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["text"]


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ProgramSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["user", "class_year"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = [
        "user",
        "employer",
        "job_title",
        "industry",
        "approval_state",
        "accepting_requests",
    ]
    list_filter = ["approval_state", "accepting_requests", "industry"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "employer"]
    autocomplete_fields = ["user"]
    # Approval is the advisors' decision, made (and recorded) in the app.
    readonly_fields = ["approval_state", "approval_changed_at", "approval_changed_by"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_search_vector(obj)


class SlotInline(admin.TabularInline):
    model = ProposedSlot
    extra = 0
    readonly_fields = ["starts_at", "ends_at", "proposed_by", "round", "created_at"]
    can_delete = False


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = [
        "event",
        "from_status",
        "to_status",
        "actor",
        "actor_party",
        "note",
        "created_at",
    ]
    can_delete = False


class HistoryAdmin(admin.ModelAdmin):
    """Read-only for operators: every change goes through the domain's
    transition functions, which keep the history and the emails consistent."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InterviewRequest)
class InterviewRequestAdmin(HistoryAdmin):
    list_display = ["pk", "student", "mentor", "status", "sent_at"]
    list_filter = ["status", "format"]
    search_fields = ["student__email", "mentor__email"]
    inlines = [SlotInline, TransitionInline]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["request", "starts_at", "format", "sequence"]


@admin.register(Message)
class MessageAdmin(HistoryAdmin):
    list_display = ["request", "kind", "author_party", "created_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for staff: what went out, what waits, what failed and why.

    Read-only: rows change only through the domain. The one thing staff do
    here is send failed rows again.
    """

    list_display = ["kind", "recipient", "status", "due_at", "attempts", "sent_at", "error"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__email"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient"]
    actions = ["retry"]
    fields = [
        "kind",
        "recipient",
        "request",
        "meeting",
        "status",
        "due_at",
        "attempts",
        "last_error",
        "sent_at",
        "message_id",
        "claimed_at",
        "idempotency_key",
        "payload",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description="last error")
    def error(self, notification: Notification) -> str:
        return Truncator(notification.last_error).chars(80)

    @admin.action(description="Retry the selected failed notifications", permissions=["retry"])
    def retry(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        queued = delivery.retry(selected)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification went back to the queue.",
                "%(count)d notifications went back to the queue.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS if queued else messages.WARNING,
        )
        skipped = len(selected) - queued
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected notification had not failed and was left alone.",
                    "%(count)d selected notifications had not failed and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def has_retry_permission(self, request) -> bool:
        # The rows are read-only in the admin; retrying needs the change permission.
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreferences)
class NotificationPreferencesAdmin(admin.ModelAdmin):
    """Who turned which optional emails off (they change it on their settings page)."""

    list_display = [
        "user",
        "request_nudges",
        "meeting_reminders",
        "thank_you_reminders",
        "updated_at",
    ]
    list_filter = ["request_nudges", "meeting_reminders", "thank_you_reminders"]
    search_fields = ["user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
