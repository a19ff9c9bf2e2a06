from django.shortcuts import redirect, render
from django.utils import timezone

from careerconnect.models import Role

from ..domain import dashboards
from ..domain.directory import responsiveness_days
from ..enums import Party
from ..models import MentorProfile
from .access import onboarded_required


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "interviews/home.html")


@onboarded_required
def dashboard(request):
    user = request.user
    if user.role == Role.ADVISOR:
        return redirect("advisor_dashboard")
    now = timezone.now()
    party = Party.STUDENT if user.role == Role.STUDENT else Party.MENTOR
    context = {
        "party": party,
        "needs_action": dashboards.needs_action(user, party=party, now=now),
        "follow_ups": dashboards.after_meeting_tasks(user, party=party, now=now),
        "upcoming": dashboards.upcoming_meetings(user, now=now),
        "counts": dashboards.request_counts(user, party=party),
    }
    if party == Party.MENTOR:
        profile = MentorProfile.objects.get(user=user)
        context["profile"] = profile
        context["responsiveness_days"] = responsiveness_days(profile)
    return render(request, "interviews/dashboard.html", context)
