"""What 第十条's filings leave waiting for each party (egovpm.lifecycle.agenda; the cockpit asks this
module). Every filing is read through filings.selectors.filings_visible_to(user)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from egovpm.audit.models import AuditEvent, object_type_of
from egovpm.core import clock
from egovpm.filings.models import Filing
from egovpm.filings.selectors import REQUEST, filings_visible_to
from egovpm.lifecycle.agenda import NOTICE, WAITING, TodoItem
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.lifecycle.workflows import FILING

# The Office reads new filings as notices for this many days.
NOTICE_DAYS = 30


def todo_items(user) -> list[TodoItem]:
    """第十条 in the cockpit. The unit: answer the Office's requests, route projects that need matching
    funds. The Office: the requests it waits on, and the filings of the last 30 days to read."""
    if not user.is_authenticated:
        return []
    is_office = bool(user.roles & OFFICE_ROLES)
    is_unit = user.unit_id is not None and bool(user.roles & APPLICANT_ROLES)
    recent = clock.now() - dt.timedelta(days=NOTICE_DAYS)
    cond = Q(pk__in=[])
    if is_unit:
        cond |= Q(unit_id=user.unit_id, stage="info_requested")
        cond |= Q(unit_id=user.unit_id, stage="filed", needs_matching_funds=True)
    if is_office:
        cond |= Q(stage="info_requested") | Q(stage__in=("filed", "routed"), filed_at__gte=recent)
    rows = list(filings_visible_to(user).filter(cond).select_related("project", "unit").order_by("-filed_at", "-id"))
    questions: dict[str, str] = {}
    asked = [f for f in rows if f.stage == "info_requested"]
    if asked:
        for event in AuditEvent.objects.filter(
            object_type=object_type_of(Filing), object_id__in=[str(f.pk) for f in asked], action=REQUEST
        ).order_by("seq"):
            questions[event.object_id] = event.reason  # the latest request wins
    items = []
    for f in rows:
        url = reverse("filings:filing_detail", kwargs={"pk": f.pk})
        unit = f.unit.short_name or f.unit.name
        question = questions.get(str(f.pk), "")
        mine = is_unit and f.unit_id == user.unit_id
        if f.stage == "info_requested" and mine:
            t = FILING.transition("supply_filing_info")
            items.append(
                TodoItem(
                    group="applicant",
                    title=f.project.name,
                    action=f"按办公室要求{t.label}（备案）",
                    note=f"办公室要求补充的情况：{question}",
                    url=url,
                    article=t.article,
                )
            )
        elif f.stage == "filed" and mine and f.needs_matching_funds:
            t = FILING.transition("route_filing")
            items.append(
                TodoItem(
                    group="applicant",
                    title=f.project.name,
                    action=t.label,
                    note=f"需市财政配套 {f.matching_amount:.2f} 万元：须按一般申报程序或特殊申报程序向办公室申报。",
                    url=reverse("filings:filing_route", kwargs={"pk": f.pk}),
                    article=t.article,
                )
            )
        elif f.stage == "info_requested" and is_office:
            items.append(
                TodoItem(
                    group="office",
                    title=f.project.name,
                    action=f"等待{unit}补充备案情况",
                    note=f"已要求补充：{question}",
                    url=url,
                    article="第十条",
                    kind=WAITING,
                )
            )
        elif is_office and f.stage != "info_requested":
            items.append(
                TodoItem(
                    group="notice",
                    title=f.project.name,
                    action=f"{unit}报送备案（{f.get_kind_display()}）",
                    note=f"{f.filed_at.astimezone(clock.TZ):%Y-%m-%d} 备案"
                    + (
                        f"，需市财政配套 {f.matching_amount:.2f} 万元" if f.needs_matching_funds else "，无需市财政配套"
                    ),
                    url=url,
                    article="第十条",
                    kind=NOTICE,
                )
            )
    return items
