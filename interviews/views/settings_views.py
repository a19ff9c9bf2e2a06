"""Email preferences and the private calendar feed URL."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..domain.links import absolute
from ..domain.preferences import feed_of, preferences_of, renew_feed_token
from ..models import NotificationPreferences
from .acting import posted


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreferences
        fields = ["request_nudges", "meeting_reminders", "thank_you_reminders", "outcome_prompts"]
        help_texts = {
            "request_nudges": "For mentors: a reminder when a student's request waits for you.",
            "meeting_reminders": "Sent the day before each meeting.",
            "thank_you_reminders": "For students: after a meeting, a reminder to say thank you.",
            "outcome_prompts": (
                "After a meeting: did it take place? (Without an answer it is taken as held.)"
            ),
        }


@login_required
def email_settings(request):
    data = posted(request)
    form = EmailPreferencesForm(data, instance=preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("email_settings")
    feed = feed_of(request.user)
    return render(
        request,
        "interviews/email_settings.html",
        {
            "form": form,
            "feed_url": absolute(reverse("calendar_feed", args=[feed.token])),
        },
    )


@login_required
@require_POST
def renew_feed(request):
    renew_feed_token(request.user)
    messages.success(request, "Your calendar feed has a new address; the old one no longer works.")
    return redirect("email_settings")
