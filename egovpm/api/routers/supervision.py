"""Supervision (第十三条, 第十七条, 第十八条): the same selectors and services as the supervision pages, with the
same visibility — a supervision firm's token sees ONLY the projects its firm supervises."""

from typing import Annotated

from django.urls import reverse
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, SUPERVISION_FIRM_ROLES
from egovpm.orgs.models import UnitKind
from egovpm.projects import services as project_services
from egovpm.projects.models import Restriction
from egovpm.supervision import selectors, services
from egovpm.supervision.workflows import REQUESTER_ROLES

from .. import present
from ..access import ActionPath, ObjectId, answers, paginate, require_roles
from ..actions import reason_step
from ..errors import not_found
from ..schemas.supervision import (
    FindingIn,
    FirmOut,
    InformationRequestIn,
    InspectionIn,
    ProjectSupervisionOut,
    QualificationIn,
    ReasonIn,
    ReportIn,
    SanctionIn,
    StepOut,
    SupervisionAssignIn,
    SupervisionFilters,
    SupervisionPage,
)

router = Router(tags=["监督管理 / Supervision"])

VIEWERS = selectors.VIEWER_ROLES
ONLY_OFFICE = "只有办公室可以办理此事项（第十八条）。"
EVIDENCE = Annotated[UploadedFile | None, File(description="材料 / A document")]


def _project_or_404(user, pk: int):
    project = selectors.project_get(user, pk)
    if project is None:
        raise not_found("该项目不存在或不在您的查看范围内。")
    return project


def _or_404(found):
    if found is None:
        raise not_found("该记录不存在或不在您的查看范围内。")
    return found


def _files(record) -> list[dict]:
    return [
        {
            "id": d.pk,
            "kind": d.kind,
            "original_name": d.original_name,
            "download_url": reverse("documents:download", kwargs={"pk": d.pk}),
        }
        for d in record.documents.all()
    ]


def _actions(record) -> list[dict]:
    return [present.action_offer(a) for a in record.actions]


def _summary(p) -> dict:
    return {
        "project": present.project_ref(p),
        "unit": present.unit_ref(p.unit),
        "firms": [present.unit_ref(f.unit) for f in p.firms],
        "open_orders": p.open_orders,
        "overdue_orders": p.overdue_orders,
        "open_requests": p.open_requests,
        "restrictions": [r.kind for r in p.active_restrictions],
    }


def _rectification(o) -> dict:
    return {
        "id": o.pk,
        "requirement": o.requirement,
        "due": o.due_in_force,
        "stage": o.stage,
        "stage_label": o.get_stage_display(),
        "overdue": o.overdue,
        "answer": o.answer,
        "sanctions": [s.kind for s in o.sanctions.all()],
        "documents": _files(o),
        "actions": _actions(o),
    }


def _detail(user, project) -> dict:
    c = selectors.project_page_context(user, project)
    orders = {o.finding_id: o for o in c["orders"]}
    return {
        "project": present.project_ref(project),
        "unit": present.unit_ref(project.unit),
        "supervision_firm_qualified": c["guards"]["supervision_firm_qualified"],
        "no_open_rectification": c["guards"]["no_open_rectification"],
        "supervisions": [
            {
                "id": s.pk,
                "firm": present.unit_ref(s.firm),
                "qualified_today": s.qualified,
                "contract_number": s.contract_number,
                "contract_signed_on": s.contract_signed_on,
                "stage": s.stage,
                "stage_label": s.get_stage_display(),
                "documents": _files(s),
                "actions": _actions(s),
            }
            for s in c["supervisions"]
        ],
        "reports": [
            {
                "id": r.pk,
                "supervision_id": r.supervision_id,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "findings": r.findings,
                "filed_at": r.filed_at,
                "documents": _files(r),
            }
            for r in c["reports"]
        ],
        "information_requests": [
            {
                "id": r.pk,
                "requester": present.unit_ref(r.requester_unit),
                "subject": r.subject,
                "due": r.due,
                "stage": r.stage,
                "stage_label": r.get_stage_display(),
                "lapsed": r.lapsed,
                "answered_late": r.late,
                "answer": r.answer,
                "refusal": r.refusal,
                "documents": _files(r),
                "actions": _actions(r),
            }
            for r in c["requests"]
        ],
        "inspections": [
            {
                "id": i.pk,
                "scope": i.scope,
                "stage": i.stage,
                "stage_label": i.get_stage_display(),
                "conclusion": i.conclusion,
                "opened_at": i.opened_at,
                "findings": [
                    {
                        "id": f.pk,
                        "area": f.area,
                        "area_label": f.get_area_display(),
                        "description": f.description,
                        "documents": _files(f),
                        "rectification": _rectification(orders[f.pk]) if f.pk in orders else None,
                    }
                    for f in i.findings.all()
                ],
                "actions": _actions(i),
            }
            for i in c["inspections"]
        ],
        "sanctions": [
            {
                "id": s.pk,
                "kind": s.kind,
                "kind_label": s.get_kind_display(),
                "reason": s.reason,
                "rectification_id": s.rectification_id,
                "restriction_id": s.restriction_id,
                "decided_at": s.decided_at,
            }
            for s in c["sanctions"]
        ],
        "restrictions": [
            {
                "id": r.pk,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "reason": r.reason,
                "placed_at": r.placed_at,
                "active": r.active,
                "lifted_at": r.lifted_at,
                "lift_reason": r.lift_reason,
            }
            for r in c["restrictions"]
        ],
    }


def _project_answer(user, project_id: int, status: int = 200):
    project = _project_or_404(user, project_id)
    return Status(status, _detail(user, project))


@router.get(
    "/projects",
    **answers(SupervisionPage, 401, 403, 422),
    operation_id="supervision_project_list",
    summary="监督管理项目列表 / Projects under supervision",
    description=(
        "与“监督管理”列表页相同：办公室、财政局、审计局看到全部项目，项目单位看到本单位及下属单位的，监理单位只看到其正在监理的项目"
        "（第十三条）。 / As the supervision list page: the Office, Finance and Audit see every project, a unit its"
        " own and its subordinates', a supervision firm only the projects it supervises (Art. 13)."
    ),
)
def supervision_project_list(request, filters: Query[SupervisionFilters]):
    require_roles(request.user, VIEWERS)
    projects = selectors.project_list(request.user, q=(filters.q or "").strip(), restricted=filters.restricted)
    return paginate(projects, filters, _summary)


@router.get(
    "/projects/{project_id}",
    **answers(ProjectSupervisionOut, 401, 403, 404, 422),
    operation_id="supervision_project_get",
    summary="项目的监督管理 / A project's supervision",
    description=(
        "监理单位与资质、监理报告、资料和情况调取、稽察与限期整改、处理决定与限制措施，及您现在可办理的操作。"
        " / The firm and its qualification, reports, information requests, inspections and orders, sanctions"
        " and restrictions, with the actions you may take now."
    ),
)
def supervision_project_get(request, project_id: ObjectId):
    require_roles(request.user, VIEWERS)
    return _detail(request.user, _project_or_404(request.user, project_id))


@router.post(
    "/projects/{project_id}/supervisions",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="supervision_assign",
    summary="委托监理单位 / Entrust a supervision firm",
    description=(
        "multipart/form-data：firm_id、contract_number、contract_signed_on 与 contract（监理合同）。第十三条。"
        "角色：项目建设单位、办公室。 / multipart: the firm, the contract's number and date, and the contract file."
        " Art. 13. Roles: the project's unit, the Office."
    ),
)
def supervision_assign(
    request,
    project_id: ObjectId,
    payload: Form[SupervisionAssignIn],
    contract: Annotated[UploadedFile, File(description="监理合同 / The contract")],
):
    require_roles(request.user, OFFICE_ROLES | APPLICANT_ROLES)
    project = _project_or_404(request.user, project_id)
    firm = _or_404(selectors.firms().filter(pk=payload.firm_id, kind=UnitKind.SUPERVISION_FIRM).first())
    data = payload.model_dump(exclude={"firm_id"})
    services.supervision_assign(actor=request.user, project=project, firm=firm, contract=contract, **data)
    return _project_answer(request.user, project.pk, 201)


@router.post(
    "/supervisions/{supervision_id}/reports",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="supervision_report_file",
    summary="报送监理报告 / File a supervision report",
    description=(
        "multipart/form-data：period_start、period_end、findings 与可选的 document。只有该项目的监理单位可报送（第十三条）。"
        " / multipart: the period, the findings and an optional document. Only the project's firm (Art. 13)."
    ),
)
def supervision_report_file(request, supervision_id: ObjectId, payload: Form[ReportIn], document: EVIDENCE = None):
    require_roles(request.user, SUPERVISION_FIRM_ROLES, "只有监理单位可以报送监理报告（第十三条）。")
    supervision = _or_404(selectors.supervision_get(request.user, supervision_id))
    services.supervision_report_file(
        actor=request.user, supervision=supervision, document=document, **payload.model_dump()
    )
    return _project_answer(request.user, supervision.project_id, 201)


@router.post(
    "/projects/{project_id}/information-requests",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="information_request_create",
    summary="要求提供资料和情况 / Ask the unit for documents or facts",
    description=(
        "第十七条：项目审批部门、市财政局、市审计局要求项目建设单位在期限内如实提供资料和情况。期限在管理办法的范围内"
        "（supervision.information_request）。 / Art. 17: the approving department, Finance or Audit asks the unit"
        " for documents or facts by a date within the policy's limits."
    ),
)
def information_request_create(request, project_id: ObjectId, payload: InformationRequestIn):
    require_roles(request.user, REQUESTER_ROLES)
    project = _project_or_404(request.user, project_id)
    services.information_request_create(actor=request.user, project=project, **payload.model_dump())
    return _project_answer(request.user, project.pk, 201)


@router.post(
    "/projects/{project_id}/inspections",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="inspection_open",
    summary="组织稽察 / Open an inspection",
    description="第十八条。角色：办公室。 / Art. 18. Roles: the Office.",
)
def inspection_open(request, project_id: ObjectId, payload: InspectionIn):
    require_roles(request.user, OFFICE_ROLES, ONLY_OFFICE)
    project = _project_or_404(request.user, project_id)
    services.inspection_open(actor=request.user, project=project, scope=payload.scope)
    return _project_answer(request.user, project.pk, 201)


@router.post(
    "/inspections/{inspection_id}/findings",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="finding_record",
    summary="记录稽察发现 / Record a finding",
    description=(
        "multipart/form-data：area（六个方面之一）、description、可选的 evidence；有 requirement 与 due 时同时下达限期整改"
        "（期限在 supervision.rectification 的范围内）。 / multipart: the area, the finding, optional evidence;"
        " with requirement and due it orders a rectification within the policy's limits."
    ),
)
def finding_record(request, inspection_id: ObjectId, payload: Form[FindingIn], evidence: EVIDENCE = None):
    require_roles(request.user, OFFICE_ROLES, ONLY_OFFICE)
    inspection = _or_404(selectors.inspection_get(request.user, inspection_id))
    services.finding_record(actor=request.user, inspection=inspection, evidence=evidence, **payload.model_dump())
    return _project_answer(request.user, inspection.project_id, 201)


@router.post(
    "/rectifications/{rectification_id}/sanctions",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="sanction_apply",
    summary="予以处理 / Apply a sanction",
    description=(
        "第十八条：对逾期未整改或整改后仍不符合要求的，通报批评（criticism）、暂缓拨付建设资金（withhold_funds）、"
        "暂停项目建设（suspend）、终止项目（terminate）。其他情况 409。 / Art. 18: only on an order that lapsed or"
        " was rejected; otherwise 409."
    ),
)
def sanction_apply(request, rectification_id: ObjectId, payload: SanctionIn):
    require_roles(request.user, OFFICE_ROLES, ONLY_OFFICE)
    rectification = _or_404(selectors.rectification_get(request.user, rectification_id))
    services.sanction_apply(actor=request.user, rectification=rectification, **payload.model_dump())
    return _project_answer(request.user, rectification.project_id, 201)


@router.post(
    "/restrictions/{restriction_id}/lift",
    **answers(ProjectSupervisionOut, 400, 401, 403, 404, 409, 422),
    operation_id="restriction_lift",
    summary="解除限制措施 / Lift a restriction",
    description="须写明理由；终止项目不能解除（第十八条）。 / With a reason; a termination is final (Art. 18).",
)
def restriction_lift(request, restriction_id: ObjectId, payload: ReasonIn):
    require_roles(request.user, OFFICE_ROLES, ONLY_OFFICE)
    restriction = _or_404(Restriction.objects.filter(pk=restriction_id).first())
    project = _project_or_404(request.user, restriction.project_id)
    project_services.restriction_lift(actor=request.user, restriction=restriction, reason=payload.reason)
    return _project_answer(request.user, project.pk)


@router.get(
    "/firms",
    **answers(list[FirmOut], 401, 403, 422),
    operation_id="supervision_firm_list",
    summary="监理单位及资质 / Supervision firms",
    description="角色：办公室。 / Roles: the Office.",
)
def supervision_firm_list(request):
    require_roles(request.user, OFFICE_ROLES, ONLY_OFFICE)
    return [
        {
            "firm": present.unit_ref(row["firm"]),
            "valid_today": row["valid"],
            "qualifications": [
                {
                    "id": q.pk,
                    "grade": q.grade,
                    "grade_label": q.get_grade_display(),
                    "certificate_number": q.certificate_number,
                    "valid_from": q.valid_from,
                    "valid_until": q.valid_until,
                }
                for q in row["qualifications"]
            ],
        }
        for row in selectors.firm_list()
    ]


@router.post(
    "/firms/{firm_id}/qualifications",
    **answers(list[FirmOut], 400, 401, 403, 404, 409, 422, status=201),
    operation_id="firm_qualification_record",
    summary="登记监理单位资质 / Record a firm's qualification",
    description="第十三条。角色：办公室。 / Art. 13. Roles: the Office.",
)
def firm_qualification_record(request, firm_id: ObjectId, payload: QualificationIn):
    require_roles(request.user, OFFICE_ROLES, ONLY_OFFICE)
    firm = _or_404(selectors.firms().filter(pk=firm_id).first())
    services.firm_qualification_record(actor=request.user, firm=firm, **payload.model_dump())
    return Status(201, supervision_firm_list(request))


# The table's transitions of each record, through the service the table names (projects.engine.run_step).
RECORDS = {
    "supervision": selectors.supervision_get,
    "information_request": selectors.information_request_get,
    "inspection": selectors.inspection_get,
    "rectification": selectors.rectification_get,
}


def _act(request, record: str, pk: int, action: str, reason: str) -> dict:
    require_roles(request.user, VIEWERS)
    obj = _or_404(RECORDS[record](request.user, pk))
    return reason_step(actor=request.user, obj=obj, action=action, reason=reason)


ACT = {
    "description": (
        "操作代码与所需理由见 GET /lifecycle；与页面调用同一服务。角色不符 403，规则拒绝 409。"
        " / The action codes and reasons are in GET /lifecycle; the same services as the pages; 403 for a role"
        " not listed, 409 when a rule refuses."
    ),
}
ACT |= answers(StepOut, 400, 401, 403, 404, 409, 422)


@router.post(
    "/supervisions/{supervision_id}/actions/{action}",
    operation_id="supervision_act",
    summary="办理监理委托操作 / Take a supervision action",
    **ACT,
)
def supervision_act(request, supervision_id: ObjectId, action: ActionPath, payload: ReasonIn):
    return _act(request, "supervision", supervision_id, action, payload.reason)


@router.post(
    "/information-requests/{information_request_id}/actions/{action}",
    operation_id="information_request_act",
    summary="办理资料调取操作 / Take an information request action",
    **ACT,
)
def information_request_act(request, information_request_id: ObjectId, action: ActionPath, payload: ReasonIn):
    return _act(request, "information_request", information_request_id, action, payload.reason)


@router.post(
    "/inspections/{inspection_id}/actions/{action}",
    operation_id="inspection_act",
    summary="办理稽察操作 / Take an inspection action",
    **ACT,
)
def inspection_act(request, inspection_id: ObjectId, action: ActionPath, payload: ReasonIn):
    return _act(request, "inspection", inspection_id, action, payload.reason)


@router.post(
    "/rectifications/{rectification_id}/actions/{action}",
    operation_id="rectification_act",
    summary="办理限期整改操作 / Take a rectification action",
    **ACT,
)
def rectification_act(request, rectification_id: ObjectId, action: ActionPath, payload: ReasonIn):
    return _act(request, "rectification", rectification_id, action, payload.reason)
