"""The daily reminders: for every person who works on projects, what of their to-do list (every app's
`todo` module) falls due within the policy's days, or lapses today (egovpm.notifications)."""

from __future__ import annotations

from dataclasses import dataclass

from egovpm.core import clock
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.notifications.domain import due_reminders
from egovpm.notifications.services import reminders_send
from egovpm.orgs.models import User
from egovpm.policy.loader import get_policy

from .selectors import todo_items


@dataclass(frozen=True)
class RemindersRun:
    users: int
    reminded: int
    reminders: int


def reminders_run() -> RemindersRun:
    """Idempotent: a reminder already sent (per user, item, deadline and kind) is never sent again, so the
    job may run twice a day or be re-run after a failure."""
    today, policy = clock.today(), get_policy().reminders
    users = User.objects.filter(is_active=True, role_grants__role__in=[r.value for r in BUSINESS_ROLES]).distinct()
    seen = reminded = sent = 0
    for user in users.select_related("unit").order_by("pk"):
        seen += 1
        created = reminders_send(user=user, due=due_reminders(todo_items(user), today, policy))
        if created:
            reminded += 1
            sent += len(created)
    return RemindersRun(users=seen, reminded=reminded, reminders=sent)
