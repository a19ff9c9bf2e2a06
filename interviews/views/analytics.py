"""The advisors' activity dashboard and its CSV export."""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from careerconnect.models import Role

from ..charts import funnel_chart, weekly_chart
from ..domain.analytics import attention, breakdowns, figures, series
from ..domain.analytics.export import csv_lines, export_rows
from ..domain.analytics.scope import program_zone
from ..domain.program import get_program_settings
from ..forms.analytics import DashboardFilterForm
from .access import role_required


def _filter_form(request) -> DashboardFilterForm:
    # Today in the program's zone (the middleware activates the advisor's own).
    today = timezone.localdate(timezone=program_zone())
    return DashboardFilterForm(request.GET or None, today=today)


@role_required(Role.ADVISOR)
def advisor_dashboard(request):
    form = _filter_form(request)
    scope = form.scope()
    now = timezone.now()
    request_figures = figures.request_figures(scope)
    stages = series.funnel(request_figures)
    weeks = series.weekly_series(scope)
    program = get_program_settings()
    waiting_days = form.waiting_days_value()
    context = {
        "form": form,
        "day_range": form.day_range(),
        "scope": scope,
        "requests": request_figures,
        "median_hours": figures.median_hours_to_first_answer(scope),
        "active_mentors": figures.active_mentors(scope),
        "meetings": figures.meeting_figures(scope, now=now),
        "stages": stages,
        "funnel_chart": funnel_chart(stages),
        "weeks": weeks,
        "weekly_chart": weekly_chart(weeks),
        "by_major": breakdowns.by_major(scope),
        "by_class_year": breakdowns.by_class_year(scope),
        "by_industry": breakdowns.by_industry(scope),
        "by_employer": breakdowns.by_employer(scope),
        "top_by_held": breakdowns.top_mentors_by_meetings_held(scope),
        "top_by_responsiveness": breakdowns.top_mentors_by_responsiveness(scope),
        "waiting_days": waiting_days,
        "waiting_mentors": attention.mentors_with_waiting_requests(
            scope, now=now, days=waiting_days
        ),
        "students_needing_attention": attention.students_needing_attention(
            scope, now=now, grace_hours=program.thank_you_nudge_hours_after
        ),
        "recent_activity": attention.recent_activity(scope, now=now),
        "export_query": request.GET.urlencode(),
        "program_zone_name": settings.TIME_ZONE,
    }
    return render(request, "interviews/advisor/dashboard.html", context)


@role_required(Role.ADVISOR)
def advisor_export(request):
    """The requests the dashboard counts, as CSV, streamed whatever the size."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        # The page falls back to defaults and says so; a file would do it silently.
        return render(request, "interviews/advisor/export_refused.html", {"form": form}, status=400)
    day_range = form.day_range()
    response = StreamingHttpResponse(
        csv_lines(export_rows(form.scope())), content_type="text/csv; charset=utf-8"
    )
    filename = f"careerconnect-requests-{day_range.first_day}-to-{day_range.last_day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
