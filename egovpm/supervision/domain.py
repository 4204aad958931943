"""Pure rules of supervision (第十三条, 第十七条, 第十八条): the firm's qualification, the rectification an
inspection orders, the sanctions that may follow, and who may ask a unit for documents and facts. No
Django: services and facts providers pass the facts in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from egovpm.lifecycle.engine import Actor, Facts, Guard, Party
from egovpm.policy.domain import is_past

# 第十八条: what an inspection covers.
INSPECTION_AREAS = (
    ("law_and_policy", "执行有关法律、法规和政策"),
    ("bidding", "招标投标"),
    ("quality", "工程质量"),
    ("progress", "进度"),
    ("funds", "资金使用"),
    ("estimate", "概算控制"),
)

# Stages of the rectification order (egovpm.supervision.workflow.RECTIFICATION) where the unit still owes
# its rectification, and the one where the Office found it wanting.
OWED_STAGES = ("ordered", "rejected")
REJECTED, ACCEPTED = "rejected", "accepted"

FIRM_QUALIFIED = "supervision_firm_qualified"
NO_OPEN_RECTIFICATION = "no_open_rectification"

GUARDS = (
    # 第十三条: construction starts under a qualified supervision firm.
    Guard(
        FIRM_QUALIFIED,
        "项目须委托具有信息工程监理相应资质的工程监理单位，且其资质在今日有效（第十三条）。",
    ),
    # 第十八条: an order not yet accepted keeps the project from moving on.
    Guard(NO_OPEN_RECTIFICATION, "项目尚有限期整改未通过办公室复查（第十八条），整改通过后才能办理。"),
    Guard(
        "rectification_unmet",
        "只有逾期未整改或整改后仍不符合要求的，办公室才能予以处理（第十八条）。",
    ),
    Guard("inspection_settled", "该次稽察尚有限期整改未通过复查，不能办结（第十八条）。"),
)


def _requester(actor: Actor, facts: Facts) -> tuple[bool, str]:
    units = facts.party_units.get("requester", frozenset())
    return actor.unit_id is not None and actor.unit_id in units, "只有提出要求的单位可以登记。"


# 第十七条: the unit that asked for the documents or facts.
REQUESTER = Party("requester", "提出要求的单位", _requester)


def qualification_valid(periods: Iterable[tuple[dt.date, dt.date]], today: dt.date) -> bool:
    """Whether one of the firm's qualification periods (valid from, valid until, both days included)
    covers `today`, the Asia/Shanghai calendar day."""
    return any(start <= today <= until for start, until in periods)


def firm_qualified(firms: dict[int, list[tuple[dt.date, dt.date]]], today: dt.date) -> bool:
    """第十三条: the project has an assigned supervision firm whose qualification is valid today."""
    return any(qualification_valid(periods, today) for periods in firms.values())


def rectification_overdue(stage: str, due: dt.date, today: dt.date) -> bool:
    """The unit still owes its rectification and the deadline in force is past (the due day is in time)."""
    return stage in OWED_STAGES and is_past(due, today)


def rectification_unmet(stage: str, due: dt.date, today: dt.date) -> bool:
    """第十八条 拒不整改或整改后仍不符合要求: the order lapsed, or the Office rejected the rectification."""
    return stage == REJECTED or rectification_overdue(stage, due, today)


def no_open_rectification(stages: Iterable[str]) -> bool:
    return all(stage == ACCEPTED for stage in stages)


def information_request_problems(
    *, office_finance_or_audit: bool, actor_unit_id: int | None, approving_unit_ids: frozenset[int]
) -> str:
    """第十七条: the 项目审批部门 and the departments concerned (Finance, Audit) ask ("" when the actor may)."""
    if office_finance_or_audit or (actor_unit_id is not None and actor_unit_id in approving_unit_ids):
        return ""
    return "只有项目审批部门、市财政局和市审计局可以要求项目建设单位提供资料和情况（第十七条）。"


def period_problems(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    """A supervision report covers a period: from a day to a later or the same day."""
    found = {}
    if start is None:
        found["period_start"] = "请填写监理报告期的起始日期。"
    if end is None:
        found["period_end"] = "请填写监理报告期的截止日期。"
    if start and end and end < start:
        found["period_end"] = "截止日期不能早于起始日期。"
    return found
