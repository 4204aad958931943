"""Every endpoint of /api/v1/ for a role that may use it, a role that may not (403, nothing changes), and
an object the caller may not see (404). The roles are the pages' roles: the API's role sets are checked
against the views' `required_roles`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pytest
from django.db import transaction

from egovpm.api import present
from egovpm.api.actions import offered_by_api
from egovpm.api.routers import audit, filings, plan, special
from egovpm.api.routers import construction as construction_api
from egovpm.api.routers import evaluation as evaluation_api
from egovpm.api.routers import experts as experts_api
from egovpm.api.routers import operations as operations_api
from egovpm.api.tests.conftest import application_json, walk_users
from egovpm.audit.models import AuditEvent
from egovpm.conftest import PROPOSAL, application_data
from egovpm.construction import selectors
from egovpm.construction import views as construction_views
from egovpm.construction.tests.conftest import supervision as supervision  # the supervision app stood in for
from egovpm.documents.services import document_store
from egovpm.evaluation import views as evaluation_views
from egovpm.experts import views as experts_views
from egovpm.filings import services as filing_services
from egovpm.filings import views as filing_views
from egovpm.intake.services import special as special_services
from egovpm.intake.views import budget as budget_views
from egovpm.intake.views import plan as plan_views
from egovpm.intake.views import special as special_views
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.operations import services as operations_services
from egovpm.operations import views as operations_views
from egovpm.projects.services import restriction_place
from egovpm.security.services_accounts import unit_create
from egovpm.supervision import services as supervision_services
from egovpm.testing import scenario


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: Callable[[dict], str]
    allowed: str
    refused: str | None
    ok: int = 200
    body: Callable[[dict], object] | None = None
    invisible: tuple[str, Callable[[dict], str]] | None = None
    multipart: bool = False
    content_type: str = "application/json"
    extra: dict = field(default_factory=dict)


def _opinion_document(declaration):
    """The written approval opinion (an official document) of a declaration past the re-review."""
    from egovpm.official.models import IssuedDocument

    return IssuedDocument.objects.get(kind="approval_opinion", owner_id=declaration.approval_opinion.pk)


def pdf(name="其他附件.pdf"):
    return scenario.pdf_file(name)


def catalog_json(n=7):
    return scenario.catalog_entry_data(n)


LETTER = {"basis": "unforeseeable", "unforeseeable_reason": "省里年中部署的对接任务，年初无法预见。"}


def filing_form():
    return {
        "kind": "higher_authority",
        "name": "“雪亮工程”市级节点",
        "higher_authority": "江苏省公安厅",
        "approval_reference": "苏公科〔2026〕18号",
        "total_investment": "500.00",
        "needs_matching_funds": "false",
        "description": "按省公安厅部署建设。",
        "approval_document": pdf("省公安厅批复.pdf"),
    }


@pytest.fixture
def in_construction(city, plan_year) -> dict:
    """第十一条: the hospital's funded project in construction (estimate approved), a procurement and a
    contract; built before the API's world, whose `approved` declaration stays unsent to Finance."""
    from egovpm.procurement.tests.conftest import in_construction as build

    funded = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="建设项目", data=application_data(), proposal=PROPOSAL
    )
    return build(city, scenario.advance(funded, "funded", **walk_users(city)))


@pytest.fixture
def world(in_construction, world, city, supervision):
    """The API's world, plus for 第六条, 第八条/第九条 and 第十条: the culture bureau's `flagged` declaration
    (touching 云存储, submitted), the hospital's `special` draft application and its `filing`."""
    u = city.users
    flagged = scenario.declare(
        clerk=u["culture_clerk"],
        plan_year=world["plan_year"],
        name="文旅数据云存储扩容",
        data=application_data(infrastructure_areas=["云存储"]),
        proposal=PROPOSAL,
    )
    flagged = scenario.submit(flagged, clerk=u["culture_clerk"])
    # 附件2: an uploaded proposal whose outline check has findings (a PDF without text), for the Office
    flagged_proposal = document_store(
        actor=u["culture_clerk"], owner=flagged, kind="proposal", upload=pdf("建议书.pdf")
    )
    special = special_services.special_create(
        actor=u["clerk"], plan_year=world["plan_year"], name="特殊申报项目", data=application_data(), **LETTER
    )
    filing = filing_services.filing_create(
        actor=u["clerk"],
        kind="higher_authority",
        name="“雪亮工程”市级节点",
        higher_authority="江苏省公安厅",
        approval_reference="苏公科〔2026〕18号",
        total_investment=Decimal("500.00"),
        description="按省公安厅部署建设。",
        approval_document=pdf("省公安厅批复.pdf"),
    )
    built = construction_world(city, world)
    return {
        **world,
        "flagged": flagged,
        "flagged_proposal": flagged_proposal,
        "special": special,
        "filing": filing,
        **built,
        **in_construction,
        **_supervision_world(city, world),
        **_acceptance_world(city, built),
        **_operations_world(city, in_construction, supervision),
        **_accountability_world(city, world),
        **_evaluation_world(city, in_construction),
        **_experts_world(city, world),
    }


def construction_world(city, world) -> dict:
    """第十一条 to 第十六条: the hospital's funded projects — `openable` (not yet opened), `preparing` (opened,
    nothing recorded), `estimating` (an estimate waiting for the Office), `building` (under construction,
    the sharing connection exempted) and `adjusting` (under construction, an adjustment waiting)."""
    from egovpm.construction import services as construction
    from egovpm.construction.tests.conftest import AMOUNTS, started
    from egovpm.intake.services import plan_year_open

    u = city.users
    walk = walk_users(city)
    # funded in a plan year of their own: sending that year's plan to Finance leaves 2027's unsent
    plan_year = plan_year_open(actor=u["office_reviewer"], year=2029)

    def funded(name):
        decl = scenario.declare(
            clerk=u["clerk"], plan_year=plan_year, name=name, data=application_data(), proposal=PROPOSAL
        )
        return scenario.advance(decl, "funded", **walk)

    def opened(name):
        return construction.construction_open(actor=u["clerk"], project=funded(name).project)

    estimating = opened("待核定概算项目")
    construction.estimate_submit(actor=u["clerk"], construction=estimating, design_summary="方案", amounts=AMOUNTS)
    building = started(city, opened("在建项目"))
    construction.sharing_exempt(actor=u["office_reviewer"], construction=building, reason="内部系统，不产生共享数据。")
    adjusting = started(city, opened("调整中项目"))
    adjustment = construction.adjustment_request(
        actor=u["clerk"],
        construction=adjusting,
        changes="增加移动端。",
        reason="省里要求。",
        amounts={**AMOUNTS, "other": Decimal("9.00")},
    )
    return {
        "openable": funded("待开工项目"),
        "preparing": opened("建设准备项目"),
        "estimating": estimating,
        "estimate": estimating.estimates.get(),
        "building": building,
        "adjusting": adjusting,
        "adjustment": adjustment,
    }


CONSTRUCTION_ITEMS = [
    {"kind": k, "amount": "10.00"}
    for k in ("hardware", "software", "development", "integration", "supervision", "other")
]
RESPONSIBILITY = {
    "implementation_body": "信息科",
    "leader_name": "张明",
    "leader_phone": "13912345678",
    "responsible_leader": "李华",
    "responsible_leader_title": "副院长",
}


def _construction_case(name, path, *, ok=201, allowed="clerk", refused="office_reviewer", body=None, **kwargs):
    return Case(
        name,
        "post",
        lambda w: path(w),
        allowed,
        refused,
        ok=ok,
        body=body,
        invisible=("culture_clerk", lambda w: path(w)),
        **kwargs,
    )


def _supervision_world(city, world) -> dict:
    """第十三条–第十八条 on the hospital's project in the budget library: the city's firm supervises it (another
    firm the culture bureau's draft), a request, an inspection with an order owed and one rejected, another
    inspection without findings, withheld funds."""
    u = city.users
    office, clerk = u["office_reviewer"], u["clerk"]
    project, other_project = world["library"].project, world["other"].project
    firm, other_firm = city.units["firm"], unit_create(name="另一监理公司", code="0299", kind="supervision_firm")
    for f in (firm, other_firm):
        supervision_services.firm_qualification_record(
            actor=office,
            firm=f,
            grade="class_b",
            certificate_number=f"JL-{f.pk}",
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027, 12, 31),
        )

    def entrust(actor, p, f):
        return supervision_services.supervision_assign(
            actor=actor,
            project=p,
            firm=f,
            contract_number="JL-1",
            contract_signed_on=dt.date(2026, 10, 1),
            contract=pdf("监理合同.pdf"),
        )

    inspection = supervision_services.inspection_open(actor=office, project=project, scope="稽察。")

    def ordered():
        return supervision_services.finding_record(
            actor=office,
            inspection=inspection,
            area="funds",
            description="资金问题。",
            requirement="整改。",
            due=dt.date(2026, 11, 14),
        ).rectification

    owed, rejected = ordered(), ordered()
    rejected = supervision_services.rectification_submit(actor=clerk, rectification=rejected, answer="已整改。")
    supervision_services.rectification_reject(actor=office, rectification=rejected, reason="不符合要求。")
    return {
        "sv_project": project,
        "sv_other_project": other_project,
        "sv_firm": firm,
        "sv_other_firm": other_firm,
        "sv_supervision": entrust(clerk, project, firm),
        "sv_other_supervision": entrust(u["culture_clerk"], other_project, other_firm),
        "sv_request": supervision_services.information_request_create(
            actor=office, project=project, subject="请提供合同。", due=dt.date(2026, 10, 30)
        ),
        "sv_inspection": inspection,
        "sv_empty_inspection": supervision_services.inspection_open(actor=office, project=project, scope="专项稽察。"),
        "sv_owed": owed,
        "sv_rejected": rejected,
        "sv_restriction": restriction_place(actor=office, project=project, kind="withhold_funds", reason="暂缓。"),
    }


def _operations_world(city, in_construction, supervision) -> dict:
    """第二十一条–第二十四条 on the hospital's project in construction, counted accepted (the acceptance app's
    `completion_accepted` stood in for, as supervision's values are): in operation under self-management,
    with an open final audit."""
    # The endpoint world asks who may call what: the built project counts as accepted (completion_accepted
    # stood in for) rather than walked through acceptance, whose own cases use other projects of this world.
    supervision["completion_accepted"] = True
    u = city.users
    project = in_construction["built"]
    operation = operations_services.operation_prepare(
        actor=u["clerk"], project=project, operating_body="信息科", cost_assurance="部门预算。", rules=pdf("制度.pdf")
    )
    operations_services.operation_mode_set(actor=u["clerk"], operation=operation, mode="self")
    operation = operations_services.operation_enter(actor=u["clerk"], operation=operation)
    audit = operations_services.final_audit_open(actor=u["audit"], project=project, scope="竣工决算审计。")
    incident = operations_services.operation_incident_record(
        actor=u["clerk"],
        operation=operation,
        kind="outage",
        severity="minor",
        occurred_at=dt.datetime(2026, 10, 14, 0, 0, tzinfo=dt.UTC),
        description="服务中断。",
        measures="切换备用节点。",
    )
    return {"op_project": project, "op_operation": operation, "op_audit": audit, "op_incident": incident}


def _accountability_world(city, world) -> dict:
    """第三十条: a violation of the hospital's approved project, proposed by the Office and not yet decided."""
    from egovpm.accountability import services as accountability_services

    violation = accountability_services.violation_record(
        actor=city.users["office_reviewer"], project=world["library"].project, kind="mismanagement", facts="管理不善。"
    )
    return {"ac_violation": violation}


def _ac(path: str) -> Callable[[dict], str]:
    return lambda w: path.format(violation=w["ac_violation"].pk)


ACCOUNTABILITY_CASES = [
    Case("violation_list", "get", _ac("/violations"), "office_reviewer", "expert"),
    Case("violation_scan", "post", _ac("/violations/scan"), "office_reviewer", "clerk"),
    Case(
        "violation_record",
        "post",
        _ac("/violations"),
        "office_reviewer",
        "clerk",
        ok=201,
        body=lambda w: {"project_id": w["library"].project_id, "kind": "no_catalog", "facts": "未提供信息资源目录。"},
    ),
    Case(
        "violation_get",
        "get",
        _ac("/violations/{violation}"),
        "clerk",
        "expert",
        invisible=("culture_clerk", _ac("/violations/{violation}")),
    ),
    Case(
        "violation_act",
        "post",
        _ac("/violations/{violation}/actions/confirm_violation"),
        "office_head",
        "expert",
        body=lambda w: {"reason": "经核实属实。"},
        invisible=("culture_clerk", _ac("/violations/{violation}/actions/confirm_violation")),
    ),
    Case(
        # a proposed violation takes no measure yet: every access check passes and the table refuses (409)
        "violation_measure_record",
        "post",
        _ac("/violations/{violation}/measures"),
        "office_head",
        "clerk",
        ok=409,
        body=lambda w: {"kind": "criticism", "description": "通报批评。"},
    ),
]


def _evaluation_world(city, in_construction) -> dict:
    """第二十五条–第二十九条: the first criteria in force (Finance and Audit concurred), two ex-post evaluations
    of the hospital's accepted project assigned to the city's third-party assessor, one being scored."""
    from egovpm.evaluation import services as evaluation_services
    from egovpm.evaluation.tests.conftest import in_force

    u = city.users
    in_force(city)
    project = in_construction["built"]

    def order():
        return evaluation_services.evaluation_order(
            actor=u["office_reviewer"], project=project, kind="ex_post", evaluator=u["assessor"], contract_number="PG-1"
        )

    assigned = order()
    scoring = evaluation_services.evaluation_start(actor=u["assessor"], evaluation=order())
    return {"ev_assigned": assigned, "ev_scoring": scoring}


def _ev(path: str) -> Callable[[dict], str]:
    return lambda w: path.format(**{k: v.pk for k, v in w.items() if k.startswith("ev_")})


def _experts_world(city, world) -> dict:
    """第七条(二), 第九条(三): the city's two experts in the library (planning); a declaration in its initial review
    with both drawn, `expert2` accepted; a third verified expert; a fourth expert account not yet enrolled."""
    from egovpm.experts import services as expert_services
    from egovpm.intake.services import review_experts_draw
    from egovpm.security.services_accounts import user_create
    from egovpm.testing.experts import enrol_expert

    u = city.users
    office = u["office_reviewer"]
    profile = enrol_expert(office=office, username="", name="", fields=["planning"], user=u["expert"])
    enrol_expert(office=office, username="", name="", fields=["planning"], user=u["expert2"])
    decl = scenario.declare(
        clerk=u["clerk"], plan_year=world["plan_year"], name="专家评审项目", data=application_data(), proposal=PROPOSAL
    )
    decl = scenario.advance(decl, "in_initial_review", **{**walk_users(city), "reviewers": [u["finance"]]})
    draw = review_experts_draw(
        actor=office, declaration=decl, requirements=[{"field": "planning", "count": 2}], seed="api"
    )
    invited = draw.assignments.get(expert__user=u["expert"])
    accepted = expert_services.assignment_accept(
        actor=u["expert2"], assignment=draw.assignments.get(expert__user=u["expert2"]), no_conflict=True
    )
    third = enrol_expert(office=office, username="expert3", name="宋研究员", fields=["planning"])
    fourth = user_create(username="expert4", password="x" * 16, full_name="唐高工", unit=None, roles=[Role.EXPERT])
    return {
        "ex_profile": profile,
        "ex_draw": draw,
        "ex_invited": invited,
        "ex_accepted": accepted,
        "ex_third": third,
        "ex_fourth": fourth,
    }


def _ex(path: str) -> Callable[[dict], str]:
    return lambda w: path.format(**{k: v.pk for k, v in w.items() if k.startswith("ex_") or k == "review"})


SHEET = {"necessity": "22", "content": "20", "investment": "15", "sharing": "12", "security": "13"}

EXPERTS_CASES = [
    Case("expert_list", "get", _ex("/experts"), "office_reviewer", "expert"),
    Case(
        "expert_get",
        "get",
        _ex("/experts/{ex_profile}"),
        "office_reviewer",
        "clerk",
        invisible=("expert2", _ex("/experts/{ex_profile}")),
    ),
    Case(
        "expert_enrol",
        "post",
        _ex("/experts"),
        "office_reviewer",
        "expert",
        ok=201,
        body=lambda w: {
            "user_id": w["ex_fourth"].pk,
            "fields": ["security"],
            "title": "高级工程师",
            "employer": "某研究院",
        },
    ),
    Case(
        "expert_status",
        "post",
        _ex("/experts/{ex_profile}/status"),
        "office_reviewer",
        "clerk",
        body=lambda w: {"action": "suspend", "reason": "本人申请暂停。"},
        invisible=("office_reviewer", _ex("/experts/999999/status")),
    ),
    Case(
        "expert_draw_make",
        "post",
        _ex("/declarations/{review}/expert-draws"),
        "office_reviewer",
        "expert",
        ok=201,
        body=lambda w: {"requirements": [{"field": "planning", "count": 1}]},
        invisible=("office_reviewer", lambda w: f"/declarations/{w['draft'].pk}/expert-draws"),
    ),
    Case("expert_draw_list", "get", _ex("/expert-draws"), "audit", "expert"),
    Case(
        "expert_draw_get",
        "get",
        _ex("/expert-draws/{ex_draw}"),
        "audit",
        "expert",
        invisible=("audit", _ex("/expert-draws/999999")),
    ),
    Case("expert_draw_verify", "post", _ex("/expert-draws/{ex_draw}/verify"), "audit", "clerk"),
    Case(
        "expert_draw_pick",
        "post",
        _ex("/expert-draws/{ex_draw}/picks"),
        "office_reviewer",
        "audit",
        ok=201,
        body=lambda w: {"expert_id": w["ex_third"].pk, "field": "planning", "reason": "库内该领域专家不足。"},
    ),
    Case("expert_assignment_list", "get", _ex("/expert-assignments"), "expert", "clerk"),
    Case(
        "expert_assignment_accept",
        "post",
        _ex("/expert-assignments/{ex_invited}/accept"),
        "expert",
        "clerk",
        body=lambda w: {"no_conflict": True},
        invisible=("expert2", _ex("/expert-assignments/{ex_invited}/accept")),
    ),
    Case(
        "expert_assignment_decline",
        "post",
        _ex("/expert-assignments/{ex_invited}/decline"),
        "expert",
        "clerk",
        body=lambda w: {"reason": "评审期间出差。"},
        invisible=("expert2", _ex("/expert-assignments/{ex_invited}/decline")),
    ),
    Case(
        "expert_score_sheet_submit",
        "post",
        _ex("/expert-assignments/{ex_accepted}/score-sheet"),
        "expert2",
        "clerk",
        ok=201,
        body=lambda w: {"scores": SHEET, "comment": "论证充分。"},
        invisible=("expert", _ex("/expert-assignments/{ex_accepted}/score-sheet")),
    ),
]

EVALUATION_CASES = [
    Case("evaluation_list", "get", _ev("/evaluations"), "assessor", "expert"),
    Case(
        "evaluation_get",
        "get",
        _ev("/evaluations/{ev_assigned}"),
        "assessor",
        "expert",
        invisible=("culture_clerk", _ev("/evaluations/{ev_assigned}")),
    ),
    Case(
        "evaluation_score",
        "post",
        _ev("/evaluations/{ev_scoring}/scores"),
        "assessor",
        "clerk",
        ok=201,
        body=lambda w: {"indicator": "E2", "score": "80", "evidence": "运行记录。", "comment": "稳定。"},
        invisible=("office_reviewer", _ev("/evaluations/999999/scores")),
    ),
    Case(
        "evaluation_act",
        "post",
        _ev("/evaluations/{ev_assigned}/actions/start_scoring"),
        "assessor",
        "expert",
        invisible=("culture_clerk", _ev("/evaluations/{ev_assigned}/actions/start_scoring")),
    ),
]


def _op(path: str) -> Callable[[dict], str]:
    """An operations path with {key} of the world's objects filled in."""
    return lambda w: path.format(**{k: v.pk for k, v in w.items() if k.startswith("op_")})


OPERATIONS_CASES = [
    Case("operation_list", "get", _op("/operations"), "clerk", "expert"),
    Case(
        "operation_project_get",
        "get",
        _op("/operations/projects/{op_project}"),
        "finance",
        "expert",
        invisible=("culture_clerk", _op("/operations/projects/{op_project}")),
    ),
    Case(
        "operation_prepare",
        "post",
        _op("/operations/projects/{op_project}/prepare"),
        "clerk",
        "office_reviewer",
        body=lambda w: {"operating_body": "信息中心", "cost_assurance": "部门预算。", "rules": pdf("新制度.pdf")},
        multipart=True,
        invisible=("culture_clerk", _op("/operations/projects/{op_project}/prepare")),
    ),
    Case(
        "operation_mode_set",
        "post",
        _op("/operations/{op_operation}/mode"),
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {
            "mode": "centralized",
            "entrusted_body": "市大数据中心",
            "entrusted_qualification": "ITSS 二级",
            "reason": "集中运维。",
        },
        invisible=("culture_clerk", _op("/operations/{op_operation}/mode")),
    ),
    Case(
        "operation_incident_record",
        "post",
        _op("/operations/{op_operation}/incidents"),
        "clerk",
        "audit",
        ok=201,
        body=lambda w: {
            "kind": "outage",
            "severity": "minor",
            "occurred_at": "2026-10-15T08:00:00+08:00",
            "description": "服务中断。",
            "measures": "重启服务。",
        },
        invisible=("culture_clerk", _op("/operations/{op_operation}/incidents")),
    ),
    Case(
        "operation_incident_resolve",
        "post",
        _op("/operations/incidents/{op_incident}/resolve"),
        "clerk",
        "finance",
        body=lambda w: {"resolved_at": "2026-10-15T09:00:00+08:00", "measures": "更换故障磁盘。"},
        invisible=("culture_clerk", _op("/operations/incidents/{op_incident}/resolve")),
    ),
    Case(
        # The world's project already has its 2027 declaration and 2027 is the only open plan year: the unit
        # passes every access check and intake's rule refuses (409); the declaration itself is tested in
        # egovpm/operations/tests.
        "operation_maintenance_declare",
        "post",
        _op("/operations/{op_operation}/maintenance-declarations"),
        "clerk",
        "finance",
        ok=409,
        body=lambda w: {"plan_year": 2027, "annual_requirement": "20.00", "purpose_and_content": "运行维护。"},
        invisible=("culture_clerk", _op("/operations/{op_operation}/maintenance-declarations")),
    ),
    Case(
        "operation_act",
        "post",
        _op("/operations/{op_operation}/actions/retire_operation"),
        "clerk",
        "finance",
        body=lambda w: {"reason": "由省级平台替代。"},
        invisible=("culture_clerk", _op("/operations/{op_operation}/actions/retire_operation")),
    ),
    Case("final_audit_list", "get", _op("/final-audits"), "audit", "expert"),
    Case(
        "final_audit_open",
        "post",
        _op("/final-audits"),
        "audit",
        "clerk",
        ok=201,
        body=lambda w: {"project_id": w["flagged"].project_id, "scope": "竣工决算审计。"},
    ),
    Case(
        "final_audit_get",
        "get",
        _op("/final-audits/{op_audit}"),
        "audit",
        "expert",
        invisible=("culture_clerk", _op("/final-audits/{op_audit}")),
    ),
    Case(
        "final_audit_finding_record",
        "post",
        _op("/final-audits/{op_audit}/findings"),
        "audit",
        "clerk",
        ok=201,
        body=lambda w: {"description": "发票待补。"},
        multipart=True,
    ),
    Case(
        "final_audit_act",
        "post",
        _op("/final-audits/{op_audit}/actions/close_final_audit"),
        "audit",
        "clerk",
        body=lambda w: {"reason": "决算真实。"},
        invisible=("culture_clerk", _op("/final-audits/{op_audit}/actions/close_final_audit")),
    ),
]


def _sv(path: str) -> Callable[[dict], str]:
    """A supervision path with {key} of the world's objects filled in."""
    return lambda w: "/supervision" + path.format(**{k: v.pk for k, v in w.items() if k.startswith("sv_")})


SUPERVISION_CASES = [
    Case("supervision_project_list", "get", _sv("/projects"), "clerk", "expert"),
    Case(
        "supervision_project_get",
        "get",
        _sv("/projects/{sv_project}"),
        "clerk",
        "expert",
        invisible=("culture_clerk", _sv("/projects/{sv_project}")),
    ),
    Case(
        "supervision_assign",
        "post",
        _sv("/projects/{sv_project}/supervisions"),
        "clerk",
        "finance",
        ok=201,
        body=lambda w: {
            "firm_id": w["sv_other_firm"].pk,
            "contract_number": "JL-2",
            "contract_signed_on": "2026-10-02",
            "contract": pdf("监理合同.pdf"),
        },
        multipart=True,
        invisible=("culture_clerk", _sv("/projects/{sv_project}/supervisions")),
    ),
    Case(
        "supervision_report_file",
        "post",
        _sv("/supervisions/{sv_supervision}/reports"),
        "engineer",
        "clerk",
        ok=201,
        body=lambda w: {"period_start": "2026-10-01", "period_end": "2026-10-14", "findings": "正常。"},
        multipart=True,
        invisible=("engineer", _sv("/supervisions/{sv_other_supervision}/reports")),
    ),
    Case(
        "information_request_create",
        "post",
        _sv("/projects/{sv_project}/information-requests"),
        "finance",
        "expert",
        ok=201,
        body=lambda w: {"subject": "请提供凭证。", "due": "2026-10-30"},
        invisible=("culture_clerk", _sv("/projects/{sv_project}/information-requests")),
    ),
    Case(
        "inspection_open",
        "post",
        _sv("/projects/{sv_project}/inspections"),
        "office_reviewer",
        "clerk",
        ok=201,
        body=lambda w: {"scope": "稽察。"},
    ),
    Case(
        "finding_record",
        "post",
        _sv("/inspections/{sv_inspection}/findings"),
        "office_reviewer",
        "clerk",
        ok=201,
        body=lambda w: {"area": "quality", "description": "质量问题。"},
        multipart=True,
    ),
    Case(
        "sanction_apply",
        "post",
        _sv("/rectifications/{sv_rejected}/sanctions"),
        "office_head",
        "clerk",
        ok=201,
        body=lambda w: {"kind": "criticism", "reason": "整改后仍不符合要求。"},
    ),
    Case(
        "restriction_lift",
        "post",
        _sv("/restrictions/{sv_restriction}/lift"),
        "office_reviewer",
        "clerk",
        body=lambda w: {"reason": "已整改。"},
    ),
    Case("supervision_firm_list", "get", _sv("/firms"), "office_reviewer", "clerk"),
    Case(
        "firm_qualification_record",
        "post",
        _sv("/firms/{sv_firm}/qualifications"),
        "office_reviewer",
        "clerk",
        ok=201,
        body=lambda w: {
            "grade": "class_a",
            "certificate_number": "JL-NEW",
            "valid_from": "2026-01-01",
            "valid_until": "2028-12-31",
        },
    ),
    Case(
        "supervision_act",
        "post",
        _sv("/supervisions/{sv_supervision}/actions/end_supervision"),
        "office_reviewer",
        "expert",
        body=lambda w: {"reason": "合同履行完毕。"},
    ),
    Case(
        "information_request_act",
        "post",
        _sv("/information-requests/{sv_request}/actions/answer_information"),
        "clerk",
        "expert",
        body=lambda w: {"reason": "已提供。"},
        invisible=("culture_clerk", _sv("/information-requests/{sv_request}/actions/answer_information")),
    ),
    Case(
        "inspection_act",
        "post",
        _sv("/inspections/{sv_empty_inspection}/actions/close_inspection"),
        "office_reviewer",
        "expert",
        body=lambda w: {"reason": "未发现问题，办结。"},
    ),
    Case(
        "rectification_act",
        "post",
        _sv("/rectifications/{sv_owed}/actions/submit_rectification"),
        "clerk",
        "expert",
        body=lambda w: {"reason": "已整改。"},
        invisible=("culture_clerk", _sv("/rectifications/{sv_owed}/actions/submit_rectification")),
    ),
]


def _acceptance_world(city, built) -> dict:
    """第十九条–第二十一条 on construction's `building`, `preparing` and `estimating` projects, their acceptance opened as
    construction's completion opens it (acceptance_open): `ac_open` (initial acceptance, every document recorded),
    `ac_waiting` (an extension request waiting: `ac_extension`) and `ac_started` (the Office's group checking)."""
    from egovpm.acceptance import services as acceptance
    from egovpm.acceptance.testing import record_documents

    u = city.users
    clerk, office = u["clerk"], u["office_reviewer"]

    def opened(key):
        return acceptance.acceptance_open(actor=clerk, project=built[key].project, completed_on=dt.date(2026, 10, 1))

    ac_open, ac_waiting, ac_started = opened("building"), opened("preparing"), opened("estimating")
    record_documents(clerk, ac_open)
    extension = acceptance.acceptance_extension_request(
        actor=clerk, acceptance=ac_waiting, requested_due=dt.date(2027, 6, 30), reason="测评排期。"
    )
    record_documents(clerk, ac_started)
    ac_started = acceptance.acceptance_apply(actor=clerk, acceptance=ac_started, statement="申请竣工验收。")
    for kind, user in (("office_staff", "office_head"), ("expert", "expert")):
        acceptance.group_member_add(actor=office, acceptance=ac_started, kind=kind, user=u[user])
    ac_started = acceptance.completion_acceptance_start(actor=office, acceptance=ac_started)
    return {
        "ac_open": ac_open,
        "ac_waiting": ac_waiting,
        "ac_extension": extension,
        "ac_started": ac_started,
        "ac_department": city.units["culture"],
    }


def _ac(path: str) -> Callable[[dict], str]:
    """An acceptance path with {key} of the world's objects filled in."""
    return lambda w: "/acceptances" + path.format(**{k: v.pk for k, v in w.items() if k.startswith("ac_")})


ACCEPTANCE_CASES = [
    Case("acceptance_list", "get", _ac(""), "clerk", "engineer"),
    Case(
        "acceptance_get", "get", _ac("/{ac_open}"), "clerk", "engineer", invisible=("culture_clerk", _ac("/{ac_open}"))
    ),
    Case(
        "acceptance_document_record",
        "post",
        _ac("/{ac_open}/documents"),
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {
            "kind": "single_item_report",
            "subject": "移动端子系统",
            "author_organisation": "市人民医院",
            "author_person": "张明",
            "dated": "2026-10-10",
            "document": pdf("单项验收报告.pdf"),
        },
        multipart=True,
        invisible=("culture_clerk", _ac("/{ac_open}/documents")),
    ),
    Case(
        "acceptance_extension_request",
        "post",
        _ac("/{ac_open}/extensions"),
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {"requested_due": "2027-06-30", "reason": "测评排期。"},
        invisible=("culture_clerk", _ac("/{ac_open}/extensions")),
    ),
    Case(
        "acceptance_delegate",
        "post",
        _ac("/{ac_open}/delegation"),
        "office_reviewer",
        "clerk",
        body=lambda w: {"reason": "建设内容较简单。"},
    ),
    Case(
        "acceptance_member_add",
        "post",
        _ac("/{ac_started}/members"),
        "office_reviewer",
        "expert",
        ok=201,
        body=lambda w: {"kind": "department", "unit_id": w["ac_department"].pk},
    ),
    Case(
        "acceptance_check_record",
        "post",
        _ac("/{ac_started}/checks/tested"),
        "office_reviewer",
        "expert",
        body=lambda w: {"evidence": "测试报告。", "passed": True},
    ),
    Case(
        "acceptance_review_record",
        "post",
        _ac("/{ac_started}/review"),
        "office_reviewer",
        "expert",
        body=lambda w: {
            "areas": [
                "construction",
                "design",
                "supervision",
                "works",
                "procurement",
                "archives",
                "estimate",
                "final_accounts",
            ],
            "bases": ["contracts"],
            "findings": "逐项检查。",
        },
    ),
    Case(
        "acceptance_act",
        "post",
        _ac("/{ac_open}/actions/apply_completion"),
        "clerk",
        "engineer",
        body=lambda w: {"reason": "申请竣工验收。"},
        invisible=("culture_clerk", _ac("/{ac_open}/actions/apply_completion")),
    ),
    Case(
        "acceptance_extension_act",
        "post",
        _ac("/extensions/{ac_extension}/actions/approve_extension"),
        "office_reviewer",
        "clerk",
        body=lambda w: {"reason": "同意。"},
    ),
]


def _clerks_notification(w) -> str:
    """The clerk's oldest notification (the world's steps told the hospital of their outcomes)."""
    from egovpm.notifications.models import Notification

    found = Notification.objects.filter(user__username="clerk").order_by("id").first()
    return f"/notifications/{found.pk}/read"


NOTIFICATION_CASES = [
    Case("notification_list", "get", lambda w: "/notifications?unread=true", "clerk", "sysadmin"),
    Case("notification_read_all", "post", lambda w: "/notifications/read-all", "clerk", "sysadmin"),
    Case(
        "notification_read",
        "post",
        _clerks_notification,
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", _clerks_notification),
    ),
]


CASES = [
    Case("me", "get", lambda w: "/me", "clerk", None),
    Case("lifecycle", "get", lambda w: "/lifecycle", "expert", None),
    Case("cockpit", "get", lambda w: "/cockpit?plan_year=2027", "finance", "clerk"),
    Case("unit_list", "get", lambda w: "/units", "clerk", "sysadmin"),
    Case(
        "unit_get",
        "get",
        lambda w: f"/units/{w['draft'].unit_id}",
        "clerk",
        "sysadmin",
        invisible=("clerk", lambda w: f"/units/{w['other'].unit_id}"),
    ),
    Case("declaration_list", "get", lambda w: "/declarations", "clerk", "sysadmin"),
    Case(
        "declaration_create",
        "post",
        lambda w: "/declarations",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {**application_json(), "plan_year": 2027, "name": "新申报项目"},
    ),
    Case(
        "declaration_get",
        "get",
        lambda w: f"/declarations/{w['review'].pk}",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/declarations/{w['review'].pk}"),
    ),
    Case(
        "declaration_update",
        "put",
        lambda w: f"/declarations/{w['draft'].pk}",
        "clerk",
        "office_reviewer",
        body=lambda w: {**application_json(), "name": "改名后的草稿"},
        invisible=("culture_clerk", lambda w: f"/declarations/{w['draft'].pk}"),
    ),
    Case(
        "proposal_save",
        "put",
        lambda w: f"/declarations/{w['draft'].pk}/proposal",
        "clerk",
        "finance",
        body=lambda w: PROPOSAL,
        invisible=("culture_clerk", lambda w: f"/declarations/{w['draft'].pk}/proposal"),
    ),
    Case(
        "declaration_history",
        "get",
        lambda w: f"/declarations/{w['review'].pk}/history",
        "clerk",
        "sysadmin",
        invisible=("expert2", lambda w: f"/declarations/{w['review'].pk}/history"),
    ),
    Case(
        "declaration_act",
        "post",
        lambda w: f"/declarations/{w['library'].pk}/actions/arrange_funds",
        "finance",
        "clerk",
        body=lambda w: {"amount": "150.00"},
        invisible=("culture_clerk", lambda w: f"/declarations/{w['library'].pk}/actions/arrange_funds"),
    ),
    Case(
        "document_list",
        "get",
        lambda w: f"/declarations/{w['library'].pk}/documents",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/declarations/{w['library'].pk}/documents"),
    ),
    Case(
        "document_upload",
        "post",
        lambda w: f"/declarations/{w['draft'].pk}/documents",
        "clerk",
        "finance",
        ok=201,
        body=lambda w: {"kind": "other", "file": pdf()},
        multipart=True,
        invisible=("culture_clerk", lambda w: f"/declarations/{w['draft'].pk}/documents"),
    ),
    Case(
        "declaration_catalog",
        "get",
        lambda w: f"/declarations/{w['library'].pk}/catalog",
        "finance",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/declarations/{w['library'].pk}/catalog"),
    ),
    Case(
        "declaration_catalog_xlsx",
        "get",
        lambda w: f"/declarations/{w['library'].pk}/catalog?format=xlsx",
        "office_reviewer",
        "sysadmin",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    Case(
        "catalog_entry_create",
        "post",
        lambda w: f"/declarations/{w['passed'].pk}/catalog",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: catalog_json(),
        invisible=("culture_clerk", lambda w: f"/declarations/{w['passed'].pk}/catalog"),
    ),
    Case(
        "procurement_item_add",
        "post",
        lambda w: f"/declarations/{w['review'].pk}/procurement-items",
        "office_reviewer",
        "clerk",
        ok=201,
        body=lambda w: {"category": "software", "name": "数据库", "quantity": 1, "estimated_amount": "12.50"},
        invisible=("office_reviewer", lambda w: f"/declarations/{w['other'].pk}/procurement-items"),
    ),
    Case("project_list", "get", lambda w: "/projects", "clerk", "sysadmin"),
    Case(
        "project_get",
        "get",
        lambda w: f"/projects/{w['library'].project_id}",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/projects/{w['library'].project_id}"),
    ),
    Case(
        "project_history",
        "get",
        lambda w: f"/projects/{w['library'].project_id}/history",
        "audit",
        "sysadmin",
        invisible=("office_reviewer", lambda w: f"/projects/{w['other'].project_id}/history"),
    ),
    Case(
        "document_get",
        "get",
        lambda w: f"/documents/{w['document'].pk}",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/documents/{w['document'].pk}"),
    ),
    Case(
        "document_download",
        "get",
        lambda w: f"/documents/{w['document'].pk}/download",
        "office_head",
        "sysadmin",
        content_type="application/pdf",
        invisible=("expert2", lambda w: f"/documents/{w['document'].pk}/download"),
    ),
    *(
        Case(
            f"official_document_{name}",
            "get",
            lambda w, suffix=suffix: f"/official/{_opinion_document(w['library']).pk}{suffix}",
            "clerk",
            "sysadmin",
            content_type=content_type,
            invisible=(
                "culture_clerk",
                lambda w, suffix=suffix: f"/official/{_opinion_document(w['library']).pk}{suffix}",
            ),
        )
        for name, suffix, content_type in (
            ("get", "", "application/json"),
            ("pdf", "/pdf", "application/pdf"),
            ("docx", "/docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )
    ),
    # 第七条(二): the configuration list and the plan year's centralized procurement plan
    Case(
        "configuration_list",
        "get",
        lambda w: f"/declarations/{w['passed'].pk}/configuration",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/declarations/{w['passed'].pk}/configuration"),
    ),
    Case(
        "configuration_item_add",
        "post",
        lambda w: f"/declarations/{w['passed'].pk}/configuration",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {"category": "equipment", "name": "服务器", "quantity": 2, "unit_price": "8.50"},
        invisible=("culture_clerk", lambda w: f"/declarations/{w['passed'].pk}/configuration"),
    ),
    Case(
        "central_procurement_propose",
        "post",
        lambda w: "/central-procurement/2027/propose",
        "office_reviewer",
        "finance",
    ),
    # The world has proposed no plan: the Office passes every access check and reads 404 (the plan itself is
    # tested in egovpm/intake/tests/test_central_procurement*.py).
    Case("central_procurement_get", "get", lambda w: "/central-procurement/2027", "office_reviewer", "clerk", ok=404),
    Case(
        "central_procurement_issue",
        "post",
        lambda w: "/central-procurement/2027/issue",
        "office_head",
        "finance",
        ok=404,
    ),
    # 第五条: the similar projects of a declaration, the Office's judgement of a pair, the unit's statement
    Case(
        "declaration_similar_projects",
        "get",
        lambda w: f"/duplication/declarations/{w['review'].pk}/similar",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/duplication/declarations/{w['review'].pk}/similar"),
    ),
    Case(
        "duplication_judgement_create",
        "post",
        lambda w: f"/duplication/declarations/{w['review'].pk}/similar/{w['library'].project_id}/judgement",
        "office_reviewer",
        "clerk",
        ok=201,
        body=lambda w: {"verdict": "overlapping", "remedy": "share", "reason": "通过共享交换平台共享。"},
    ),
    Case(
        "duplication_statement_create",
        "post",
        lambda w: f"/duplication/declarations/{w['review'].pk}/similar/{w['library'].project_id}/statement",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {"reason": "服务对象不同。"},
        invisible=(
            "culture_clerk",
            lambda w: f"/duplication/declarations/{w['review'].pk}/similar/{w['library'].project_id}/statement",
        ),
    ),
    Case("catalog_list", "get", lambda w: "/catalog", "clerk", "sysadmin"),
    Case(
        "catalog_list_xlsx",
        "get",
        lambda w: "/catalog?format=xlsx",
        "finance",
        "sysadmin",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    Case(
        "project_catalog",
        "get",
        lambda w: f"/catalog/projects/{w['library'].project_id}",
        "finance",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/catalog/projects/{w['library'].project_id}"),
    ),
    Case(
        "project_catalog_xlsx",
        "get",
        lambda w: f"/catalog/projects/{w['library'].project_id}?format=xlsx",
        "clerk",
        "sysadmin",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    Case(
        "project_catalog_entry_create",
        "post",
        lambda w: f"/catalog/projects/{w['library'].project_id}",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: catalog_json(8),
        invisible=("culture_clerk", lambda w: f"/catalog/projects/{w['library'].project_id}"),
    ),
    Case(
        "project_catalog_history",
        "get",
        lambda w: f"/catalog/projects/{w['library'].project_id}/history",
        "office_reviewer",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/catalog/projects/{w['library'].project_id}/history"),
    ),
    Case(
        "catalog_entry_get",
        "get",
        lambda w: f"/catalog/{w['entry'].pk}",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/catalog/{w['entry'].pk}"),
    ),
    Case(
        "catalog_entry_update",
        "put",
        lambda w: f"/catalog/{w['passed_entry'].pk}",
        "clerk",
        "office_head",
        body=lambda w: catalog_json(9),
        invisible=("culture_clerk", lambda w: f"/catalog/{w['passed_entry'].pk}"),
    ),
    Case(
        "catalog_entry_delete",
        "delete",
        lambda w: f"/catalog/{w['passed_entry'].pk}",
        "clerk",
        "office_head",
        ok=204,
        invisible=("culture_clerk", lambda w: f"/catalog/{w['passed_entry'].pk}"),
    ),
    Case("review_round_list", "get", lambda w: "/review-rounds", "office_reviewer", "clerk"),
    Case(
        "review_round_open",
        "post",
        lambda w: "/review-rounds",
        "office_head",
        "finance",
        ok=201,
        body=lambda w: {"plan_year": 2027, "name": "第二批初审"},
    ),
    Case(
        "review_round_get",
        "get",
        lambda w: f"/review-rounds/{w['round'].pk}",
        "office_reviewer",
        "expert",
        invisible=("office_reviewer", lambda w: f"/review-rounds/{w['round'].pk + 1000}"),
    ),
    Case("reviewer_list", "get", lambda w: "/reviewers", "office_reviewer", "clerk"),
    Case("invitation_list", "get", lambda w: "/invitations", "expert", "clerk"),
    Case(
        "invitation_get",
        "get",
        lambda w: f"/invitations/{w['invitation'].pk}",
        "expert",
        "office_head",
        invisible=("expert2", lambda w: f"/invitations/{w['invitation'].pk}"),
    ),
    Case(
        "review_opinion_submit",
        "post",
        lambda w: f"/invitations/{w['invitation'].pk}/opinion",
        "expert",
        "clerk",
        body=lambda w: {"recommendation": "adjust", "opinion": "建议压缩硬件投资。"},
        invisible=("expert2", lambda w: f"/invitations/{w['invitation'].pk}/opinion"),
    ),
    Case("plan_year_list", "get", lambda w: "/plan-years", "clerk", "sysadmin"),
    Case(
        "plan_year_open",
        "post",
        lambda w: "/plan-years",
        "office_head",
        "clerk",
        ok=201,
        body=lambda w: {"year": 2028, "notes": ""},
    ),
    Case(
        "annual_plan",
        "get",
        lambda w: "/plan-years/2027/annual-plan",
        "finance",
        "clerk",
        invisible=("office_reviewer", lambda w: "/plan-years/2031/annual-plan"),
    ),
    Case(
        "annual_plan_xlsx",
        "get",
        lambda w: "/plan-years/2027/annual-plan?format=xlsx",
        "office_reviewer",
        "audit",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    Case(
        "preapproved_list",
        "get",
        lambda w: "/plan-years/2027/pre-approved",
        "office_head",
        "expert",
        invisible=("finance", lambda w: "/plan-years/2031/pre-approved"),
    ),
    Case(
        "plan_send_to_finance",
        "post",
        lambda w: "/plan-years/2027/send-to-finance",
        "office_reviewer",
        "finance",
        invisible=("office_reviewer", lambda w: "/plan-years/2031/send-to-finance"),
    ),
    Case("budget_library", "get", lambda w: "/budget-library", "finance", "clerk"),
    Case("audit_head", "get", lambda w: "/audit/head", "audit", "clerk"),
    Case("audit_verify", "get", lambda w: "/audit/verify", "auditadmin", "office_head"),
    Case("special_list", "get", lambda w: "/special-applications", "clerk", "expert"),
    Case(
        "special_create",
        "post",
        lambda w: "/special-applications",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {**application_json(), "plan_year": 2027, "name": "新特殊申报", **LETTER},
    ),
    Case(
        "infrastructure_standalone",
        "post",
        lambda w: f"/declarations/{w['flagged'].pk}/infrastructure-decision",
        "office_reviewer",
        "culture_clerk",
        ok=201,
        body=lambda w: {"reason": "业务专用存储，同意单独立项。"},
        invisible=("office_reviewer", lambda w: f"/declarations/{w['other'].pk}/infrastructure-decision"),
    ),
    Case(
        "outline_accept",
        "post",
        lambda w: f"/declarations/{w['flagged'].pk}/documents/{w['flagged_proposal'].pk}/accept-outline",
        "office_reviewer",
        "culture_clerk",
        body=lambda w: {"reason": "扫描件已核对纸质原件，章节齐全。"},
        invisible=("office_reviewer", lambda w: f"/declarations/{w['other'].pk}/documents/1/accept-outline"),
    ),
    Case("filing_list", "get", lambda w: "/filings", "office_reviewer", "finance"),
    Case(
        "filing_create",
        "post",
        lambda w: "/filings",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: filing_form(),
        multipart=True,
    ),
    Case(
        "filing_get",
        "get",
        lambda w: f"/filings/{w['filing'].pk}",
        "supervisor",
        "finance",
        invisible=("culture_clerk", lambda w: f"/filings/{w['filing'].pk}"),
    ),
    Case(
        "filing_act",
        "post",
        lambda w: f"/filings/{w['filing'].pk}/actions/request_filing_info",
        "office_reviewer",
        "clerk",
        body=lambda w: {"reason": "请补充省厅资金安排。"},
        invisible=("culture_clerk", lambda w: f"/filings/{w['filing'].pk}/actions/request_filing_info"),
    ),
    Case(
        "filing_document_upload",
        "post",
        lambda w: f"/filings/{w['filing'].pk}/documents",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {"kind": "other", "file": scenario.pdf_file("补充材料.pdf")},
        multipart=True,
        invisible=("culture_clerk", lambda w: f"/filings/{w['filing'].pk}/documents"),
    ),
    Case("construction_list", "get", lambda w: "/constructions", "clerk", "sysadmin"),
    Case("construction_openable", "get", lambda w: "/constructions/openable", "clerk", "office_reviewer"),
    Case(
        "construction_open",
        "post",
        lambda w: "/constructions",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {"project_id": w["openable"].project_id},
    ),
    Case(
        "construction_get",
        "get",
        lambda w: f"/constructions/{w['building'].pk}",
        "clerk",
        "sysadmin",
        invisible=("culture_clerk", lambda w: f"/constructions/{w['building'].pk}"),
    ),
    _construction_case(
        "construction_responsibility",
        lambda w: f"/constructions/{w['preparing'].pk}/responsibility",
        body=lambda w: RESPONSIBILITY,
    ),
    _construction_case(
        "construction_estimate_submit",
        lambda w: f"/constructions/{w['preparing'].pk}/estimates",
        body=lambda w: {"design_summary": "政务云部署。", "items": CONSTRUCTION_ITEMS},
    ),
    _construction_case(
        "construction_estimate_decide",
        lambda w: f"/constructions/estimates/{w['estimate'].pk}/decision",
        allowed="office_reviewer",
        refused="clerk",
        body=lambda w: {"decision": "approve"},
    ),
    _construction_case(
        "construction_adjustment_request",
        lambda w: f"/constructions/{w['building'].pk}/adjustments",
        body=lambda w: {"changes": "增加移动端。", "reason": "省里要求。", "items": CONSTRUCTION_ITEMS},
    ),
    _construction_case(
        "construction_adjustment_decide",
        lambda w: f"/constructions/adjustments/{w['adjustment'].pk}/decision",
        allowed="office_reviewer",
        refused="clerk",
        body=lambda w: {"decision": "refuse", "reason": "可在原概算内统筹。"},
    ),
    _construction_case(
        "construction_progress_report",
        lambda w: f"/constructions/{w['building'].pk}/progress",
        body=lambda w: {
            "period_end": "2026-10-01",
            "percent": 10,
            "milestones": "完成招标。",
            "schedule_status": "按计划。",
            "estimate_control": "未超概算。",
        },
    ),
    _construction_case(
        "construction_design_change_report",
        lambda w: f"/constructions/{w['building'].pk}/design-changes",
        body=lambda w: {"description": "调整部署方式。"},
    ),
    _construction_case(
        "construction_incident_report",
        lambda w: f"/constructions/{w['building'].pk}/incidents",
        body=lambda w: {"kind": "serious_delay", "occurred_on": "2026-10-01", "description": "延期交货。"},
    ),
    _construction_case(
        "construction_sharing_record",
        lambda w: f"/constructions/{w['building'].pk}/sharing",
        body=lambda w: {
            "connected_on": "2026-10-01",
            "interface": "RESTful",
            "entry_ids": [e.pk for e in selectors.catalog_entries_of(w["building"].project)],
        },
    ),
    _construction_case(
        "construction_sharing_exempt",
        lambda w: f"/constructions/{w['building'].pk}/sharing-exemption",
        allowed="office_reviewer",
        refused="clerk",
        body=lambda w: {"reason": "内部系统。"},
    ),
    _construction_case(
        "construction_document_upload",
        lambda w: f"/constructions/{w['preparing'].pk}/documents",
        body=lambda w: {"kind": "management_rules", "file": scenario.pdf_file("制度.pdf")},
        multipart=True,
    ),
    _construction_case(
        "construction_act",
        lambda w: f"/constructions/{w['building'].pk}/actions/declare_completion",
        ok=200,
        body=lambda w: {},
    ),
    Case(
        "procurement_project_get",
        "get",
        lambda w: f"/procurement/projects/{w['built'].pk}",
        "audit",
        "expert",
        invisible=("culture_clerk", lambda w: f"/procurement/projects/{w['built'].pk}"),
    ),
    Case(
        "procurement_record",
        "post",
        lambda w: f"/procurement/projects/{w['built'].pk}/procurements",
        "clerk",
        "finance",
        ok=201,
        body=lambda w: {
            "subject": "服务器采购",
            "method": "non_government",
            "non_government_reason": "单项金额低于政府采购限额标准。",
            "supplier": "启东信息设备有限公司",
            "amount": "10.00",
            "procured_on": "2026-10-10",
            "lines": [{"name": "服务器", "quantity": 2, "origin": "imported", "foreign_reason": "国内无同类产品。"}],
        },
        invisible=("culture_clerk", lambda w: f"/procurement/projects/{w['built'].pk}/procurements"),
    ),
    Case(
        "procurement_line_add",
        "post",
        lambda w: f"/procurement/procurements/{w['procurement'].pk}/lines",
        "clerk",
        "office_reviewer",
        ok=201,
        body=lambda w: {"name": "交换机", "quantity": 1, "origin": "domestic"},
        invisible=("culture_clerk", lambda w: f"/procurement/procurements/{w['procurement'].pk}/lines"),
    ),
    Case(
        "contract_sign",
        "post",
        lambda w: f"/procurement/procurements/{w['procurement'].pk}/contracts",
        "clerk",
        "finance",
        ok=201,
        body=lambda w: {
            "number": "HT-002",
            "name": "集成合同",
            "signed_on": "2026-10-10",
            "parts": {"integration": "5"},
        },
        invisible=("culture_clerk", lambda w: f"/procurement/procurements/{w['procurement'].pk}/contracts"),
    ),
    Case(
        "licence_record",
        "post",
        lambda w: f"/procurement/projects/{w['built'].pk}/licences",
        "clerk",
        "audit",
        ok=201,
        body=lambda w: {
            "product": "数据库管理系统",
            "licence_type": "perpetual",
            "licence_number": "DB-001",
            "quantity": "2",
            "evidence": scenario.pdf_file("授权书.pdf"),
        },
        multipart=True,
        invisible=("culture_clerk", lambda w: f"/procurement/projects/{w['built'].pk}/licences"),
    ),
    Case(
        # The world's clock stands in 2026, a year without funds arranged for the project (plan year 2027):
        # Finance passes every access check and the rule refuses (409); payments themselves are tested in
        # egovpm/procurement/tests.
        "payment_record",
        "post",
        lambda w: f"/procurement/contracts/{w['contract'].pk}/payments",
        "finance",
        "clerk",
        ok=409,
        body=lambda w: {"kind": "development", "funding_source": "fiscal", "amount": "5.00", "paid_on": "2026-10-15"},
    ),
    Case(
        "contract_act",
        "post",
        lambda w: f"/procurement/contracts/{w['contract'].pk}/actions/settle_contract",
        "clerk",
        "finance",
        body=lambda w: {"reason": "合同已履行完毕。"},
        invisible=("culture_clerk", lambda w: f"/procurement/contracts/{w['contract'].pk}/actions/settle_contract"),
    ),
    Case("payment_list", "get", lambda w: "/procurement/payments", "finance", "expert"),
    *SUPERVISION_CASES,
    *ACCEPTANCE_CASES,
    *OPERATIONS_CASES,
    *ACCOUNTABILITY_CASES,
    *EVALUATION_CASES,
    *NOTIFICATION_CASES,
    *EXPERTS_CASES,
]


def call(api, case: Case, world, path=None):
    path = path or case.path(world)
    method = getattr(api, case.method)
    if case.method in ("get", "delete"):
        return method(path)
    body = case.body(world) if case.body else {}
    return api.upload(path, body) if case.multipart else method(path, body)


def test_every_operation_of_the_openapi_document_has_a_case():
    from egovpm.api.api import api

    operations = {
        op["operationId"]
        for ops in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].values()
        for op in ops.values()
    }
    assert operations <= {c.name for c in CASES}


def _callers(api_as, names) -> dict:
    """Each caller's token, made before the savepoints (a rolled-back token would not open the API)."""
    return {name: api_as(name) for name in names}


@pytest.mark.article("第四条")
def test_each_endpoint_for_a_role_that_may_use_it(api_as, world, subtests):
    callers = _callers(api_as, {c.allowed for c in CASES})
    for case in CASES:
        # each case in a savepoint that is rolled back: one world serves them all
        with subtests.test(case.name), transaction.atomic():
            response = call(callers[case.allowed], case, world)
            transaction.set_rollback(True)
            assert response.status_code == case.ok, response.content[:500]
            if case.ok != 204:
                assert response["Content-Type"].startswith(case.content_type)


@pytest.mark.article("第四条")
def test_each_endpoint_refuses_a_role_that_may_not_use_it_and_nothing_changes(api_as, world, subtests):
    cases = [c for c in CASES if c.refused]
    callers = _callers(api_as, {c.refused for c in cases})
    for case in cases:
        with subtests.test(case.name), transaction.atomic():
            events = AuditEvent.objects.count()
            response = call(callers[case.refused], case, world)
            written = list(AuditEvent.objects.order_by("seq")[events:].values_list("action", flat=True))
            transaction.set_rollback(True)
            assert response.status_code == 403, response.content[:500]
            assert response.json()["code"] == "forbidden"
            assert response.json()["message"]
            # every change writes an audit event: none was written, only the refusal itself (access.denied)
            assert written == ["access.denied"]


@pytest.mark.article("第四条")
def test_each_endpoint_answers_404_for_an_object_out_of_sight(api_as, world, subtests):
    cases = [c for c in CASES if c.invisible]
    callers = _callers(api_as, {c.invisible[0] for c in cases})
    for case in cases:
        who, path = case.invisible
        with subtests.test(case.name), transaction.atomic():
            events = AuditEvent.objects.count()
            response = call(callers[who], case, world, path=path(world))
            changed = AuditEvent.objects.count() - events
            transaction.set_rollback(True)
            assert response.status_code == 404, response.content[:500]
            assert response.json()["code"] == "not_found"
            assert changed == 0


@pytest.mark.article("第四条")
def test_a_visible_declaration_of_another_unit_refuses_its_changes(api_as, world):
    """The supervising department sees its subordinate's declaration but may not edit it (403)."""
    supervisor = api_as("supervisor")
    review = world["review"]
    assert supervisor.get(f"/declarations/{review.pk}").status_code == 200
    response = supervisor.put(f"/declarations/{review.pk}", {**application_json(), "name": "越权修改"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    review.project.refresh_from_db()
    assert review.project.name == "在审项目"


def test_the_apis_role_sets_are_the_pages_role_sets():
    assert frozenset(plan_views.PLAN_READERS) == plan_views.plan_detail.required_roles
    assert frozenset(plan.BUDGET_READERS) == budget_views.budget_library.required_roles
    assert frozenset(audit.AUDIT_READERS) == OFFICE_ROLES | {Role.AUDIT_REVIEWER}
    assert frozenset(special.SPECIAL_READERS) == special_views.special_list.required_roles
    assert frozenset(filings.READERS) == filing_views.filing_list.required_roles
    assert frozenset(construction_api.READERS) == construction_views.construction_list.required_roles
    assert frozenset(operations_api.VIEWERS) == operations_views.operation_list.required_roles
    assert frozenset(evaluation_api.VIEWERS) == evaluation_views.evaluation_list.required_roles
    assert frozenset(experts_api.OFFICE) == experts_views.expert_list.required_roles
    assert frozenset(experts_api.DRAW_VIEWERS) == experts_views.draw_detail.required_roles
    assert frozenset(experts_api.EXPERT) == experts_views.workspace.required_roles


def test_the_api_offers_a_form_action_only_with_a_reader_of_its_inputs():
    """The body fields of an action are the table's inputs; a form nobody reads is not offered."""
    approve = DECLARATION.transition("approve")
    assert offered_by_api(approve) and present.transition(approve)["fields"] == ["approved_amount"]
    assert not offered_by_api(replace(approve, form="no_reader"))
    assert present.transition(DECLARATION.transition("place_in_budget_library"))["fields"] == ["library_code"]
