"""第二十一条 to 第二十四条: what an unaccepted project is refused, entering operation, the O&M modes, the
incidents and the O&M declaration through the general procedure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake import services as intake
from egovpm.intake.models import Declaration
from egovpm.operations import selectors, services
from egovpm.operations.models import FinalAudit, ModeRecord, Operation, OperationIncident
from egovpm.testing import scenario

from .conftest import pdf, prepare, procure

UTC = dt.UTC


def _events(action: str):
    return AuditEvent.objects.filter(action=action)


# 第二十一条: not accepted ---------------------------------------------------------------------------------


@pytest.mark.article("第二十一条")
def test_a_project_not_accepted_cannot_enter_operation(city, completed, accepted, contributed):
    with pytest.raises(Refused) as exc:
        prepare(city, completed)
    assert "竣工验收" in exc.value.message and "第二十一条" in exc.value.message and "不得投入运行" in exc.value.message
    assert not Operation.objects.filter(project=completed).exists()

    operation = prepare(city, accepted(completed))
    services.operation_mode_set(actor=city.users["clerk"], operation=operation, mode="self")
    contributed.add(completed.pk)  # the acceptance no longer stands: the step itself refuses
    with pytest.raises(Refused, match="第二十一条"):
        services.operation_enter(actor=city.users["clerk"], operation=operation)
    operation.refresh_from_db()
    assert operation.stage == "awaiting_operation" and operation.started_on is None


@pytest.mark.article("第二十二条")
def test_entering_operation_needs_the_body_the_rules_and_the_costs(city, completed, accepted, frozen_clock):
    accepted(completed)
    with pytest.raises(ValidationError) as exc:
        services.operation_prepare(
            actor=city.users["clerk"], project=completed, operating_body=" ", cost_assurance="", rules=None
        )
    assert {"operating_body", "cost_assurance", "rules"} <= set(exc.value.message_dict)
    assert "第二十二条" in exc.value.message_dict["operating_body"][0]
    assert not Operation.objects.exists()
    with pytest.raises(Refused):  # another unit's clerk
        services.operation_prepare(
            actor=city.users["culture_clerk"], project=completed, operating_body="x", cost_assurance="y", rules=None
        )
    operation = prepare(city, completed)
    with pytest.raises(Refused, match="第二十三条"):  # no mode yet
        services.operation_enter(actor=city.users["clerk"], operation=operation)
    services.operation_mode_set(actor=city.users["clerk"], operation=operation, mode="self")
    entered = services.operation_enter(actor=city.users["clerk"], operation=operation)
    assert entered.stage == "in_operation" and entered.started_on == clock.today()
    assert _events("operation.enter_operation").filter(object_id=str(operation.pk)).exists()


# 第二十三条: the modes -------------------------------------------------------------------------------------


@pytest.mark.article("第二十三条")
def test_outsourced_operation_is_refused_without_a_government_procurement(city, completed, accepted):
    operation = prepare(city, accepted(completed))
    clerk = city.users["clerk"]
    with pytest.raises(ValidationError) as exc:
        services.operation_mode_set(actor=clerk, operation=operation, mode="outsourced")
    assert "应进行政府采购" in exc.value.message_dict["procurement"][0]
    outside = procure(city, completed, method="non_government")
    with pytest.raises(ValidationError) as exc:
        services.operation_mode_set(actor=clerk, operation=operation, mode="outsourced", procurement=outside)
    assert "不是政府采购" in exc.value.message_dict["procurement"][0]
    operation.refresh_from_db()
    assert operation.mode == "" and not ModeRecord.objects.exists()
    tendered = procure(city, completed)
    record = services.operation_mode_set(actor=clerk, operation=operation, mode="outsourced", procurement=tendered)
    operation.refresh_from_db()
    assert record.number == 1 and operation.mode == "outsourced" and operation.procurement == tendered


@pytest.mark.article("第二十三条")
def test_centralised_operation_names_a_body_and_its_qualification(city, completed, accepted):
    operation = prepare(city, accepted(completed))
    clerk = city.users["clerk"]
    with pytest.raises(ValidationError) as exc:
        services.operation_mode_set(actor=clerk, operation=operation, mode="centralized", entrusted_body="市大数据中心")
    assert set(exc.value.message_dict) == {"entrusted_qualification"}
    with pytest.raises(ValidationError) as exc:
        services.operation_mode_set(actor=clerk, operation=operation, mode="centralized")
    assert "委托符合有关规定的机构" in exc.value.message_dict["entrusted_body"][0]
    services.operation_mode_set(
        actor=clerk,
        operation=operation,
        mode="centralized",
        entrusted_body="市大数据管理中心",
        entrusted_qualification="信息系统运维服务能力成熟度二级，证书 ITSS-2-0321",
    )
    operation.refresh_from_db()
    assert operation.entrusted_body == "市大数据管理中心"


@pytest.mark.article("第二十三条")
def test_a_change_of_mode_is_recorded_with_its_reason_and_audited(city, in_operation, completed):
    clerk = city.users["clerk"]
    with pytest.raises(ValidationError) as exc:
        services.operation_mode_set(
            actor=clerk,
            operation=in_operation,
            mode="centralized",
            entrusted_body="市大数据管理中心",
            entrusted_qualification="ITSS 二级",
        )
    assert "理由" in exc.value.message_dict["reason"][0]
    services.operation_mode_set(
        actor=clerk,
        operation=in_operation,
        mode="centralized",
        entrusted_body="市大数据管理中心",
        entrusted_qualification="ITSS 二级",
        reason="全市政务系统统一迁入政务云，集中运维。",
    )
    records = list(ModeRecord.objects.filter(operation=in_operation))
    assert [(r.number, r.previous_mode, r.mode) for r in records] == [(1, "", "self"), (2, "self", "centralized")]
    event = _events("operation.set_mode").filter(object_id=str(in_operation.pk)).order_by("-id").first()
    assert event.before["mode"] == "self" and event.after["mode"] == "centralized"
    assert event.reason == "全市政务系统统一迁入政务云，集中运维。"
    with pytest.raises(ValueError):  # append-only
        records[0].save()


# Incidents ---------------------------------------------------------------------------------------------


@pytest.mark.article("第二十二条")
def test_incidents_are_recorded_in_operation_and_kept_by_year(city, in_operation, completed, frozen_clock):
    clerk, now = city.users["clerk"], clock.now()
    with pytest.raises(ValidationError) as exc:
        services.operation_incident_record(
            actor=clerk,
            operation=in_operation,
            kind="outage",
            severity="major",
            occurred_at=now,
            resolved_at=now - dt.timedelta(hours=1),
            description="机房断电。",
            measures="切换备用电源。",
        )
    assert "resolved_at" in exc.value.message_dict
    incident = services.operation_incident_record(
        actor=clerk,
        operation=in_operation,
        kind="security",
        severity="serious",
        occurred_at=now - dt.timedelta(hours=3),
        resolved_at=now - dt.timedelta(hours=1),
        description="门户遭受 SQL 注入攻击。",
        measures="封禁来源地址，修补漏洞，报市网信办。",
    )
    assert list(selectors.incidents_of(completed, now.year)) == [incident]
    assert not selectors.incidents_of(completed, now.year + 1).exists()
    retired = services.operation_retire(actor=clerk, operation=in_operation, reason="系统由省级平台替代。")
    with pytest.raises(Refused, match="运行中"):
        services.operation_incident_record(
            actor=clerk,
            operation=retired,
            kind="other",
            severity="minor",
            occurred_at=now,
            description="x",
            measures="y",
        )
    assert OperationIncident.objects.count() == 1


# 第二十一条: the Audit bureau's final audit ----------------------------------------------------------------


@pytest.mark.article("第二十一条")
def test_the_audit_bureau_does_not_audit_a_project_not_accepted(city, completed, accepted):
    audit = city.users["audit"]
    with pytest.raises(Refused) as exc:
        services.final_audit_open(actor=audit, project=completed, scope="竣工决算审计。")
    assert "竣工验收" in exc.value.message and "市审计部门不予审计" in exc.value.message
    assert "第二十一条" in exc.value.message
    assert not FinalAudit.objects.exists()
    accepted(completed)
    with pytest.raises(Refused, match="市审计局"):
        services.final_audit_open(actor=city.users["office_reviewer"], project=completed, scope="审计。")
    opened = services.final_audit_open(actor=audit, project=completed, scope="对项目竣工财务决算进行审计。")
    services.final_audit_finding_record(
        actor=audit, final_audit=opened, description="监理费超合同约定 0.5 万元。", evidence=pdf("审计证据.pdf")
    )
    closed = services.final_audit_close(
        actor=audit, final_audit=opened, conclusion="决算基本真实，责令退回超付监理费。"
    )
    assert closed.stage == "closed" and closed.findings.count() == 1
    with pytest.raises(Refused, match="已办结"):
        services.final_audit_finding_record(actor=audit, final_audit=closed, description="又一发现。")


# 第二十一条, 第二十四条: O&M funds ---------------------------------------------------------------------------


def _open_2028(city, frozen_clock, at=dt.date(2027, 10, 20)):
    frozen_clock(at)
    return intake.plan_year_open(actor=city.users["office_reviewer"], year=2028)


def _maintenance_data(**overrides):
    from egovpm.conftest import application_data

    return application_data(nature="maintenance", **overrides)


@pytest.mark.article("第二十一条")
def test_an_o_and_m_declaration_of_a_project_not_accepted_is_refused_at_the_field(city, completed, frozen_clock):
    plan_year = _open_2028(city, frozen_clock)
    before = Declaration.objects.count()
    with pytest.raises(ValidationError) as exc:
        intake.declaration_create(
            actor=city.users["clerk"],
            plan_year=plan_year,
            name=completed.name,
            data=_maintenance_data(),
            project=completed,
        )
    message = exc.value.message_dict["nature"][0]
    assert "竣工验收" in message and "不予安排项目运行维护经费" in message and "第二十一条" in message
    assert Declaration.objects.count() == before
    # a new project's (or a legacy system's) maintenance declaration is not held back
    legacy = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="老门户网站运维", data=_maintenance_data()
    )
    assert legacy.nature == "maintenance"


@pytest.mark.article("第二十一条")
def test_finance_cannot_arrange_o_and_m_funds_for_a_project_not_accepted(
    city, in_operation, completed, contributed, frozen_clock
):
    plan_year = _open_2028(city, frozen_clock)
    u = city.users
    declaration = services.operation_maintenance_declare(
        actor=u["clerk"],
        operation=in_operation,
        plan_year=plan_year,
        annual_requirement=Decimal("25.00"),
        purpose_and_content="互联网医院 2028 年度运行维护：驻场运维、安全加固、云资源租用。",
    )
    for kind, name in (
        (DocumentKind.STATUS_STATEMENT, "项目状况说明书.pdf"),
        (DocumentKind.BUDGET_LIST, "预算清单.pdf"),
    ):
        intake.declaration_document_upload(actor=u["clerk"], declaration=declaration, kind=kind, upload=pdf(name))
    people = {k: u[k] for k in ("clerk", "supervisor", "office_reviewer", "office_head", "finance")}
    declaration = scenario.advance(declaration, "in_budget_library", reviewers=[u["expert"]], **people)
    contributed.add(completed.pk)  # the project no longer counts as accepted
    with pytest.raises(Refused) as exc:
        intake.budget_funds_arrange(actor=u["finance"], declaration=declaration, amount=Decimal("25.00"))
    assert "竣工验收" in exc.value.message and "第二十一条" in exc.value.message
    declaration.refresh_from_db()
    assert declaration.stage == "in_budget_library"
    contributed.discard(completed.pk)
    funded = intake.budget_funds_arrange(actor=u["finance"], declaration=declaration, amount=Decimal("25.00"))
    assert funded.declaration.stage == "funded"


@pytest.mark.article("第二十四条")
def test_next_years_o_and_m_declaration_goes_through_the_general_window(city, in_operation, completed, frozen_clock):
    plan_year = _open_2028(city, frozen_clock, dt.datetime(2027, 10, 31, 16, 1, tzinfo=UTC))  # 11-01 00:01 in Shanghai
    args = {
        "actor": city.users["clerk"],
        "operation": in_operation,
        "plan_year": plan_year,
        "annual_requirement": Decimal("25.00"),
        "purpose_and_content": "驻场运维与安全加固。",
    }
    with pytest.raises(Refused) as exc:
        services.operation_maintenance_declare(**args)
    assert exc.value.code == "window_closed"
    assert not Declaration.objects.filter(plan_year=plan_year).exists()
    frozen_clock(dt.datetime(2027, 10, 31, 15, 59, tzinfo=UTC))  # 10-31 23:59 in Shanghai
    declaration = services.operation_maintenance_declare(**args)
    assert declaration.project_id == completed.pk and declaration.nature == "maintenance"
    assert declaration.current_fiscal == Decimal("25.00") and declaration.stage == "draft"
    with pytest.raises(Refused, match="项目状况说明书"):  # the general procedure's materials (第七条(一))
        intake.declaration_submit(actor=city.users["clerk"], declaration=declaration)


@pytest.mark.article("第二十四条")
def test_o_and_m_funds_are_declared_only_for_a_project_in_operation(city, completed, accepted, frozen_clock):
    operation = prepare(city, accepted(completed))
    plan_year = _open_2028(city, frozen_clock)
    with pytest.raises(Refused, match="投入运行"):
        services.operation_maintenance_declare(
            actor=city.users["clerk"],
            operation=operation,
            plan_year=plan_year,
            annual_requirement=Decimal("25.00"),
            purpose_and_content="运维。",
        )
    with pytest.raises(ValidationError) as exc:  # nor at intake's own form
        intake.declaration_create(
            actor=city.users["clerk"],
            plan_year=plan_year,
            name=completed.name,
            data=_maintenance_data(),
            project=completed,
        )
    assert "尚未投入运行" in exc.value.message_dict["nature"][0]


@pytest.mark.article("第二十二条")
def test_an_open_incident_is_closed_with_its_time_and_measures(city, in_operation, frozen_clock):
    clerk, now = city.users["clerk"], clock.now()
    incident = services.operation_incident_record(
        actor=clerk,
        operation=in_operation,
        kind="outage",
        severity="minor",
        occurred_at=now - dt.timedelta(hours=2),
        description="数据库服务器磁盘故障。",
        measures="切换备用节点。",
    )
    with pytest.raises(ValidationError) as exc:
        services.operation_incident_resolve(
            actor=clerk, incident=incident, resolved_at=now - dt.timedelta(hours=3), measures="更换磁盘。"
        )
    assert "resolved_at" in exc.value.message_dict
    naive = (now - dt.timedelta(hours=1)).astimezone(clock.TZ).replace(tzinfo=None)  # Beijing time
    resolved = services.operation_incident_resolve(
        actor=clerk, incident=incident, resolved_at=naive, measures="更换故障磁盘。"
    )
    assert resolved.resolved_at == now - dt.timedelta(hours=1) and resolved.measures == "更换故障磁盘。"
    with pytest.raises(Refused, match="已登记处置完成"):
        services.operation_incident_resolve(actor=clerk, incident=resolved, resolved_at=now, measures="再次。")
    assert _events("operation.resolve_incident").count() == 1
