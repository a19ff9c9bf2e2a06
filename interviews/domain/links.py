"""Signed links in emails: accept a time in one click, stop a kind of email.

An accept link names the request, the time and the request's version when the
email was written: once anything changes (the time is accepted, the student
withdraws, new times are proposed), the version no longer matches and the
link stops working. It also expires. Opening it shows a confirmation page;
only the button on that page changes anything.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

ACCEPT_SALT = "careerconnect.accept-time"
UNSUBSCRIBE_SALT = "careerconnect.unsubscribe"
ACCEPT_LINK_MAX_AGE = 14 * 24 * 3600


class BadLink(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AcceptTicket:
    request_id: int
    slot_id: int
    version: int


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def accept_token(*, request_id: int, slot_id: int, version: int) -> str:
    return signing.dumps(
        {"request": request_id, "slot": slot_id, "version": version}, salt=ACCEPT_SALT
    )


def accept_url(*, request_id: int, slot_id: int, version: int) -> str:
    token = accept_token(request_id=request_id, slot_id=slot_id, version=version)
    return absolute(reverse("accept_from_email", args=[token]))


def read_accept_token(token: str) -> AcceptTicket:
    try:
        data = signing.loads(token, salt=ACCEPT_SALT, max_age=ACCEPT_LINK_MAX_AGE)
        return AcceptTicket(int(data["request"]), int(data["slot"]), int(data["version"]))
    except signing.SignatureExpired:
        raise BadLink("This link has expired. Open the request to answer it.") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink("This link is not valid. Open the request to answer it.") from None


def unsubscribe_token(*, user_id: int, optional_email: str) -> str:
    return signing.dumps({"user": user_id, "email": optional_email}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user_id: int, optional_email: str) -> str:
    token = unsubscribe_token(user_id=user_id, optional_email=optional_email)
    return absolute(reverse("unsubscribe", args=[token]))


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["user"]), str(data["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink(
            "This link is not valid. Change your email settings after signing in."
        ) from None
