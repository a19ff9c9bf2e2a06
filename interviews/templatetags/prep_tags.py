"""The request page's panel: the preparation (the mentor sees shared questions).

The student sees their progress and the way to their preparation page; the
mentor sees the questions while the student shares them; advisors see nothing
of it (the preparation is private).
"""

from django import template

from ..domain import prep
from ..domain.actions import Action

register = template.Library()


@register.inclusion_tag("interviews/panels/prep.html", takes_context=True)
def prep_panel(context, interview_request, part):
    return {
        "ir": interview_request,
        "part": part,
        "user": context["user"],
        "summary": prep.summary(request=interview_request, part=part),
        "prepare": Action.PREPARE.value in context.get("actions", ()),
    }
