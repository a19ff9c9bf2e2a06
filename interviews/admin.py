"""The Django admin is for operators; advisors work in the app."""

from django.contrib import admin
from django.db import models

from .domain.directory import refresh_search_vector, refresh_search_vectors
from .models import (
    Industry,
    InterviewRequest,
    Major,
    Meeting,
    MentorProfile,
    Message,
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


@admin.register(InterviewRequest)
class InterviewRequestAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the domain's transition functions."""

    list_display = ["pk", "student", "mentor", "status", "sent_at"]
    list_filter = ["status", "format"]
    search_fields = ["student__email", "mentor__email"]
    inlines = [SlotInline, TransitionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["request", "starts_at", "format", "sequence"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "author_party", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False
