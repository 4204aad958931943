"""Pure rules of the notifications: who a step concerns, what a reminder is about. No Django."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from egovpm.lifecycle.agenda import TODO, TodoItem
from egovpm.policy.domain import ReminderPolicy

REMINDER_KINDS = {"before": "即将到期", "lapse": "今日到期"}


@dataclass(frozen=True)
class DueReminder:
    item: TodoItem
    kind: str  # "before" | "lapse"

    @property
    def key(self) -> str:
        """One per item, deadline and kind of reminder (the user is the other half of the unique key)."""
        item = self.item
        digest = hashlib.sha1(f"{item.group}|{item.url}|{item.action}".encode()).hexdigest()
        return f"reminder:{self.kind}:{item.due:%Y-%m-%d}:{digest}"

    @property
    def line(self) -> str:
        return f"【{REMINDER_KINDS[self.kind]}】{self.item.title}：{self.item.action}（截止 {self.item.due:%Y-%m-%d}）"


def due_reminders(items: Iterable[TodoItem], today: dt.date, policy: ReminderPolicy) -> list[DueReminder]:
    """The to-do items (waiting on the user themself, with a due date) to remind of today: within the
    policy's days before their deadline, or on the day it lapses. Items already overdue were reminded on
    their last day; what only waits on others is never a reminder."""
    found = []
    for item in items:
        if item.kind != TODO or item.due is None:
            continue
        kind = policy.kind_on(item.due, today)
        if kind:
            found.append(DueReminder(item, kind))
    return found


def digest_text(reminders: list[DueReminder]) -> str:
    """A reminder lists exactly what is due."""
    return "\n".join(r.line for r in reminders)
