"""What accountability leaves waiting (egovpm.lifecycle.agenda; the cockpit asks this module): the Office
decides each proposed violation (第三十条). One query, whatever the number of items."""

from __future__ import annotations

from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.agenda import TodoItem, todo_item
from egovpm.lifecycle.roles import OFFICE_ROLES

from . import selectors


def todo_items(user) -> list[TodoItem]:
    if not user.roles & OFFICE_ROLES:
        return []
    today = clock.today()
    return [
        todo_item(
            today,
            group="office",
            title=v.project.name,
            action=f"认定或不予认定：{v.get_kind_display()}",
            url=reverse("accountability:violation_detail", kwargs={"pk": v.pk}),
            article=v.article,
            note=v.facts,
        )
        for v in selectors.open_proposals()
    ]
