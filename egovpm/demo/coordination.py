"""第二条, 第三条, 第六条 in the demo city: a few 2027 declarations that touch the infrastructure systems and
what the Office decided on each (folded into the coordinated plan, admitted standalone with a reason,
still undecided), plus an e-government sub-project of a capital construction project. Built through the
services, each step at its moment of 2026 (declared in October, decided in November, nothing after
2026-11-25).

The audit chain must read in time order. `coordination_steps()` gives the dated steps so that the demo
builder can interleave them with its own (`builder.exact(when, fn)` before `builder.run()`);
`build_coordination()` runs them at once, in their order, for a city whose chain does not yet go past
them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from egovpm.coordination import services as coordination
from egovpm.coordination.models import CoordinatedItem
from egovpm.core import clock
from egovpm.intake import services
from egovpm.intake.models import Declaration, PlanYear, ReviewRound
from egovpm.orgs.models import User
from egovpm.testing.scenario import declare

from .people import clerk_of
from .projects import PLAN_YEAR, DemoProject, application, proposal, wan

TZ = clock.TZ
STORAGE_ITEM = "全市政务云存储扩容"
OFFICE_SUITE_ITEM = "全市统一协同办公平台扩面"
ROUND_NAME = f"{PLAN_YEAR}年度第二批初审"  # opened by egovpm.demo.build on 11-16


@dataclass(frozen=True)
class Flagged:
    """A demo declaration of 第二条/第三条/第六条 and the fields its application form adds."""

    project: DemoProject
    n: int  # varies the leader's name and the start month (egovpm.demo.projects.application)
    category: str
    work_kind: str
    areas: tuple[str, ...] = ()
    fiscal_share: str = "whole"
    capital_project_name: str = ""


FOLDED_EARLY = Flagged(
    DemoProject("zrj", "不动产登记档案影像云存储扩容", "new", "135", "coordinated", "city"),
    301,
    "application_platform",
    "extension",
    ("云存储",),
)
FOLDED_IN_REVIEW = Flagged(
    DemoProject("scjg", "市场监管业务数据异地容灾备份", "new", "96", "coordinated", "econ"),
    302,
    "security_platform",
    "new",
    ("云存储", "安全防护"),
)
STANDALONE = Flagged(
    DemoProject("yjj", "应急指挥移动协同办公系统", "new", "88", "initially_passed", "env"),
    303,
    "application_system",
    "new",
    ("协同办公",),
)
UNDECIDED = Flagged(
    DemoProject("cgj", "城管视频专网传输链路升级改造", "new", "146", "in_initial_review", "city"),
    304,
    "network",
    "upgrade",
    ("网络传输", "安全防护"),
)
# 第二条: the e-government sub-project of a capital construction project, part fiscal funds
CAPITAL = Flagged(
    DemoProject("xzsp", "市民中心智能化及政务服务系统（基建电子政务子项目）", "new", "310", "in_initial_review", "gov"),
    305,
    "application_system",
    "new",
    fiscal_share="part",
    capital_project_name="启东市民中心建设工程",
)
PROJECTS = (FOLDED_EARLY, FOLDED_IN_REVIEW, STANDALONE, UNDECIDED, CAPITAL)

FOLD_REASON_EARLY = (
    "该项目属云存储基础性系统建设，按第六条由办公室统筹：纳入{item}，由市数据局依托市级政务云统一扩容，"
    "按需为市自然资源和规划局分配不少于200TB对象存储，不再单独立项；业务系统改造费用另行申报。"
)
FOLD_REASON_IN_REVIEW = (
    "经初审，异地容灾备份属云存储、安全防护基础性系统，纳入{item}，由市政务云同城及异地灾备资源统一提供，"
    "市场监管局按统一接口对接，不再单独立项。"
)
STANDALONE_REASON = (
    "应急指挥移动协同办公须在断网、断电等极端条件下依托应急专网独立运行，与全市统一协同办公平台的业务边界清晰，"
    "经研究同意单独立项；须与全市统一身份认证和协同办公平台实现账号和待办事项对接。"
)
STANDALONE_PASS = (
    "经初审，同意“应急指挥移动协同办公系统”单独立项（第六条已说明理由），请在可研报告中明确与全市统一协同办公平台"
    "的接口方案，复用统一身份认证，核减自建消息推送模块投资。"
)


def _day(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def _form(f: Flagged) -> dict:
    form = application(f.project, f.n)
    form.update(
        category=f.category,
        work_kind=f.work_kind,
        fiscal_share=f.fiscal_share,
        capital_subproject=bool(f.capital_project_name),
        capital_project_name=f.capital_project_name,
        infrastructure_areas=list(f.areas),
    )
    if f.fiscal_share == "part":
        # 第二条: part fiscal funds — the capital project's owner raises 30 % of this year's money
        self_raised = wan(form["current_total"] * Decimal("0.3"))
        form["current_self_raised"] = self_raised
        form["current_fiscal"] = form["current_total"] - self_raised - form["current_national"]
    return form


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _decl(f: Flagged) -> Declaration:
    return Declaration.objects.select_related("unit", "plan_year", "project").get(
        plan_year__year=PLAN_YEAR, project__name=f.project.name
    )


def _create(f: Flagged) -> None:
    form = _form(f)
    plan_year = PlanYear.objects.get(year=PLAN_YEAR)
    declare(
        clerk=_user(clerk_of(f.project.unit)),
        plan_year=plan_year,
        name=f.project.name,
        data=form,
        proposal=proposal(f.project, form),
    )


def _submit(f: Flagged) -> None:
    services.declaration_submit(actor=_user(clerk_of(f.project.unit)), declaration=_decl(f))


def _start_review(f: Flagged, office: str, reviewers: tuple[str, ...]) -> None:
    decl = _decl(f)
    rnd = (
        ReviewRound.objects.filter(plan_year=decl.plan_year, name=ROUND_NAME).first()
        or ReviewRound.objects.filter(plan_year=decl.plan_year).order_by("-opened_at").first()
    )
    services.initial_review_start(
        actor=_user(office), declaration=decl, review_round=rnd, reviewers=[_user(u) for u in reviewers]
    )


def _opinion(f: Flagged, reviewer: str, recommendation: str, text: str) -> None:
    invitation = _decl(f).invitations.get(reviewer__username=reviewer)
    services.review_opinion_submit(
        actor=invitation.reviewer, invitation=invitation, recommendation=recommendation, opinion=text
    )


def _item(name: str, area: str, description: str) -> None:
    coordination.coordinated_item_create(
        actor=_user("office1"),
        plan_year=PlanYear.objects.get(year=PLAN_YEAR),
        name=name,
        area=area,
        description=description,
    )


def _fold(f: Flagged, office: str, reason: str) -> None:
    item = CoordinatedItem.objects.get(plan_year__year=PLAN_YEAR, name=STORAGE_ITEM)
    coordination.coordination_fold(
        actor=_user(office), declaration=_decl(f), coordinated_item=item, reason=reason.format(item=item.name)
    )


def coordination_steps() -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps of this part of the demo, in time order. Each looks its objects up when it runs."""
    steps = [
        # October: the units declare (the general window closes 10-31)
        *((_day(10, 19 + k, 10, 10 + 7 * k), lambda f=f: _create(f)) for k, f in enumerate(PROJECTS)),
        *((_day(10, 22 + k, 15, 5 + 9 * k), lambda f=f: _submit(f)) for k, f in enumerate(PROJECTS)),
        # November: the Office's coordinated plan and its decisions (第六条)
        (
            _day(11, 3, 9, 30),
            lambda: _item(
                STORAGE_ITEM,
                "云存储",
                "由市数据局依托市级政务云平台统一扩容对象存储和块存储，按需分配各部门使用，不再由部门单独建设存储。",
            ),
        ),
        (
            _day(11, 3, 9, 50),
            lambda: _item(
                OFFICE_SUITE_ITEM,
                "协同办公",
                "全市统一协同办公平台向镇（园区、街道）和市属单位扩面，统一身份认证、公文流转和移动办公入口。",
            ),
        ),
        (_day(11, 4, 10, 15), lambda: _fold(FOLDED_EARLY, "office1", FOLD_REASON_EARLY)),
        (_day(11, 16, 10, 0), lambda: _start_review(FOLDED_IN_REVIEW, "office2", ("finance2", "expert2"))),
        (_day(11, 16, 10, 30), lambda: _start_review(STANDALONE, "office1", ("finance1", "expert4"))),
        (
            _day(11, 17, 9, 40),
            lambda: coordination.coordination_standalone(
                actor=_user("office_head"), declaration=_decl(STANDALONE), reason=STANDALONE_REASON
            ),
        ),
        (_day(11, 17, 11, 20), lambda: _start_review(CAPITAL, "office2", ("finance2", "audit1", "expert4"))),
        (
            _day(11, 18, 10, 5),
            lambda: _opinion(STANDALONE, "finance1", "adjust", "建议核减自建消息推送模块投资，复用全市统一平台能力。"),
        ),
        (_day(11, 18, 14, 20), lambda: _fold(FOLDED_IN_REVIEW, "office_head", FOLD_REASON_IN_REVIEW)),
        (
            _day(11, 19, 9, 35),
            lambda: _opinion(
                STANDALONE,
                "expert4",
                "adjust",
                "应急专网独立运行的必要性成立；须与统一身份认证对接，避免形成新的账号孤岛。",
            ),
        ),
        (
            _day(11, 20, 15, 0),
            lambda: services.initial_review_pass(
                actor=_user("office1"), declaration=_decl(STANDALONE), opinion=STANDALONE_PASS
            ),
        ),
        (
            _day(11, 20, 16, 10),
            lambda: _opinion(
                CAPITAL, "finance2", "adjust", "基建项目概算中已含综合布线，建议核减重复部分，财政资金按比例安排。"
            ),
        ),
        (_day(11, 23, 9, 20), lambda: _start_review(UNDECIDED, "office2", ("finance1", "expert2"))),
    ]
    return sorted(steps, key=lambda step: step[0])


def build_coordination(stdout=None) -> dict[str, int]:
    """Run the steps now, each at its moment. Returns a few counts."""
    for when, step in coordination_steps():
        with clock.frozen(when):
            step()
    counts = {
        "declarations": Declaration.objects.filter(project__name__in=[f.project.name for f in PROJECTS]).count(),
        "coordinated_items": CoordinatedItem.objects.filter(plan_year__year=PLAN_YEAR).count(),
    }
    if stdout is not None:
        stdout.write(
            f"第六条：{counts['declarations']} 个涉及基础性系统或基建子项目的申报，"
            f"{counts['coordinated_items']} 个统筹建设事项。\n"
        )
    return counts
