"""Demo filings of 第十条 in 2026, carried in through the platform's own services with the clock injected:
a higher-level project without matching funds (filed, recorded without review), one with matching funds
routed into the 2027 general procedure before the 10-31 window closed, a self-initiated project on which
the Office asked for more information and the unit answered, and a late higher-level project still
waiting for its unit to choose the special procedure.

`filing_steps()` gives the dated steps (one per moment; each looks its objects up by name when it runs)
so that the demo builder interleaves them with the rest of the year (`builder.exact(when, fn)` before
`builder.run()`). They need the demo city's units and accounts (demo.people) and plan year 2027, opened
on 08-28, before the routed filing's step of 09-10. `build_filing()` runs them alone, for a small city.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from egovpm.core import clock
from egovpm.filings import services as filings
from egovpm.filings.models import Filing
from egovpm.intake.models import Declaration, PlanYear
from egovpm.intake.services import declaration as declarations
from egovpm.orgs.models import User
from egovpm.testing.scenario import pdf_file

from .people import clerk_of

TZ = clock.TZ
ROUTED_PLAN_YEAR = 2027

SNOW_BRIGHT = "“雪亮工程”市级节点（公共安全视频监控联网共享平台）"
EMERGENCY_PLATFORM = "应急管理综合应用平台市级部署"
FOOD_SAFETY_APP = "食品安全快检数据采集小程序"
TRANSPORT_NODE = "综合交通运输运行监测市级分中心"
NAMES = (SNOW_BRIGHT, EMERGENCY_PLATFORM, FOOD_SAFETY_APP, TRANSPORT_NODE)


def _at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _filing(name: str) -> Filing:
    return Filing.objects.select_related("project", "unit").get(project__name=name)


def _routed(name: str) -> Declaration:
    return Declaration.objects.select_related("unit", "plan_year", "project").get(filing__project__name=name)


# -- 省公安厅部署的“雪亮工程”市级节点: funded by the province, no city matching funds: filed only -------------
def _snow_bright_file() -> None:
    filings.filing_create(
        actor=_user(clerk_of("gaj")),
        kind=Filing.Kind.HIGHER_AUTHORITY,
        name=SNOW_BRIGHT,
        higher_authority="江苏省公安厅",
        approval_reference="苏公厅〔2026〕41号《关于推进公共安全视频监控建设联网应用市级节点建设的通知》",
        total_investment=Decimal("860.00"),
        needs_matching_funds=False,
        description=(
            "按省公安厅统一部署，建设公共安全视频监控联网共享平台市级节点，汇聚全市重点公共区域视频资源，"
            "向上对接省级平台，向下联通各镇（区）综治中心。建设资金由省级专项资金全额安排，不需要市财政配套。"
        ),
        category="application_platform",
        work_kind="extension",
        fiscal_share="whole",
        approval_document=pdf_file("苏公厅〔2026〕41号.pdf", "snow-bright"),
    )


# -- 省应急管理厅安排的市级部署, with city matching funds: routed into the 2027 general procedure and sent to
#    the Office before 10-31 -------------------------------------------------------------------------------
def _emergency_file() -> None:
    filings.filing_create(
        actor=_user(clerk_of("yjj")),
        kind=Filing.Kind.HIGHER_AUTHORITY,
        name=EMERGENCY_PLATFORM,
        higher_authority="江苏省应急管理厅",
        approval_reference="苏应急〔2026〕57号",
        total_investment=Decimal("420.00"),
        needs_matching_funds=True,
        matching_amount=Decimal("150.00"),
        description=(
            "按省应急管理厅要求部署应急管理综合应用平台市级节点，建设监测预警、指挥调度和应急资源管理模块。"
            "省级补助 270 万元，需市财政配套 150 万元。"
        ),
        category="application_system",
        work_kind="new",
        fiscal_share="part",
        approval_document=pdf_file("苏应急〔2026〕57号.pdf", "emergency"),
    )


def _emergency_route() -> None:
    clerk = _user(clerk_of("yjj"))
    filings.filing_route(
        actor=clerk,
        filing=_filing(EMERGENCY_PLATFORM),
        procedure="general",
        plan_year=PlanYear.objects.get(year=ROUTED_PLAN_YEAR),
        leader_name=clerk.get_full_name(),
        leader_phone=clerk.phone or "0513-83310119",
        start_date=dt.date(2027, 3, 1),
        planned_end_date=dt.date(2027, 11, 30),
    )


def _emergency_proposal() -> None:
    declarations.proposal_save(
        actor=_user(clerk_of("yjj")),
        declaration=_routed(EMERGENCY_PLATFORM),
        data={
            "overview": "应急管理综合应用平台市级部署，建设单位市应急管理局，总投资 420 万元。",
            "necessity": "落实省应急管理厅统一部署，实现省市县三级应急指挥一张图。",
            "status_and_needs": "现有值班值守系统独立运行，预警信息无法与省平台实时共享。",
            "content_plan_scale": "部署监测预警、指挥调度、应急资源管理三个模块，接入省级平台。",
            "functions_and_indicators": "预警信息秒级推送，重点企业在线监测覆盖率 100%。",
            "schedule": "2027年3月启动，11月底完成部署和试运行。",
            "investment_and_funding": "总投资 420 万元：省级补助 270 万元，申请市财政配套 150 万元。",
            "benefits": "提升突发事件监测预警和协同处置能力。",
            "classification_note": "",
        },
    )


def _emergency_submit() -> None:
    declarations.declaration_submit(actor=_user(clerk_of("yjj")), declaration=_routed(EMERGENCY_PLATFORM))


# -- a project the market regulator started on its own outside the annual plan; the Office asks how it is
#    funded and shares its data, the unit answers with a document -------------------------------------------
def _food_safety_file() -> None:
    filings.filing_create(
        actor=_user(clerk_of("scjg")),
        kind=Filing.Kind.SELF_INITIATED,
        name=FOOD_SAFETY_APP,
        approval_reference="启市监〔2026〕23号 局党组会议纪要",
        total_investment=Decimal("28.00"),
        needs_matching_funds=False,
        description=(
            "在农贸市场快检室部署快检数据采集小程序，检测结果实时上传、异常自动预警。"
            "使用本单位年度公用经费，未纳入年度市级部门项目建设计划，经局党组会议研究立项。"
        ),
        category="application_system",
        work_kind="new",
        fiscal_share="part",
        approval_document=pdf_file("局党组会议纪要.pdf", "food-safety"),
    )


def _food_safety_ask() -> None:
    filings.filing_request_info(
        actor=_user("office1"),
        filing=_filing(FOOD_SAFETY_APP),
        question="请补充说明：1. 经费来源及是否涉及后续运维经费；2. 快检数据是否向市公共数据共享交换平台共享。",
    )


def _food_safety_answer() -> None:
    filings.filing_supply_info(
        actor=_user(clerk_of("scjg")),
        filing=_filing(FOOD_SAFETY_APP),
        answer=(
            "1. 经费 28 万元在本单位年度公用经费中列支，运维由开发单位免费维保一年，此后纳入部门预算；"
            "2. 快检结果按日推送至市公共数据共享交换平台，数据接口说明见附件。"
        ),
        document=pdf_file("快检数据共享接口说明.pdf", "food-safety-interface"),
    )


# -- a higher-level project announced after 10-31 that needs matching funds: the unit has still to choose
#    the special procedure (the general one for 2027 is closed) ------------------------------------------------
def _transport_file() -> None:
    filings.filing_create(
        actor=_user(clerk_of("jtj")),
        kind=Filing.Kind.HIGHER_AUTHORITY,
        name=TRANSPORT_NODE,
        higher_authority="江苏省交通运输厅",
        approval_reference="苏交科〔2026〕88号",
        total_investment=Decimal("310.00"),
        needs_matching_funds=True,
        matching_amount=Decimal("90.00"),
        description="按省交通运输厅部署建设综合交通运输运行监测市级分中心，省级补助 220 万元，需市财政配套 90 万元。",
        category="application_system",
        work_kind="new",
        fiscal_share="part",
        approval_document=pdf_file("苏交科〔2026〕88号.pdf", "transport"),
    )


def filing_steps() -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps of the filings, in time order. Each looks its objects up when it runs."""
    steps = [
        (_at(3, 18, 9, 40), _snow_bright_file),
        (_at(6, 15, 10, 10), _food_safety_file),
        (_at(6, 18, 16, 30), _food_safety_ask),
        (_at(6, 22, 11, 0), _food_safety_answer),
        (_at(9, 8, 14, 20), _emergency_file),
        (_at(9, 10, 9, 30), _emergency_route),
        (_at(9, 24, 15, 5), _emergency_proposal),
        (_at(9, 25, 10, 15), _emergency_submit),
        (_at(11, 20, 9, 15), _transport_file),
    ]
    return sorted(steps, key=lambda step: step[0])


def build_filing(stdout=None) -> dict[str, int]:
    """Add the 第十条 filings alone (once), to a city that holds their units, accounts and plan year 2027
    and whose chain does not yet go past them. The demo builder schedules `filing_steps()` instead."""
    if Filing.objects.exists():
        return {"filings": Filing.objects.count()}
    with transaction.atomic():
        for when, step in filing_steps():
            with clock.frozen(when):
                step()
    count = Filing.objects.count()
    if stdout is not None:
        stdout.write(f"备案（第十条）：{count} 项。")
    return {"filings": count}
