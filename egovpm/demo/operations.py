"""Demo operations of 第二十一条 to 第二十四条, on the evening of the demo's last day (2026-11-25), for the
projects that passed completion acceptance (`operations_steps(accepted)`): each unit records its operating
body, management rules and how the O&M costs are ensured (第二十二条) and its O&M mode — the modes taken in
turn: 自管, 集中运维 (entrusted to the city's big-data centre, with its qualification), 外包运维 (after a
government procurement of the O&M service) (第二十三条) — and enters operation (with five or more, the
last still awaits operation). One project changes its mode (recorded, with its reason), two record incidents
(one outage still unresolved), the units start next year's O&M declarations in the 2028 annual plan with
their status statement and budget list, and submit all but one (第二十四条); the Audit bureau opens the
final audit of the first project and records a finding (第二十一条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from egovpm.core import clock
from egovpm.documents.models import DocumentKind
from egovpm.intake import services as intake
from egovpm.intake.models import PlanYear
from egovpm.lifecycle.roles import APPLICANT_ROLES, Role
from egovpm.operations import services
from egovpm.orgs.models import User
from egovpm.procurement.services import procurement_record
from egovpm.projects.models import Project
from egovpm.testing.scenario import pdf_file

TZ = clock.TZ
DAY = dt.date(2026, 11, 25)
MODES = ("self", "centralized", "outsourced")
CENTRE = "启东市大数据管理中心"
CENTRE_QUALIFICATION = "信息技术服务运行维护标准符合性证书（ITSS）二级，证书编号 ITSS-YW-2-20250321"


def _when(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=TZ)


def _clerk(project: Project) -> User:
    return next(u for u in project.unit.users.order_by("pk") if u.roles & APPLICANT_ROLES)


def _operate(project: Project, mode: str, enter: bool) -> None:
    clerk = _clerk(project)
    operation = services.operation_prepare(
        actor=clerk,
        project=project,
        operating_body=f"{project.unit.short_name or project.unit.name}信息化工作小组（日常运行和维护）",
        cost_assurance="运行维护费用列入本单位年度部门预算，按第二十四条通过年度计划一般申报程序申报。",
        rules=pdf_file("运行维护管理制度.pdf", body=f"{project.name} 运行维护管理制度"),
    )
    procurement = None
    if mode == "outsourced":
        procurement = procurement_record(
            actor=clerk,
            project=project,
            subject=f"{project.name}运行维护服务",
            method="open_tender",
            supplier="启东数智运维服务有限公司",
            amount=Decimal("28.00"),
            procured_on=clock.today(),
            lines=[{"name": "驻场运维及安全巡检服务", "origin": "domestic", "foreign_reason": "", "quantity": 1}],
        )
    services.operation_mode_set(
        actor=clerk,
        operation=operation,
        mode=mode,
        entrusted_body=CENTRE if mode == "centralized" else "",
        entrusted_qualification=CENTRE_QUALIFICATION if mode == "centralized" else "",
        procurement=procurement,
    )
    if enter:
        services.operation_enter(actor=clerk, operation=operation)


def _changes_and_incidents(projects: list[Project]) -> None:
    running = [p.operation for p in projects if p.operation.stage == "in_operation"]
    if not running:
        return
    # A change of mode that leaves each mode in use: the fourth (自管 again) moves to 集中运维 when there is one;
    # with three or fewer, the first (under 集中运维 since operate) returns to 自管.
    if len(running) > len(MODES):
        services.operation_mode_set(
            actor=_clerk(running[3].project),
            operation=running[3],
            mode="centralized",
            entrusted_body=CENTRE,
            entrusted_qualification=CENTRE_QUALIFICATION,
            reason="按全市政务信息系统整合要求迁入市政务云，改由市大数据管理中心集中运维。",
        )
    else:
        services.operation_mode_set(
            actor=_clerk(running[0].project),
            operation=running[0],
            mode="self",
            reason="集中运维服务期满，系统运行稳定，改由本单位信息科自行运维。",
        )
    now = clock.now()
    first = running[0]
    services.operation_incident_record(
        actor=_clerk(first.project),
        operation=first,
        kind="security",
        severity="major",
        occurred_at=now - dt.timedelta(hours=5),
        resolved_at=now - dt.timedelta(hours=3),
        description="门户登录接口遭受暴力破解尝试，约两千次失败登录。",
        measures="封禁来源地址，启用登录验证码和失败锁定，已报市网信办备案。",
    )
    last = running[-1]
    services.operation_incident_record(
        actor=_clerk(last.project),
        operation=last,
        kind="outage",
        severity="minor",
        occurred_at=now - dt.timedelta(hours=1),
        description="数据库服务器磁盘故障，查询服务中断。",
        measures="已切换至备用节点，正在更换故障磁盘。",
    )


def _declarations(projects: list[Project], plan_year: int) -> None:
    """第二十四条: next year's O&M declaration of each project in operation; all but the last submitted."""
    year = PlanYear.objects.get(year=plan_year)
    running = [p.operation for p in projects if p.operation.stage == "in_operation"]
    for k, operation in enumerate(running):
        clerk = _clerk(operation.project)
        declaration = services.operation_maintenance_declare(
            actor=clerk,
            operation=operation,
            plan_year=year,
            annual_requirement=Decimal("18.00") + 6 * k,
            purpose_and_content=f"{operation.project.name} {plan_year} 年度运行维护：日常巡检、安全加固、云资源租用和技术支持。",
        )
        for kind, name in (
            (DocumentKind.STATUS_STATEMENT, "项目状况说明书.pdf"),
            (DocumentKind.BUDGET_LIST, "预算清单.pdf"),
        ):
            intake.declaration_document_upload(actor=clerk, declaration=declaration, kind=kind, upload=pdf_file(name))
        if k < len(running) - 1:
            declaration = intake.declaration_submit(actor=clerk, declaration=declaration)
            if declaration.stage == "awaiting_consent":
                supervisor = User.objects.filter(
                    unit_id=declaration.unit.parent_id, role_grants__role=Role.SUPERVISOR_APPROVER
                ).first()
                if supervisor is not None:
                    intake.declaration_consent(actor=supervisor, declaration=declaration, opinion="同意上报。")


def _final_audit(projects: list[Project], audit_username: str) -> None:
    auditor = User.objects.get(username=audit_username)
    audit = services.final_audit_open(
        actor=auditor,
        project=projects[0],
        scope="对项目竣工财务决算的真实性、合法性进行审计，重点审查合同支付和概算执行。",
    )
    services.final_audit_finding_record(
        actor=auditor, final_audit=audit, description="监理费按合同约定支付，设备采购价格与中标价一致；个别发票待补。"
    )


def operations_steps(
    accepted: Callable[[], list[Project]], *, plan_year: int, audit_username: str
) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps from 22:00 (after demo.acceptance), for the projects `accepted()` returns when they run (those that passed
    completion acceptance, in project code order): the modes in turn, the last one left awaiting operation
    when there are five or more."""

    def operate() -> None:
        projects = accepted()
        for k, project in enumerate(projects):
            mode = MODES[k % len(MODES)]
            if k == 0 and len(projects) <= len(MODES):
                mode = "centralized"  # it returns to self-management later (_changes_and_incidents)
            _operate(project, mode, enter=len(projects) < 5 or k < len(projects) - 1)

    def later() -> None:
        projects = [Project.objects.select_related("operation", "unit").get(pk=p.pk) for p in accepted()]
        if projects:
            _changes_and_incidents(projects)
            _declarations(projects, plan_year)
            _final_audit(projects, audit_username)

    return [(_when(22, 0), operate), (_when(22, 20), later)]
