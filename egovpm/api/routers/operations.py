"""Operations (第二十一条 to 第二十四条): the same selectors and services as the operations pages, with the same
visibility; the Audit bureau's final audits (第二十一条) under /final-audits."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.intake.models import PlanYear
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.operations import selectors, services
from egovpm.operations.workflow import AUDIT_ROLES
from egovpm.procurement.models import Procurement
from egovpm.projects import engine

from .. import present
from ..access import ActionPath, ObjectId, answers, paginate, require_roles
from ..actions import reason_step
from ..errors import forbidden, invalid, not_found
from ..schemas.operations import (
    AuditFindingIn,
    FinalAuditFilters,
    FinalAuditIn,
    FinalAuditOut,
    FinalAuditPage,
    IncidentIn,
    IncidentResolveIn,
    MaintenanceIn,
    ModeIn,
    OperationFilters,
    OperationPage,
    PrepareIn,
    ProjectOperationsOut,
)
from ..schemas.supervision import ReasonIn, StepOut

router = Router(tags=["运维管理 / Operations"])
audits = Router(tags=["竣工决算审计 / Final audits"])

VIEWERS = selectors.VIEWER_ROLES
ONLY_UNIT = "只有项目建设单位可以办理（第二十二条）。"
ONLY_AUDIT = "只有市审计局可以开展竣工决算审计（第二十一条）。"
FILE = Annotated[UploadedFile | None, File(description="材料 / A document")]


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


def _summary(o) -> dict:
    return {
        "id": o.pk,
        "project": present.project_ref(o.project),
        "unit": present.unit_ref(o.unit),
        "stage": o.stage,
        "stage_label": o.get_stage_display(),
        "mode": o.mode,
        "operating_body": o.operating_body,
        "started_on": o.started_on,
        "incidents_this_year": o.incidents_this_year,
        "unresolved_incidents": o.unresolved_incidents,
    }


def _final_audit(user, a, findings=None) -> dict:
    return {
        "id": a.pk,
        "project": present.project_ref(a.project),
        "stage": a.stage,
        "stage_label": a.get_stage_display(),
        "scope": a.scope,
        "conclusion": a.conclusion,
        "opened_at": a.opened_at,
        "findings": [
            {"id": f.pk, "description": f.description, "recorded_at": f.recorded_at, "documents": _files(f)}
            for f in (findings if findings is not None else a.findings.prefetch_related("documents"))
        ],
        "actions": [present.action_offer(x) for x in engine.available_actions(user=user, obj=a)],
    }


def _detail(user, project) -> dict:
    c = selectors.project_page_context(user, project)
    o = c["operation"]
    operation = None
    if o is not None:
        operation = {
            "id": o.pk,
            "stage": o.stage,
            "stage_label": o.get_stage_display(),
            "operating_body": o.operating_body,
            "cost_assurance": o.cost_assurance,
            "mode": o.mode,
            "entrusted_body": o.entrusted_body,
            "entrusted_qualification": o.entrusted_qualification,
            "procurement_id": o.procurement_id,
            "started_on": o.started_on,
            "retired_on": o.retired_on,
            "documents": _files(o),
            "mode_records": [
                {
                    "number": m.number,
                    "mode": m.mode,
                    "previous_mode": m.previous_mode,
                    "entrusted_body": m.entrusted_body,
                    "entrusted_qualification": m.entrusted_qualification,
                    "procurement_id": m.procurement_id,
                    "reason": m.reason,
                    "recorded_at": m.recorded_at,
                }
                for m in c["mode_records"]
            ],
            "incidents": [
                {
                    "id": i.pk,
                    "kind": i.kind,
                    "severity": i.severity,
                    "occurred_at": i.occurred_at,
                    "resolved_at": i.resolved_at,
                    "description": i.description,
                    "measures": i.measures,
                }
                for i in c["incidents"]
            ],
            "actions": [present.action_offer(a) for a in o.actions],
        }
    audit = c["final_audit"]
    return {
        "project": present.project_ref(project),
        "unit": present.unit_ref(project.unit),
        "completion_accepted": c["accepted"],
        "operation": operation,
        "maintenance_declarations": [
            {
                "id": d.pk,
                "plan_year": d.plan_year.year,
                "current_total": f"{d.current_total:.2f}",
                "stage": d.stage,
                "stage_label": d.stage_info.label,
            }
            for d in c["declarations"]
        ],
        "final_audit": _final_audit(user, audit, c["findings"]) if audit else None,
    }


def _project_answer(user, project_id: int, status: int = 200):
    project = _or_404(selectors.project_get(user, project_id))
    return Status(status, _detail(user, project))


def _own_operation(user, pk: int):
    require_roles(user, APPLICANT_ROLES, ONLY_UNIT)
    operation = _or_404(selectors.operation_get(user, pk))
    if not engine.is_applicant_of(user, operation):
        raise forbidden(ONLY_UNIT)
    return operation


@router.get(
    "",
    **answers(OperationPage, 401, 403, 422),
    operation_id="operation_list",
    summary="运维管理列表 / Operations",
    description=(
        "与“运维管理”列表页相同：办公室、财政局、审计局看到全部，项目单位看到本单位及下属单位的。"
        " / As the operations list page: the Office, Finance and Audit see every one, a unit its own and its"
        " subordinates'."
    ),
)
def operation_list(request, filters: Query[OperationFilters]):
    require_roles(request.user, VIEWERS)
    rows = selectors.operation_list(
        request.user, stage=filters.stage or "", mode=filters.mode or "", q=(filters.q or "").strip()
    )
    return paginate(rows, filters, _summary)


@router.get(
    "/projects/{project_id}",
    **answers(ProjectOperationsOut, 401, 403, 404, 422),
    operation_id="operation_project_get",
    summary="项目的运维管理 / A project's operations",
    description=(
        "是否通过竣工验收、运行维护（运行机构、管理制度、费用、方式及其记录、运行事件）、运行维护经费申报、竣工决算审计，"
        "及您现在可办理的操作。 / Acceptance, the operation with its mode history and incidents, the O&M"
        " declarations and the final audit, with the actions you may take now."
    ),
)
def operation_project_get(request, project_id: ObjectId):
    require_roles(request.user, VIEWERS)
    return _detail(request.user, _or_404(selectors.project_get(request.user, project_id)))


@router.post(
    "/projects/{project_id}/prepare",
    **answers(ProjectOperationsOut, 400, 401, 403, 404, 409, 413, 422),
    operation_id="operation_prepare",
    summary="登记项目运行机构、管理制度和费用落实情况 / Record the operating body, rules and costs",
    description=(
        "multipart/form-data：operating_body、cost_assurance 与 rules（管理制度）。第一次登记即开始运行维护记录；"
        "未通过竣工验收的项目 409（第二十一条 不得投入运行）。 / multipart: the first time opens the operation record;"
        " 409 for a project not accepted (Art. 21)."
    ),
)
def operation_prepare(request, project_id: ObjectId, payload: Form[PrepareIn], rules: FILE = None):
    require_roles(request.user, APPLICANT_ROLES, ONLY_UNIT)
    project = _or_404(selectors.project_get(request.user, project_id))
    services.operation_prepare(actor=request.user, project=project, rules=rules, **payload.model_dump())
    return _project_answer(request.user, project.pk)


@router.post(
    "/{operation_id}/mode",
    **answers(ProjectOperationsOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="operation_mode_set",
    summary="确定或变更运行维护方式 / Set or change the O&M mode",
    description=(
        "第二十三条：self 自管；centralized 集中运维（entrusted_body 与 entrusted_qualification 必填）；outsourced"
        " 外包运维（procurement_id：本项目的政府采购，必填）。变更须写明理由。 / Art. 23: centralized needs the body"
        " and its qualification, outsourced a government procurement of the project; a change needs a reason."
    ),
)
def operation_mode_set(request, operation_id: ObjectId, payload: ModeIn):
    operation = _own_operation(request.user, operation_id)
    procurement = None
    if payload.procurement_id is not None:
        procurement = Procurement.objects.filter(pk=payload.procurement_id, project_id=operation.project_id).first()
        if procurement is None:
            raise invalid({"procurement_id": "只能选择本项目的采购记录。"})
    data = payload.model_dump(exclude={"procurement_id"})
    try:
        services.operation_mode_set(actor=request.user, operation=operation, procurement=procurement, **data)
    except ValidationError as exc:  # the service names its argument; the body names the id
        renamed = {"procurement_id" if k == "procurement" else k: v for k, v in exc.message_dict.items()}
        raise ValidationError(renamed) from exc
    return _project_answer(request.user, operation.project_id, 201)


@router.post(
    "/{operation_id}/incidents",
    **answers(ProjectOperationsOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="operation_incident_record",
    summary="登记运行事件 / Record an incident in operation",
    description="安全事件、故障等，只在运行中登记。 / Security incidents, outages…; only in operation.",
)
def operation_incident_record(request, operation_id: ObjectId, payload: IncidentIn):
    operation = _own_operation(request.user, operation_id)
    services.operation_incident_record(actor=request.user, operation=operation, **payload.model_dump())
    return _project_answer(request.user, operation.project_id, 201)


@router.post(
    "/incidents/{incident_id}/resolve",
    **answers(ProjectOperationsOut, 400, 401, 403, 404, 409, 422),
    operation_id="operation_incident_resolve",
    summary="登记运行事件处置完成 / Record that an incident was resolved",
    description="处置完成时间与采取的措施；已处置完成的 409。 / When it was resolved and the measures; 409 if already.",
)
def operation_incident_resolve(request, incident_id: ObjectId, payload: IncidentResolveIn):
    require_roles(request.user, APPLICANT_ROLES, ONLY_UNIT)
    incident = _or_404(selectors.incident_get(request.user, incident_id))
    _own_operation(request.user, incident.operation_id)
    services.operation_incident_resolve(actor=request.user, incident=incident, **payload.model_dump())
    return _project_answer(request.user, incident.project_id)


@router.post(
    "/{operation_id}/maintenance-declarations",
    **answers(ProjectOperationsOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="operation_maintenance_declare",
    summary="申报下一年度运行维护经费 / Start next year's O&M declaration",
    description=(
        "第二十四条：按一般申报程序申报（同一项目的维护类申报，申报期内）；之后上传项目状况说明书和预算清单并报送"
        "（/declarations）。 / Art. 24: a maintenance declaration of the project through the general procedure,"
        " inside its window; then upload the status statement and budget list and submit it (/declarations)."
    ),
)
def operation_maintenance_declare(request, operation_id: ObjectId, payload: MaintenanceIn):
    operation = _own_operation(request.user, operation_id)
    plan_year = PlanYear.objects.filter(year=payload.plan_year).first()
    if plan_year is None:
        raise invalid({"plan_year": f"{payload.plan_year} 年度计划尚未开放。"})
    services.operation_maintenance_declare(
        actor=request.user,
        operation=operation,
        plan_year=plan_year,
        annual_requirement=payload.annual_requirement,
        purpose_and_content=payload.purpose_and_content,
    )
    return _project_answer(request.user, operation.project_id, 201)


ACT = {
    "description": (
        "操作代码与所需理由见 GET /lifecycle；与页面调用同一服务。角色不符 403，规则拒绝 409。"
        " / The action codes and reasons are in GET /lifecycle; the same services as the pages; 403 for a role"
        " not listed, 409 when a rule refuses."
    ),
}
ACT |= answers(StepOut, 400, 401, 403, 404, 409, 422)


@router.post(
    "/{operation_id}/actions/{action}",
    operation_id="operation_act",
    summary="办理运行维护操作（投入运行、停止运行） / Take an operation action",
    **ACT,
)
def operation_act(request, operation_id: ObjectId, action: ActionPath, payload: ReasonIn):
    require_roles(request.user, VIEWERS)
    return reason_step(
        actor=request.user,
        obj=_or_404(selectors.operation_get(request.user, operation_id)),
        action=action,
        reason=payload.reason,
    )


# 第二十一条: the Audit bureau's final audits -------------------------------------------------------------


@audits.get(
    "",
    **answers(FinalAuditPage, 401, 403, 422),
    operation_id="final_audit_list",
    summary="竣工决算审计列表 / Final audits",
    description="与“竣工决算审计”列表页相同的可见范围。 / The same visibility as the list page.",
)
def final_audit_list(request, filters: Query[FinalAuditFilters]):
    require_roles(request.user, VIEWERS)
    rows = selectors.final_audit_list(request.user, stage=filters.stage or "")
    return paginate(rows, filters, lambda a: _final_audit(request.user, a))


@audits.post(
    "",
    **answers(FinalAuditOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="final_audit_open",
    summary="开展竣工决算审计 / Open a final audit",
    description=(
        "第二十一条：未通过竣工验收的项目，市审计部门不予审计（409）。角色：市审计局。 / Art. 21: refused (409) for"
        " a project not accepted. Role: the Audit bureau."
    ),
)
def final_audit_open(request, payload: FinalAuditIn):
    require_roles(request.user, AUDIT_ROLES, ONLY_AUDIT)
    project = _or_404(selectors.project_get(request.user, payload.project_id))
    audit = services.final_audit_open(actor=request.user, project=project, scope=payload.scope)
    return Status(201, _final_audit(request.user, audit))


@audits.get(
    "/{final_audit_id}",
    **answers(FinalAuditOut, 401, 403, 404, 422),
    operation_id="final_audit_get",
    summary="竣工决算审计 / A final audit",
    description="审计安排、审计发现、审计结论及您现在可办理的操作。 / Scope, findings, conclusion and your actions.",
)
def final_audit_get(request, final_audit_id: ObjectId):
    require_roles(request.user, VIEWERS)
    return _final_audit(request.user, _or_404(selectors.final_audit_get(request.user, final_audit_id)))


@audits.post(
    "/{final_audit_id}/findings",
    **answers(FinalAuditOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="final_audit_finding_record",
    summary="记录审计发现 / Record an audit finding",
    description="multipart/form-data：description 与可选的 evidence。 / multipart: the finding and optional evidence.",
)
def final_audit_finding_record(request, final_audit_id: ObjectId, payload: Form[AuditFindingIn], evidence: FILE = None):
    require_roles(request.user, AUDIT_ROLES, ONLY_AUDIT)
    audit = _or_404(selectors.final_audit_get(request.user, final_audit_id))
    services.final_audit_finding_record(
        actor=request.user, final_audit=audit, description=payload.description, evidence=evidence
    )
    return Status(201, _final_audit(request.user, selectors.final_audit_get(request.user, audit.pk)))


@audits.post(
    "/{final_audit_id}/actions/{action}",
    operation_id="final_audit_act",
    summary="办理竣工决算审计操作（办结） / Take a final audit action",
    **ACT,
)
def final_audit_act(request, final_audit_id: ObjectId, action: ActionPath, payload: ReasonIn):
    require_roles(request.user, VIEWERS)
    return reason_step(
        actor=request.user,
        obj=_or_404(selectors.final_audit_get(request.user, final_audit_id)),
        action=action,
        reason=payload.reason,
    )
