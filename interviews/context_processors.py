"""What the site's menu needs on every page."""

from .domain.moderation import open_report_count


def advisor_menu(request) -> dict:
    """Advisors' menu: the open reports, counted only when the menu shows them.

    The template calls the function (once, under {% with %}); nobody else pays
    for the query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_advisor:
        return {}
    return {"open_report_count": open_report_count}
