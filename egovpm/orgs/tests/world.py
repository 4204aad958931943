"""The world of the access matrix and the crawler: both applicant units' objects at the stages that
matter, on the shared test city (egovpm.testing.city). Every project name carries its unit's marker
(甲医院… for 市人民医院, 乙文旅… for 文广旅局), so a page or a file that shows one is easy to spot.

egovpm/orgs/tests/conftest.py builds it once per test run and lets both observe it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from egovpm.acceptance import services as acceptance_services
from egovpm.conftest import PROPOSAL, application_data
from egovpm.construction import services as construction_services
from egovpm.construction.models import EstimateItemKind
from egovpm.coordination import services as coordination
from egovpm.documents.models import Document
from egovpm.documents.services import document_store
from egovpm.filings import services as filing
from egovpm.intake import services
from egovpm.intake.models import ProcurementItem
from egovpm.intake.services import special
from egovpm.official.models import IssuedDocument
from egovpm.procurement import services as procurement
from egovpm.procurement.tests.conftest import in_construction
from egovpm.projects.services import restriction_place
from egovpm.security.services_accounts import unit_create
from egovpm.supervision import services as supervision
from egovpm.testing import scenario

UNITS = ("hospital", "culture")


def _unit_objects(city, py, unit: str) -> dict:
    """A declaration at each interesting stage, a special application and a filing of one applicant unit;
    names carry the unit's marker (甲医院 / 乙文旅) so a page showing one is easy to spot."""
    u = city.users
    marker, clerk = {"hospital": ("甲医院", u["clerk"]), "culture": ("乙文旅", u["culture_clerk"])}[unit]
    # The hospital's declarations are reviewed by expert, the culture bureau's by expert2.
    expert = u["expert"] if unit == "hospital" else u["expert2"]
    walk = {
        "clerk": clerk,
        "supervisor": u["supervisor"] if unit == "hospital" else None,
        "office_reviewer": u["office_reviewer"],
        "office_head": u["office_head"],
        "finance": u["finance"],
        "reviewers": [u["finance"], u["audit"], expert],
    }

    def declare(name: str, **data):
        return scenario.declare(
            clerk=clerk, plan_year=py, name=f"{marker}{name}", data=application_data(**data), proposal=PROPOSAL
        )

    draft = declare("草稿项目")
    a = scenario.advance(declare("在审项目"), "in_initial_review", **walk)
    # 附件2: an uploaded proposal in the initial review whose outline check has findings (no text layer),
    # stored before accountability marks a's project classified (第三十一条: no file then)
    outline_document = document_store(actor=clerk, owner=a, kind="proposal", upload=scenario.pdf_file("建议书.pdf"))
    services.procurement_item_add(
        actor=u["office_reviewer"],
        declaration=a,
        data={"category": "equipment", "name": "服务器", "specification": "", "quantity": 2, "estimated_amount": "20"},
    )
    b = scenario.advance(declare("已批项目"), "in_budget_library", **walk)
    funded = scenario.advance(declare("在建项目"), "funded", **walk)
    construction = construction_services.construction_open(actor=clerk, project=funded.project)
    estimate = construction_services.estimate_submit(
        actor=clerk,
        construction=construction,
        design_summary="政务云部署。",
        amounts={kind: Decimal("10.00") for kind in EstimateItemKind.values},
    )
    flagged = scenario.advance(declare("云存储扩容", infrastructure_areas=["云存储"]), "submitted", **walk)
    special_decl = special.special_create(
        actor=clerk,
        plan_year=py,
        name=f"{marker}特殊申报项目",
        data=application_data(),
        basis="unforeseeable",
        unforeseeable_reason="上级新部署的任务，年初无法预见。",
    )
    special_decl = special.special_submit(actor=clerk, declaration=special_decl)
    the_filing = filing.filing_create(
        actor=clerk,
        kind="self_initiated",
        name=f"{marker}自主立项项目",
        approval_reference="院〔2026〕5号",
        total_investment=Decimal("50.00"),
        description="单位自筹建设的内部管理系统。",
        approval_document=scenario.pdf_file("立项批复.pdf"),
    )
    # 第十九条–第二十一条: the acceptance of the project in construction, opened as construction's completion
    # opens it, with the unit's extension request waiting
    acceptance = acceptance_services.acceptance_open(
        actor=clerk, project=funded.project, completed_on=dt.date(2026, 10, 1)
    )
    extension = acceptance_services.acceptance_extension_request(
        actor=clerk, acceptance=acceptance, requested_due=dt.date(2027, 6, 30), reason="测评排期。"
    )
    built = _in_construction(city, clerk, scenario.advance(declare("建设项目"), "funded", **walk))
    supervised = _supervision_objects(city, b.project, unit)
    return {
        **built,
        **supervised,
        **_expert_objects(city, a, unit),
        **_operations_objects(city, built["built"], clerk),
        **_accountability_objects(city, a.project, b.project),
        "unit": city.units[unit],
        "draft": draft,
        "a": a,
        "b": b,
        "funded": funded,
        "flagged": flagged,
        "special": special_decl,
        "filing": the_filing,
        "invitation": a.invitations.get(reviewer=expert),
        "entry": b.project.catalog_entries.first(),
        "document": Document.objects.filter(declaration=b).order_by("id").first(),
        "outline_document": outline_document,
        "item": ProcurementItem.objects.get(declaration=a),
        "construction": construction,
        "estimate": estimate,
        "acceptance": acceptance,
        "acceptance_extension": extension,
        "official": IssuedDocument.objects.get(kind="approval_opinion", owner_id=b.approval_opinion.pk),
    }


def _in_construction(city, clerk, funded) -> dict:
    """A funded project opened for construction with its estimate approved, a procurement, a contract and a
    licence (第十一条, 第十四条)."""
    built = in_construction(city, funded, clerk=clerk)
    procurement.licence_record(
        actor=clerk,
        project=funded.project,
        product="数据库管理系统",
        licence_type="perpetual",
        licence_number="DB-001",
        quantity=1,
        evidence=scenario.pdf_file("授权书.pdf"),
    )
    return built


def _supervision_objects(city, project, unit: str) -> dict:
    """第十三条–第十八条 on the unit's approved project: the city's firm supervises the hospital's, another
    firm the culture bureau's; an information request, an inspection whose finding orders a rectification,
    and withheld funds."""
    office = city.users["office_reviewer"]
    firm = (
        city.units["firm"]
        if unit == "hospital"
        else unit_create(name="另一信息工程监理公司", code="0202", kind="supervision_firm")
    )
    engagement = supervision.supervision_assign(
        actor=office,
        project=project,
        firm=firm,
        contract_number=f"JL-{unit}",
        contract_signed_on=dt.date(2026, 10, 1),
        contract=scenario.pdf_file("监理合同.pdf"),
    )
    request = supervision.information_request_create(
        actor=office, project=project, subject="请提供合同。", due=dt.date(2026, 10, 30)
    )
    inspection = supervision.inspection_open(actor=office, project=project, scope="年度稽察。")
    finding = supervision.finding_record(
        actor=office,
        inspection=inspection,
        area="quality",
        description="质量问题。",
        requirement="限期整改。",
        due=dt.date(2026, 11, 14),
    )
    restriction = restriction_place(actor=office, project=project, kind="withhold_funds", reason="暂缓拨付。")
    return {
        "supervision": engagement,
        "info_request": request,
        "inspection": inspection,
        "rectification": finding.rectification,
        "restriction": restriction,
    }


def _accountability_objects(city, classified, project) -> dict:
    """第三十条: a violation of the approved project, proposed by the Office; 第三十一条: the project in review
    marked classified, with the Secrecy bureau's guidance."""
    from egovpm.accountability import services as accountability

    office = city.users["office_reviewer"]
    violation = accountability.violation_record(actor=office, project=project, kind="mismanagement", facts="管理不善。")
    accountability.classification_mark(actor=office, project=classified, basis="市保密局认定。")
    accountability.guidance_record(
        actor=office, project=classified, guidance="涉密材料线下报送。", given_on=dt.date(2026, 10, 1)
    )
    return {"violation": violation, "classified": classified}


def _operations_objects(city, project, clerk) -> dict:
    """第二十一条–第二十四条 on the unit's project in construction, counted accepted while they are made: in
    operation under self-management, with an open final audit. Afterwards the project reads as not accepted
    (its acceptance is at the extension request), which the pages and the API then say."""
    from unittest import mock

    from egovpm.operations import services as operations
    from egovpm.projects import engine
    from egovpm.projects.models import Project

    # The matrix asks who may reach what: the project counts as accepted while its operation is made
    # (completion_accepted stood in for); its acceptance stays at the extension request the acceptance
    # objects above need.
    accepted = {**engine._guard_values, Project: [*engine._guard_values.get(Project, []), _accepted]}
    with mock.patch.object(engine, "_guard_values", accepted):
        operation = operations.operation_prepare(
            actor=clerk,
            project=project,
            operating_body="信息科",
            cost_assurance="部门预算。",
            rules=scenario.pdf_file(),
        )
        operations.operation_mode_set(actor=clerk, operation=operation, mode="self")
        operation = operations.operation_enter(actor=clerk, operation=operation)
        final_audit = operations.final_audit_open(actor=city.users["audit"], project=project, scope="竣工决算审计。")
        evaluations = _evaluation_objects(city, project)
        incident = operations.operation_incident_record(
            actor=clerk,
            operation=operation,
            kind="outage",
            severity="minor",
            occurred_at=dt.datetime(2026, 10, 14, 0, 0, tzinfo=dt.UTC),
            description="服务中断。",
            measures="切换备用节点。",
        )
    return {"operation": operation, "final_audit": final_audit, "incident": incident, **evaluations}


def _evaluation_objects(city, project) -> dict:
    """第二十五条–第二十七条 on the unit's accepted project: an ex-post evaluation assigned to the city's
    third-party assessor, and a concluded one below the pass score with its rectification."""
    from egovpm.evaluation import services as evaluation
    from egovpm.evaluation.tests.conftest import score_all

    u = city.users

    def order():
        return evaluation.evaluation_order(
            actor=u["office_reviewer"], project=project, kind="ex_post", evaluator=u["assessor"], contract_number="PG"
        )

    assigned = order()
    concluded = evaluation.evaluation_conclude(actor=u["office_head"], evaluation=score_all(city, order(), "40"))
    return {"evaluation": assigned, "evaluation_rectification": concluded.rectification}


def _expert_objects(city, declaration, unit: str) -> dict:
    """第七条(二): experts drawn for the unit's declaration in review — the hospital's draws the city's expert
    (planning), the culture bureau's expert2 (security); both invited, not yet answered."""
    from egovpm.intake.services import review_experts_draw

    field = "planning" if unit == "hospital" else "security"
    draw = review_experts_draw(
        actor=city.users["office_reviewer"],
        declaration=declaration,
        requirements=[{"field": field, "count": 1}],
        seed=f"matrix-{unit}",
    )
    return {"expert_draw": draw, "expert_assignment": draw.assignments.get()}


def _enrol_experts(city) -> dict:
    """The city's two experts in the library, verified: expert in planning, expert2 in security."""
    from egovpm.testing.experts import enrol_expert

    office = city.users["office_reviewer"]
    profile = enrol_expert(office=office, username="", name="", fields=["planning"], user=city.users["expert"])
    enrol_expert(office=office, username="", name="", fields=["security"], user=city.users["expert2"])
    return {"expert_profile": profile}


def _accepted(project) -> dict:
    return {"completion_accepted": True}


def build_world(city) -> dict:
    """Both applicant units' objects ("hospital", "culture") and what they share ("-")."""
    from egovpm.evaluation.tests.conftest import in_force

    py = services.plan_year_open(actor=city.users["office_reviewer"], year=2027)
    criteria = in_force(city)
    experts = _enrol_experts(city)
    world = {"city": city, "hospital": _unit_objects(city, py, "hospital")}
    world["culture"] = _unit_objects(city, py, "culture")
    coordination.coordinated_item_create(
        actor=city.users["office_reviewer"], plan_year=py, name="全市政务云存储扩容", area="云存储"
    )
    world["-"] = {
        "plan_year": py,
        "round": world["hospital"]["a"].review_round,
        "user": city.users["clerk"],
        "firm": city.units["firm"],
        "criteria": criteria,
        **experts,
    }
    return world


# Every declaration, filing and special application of the world with its name: what a role may see.
def world_projects(world) -> list[dict]:
    items = []
    for unit in UNITS:
        o = world[unit]
        for key in ("draft", "a", "b", "flagged", "special"):
            items.append({"unit": unit, "key": key, "name": o[key].project.name, "stage": o[key].stage})
        items.append({"unit": unit, "key": "filing", "name": o["filing"].project.name, "stage": o["filing"].stage})
    return items


def rolled_back(call, *args):
    """Run one request and undo what it wrote: every request sees the same world."""
    with transaction.atomic():
        response = call(*args)
        transaction.set_rollback(True)
    return response
