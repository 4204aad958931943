"""The agenda: what waits for whom, the items every app's `todo.py` contributes to the cockpit. Pure Python.

An installed app `egovpm.<app>` that has a module `todo` with `todo_items(user) -> list[TodoItem]` is
asked by the cockpit (egovpm.cockpit.selectors.todo_items); nothing else needs to know the app exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

TODO, WAITING, NOTICE = "todo", "waiting", "notice"

# The cockpit's groups, in the order it shows them; an item names one of these keys.
GROUPS = {
    "applicant": "申报单位待办",
    "supervisor": "主管部门审核",
    "office": "办公室待办",
    "invitation": "意见征询（初审、会审）",
    "finance": "财政局待办",
    "supervision": "监督管理（监理、资料调取、稽察整改）",
    "acceptance": "项目验收（竣工验收组）",
    "operations": "运维管理（投入运行、运维经费、竣工决算审计）",
    "evaluation": "效果评估（评估标准会签、评分、办结）",
    "notice": "通知",
}


@dataclass(frozen=True)
class TodoItem:
    """One thing waiting for the user (kind "todo"), one they wait on ("waiting"), or an outcome to
    read ("notice"). `declaration` and `invitation` are the records it is about, where there are."""

    group: str
    title: str
    action: str
    url: str
    due: dt.date | None = None
    overdue: bool = False
    declaration: object | None = None
    invitation: object | None = None
    note: str = ""
    article: str = ""
    kind: str = TODO
    # 催办: what the Office may urge the project's unit to do about this item (the unit owes it), if anything.
    project_id: int | None = None
    urge: str = ""


@dataclass
class TodoGroup:
    """One group of the home: its items, and counts that are the same everywhere they are shown."""

    key: str
    label: str
    items: list[TodoItem] = field(default_factory=list)
    # The page of its items the home shows (a Django Page; the cockpit sets it).
    page: object = None

    def count(self, kind: str) -> int:
        return sum(i.kind == kind for i in self.items)

    @property
    def todo(self) -> int:
        return self.count(TODO)

    @property
    def waiting(self) -> int:
        return self.count(WAITING)

    @property
    def notice(self) -> int:
        return self.count(NOTICE)

    @property
    def overdue(self) -> int:
        return sum(i.overdue and i.kind == TODO for i in self.items)


def todo_item(today: dt.date, **kwargs) -> TodoItem:
    """An item that is overdue when its due date is before `today`."""
    due = kwargs.get("due")
    return TodoItem(overdue=due is not None and due < today, **kwargs)


def sort_key(item: TodoItem):
    return (list(GROUPS).index(item.group), item.due is None, item.due or dt.date.min, item.title)
