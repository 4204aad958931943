"""Demo supervision of 2026 (第十三条, 第十七条, 第十八条), through the platform's own services with the clock
injected: two supervision firms with accounts (信诚监理 qualified until 2029, 华远监理's certificate expired
in June); 信诚 supervises the province's “雪亮工程” node and, once the 2027 funds are arranged, three funded
projects; the Office's inspection of the node finds its funds misused, the order lapses and the
construction funds are withheld; in construction, the 2027 hotline upgrade's order is rejected and the
project suspended (SUSPENDED in demo.construction); the food-safety app's rectification is found wanting and the project is
suspended; Finance's request for the node's payment vouchers is answered, Audit's to the food-safety app
lapses.

`supervision_steps()` gives the dated steps; each looks its objects up by name when it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from egovpm.core import clock
from egovpm.orgs.models import Unit, User
from egovpm.projects.models import Project
from egovpm.supervision import services
from egovpm.supervision.models import InformationRequest, Rectification
from egovpm.testing.scenario import pdf_file

from .filing import EMERGENCY_PLATFORM, FOOD_SAFETY_APP, SNOW_BRIGHT
from .people import clerk_of

TZ = clock.TZ
XINCHENG, HUAYUAN = "启东信诚信息工程监理有限公司", "南通华远信息工程监理有限公司"
# 2027 projects funded on 11-23 to 11-25 (demo.projects), supervised by 信诚 from 17:50 on 11-25, before
# their construction starts (demo.construction).
FUNDED = (
    ("fgw", "社会信用体系综合服务平台升级改造"),
    ("jyj", "智慧教育云平台二期"),
    ("jjdd", "城市交通信号智能控制系统升级"),
)


def _at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _project(name: str) -> Project:
    return Project.objects.select_related("unit").get(name=name)


def _qualify() -> None:
    office = _user("office1")
    services.firm_qualification_record(
        actor=office,
        firm=Unit.objects.get(name=XINCHENG),
        grade="class_a",
        certificate_number="JL-JS-2025-0137",
        valid_from=dt.date(2025, 3, 1),
        valid_until=dt.date(2029, 12, 31),
    )
    services.firm_qualification_record(
        actor=office,
        firm=Unit.objects.get(name=HUAYUAN),
        grade="class_b",
        certificate_number="JL-JS-2023-0412",
        valid_from=dt.date(2023, 6, 1),
        valid_until=dt.date(2026, 6, 30),
    )


def _entrust(unit_key: str, name: str, firm: str, number: str, signed: dt.date) -> Callable[[], None]:
    def run():
        services.supervision_assign(
            actor=_user(clerk_of(unit_key)),
            project=_project(name),
            firm=Unit.objects.get(name=firm),
            contract_number=number,
            contract_signed_on=signed,
            contract=pdf_file("监理合同.pdf"),
            reason="经竞争性磋商确定监理单位。",
        )

    return run


def _report(name: str, start: dt.date, end: dt.date, findings: str) -> Callable[[], None]:
    def run():
        supervision = _project(name).supervisions.get(stage="active")
        services.supervision_report_file(
            actor=_user("jl_xincheng"),
            supervision=supervision,
            period_start=start,
            period_end=end,
            findings=findings,
            document=pdf_file("监理月报.pdf"),
        )

    return run


def _inspect(name: str, area: str, finding: str, requirement: str, due: dt.date) -> Callable[[], None]:
    def run():
        office = _user("office1")
        inspection = services.inspection_open(
            actor=office,
            project=_project(name),
            scope="对照第十八条：执行有关法律、法规和政策的情况，招标投标、工程质量、进度、资金使用和概算控制等情况。",
        )
        services.finding_record(
            actor=office,
            inspection=inspection,
            area=area,
            description=finding,
            evidence=pdf_file("稽察取证材料.pdf"),
            requirement=requirement,
            due=due,
        )

    return run


def _order(name: str) -> Rectification:
    return Rectification.objects.get(project__name=name)


def _sanction(name: str, kind: str, reason: str) -> Callable[[], None]:
    def run():
        services.sanction_apply(actor=_user("office_head"), rectification=_order(name), kind=kind, reason=reason)

    return run


def _ask(username: str, name: str, subject: str, due: dt.date) -> Callable[[], None]:
    def run():
        services.information_request_create(actor=_user(username), project=_project(name), subject=subject, due=due)

    return run


def _answer_vouchers() -> None:
    services.information_request_answer(
        actor=_user(clerk_of("gaj")),
        request=InformationRequest.objects.get(project__name=SNOW_BRIGHT),
        answer="已上传第一、二期建设资金支付凭证及监理签认单。",
        document=pdf_file("支付凭证.pdf"),
    )


def _reject(name: str, reason: str) -> Callable[[], None]:
    def run():
        services.rectification_reject(actor=_user("office1"), rectification=_order(name), reason=reason)

    return run


def _answer(unit_key: str, name: str, answer: str) -> Callable[[], None]:
    def run():
        services.rectification_submit(
            actor=_user(clerk_of(unit_key)),
            rectification=_order(name),
            answer=answer,
            evidence=pdf_file("整改报告.pdf"),
        )

    return run


def _unmet_order_steps(
    name: str, unit_key: str, hour: int, finding: tuple[str, str, str], answer: str, rejection: str, sanction: str
) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """第十八条 on a project in construction: the Office's inspection `finding` (area, finding, requirement)
    from `hour` on, the unit's `answer` rejected, then the head's `sanction` (kind, reason)."""
    area, description, requirement = finding
    kind, reason = sanction
    return [
        (_at(11, 25, hour, 0), _inspect(name, area, description, requirement, dt.date(2026, 12, 25))),
        (_at(11, 25, hour, 10), _answer(unit_key, name, answer)),
        (_at(11, 25, hour, 20), _reject(name, rejection)),
        (_at(11, 25, hour, 30), _sanction(name, kind, reason)),
    ]


def in_construction_steps(name: str, unit_key: str) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """第十八条 on a project in construction (after its first payment, demo.procurement): the Office's
    inspection finds the prepayment unjustified, the unit's answer is rejected, the construction funds are
    withheld — Finance's next payment is refused (funds_not_withheld)."""
    return _unmet_order_steps(
        name,
        unit_key,
        20,
        (
            "funds",
            "首笔预付款未按合同约定的进度节点支付，缺少监理签认。",
            "补充监理签认材料并按合同约定的进度节点调整支付计划。",
        ),
        "已说明预付款支付依据。",
        "未补充监理签认材料，整改不符合要求。",
        ("withhold_funds", "整改不符合要求（第十八条），暂缓拨付建设资金。"),
    )


def suspended_steps(name: str, unit_key: str) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """第十八条 on another project in construction: the Office finds the quality of the work below the
    contract, the unit's answer is rejected, the project's construction is suspended — its construction
    page refuses the unit's adjustment and completion (not_suspended)."""
    return _unmet_order_steps(
        name,
        unit_key,
        21,
        (
            "quality",
            "已交付的受理子系统未通过监理组织的功能测试，存在工单丢失问题。",
            "修复工单丢失问题并经监理单位重新测试合格。",
        ),
        "已安排开发人员排查工单丢失问题。",
        "未提交监理单位的重新测试报告，整改后仍不符合要求。",
        ("suspend", "整改后仍不符合要求（第十八条），暂停项目建设至质量问题整改合格。"),
    )


def supervision_steps() -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps of supervision, in time order."""
    steps = [
        (_at(2, 25, 10), _qualify),
        (_at(4, 1, 9, 30), _entrust("gaj", SNOW_BRIGHT, XINCHENG, "QD-GAJ-JL-2026-01", dt.date(2026, 3, 28))),
        (
            _at(5, 31, 16),
            _report(
                SNOW_BRIGHT, dt.date(2026, 4, 1), dt.date(2026, 5, 31), "前端点位建设按计划推进，隐蔽工程已验收签认。"
            ),
        ),
        (_at(6, 20, 10), _entrust("scjg", FOOD_SAFETY_APP, HUAYUAN, "QD-SCJG-JL-2026-03", dt.date(2026, 6, 19))),
        (
            _at(7, 20, 9),
            _inspect(
                FOOD_SAFETY_APP,
                "bidding",
                "软件开发服务未按规定履行政府采购程序。",
                "按政府采购规定补办采购程序。",
                dt.date(2026, 8, 31),
            ),
        ),
        (_at(8, 20, 15), _answer("scjg", FOOD_SAFETY_APP, "已补办采购手续，合同已重新签订。")),
        (_at(8, 25, 11), _reject(FOOD_SAFETY_APP, "补办的采购程序仍未履行政府采购规定，整改后仍不符合要求。")),
        (
            _at(8, 31, 16),
            _report(
                SNOW_BRIGHT,
                dt.date(2026, 6, 1),
                dt.date(2026, 8, 31),
                "传输网络施工滞后约两周，已督促施工单位增加人员。",
            ),
        ),
        (
            _at(9, 2, 10),
            _sanction(FOOD_SAFETY_APP, "suspend", "整改后仍不符合要求（第十八条），暂停项目建设至采购程序补正。"),
        ),
        (
            _at(9, 15, 9),
            _inspect(
                SNOW_BRIGHT,
                "funds",
                "部分建设资金用于与项目无关的设备采购。",
                "追回挪用资金并调整支付计划。",
                dt.date(2026, 10, 15),
            ),
        ),
        (_at(9, 20, 10), _entrust("yjj", EMERGENCY_PLATFORM, HUAYUAN, "QD-YJ-JL-2026-02", dt.date(2026, 9, 18))),
        (_at(10, 8, 9), _ask("finance1", SNOW_BRIGHT, "请提供项目建设资金第一、二期支付凭证。", dt.date(2026, 10, 20))),
        (_at(10, 10, 10), _ask("audit1", FOOD_SAFETY_APP, "请提供软件开发合同及验收资料。", dt.date(2026, 10, 25))),
        (_at(10, 12, 15), _answer_vouchers),
        (
            _at(10, 20, 10),
            _sanction(SNOW_BRIGHT, "withhold_funds", "限期整改逾期未整改（第十八条），暂缓拨付建设资金。"),
        ),
        *(
            (
                _at(11, 25, 17, 50 + i),
                _entrust(key, name, XINCHENG, f"QD-{key.upper()}-JL-2027-01", dt.date(2026, 11, 25)),
            )
            for i, (key, name) in enumerate(FUNDED)
        ),
    ]
    return sorted(steps, key=lambda step: step[0])
