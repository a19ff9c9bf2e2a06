from django.core.paginator import Paginator
from django.shortcuts import render

from careerconnect.models import Role

from ..domain import dashboards
from ..enums import Party
from .access import role_required

PAGE_SIZE = 20
INBOX_VIEWS = {
    "all": "Everything",
    "answer": "Waiting for your answer",
    "waiting": "Waiting for the student",
    "closed": "Closed",
}


@role_required(Role.MENTOR)
def inbox(request):
    show = request.GET.get("show", "all")
    if show not in INBOX_VIEWS:
        show = "all"
    page = Paginator(dashboards.mentor_inbox(request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "interviews/inbox.html",
        {"page": page, "show": show, "views": INBOX_VIEWS, "party": Party.MENTOR},
    )


@role_required(Role.STUDENT)
def my_requests(request):
    page = Paginator(dashboards.student_requests(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "interviews/my_requests.html", {"page": page, "party": Party.STUDENT})
