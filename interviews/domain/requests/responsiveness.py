""" "Usually replies within N days": how long a mentor lets requests wait."""

import statistics

from django.db.models import Q
from django.db.models.functions import Coalesce

from ...enums import (
    RequestStatus,
)
from ...models import InterviewRequest, MentorProfile

# How many recent requests "usually replies within N days" looks at.
RESPONSIVENESS_SAMPLE = 20


def refresh_responsiveness(mentor) -> None:
    """Recompute "usually replies within N days" from the latest requests.

    A request that expired without any answer counts as the time it waited:
    ignoring requests must not make a mentor look quick.
    """
    answered = InterviewRequest.objects.filter(mentor=mentor, first_response_at__isnull=False)
    ignored = Q(status=RequestStatus.EXPIRED, first_response_at__isnull=True)
    recent = (
        InterviewRequest.objects.filter(mentor=mentor)
        .filter(Q(first_response_at__isnull=False) | ignored)
        .annotate(ended_waiting=Coalesce("first_response_at", "expired_at"))
        .order_by("-ended_waiting")
        .values_list("sent_at", "ended_waiting")[:RESPONSIVENESS_SAMPLE]
    )
    hours = [(ended - sent).total_seconds() / 3600 for sent, ended in recent]
    MentorProfile.objects.filter(user=mentor).update(
        median_response_hours=statistics.median(hours) if hours else None,
        answered_request_count=answered.count(),
    )
