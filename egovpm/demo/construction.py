"""Demo construction of 第十一条 to 第十六条: on the last day of the demo (2026-11-25), after Finance arranged
the 2027 funds, the units of fifteen funded projects open their construction (建设准备) through the
platform's services: most name their implementation body and leader (第十二条), many submit the preliminary
design and estimate by item (第十四条), the Office approves most and returns one with its reason.

In the evening the units entrust their supervision firm (第十三条): 信诚监理, qualified until 2029, for most;
华远监理, whose certificate expired on 2026-06-30, for one, which therefore cannot start (its page says why).
Ten projects start construction and report their first progress (one already behind its schedule); one
adjusts its estimate with the Office's approval (estimate v2); one reports a major design change made
without approval, and the Office refuses its pending adjustment (第十四条 事后报批); one, a small maintenance
project, connects to the sharing and exchange platform and declares its construction complete (第十六条).
The procurement step (demo.procurement) runs after the starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from egovpm.construction import services
from egovpm.construction.selectors import approved_amounts, catalog_entries_of
from egovpm.core import clock
from egovpm.core.money import to_wan
from egovpm.intake.models import Declaration
from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import Unit, User
from egovpm.supervision import services as supervision_services
from egovpm.testing.scenario import pdf_file

from .people import person_name, phone
from .supervision import HUAYUAN, XINCHENG

TZ = clock.TZ
DAY = dt.date(2026, 11, 25)
OPENED = 15
# Each project's estimate by item, as shares of its total investment (the rest is 其他).
SHARES = {
    "hardware": Decimal("0.30"),
    "software": Decimal("0.15"),
    "development": Decimal("0.35"),
    "integration": Decimal("0.08"),
    "supervision": Decimal("0.04"),
}
# Indexes (among the fifteen) of the projects at each step of the evening.
OPENED_ONLY, RESPONSIBILITY_ONLY, RETURNED_AT, WAITING = 4, 14, 3, 13
EXPIRED_FIRM = 12  # entrusts 华远监理, whose qualification expired: cannot start (第十三条)
STARTED = (0, 1, 2, 5, 6, 7, 8, 9, 10, 11)
BEHIND, ADJUSTED, POST_HOC, COMPLETED = 2, 6, 8, 9
# The special procedure's project (第九条), the only one with funds arranged for 2026, the demo's year: it
# gets the demo's payment, then an inspection and withheld funds (demo.supervision.in_construction_steps).
WITHHELD, WITHHELD_UNIT = "传染病多点触发监测预警平台", "cdc"
# 第十八条: a 2027 project in construction whose rectification is rejected and whose construction the
# Office then suspends (demo.supervision.suspended_steps).
SUSPENDED, SUSPENDED_UNIT = "12345政务服务便民热线升级改造", "xzsp"
RETURNED = "硬件购置比例偏高，请优先利用市政务云资源，压减服务器和存储采购后重新报送（第十四条）。"


def _funded(i: int) -> Declaration | None:
    """The i-th funded project of the demo (the 2027 plan and the special procedure), by project code."""
    funded = Declaration.objects.filter(stage="funded").select_related("project", "unit").order_by("project__code")
    return funded[i] if i < funded.count() else None


def _clerk(decl: Declaration) -> User:
    return User.objects.filter(unit=decl.unit, role_grants__role=Role.UNIT_CLERK).order_by("pk").first()


def _amounts(total: Decimal) -> dict[str, Decimal]:
    amounts = {kind: to_wan(total * share) for kind, share in SHARES.items()}
    amounts["other"] = total - sum(amounts.values())
    return amounts


def _open(i: int) -> None:
    decl = _funded(i)
    if decl is None:
        return
    clerk = _clerk(decl)
    construction = services.construction_open(actor=clerk, project=decl.project, involves_secrets=i == 7)
    if i == OPENED_ONLY:
        return  # opened only: the responsibility is still to be recorded
    services.responsibility_record(
        actor=clerk,
        construction=construction,
        data={
            "implementation_body": f"{decl.unit.short_name or decl.unit.name}信息化工作专班",
            "leader_name": decl.leader_name,
            "leader_phone": decl.leader_phone or phone(200 + i),
            "responsible_leader": person_name(300 + i),
            "responsible_leader_title": "分管副局长",
        },
    )
    if i == RESPONSIBILITY_ONLY:
        return  # the design and estimate are still being prepared
    services.estimate_submit(
        actor=clerk,
        construction=construction,
        design_summary=f"{decl.project.name}初步设计方案：依托市政务云部署，按总体设计、分期实施的原则建设。",
        amounts=_amounts(decl.total_investment),
    )


def _decide(i: int, office: str) -> None:
    decl = _funded(i)
    construction = getattr(decl.project, "construction", None) if decl else None
    estimate = construction.estimates.filter(status="submitted").first() if construction else None
    if estimate is None:
        return
    actor = User.objects.get(username=office)
    if i == RETURNED_AT:
        services.estimate_return(actor=actor, estimate=estimate, reason=RETURNED)
    elif i != WAITING:  # one still waits for the Office
        services.estimate_approve(actor=actor, estimate=estimate, opinion="经审核，同意该初步设计方案和投资概算。")


def _construction(i: int):
    decl = _funded(i)
    return getattr(decl.project, "construction", None) if decl else None


def _entrust(i: int) -> None:
    """第十三条: the unit entrusts its supervision firm once the estimate is approved (unless it has one)."""
    construction = _construction(i)
    if construction is None or construction.project.supervisions.filter(stage="active").exists():
        return
    if i not in (*STARTED, EXPIRED_FIRM):
        return
    firm = HUAYUAN if i == EXPIRED_FIRM else XINCHENG
    supervision_services.supervision_assign(
        actor=_clerk(_funded(i)),
        project=construction.project,
        firm=Unit.objects.get(name=firm),
        contract_number=f"QD-{construction.unit.code}-JL-2027-{i + 1:02d}",
        contract_signed_on=DAY,
        contract=pdf_file("监理合同.pdf"),
        reason="经竞争性磋商确定监理单位。",
    )


def _start(i: int) -> None:
    construction = _construction(i)
    if construction is not None:
        services.construction_start(actor=_clerk(_funded(i)), construction=construction)


def _progress(i: int) -> None:
    construction = _construction(i)
    behind = i == BEHIND
    services.progress_report_submit(
        actor=_clerk(_funded(i)),
        construction=construction,
        data={
            "period_end": DAY,
            "percent": 0 if behind else 5 + 3 * (i % 4),
            "milestones": "监理单位已进场，项目实施方案已评审。" if not behind else "监理合同已签订。",
            "schedule_status": "需求调研受业务部门机构调整影响暂停，进度滞后于计划。"
            if behind
            else "需求调研按计划推进。",
            "estimate_control": "合同金额控制在核定概算以内。",
            "issues": "业务部门需求尚未确认。" if behind else "",
            "design_changes": "",
        },
    )


def _shifted(construction, down: str, up: str, share: Decimal) -> dict[str, Decimal]:
    """The baseline with `share` of item `down` moved to item `up`."""
    amounts = approved_amounts(construction.project)
    moved = to_wan(amounts[down] * share)
    return amounts | {down: amounts[down] - moved, up: amounts[up] + moved}


def _adjust(i: int, office: str) -> None:
    """第十四条 事先报批: less hardware (the 政务云 hosts the system), more development; the Office approves."""
    construction = _construction(i)
    adjustment = services.adjustment_request(
        actor=_clerk(_funded(i)),
        construction=construction,
        changes="服务器改为租用市政务云资源，相应增加数据治理和接口开发工作量。",
        reason="按市数据局统筹要求，业务系统统一部署在市政务云。",
        amounts=_shifted(construction, "hardware", "development", Decimal("0.20")),
    )
    services.adjustment_approve(
        actor=User.objects.get(username=office), adjustment=adjustment, opinion="同意调整，调整后总投资不变。"
    )


def _post_hoc(i: int, office: str) -> None:
    """第十四条: the unit asks to move money to development, then reports that the change was already made
    without approval (事后): the Office refuses the adjustment with the article's reason."""
    construction = _construction(i)
    clerk = _clerk(_funded(i))
    adjustment = services.adjustment_request(
        actor=clerk,
        construction=construction,
        changes="增加移动端执法功能模块。",
        reason="业务部门提出新增移动执法需求。",
        amounts=_shifted(construction, "integration", "development", Decimal("0.50")),
    )
    services.design_change_report(
        actor=clerk,
        construction=construction,
        description="已按业务部门要求先行开发移动端执法功能模块，未事先报批。",
        major=True,
        items=["development"],
    )
    services.adjustment_refuse(
        actor=User.objects.get(username=office),
        adjustment=adjustment,
        reason="重大设计变更未事先报批，超出部分不予调整概算（第十四条）。",
    )


def _complete(i: int) -> None:
    """第十六条: connected to the sharing and exchange platform, the construction is declared complete."""
    construction = _construction(i)
    clerk = _clerk(_funded(i))
    services.sharing_record(
        actor=clerk,
        construction=construction,
        connected_on=DAY,
        interface="通过市政务信息资源共享交换平台接口服务总线接入，提供评价数据查询接口。",
        entry_ids=list(catalog_entries_of(construction.project).values_list("pk", flat=True)),
    )
    services.construction_declare_completion(actor=clerk, construction=construction)


def _when(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=TZ)


def construction_steps(office: str) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps, after the day's other business: opening from 16:00, the Office's decisions from
    17:00, the supervision firms from 17:55, the starts from 18:00 (procurement follows, PROCUREMENT_AT in
    demo.build), progress from 19:00, adjustments and the completion from 19:40; `office` is the username
    of the Office reviewer who decides."""
    steps = []
    for i in range(OPENED):
        steps.append((_when(16, 2 + 3 * i), lambda i=i: _open(i)))
        steps.append((_when(17, 5 + 3 * i), lambda i=i: _decide(i, office)))
        steps.append((_when(17, 55), lambda i=i: _entrust(i)))
    for k, i in enumerate(STARTED):
        steps.append((_when(18, 2 + 2 * k), lambda i=i: _start(i)))
        steps.append((_when(19, 2 + 2 * k), lambda i=i: _progress(i)))
    steps.append((_when(19, 40), lambda: _adjust(ADJUSTED, office)))
    steps.append((_when(19, 45), lambda: _post_hoc(POST_HOC, office)))
    steps.append((_when(19, 50), lambda: _complete(COMPLETED)))
    return steps
