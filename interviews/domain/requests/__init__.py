"""The request's transitions before a meeting exists: one function each.

send → PENDING; mentor: accept (→ CONFIRMED), counter-propose (→
COUNTER_PROPOSED), decline; student: accept a counter-proposed time, propose
again (→ PENDING), withdraw; the system: expire. Callers import them from
here; the modules split them by concern.
"""

from .answers import (
    accept_slot,
    counter_propose,
    decline_request,
    decline_unavailable_request,
    propose_again,
    withdraw_request,
)
from .expiry import expire_due_requests, expire_request
from .responsiveness import refresh_responsiveness
from .sending import (
    RequestDraft,
    check_request,
    check_request_times,
    send_request,
    why_student_cannot_request,
)

__all__ = [
    "RequestDraft",
    "accept_slot",
    "check_request",
    "check_request_times",
    "counter_propose",
    "decline_request",
    "decline_unavailable_request",
    "expire_due_requests",
    "expire_request",
    "propose_again",
    "refresh_responsiveness",
    "send_request",
    "why_student_cannot_request",
    "withdraw_request",
]
