"""Helpers for the view tests: read pages as a browser would, snapshot the data.

The HTML reader is the standard library's parser made into a small tree, so
that tests compare exact texts and attribute values instead of substrings.
"""

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from django.contrib.messages import get_messages

from careerconnect.models import User
from interviews.models import (
    BankQuestion,
    InterviewRequest,
    LearningNote,
    Meeting,
    MentorFeedback,
    MentorProfile,
    Message,
    OutcomeReport,
    PreparedQuestion,
    PrepPlan,
    ProposedSlot,
    Referral,
    ThankYouNote,
    Transition,
)

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list = field(default_factory=list)

    def iter(self):
        """This node and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, class_: str | None = None, **attrs) -> list:
        found = []
        for node in self.iter():
            if node is self:
                continue
            if tag is not None and node.tag != tag:
                continue
            if class_ is not None and class_ not in (node.attrs.get("class") or "").split():
                continue
            if any(node.attrs.get(name.rstrip("_")) != value for name, value in attrs.items()):
                continue
            found.append(node)
        return found

    def one(self, tag: str | None = None, *, class_: str | None = None, **attrs) -> "Node":
        """The single element that matches (fails if there are none or several)."""
        found = self.find_all(tag, class_=class_, **attrs)
        assert len(found) == 1, f"expected one <{tag} {class_=} {attrs}>, found {len(found)}"
        return found[0]

    def by_id(self, element_id: str) -> "Node":
        return self.one(id=element_id)

    @property
    def raw_text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.raw_text if isinstance(child, Node) else child)
        return "".join(parts)

    @property
    def text(self) -> str:
        """The visible text with runs of white space made single spaces."""
        return " ".join(self.raw_text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(content: bytes | str) -> Node:
    builder = _TreeBuilder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    builder.close()
    return builder.root


def page(response) -> Node:
    return parse(response.content)


def main(response) -> Node:
    """The page's <main>: what the view rendered, without the site's header."""
    return page(response).one("main")


def field_error(response, name: str) -> str:
    """The error shown next to a form field (crispy's invalid-feedback block)."""
    return page(response).by_id(f"id_{name}_error").text


def non_field_errors(response) -> list[str]:
    alert = main(response).find_all("div", class_="alert-danger")
    return [item.text for block in alert for item in block.find_all("li")]


def form_values(form: Node) -> dict:
    """What a browser would submit from this form (checkboxes as lists).

    The CSRF token is left out: it differs per page, and the test client does
    not check it.
    """
    values: dict = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if node.tag not in ("input", "textarea", "select"):
            continue
        if node.tag == "textarea":
            text = node.raw_text
            # HTML drops the newline right after <textarea>.
            values[name] = text[1:] if text.startswith("\n") else text
        elif node.tag == "select":
            selected = [opt for opt in node.find_all("option") if "selected" in opt.attrs]
            values[name] = selected[0].attrs.get("value") if selected else ""
        elif node.attrs.get("type") == "checkbox":
            values.setdefault(name, [])
            if "checked" in node.attrs:
                values[name].append(node.attrs.get("value"))
        elif node.attrs.get("type") == "radio":
            if "checked" in node.attrs:
                values[name] = node.attrs.get("value")
            else:
                values.setdefault(name, "")
        elif node.attrs.get("type") in ("submit", "button"):
            continue
        elif name in values:
            # Repeated hidden inputs carry a list (the preview's topics).
            previous = values[name]
            values[name] = [*(previous if isinstance(previous, list) else [previous])]
            values[name].append(node.attrs.get("value") or "")
        else:
            values[name] = node.attrs.get("value") or ""
    return values


def choice_values(form: Node, name: str) -> list[str]:
    """The values a radio or checkbox group offers."""
    return [node.attrs["value"] for node in form.find_all("input", name=name)]


def messages_of(response) -> list[tuple[str, str]]:
    """(level, text) of the flash messages the view added."""
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def local_input(moment: datetime, zone: str) -> str:
    """`moment` as a datetime-local field value in the given zone."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def db_snapshot(interview_request: InterviewRequest | None = None) -> dict:
    """Everything a refused action must leave as it was."""
    snapshot = {
        "requests": InterviewRequest.objects.count(),
        "transitions": Transition.objects.count(),
        "messages": Message.objects.count(),
        "slots": ProposedSlot.objects.count(),
        "meetings": Meeting.objects.count(),
        "live_users": User.objects.filter(deleted_at__isnull=True, is_active=True).count(),
        "approvals": list(MentorProfile.objects.order_by("pk").values_list("pk", "approval_state")),
        "meeting_rows": list(
            Meeting.objects.order_by("pk").values_list(
                "pk", "starts_at", "video_link", "location", "phone", "sequence"
            )
        ),
    }
    snapshot |= followup_rows()
    if interview_request is not None:
        snapshot["request"] = (
            InterviewRequest.objects.filter(pk=interview_request.pk)
            .values_list("status", "version", "reschedule_proposed_by")
            .get()
        )
        snapshot["request_milestones"] = (
            InterviewRequest.objects.filter(pk=interview_request.pk)
            .values_list("held_at", "thanked_at")
            .get()
        )
    return snapshot


def followup_rows() -> dict:
    """The rows of the before-and-after-the-meeting features (issue 4)."""
    return {
        "meeting_outcomes": list(
            Meeting.objects.order_by("pk").values_list(
                "pk", "outcome", "outcome_inferred", "outcome_disputed"
            )
        ),
        "outcome_reports": list(
            OutcomeReport.objects.order_by("pk").values_list("pk", "meeting_id", "party", "outcome")
        ),
        "bank_questions": list(
            BankQuestion.objects.order_by("pk").values_list("pk", "text", "category", "is_active")
        ),
        "prep_plans": list(
            PrepPlan.objects.order_by("pk").values_list(
                "pk",
                "request_id",
                "research_person",
                "research_organization",
                *PrepPlan.CHECKLIST,
                "questions_shared_at",
            )
        ),
        "prepared_questions": list(
            PreparedQuestion.objects.order_by("pk").values_list(
                "pk", "plan_id", "text", "position", "source_id"
            )
        ),
        "thank_you_notes": list(
            ThankYouNote.objects.order_by("pk").values_list(
                "pk", "request_id", "channel", "body", "sent_at"
            )
        ),
        "learning_notes": list(
            LearningNote.objects.order_by("pk").values_list(
                "pk", "request_id", "body", "shared_with_center_at"
            )
        ),
        "referrals": list(
            Referral.objects.order_by("pk").values_list(
                "pk",
                "request_id",
                "made_by_id",
                "to_mentor_id",
                "outside_name",
                "outside_organization",
                "outside_contact",
                "note",
                "resulting_request_id",
            )
        ),
        "mentor_feedback": list(
            MentorFeedback.objects.order_by("pk").values_list(
                "pk", "request_id", "preparedness", "note"
            )
        ),
    }


# --- Content-Security-Policy --------------------------------------------------

STRICT_SCRIPT = "'self'"
STRICT_STYLE = "'self'"


def csp_directives(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = " ".join(words[1:])
    return directives


def inline_code(content: bytes | str) -> list[str]:
    """Every inline script, <style> block, style= or on*= attribute in a page."""
    found = []
    for node in parse(content).iter():
        if node.tag == "script" and not node.attrs.get("src"):
            found.append(f"<script> without src: {node.raw_text[:60]!r}")
        if node.tag == "style":
            found.append(f"<style> block: {node.raw_text[:60]!r}")
        for name in node.attrs:
            if name == "style" or re.fullmatch(r"on[a-z]+", name):
                found.append(f"{name}= on <{node.tag}>")
    return found


def assert_strict_page(response) -> None:
    """A page of ours: strict CSP header and nothing inline that it would block."""
    directives = csp_directives(response)
    assert directives.get("script-src") == STRICT_SCRIPT
    assert directives.get("style-src") == STRICT_STYLE
    assert inline_code(response.content) == []
