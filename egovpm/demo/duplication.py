"""第五条 and 第七条(二) in the demo city, at the end of its last day (2026-11-25): the Office judges the two most
similar pairs among the 2027 declarations still under review (the closest a duplicate whose existing system is
reused, the next overlapping, shared through the exchange platform), and groups and issues the 2027
centralized procurement plan from the approved projects. The shared-resource hints need no step: the demo's
catalogs already hold the same information items in projects of different units. Built through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from egovpm.core import clock
from egovpm.duplication import selectors, services
from egovpm.intake.models import Declaration, PlanYear
from egovpm.intake.services import central_procurement
from egovpm.orgs.models import User

from .projects import PLAN_YEAR

TZ = clock.TZ
JUDGEABLE = ("submitted", "in_initial_review", "initially_passed", "feasibility_submitted", "in_re_review")
DUPLICATE_REASON = (
    "与{other}（{unit}）建设内容高度重合，按照“统一规划、资源共享”原则复用已建系统，不再重复建设相同功能。"
)
OVERLAP_REASON = (
    "与{other}（{unit}）部分功能重叠，重叠的数据和功能通过市政务信息资源共享交换平台共享，其余内容可单独建设。"
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _pairs(office: User) -> list:
    """The declarations under review, each with its most similar project, the closest pairs first."""
    found, seen = [], set()
    declarations = Declaration.objects.filter(plan_year__year=PLAN_YEAR, procedure="general", stage__in=JUDGEABLE)
    for declaration in declarations.select_related("project", "unit").order_by("project__code"):
        rows = selectors.similar_projects(office, declaration)
        if rows and frozenset((declaration.project_id, rows[0].project.pk)) not in seen:
            seen.add(frozenset((declaration.project_id, rows[0].project.pk)))
            found.append((declaration, rows[0]))
    return sorted(found, key=lambda pair: -pair[1].match.score)


def _judge() -> None:
    office = _user("office_head")
    pairs = _pairs(office)
    for (declaration, row), verdict, remedy, reason in zip(
        pairs, ("duplicate", "overlapping"), ("reuse", "share"), (DUPLICATE_REASON, OVERLAP_REASON), strict=False
    ):
        services.judgement_record(
            actor=office,
            declaration=declaration,
            other=row.project,
            verdict=verdict,
            remedy=remedy,
            reason=reason.format(other=row.project.name, unit=row.project.unit),
            score=row.match.score,
        )


def _plan() -> None:
    central_procurement.central_procurement_propose(
        actor=_user("office1"), plan_year=PlanYear.objects.get(year=PLAN_YEAR)
    )


def _issue() -> None:
    plan = PlanYear.objects.get(year=PLAN_YEAR).central_procurement
    central_procurement.central_procurement_issue(actor=_user("office_head"), plan=plan)


def duplication_steps() -> list[tuple[dt.datetime, Callable[[], None]]]:
    day = dt.date(2026, 11, 25)
    return [
        (dt.datetime.combine(day, dt.time(19, 10), tzinfo=TZ), _judge),
        (dt.datetime.combine(day, dt.time(19, 30), tzinfo=TZ), _plan),
        (dt.datetime.combine(day, dt.time(19, 50), tzinfo=TZ), _issue),
    ]
