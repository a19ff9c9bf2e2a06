"""Refusals the domain explains to people. Every message is fit for the page."""


class DomainError(Exception):
    """A rule refused the action; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The action does not fit the request's state or the person's part in it."""


class StaleRequest(DomainError):
    """The request changed since the form was shown (another tab, a replay)."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "This request changed while you were looking at it (perhaps in another tab). "
            "Nothing was changed; here is where it stands now."
        )


class LimitReached(DomainError):
    """A program limit (open requests, capacity, one request per mentor) applies."""


class InvalidSlots(DomainError):
    """Proposed times broke a rule; `errors` maps the slot's position to why."""

    def __init__(self, errors: dict[int, str], message: str = ""):
        super().__init__(message or "Some of the proposed times can't be used.")
        self.errors = errors


class NotFound(LookupError):
    """Nothing the person may see has this id: views answer 404, as for a page
    that does not exist. Not a DomainError: there is nothing to explain on the
    page, and a form's `except DomainError` must not turn it into a message."""
