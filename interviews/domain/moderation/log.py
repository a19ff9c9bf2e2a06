"""The moderation log: every moderation or onboarding decision, with who and why."""

import logging
from datetime import datetime

from ...enums import ModerationActionKind
from ...models import ModerationAction, Report

logger = logging.getLogger("interviews.moderation")


def log_action(
    *,
    actor,
    kind: ModerationActionKind,
    subject,
    reason: str,
    report: Report | None = None,
    now: datetime,
) -> ModerationAction:
    """One row of the log, written inside the caller's transaction."""
    action = ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        subject=subject,
        report=report,
        reason=reason.strip(),
        created_at=now,
    )
    logger.info(
        "Moderation: %s on user %s by user %s (action %s)",
        kind,
        subject.pk,
        actor.pk if actor else None,
        action.pk,
    )
    return action


def moderation_log(*, kind: str = ""):
    """Newest first, one query for a page (who, whom and the report come along)."""
    actions = ModerationAction.objects.select_related("actor", "subject", "report")
    if kind in ModerationActionKind.values:
        actions = actions.filter(kind=kind)
    return actions.order_by("-created_at", "-pk")
