"""The construction phase (第十一条 to 第十六条): a funded project opened for construction, its responsibility,
the estimate baseline and its adjustments, progress, design changes, incidents, the connection to the
sharing and exchange platform, and the two steps that move it. The same selectors and services as the
pages; every call runs as the token's user."""

from __future__ import annotations

from typing import Annotated

from ninja import File, Form, Path, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.audit.services import events_recorded
from egovpm.construction import selectors, services
from egovpm.construction.models import Adjustment, AdjustmentStatus, Construction, Estimate, EstimateStatus
from egovpm.construction.selectors_page import openable_projects
from egovpm.construction.workflow import CONSTRUCTION
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES
from egovpm.projects import engine
from egovpm.projects.models import Project
from egovpm.security.masking import phone_for

from .. import present
from ..access import ActionPath, answers, paginate, require_roles
from ..errors import forbidden, invalid, not_found
from ..schemas.base import MAX_ID, DocumentKindCode, ProjectRef
from ..schemas.construction import (
    ActionIn,
    AdjustmentIn,
    ConstructionActionOut,
    ConstructionFilters,
    ConstructionOpenIn,
    ConstructionOut,
    ConstructionPage,
    DecisionIn,
    DesignChangeIn,
    EstimateIn,
    IncidentIn,
    ProgressIn,
    ReasonIn,
    RecordOut,
    ResponsibilityIn,
    SharingIn,
)

router = Router(tags=["项目建设 / Construction"])

READERS = tuple(BUSINESS_ROLES)
UNIT_ONLY = "只有项目建设单位可以办理此事项。"
ConstructionId = Annotated[int, Path(ge=1, le=MAX_ID, description="项目建设 ID / Construction id")]
EstimateId = Annotated[int, Path(ge=1, le=MAX_ID, description="概算 ID / Estimate id")]
AdjustmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="调整报告 ID / Adjustment id")]
RECORD = answers(RecordOut, 400, 401, 403, 404, 409, 422, status=201)


def _construction_or_404(user, pk: int) -> Construction:
    require_roles(user, READERS)
    construction = selectors.construction_get(user, pk)
    if construction is None:
        raise not_found("该项目建设记录不存在或不在您的查看范围内。")
    return construction


def _party(user, construction: Construction, step: str) -> Construction:
    """Role and object, as the pages: only the party the table names for `step` (403)."""
    ok, why = engine.party_of(user, construction, step)
    if not ok:
        raise forbidden(why)
    return construction


def _items(rows) -> dict:
    return {
        "kind": rows.kind,
        "kind_label": rows.get_kind_display(),
        "amount": rows.amount,
        "description": rows.description,
    }


def _estimate(e: Estimate) -> dict:
    return {
        "id": e.pk,
        "version": e.version,
        "status": e.status,
        "status_label": e.get_status_display(),
        "design_summary": e.design_summary,
        "total": e.total,
        "items": [_items(i) for i in e.items_in_order],
        "submitted_at": e.submitted_at,
        "approved_at": e.approved_at,
        "returned_reason": e.returned_reason,
        "adjustment_id": e.adjustment_id,
    }


def _adjustment(a: Adjustment) -> dict:
    return {
        "id": a.pk,
        "status": a.status,
        "status_label": a.get_status_display(),
        "changes": a.changes,
        "reason": a.reason,
        "total": a.total,
        "items": [_items(i) for i in a.items_in_order],
        "requested_at": a.requested_at,
        "decided_at": a.decided_at,
        "decision_reason": a.decision_reason,
    }


def _summary(c: Construction) -> dict:
    return {
        "id": c.pk,
        "project": present.project_ref(c.project),
        "unit": present.unit_ref(c.unit),
        "stage": c.stage,
        "stage_label": c.get_stage_display(),
        "involves_secrets": c.involves_secrets,
        "planned_end_date": c.planned_end_date,
        "started_on": c.started_on,
        "completed_on": c.completed_on,
        "latest_percent": selectors.latest_percent(c) if c.started_on else None,
        "behind_plan": selectors.is_behind_plan(c),
    }


def _detail(user, pk: int) -> dict:
    c = _construction_or_404(user, pk)
    r = c.responsibilities.first()
    return {
        **_summary(c),
        "responsibility": None
        if r is None
        else {
            "version": r.version,
            "implementation_body": r.implementation_body,
            "leader_name": r.leader_name,
            "leader_phone": phone_for(user, c, r.leader_phone),
            "responsible_leader": r.responsible_leader,
            "responsible_leader_title": r.responsible_leader_title,
        },
        "estimates": [_estimate(e) for e in c.estimates.prefetch_related("items")],
        "adjustments": [_adjustment(a) for a in c.adjustments.prefetch_related("items")],
        "progress_reports": list(
            c.progress_reports.values(
                "id",
                "period_end",
                "percent",
                "milestones",
                "schedule_status",
                "estimate_control",
                "design_changes",
                "issues",
            )
        ),
        "design_changes": list(
            c.design_changes.values("id", "description", "major", "items", "adjustment_id", "post_hoc")
        ),
        "incidents": list(c.incidents.values("id", "kind", "occurred_on", "description", "measures")),
        "sharing_connections": [
            {
                "id": s.pk,
                "connected_on": s.connected_on,
                "interface": s.interface,
                "entry_ids": [e.pk for e in s.catalog_entries.all()],
            }
            for s in c.sharing_connections.prefetch_related("catalog_entries")
        ],
        "sharing_exemption": c.sharing_exemption,
        "actions": [present.action_offer(a) for a in engine.available_actions(user=user, obj=c)],
    }


def _amounts(items) -> tuple[dict, dict]:
    kinds = [i.kind for i in items]
    if len(kinds) != len(set(kinds)):
        raise invalid({"items": "每个概算项目只能填写一次。"})
    return {i.kind: i.amount for i in items}, {i.kind: i.description for i in items}


def _recorded(call, kind: str):
    """Run a service; answer the record it wrote and the audit event of this call."""
    with events_recorded() as events:
        record = call()
    return Status(201, {"id": record.pk, "kind": kind, "audit_event_id": events[-1].pk if events else None})


@router.get(
    "",
    **answers(ConstructionPage, 401, 403, 422),
    operation_id="construction_list",
    summary="项目建设列表 / Constructions",
    description=(
        "与“项目建设”列表页相同的可见范围：办公室、财政局、审计局看到全部；项目建设单位看到本单位及下属单位的；"
        "项目审批部门、监理单位看到被确定参与的项目。 / The same visibility as the page: the Office, Finance and"
        " Audit see all; a unit its own and its subordinates'; an assigned party the projects it is assigned to."
    ),
)
def construction_list(request, filters: Query[ConstructionFilters]):
    require_roles(request.user, READERS)
    return paginate(selectors.construction_list(request.user, **filters.selector_kwargs()), filters, _summary)


@router.post(
    "",
    **answers(ConstructionOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="construction_open",
    summary="开始建设准备 / Open a funded project for construction",
    description=(
        "已安排资金的项目（第七条(五)、第九条(四)，或经备案转入申报程序的）由项目建设单位开始建设准备（第十一条）；"
        "未安排资金的拒绝（409）。角色：申报经办人、单位负责人。 / The unit opens a funded project; a project not"
        " funded is refused (409). Roles: applicant units."
    ),
)
def construction_open(request, payload: ConstructionOpenIn):
    require_roles(request.user, APPLICANT_ROLES, UNIT_ONLY)
    project = Project.objects.filter(pk=payload.project_id, unit_id=request.user.unit_id).first()
    if project is None:
        raise not_found("该项目不存在或不是本单位的项目。")
    construction = services.construction_open(
        actor=request.user, project=project, involves_secrets=payload.involves_secrets
    )
    return Status(201, _detail(request.user, construction.pk))


@router.get(
    "/openable",
    **answers(list[ProjectRef], 401, 403),
    operation_id="construction_openable",
    summary="可开始建设准备的项目 / Funded projects not yet opened",
    description="本单位已安排资金、尚未开始建设的项目。 / The unit's funded projects not yet opened.",
)
def construction_openable(request):
    require_roles(request.user, APPLICANT_ROLES, UNIT_ONLY)
    return [present.project_ref(p) for p in openable_projects(request.user)]


@router.get(
    "/{construction_id}",
    **answers(ConstructionOut, 401, 403, 404, 422),
    operation_id="construction_get",
    summary="项目建设详情 / One construction",
    description="与项目建设页相同的内容与您现在可办理的操作。 / What the page shows and your actions now.",
)
def construction_get(request, construction_id: ConstructionId):
    require_roles(request.user, READERS)
    return _detail(request.user, construction_id)


@router.post(
    "/{construction_id}/responsibility",
    **RECORD,
    operation_id="construction_responsibility",
    summary="登记项目责任制 / Record the responsibility",
    description="第十二条：项目实施机构、项目负责人、负总责的主管领导；每次登记为新版本。 / Art. 12; each is a new version.",
)
def construction_responsibility(request, construction_id: ConstructionId, payload: ResponsibilityIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "record_responsibility")
    return _recorded(
        lambda: services.responsibility_record(actor=request.user, construction=c, data=payload.model_dump()),
        "responsibility",
    )


@router.post(
    "/{construction_id}/estimates",
    **RECORD,
    operation_id="construction_estimate_submit",
    summary="报送初步设计方案和投资概算 / Submit the design and estimate",
    description="第十四条：各概算项目（万元）每项一次，未列的项目视为未填写。 / Art. 14: every item once.",
)
def construction_estimate_submit(request, construction_id: ConstructionId, payload: EstimateIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "submit_estimate")
    amounts, descriptions = _amounts(payload.items)
    return _recorded(
        lambda: services.estimate_submit(
            actor=request.user,
            construction=c,
            design_summary=payload.design_summary,
            amounts=amounts,
            descriptions=descriptions,
        ),
        "estimate",
    )


def _decide(request, record, decisions: dict, payload: DecisionIn, subject: str):
    _party(request.user, _construction_or_404(request.user, record.construction_id), f"decide_{subject}")
    if payload.decision not in decisions:
        raise invalid({"decision": "请选择审批结论。"})
    service, keyword = decisions[payload.decision]
    return _recorded(lambda: service(actor=request.user, **{subject: record, keyword: payload.reason}), subject)


@router.post(
    "/estimates/{estimate_id}/decision",
    **RECORD,
    operation_id="construction_estimate_decide",
    summary="核定或退回概算 / Approve or return an estimate",
    description="项目审批部门：approve 核定，return 退回（须写明理由）。 / The approving department decides.",
)
def construction_estimate_decide(request, estimate_id: EstimateId, payload: DecisionIn):
    estimate = Estimate.objects.filter(pk=estimate_id, status=EstimateStatus.SUBMITTED).first()
    if estimate is None:
        raise not_found("没有待核定的概算。")
    decisions = {"approve": (services.estimate_approve, "opinion"), "return": (services.estimate_return, "reason")}
    return _decide(request, estimate, decisions, payload, "estimate")


@router.post(
    "/{construction_id}/adjustments",
    **RECORD,
    operation_id="construction_adjustment_request",
    summary="提交概算调整报告 / Request an adjustment",
    description=(
        "第十四条：调整须事先报批；事后报告的重大设计变更所涉及的概算项目不再受理调增（409）。"
        " / Art. 14: before the change; raising an item a post-hoc major change overran is refused (409)."
    ),
)
def construction_adjustment_request(request, construction_id: ConstructionId, payload: AdjustmentIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "request_adjustment")
    amounts, descriptions = _amounts(payload.items)
    return _recorded(
        lambda: services.adjustment_request(
            actor=request.user,
            construction=c,
            changes=payload.changes,
            reason=payload.reason,
            amounts=amounts,
            descriptions=descriptions,
        ),
        "adjustment",
    )


@router.post(
    "/adjustments/{adjustment_id}/decision",
    **RECORD,
    operation_id="construction_adjustment_decide",
    summary="审批概算调整报告 / Approve or refuse an adjustment",
    description="项目审批部门：approve 批准（生成新的核定概算版本），refuse 不予批准（须写明理由）。 / The decision.",
)
def construction_adjustment_decide(request, adjustment_id: AdjustmentId, payload: DecisionIn):
    adjustment = Adjustment.objects.filter(pk=adjustment_id, status=AdjustmentStatus.SUBMITTED).first()
    if adjustment is None:
        raise not_found("没有待审批的调整报告。")
    decisions = {
        "approve": (services.adjustment_approve, "opinion"),
        "refuse": (services.adjustment_refuse, "reason"),
    }
    return _decide(request, adjustment, decisions, payload, "adjustment")


@router.post(
    "/{construction_id}/progress",
    **RECORD,
    operation_id="construction_progress_report",
    summary="报告建设进度 / Report progress",
    description="第十二条：进度、里程碑、设计变更、概算控制情况。 / Art. 12.",
)
def construction_progress_report(request, construction_id: ConstructionId, payload: ProgressIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "report_progress")
    return _recorded(
        lambda: services.progress_report_submit(actor=request.user, construction=c, data=payload.model_dump()),
        "progress_report",
    )


@router.post(
    "/{construction_id}/design-changes",
    **RECORD,
    operation_id="construction_design_change_report",
    summary="报告设计变更 / Report a design change",
    description="未经批准的重大设计变更记为事后报告（第十四条）。 / A major change without approval is post hoc.",
)
def construction_design_change_report(request, construction_id: ConstructionId, payload: DesignChangeIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "report_design_change")
    adjustment = None
    if payload.adjustment_id is not None:
        adjustment = c.adjustments.filter(pk=payload.adjustment_id).first()
        if adjustment is None:
            raise invalid({"adjustment_id": "只能选择本项目已批准的概算调整报告。"})
    return _recorded(
        lambda: services.design_change_report(
            actor=request.user,
            construction=c,
            description=payload.description,
            major=payload.major,
            items=payload.items,
            adjustment=adjustment,
        ),
        "design_change",
    )


@router.post(
    "/{construction_id}/incidents",
    **RECORD,
    operation_id="construction_incident_report",
    summary="报告严重逾期、重大损失 / Report an incident",
    description="第十五条。 / Art. 15.",
)
def construction_incident_report(request, construction_id: ConstructionId, payload: IncidentIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "report_incident")
    return _recorded(
        lambda: services.incident_report(actor=request.user, construction=c, **payload.model_dump()), "incident"
    )


@router.post(
    "/{construction_id}/sharing",
    **RECORD,
    operation_id="construction_sharing_record",
    summary="登记接入共享交换平台 / Record the sharing connection",
    description="第十六条：接入日期、接口和所服务的资源目录。 / Art. 16.",
)
def construction_sharing_record(request, construction_id: ConstructionId, payload: SharingIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "record_sharing")
    return _recorded(
        lambda: services.sharing_record(actor=request.user, construction=c, **payload.model_dump()),
        "sharing_connection",
    )


@router.post(
    "/{construction_id}/sharing-exemption",
    **RECORD,
    operation_id="construction_sharing_exempt",
    summary="记录不适用接入的理由 / Record why the connection does not apply",
    description="第十六条；角色：办公室。 / Art. 16; the Office.",
)
def construction_sharing_exempt(request, construction_id: ConstructionId, payload: ReasonIn):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "exempt_sharing")
    return _recorded(
        lambda: services.sharing_exempt(actor=request.user, construction=c, reason=payload.reason), "construction"
    )


@router.post(
    "/{construction_id}/documents",
    **RECORD,
    operation_id="construction_document_upload",
    summary="上传建设材料 / Upload a construction document",
    description="multipart/form-data：kind 与 file；涉及国家秘密的项目一律拒绝（第十一条）。 / Refused for secret projects.",
)
def construction_document_upload(
    request,
    construction_id: ConstructionId,
    kind: Annotated[DocumentKindCode, Form(description="材料类型 / Kind of material")],
    file: Annotated[UploadedFile, File(description="文件 / The file")],
):
    c = _party(request.user, _construction_or_404(request.user, construction_id), "upload")
    return _recorded(
        lambda: services.construction_document_upload(actor=request.user, construction=c, kind=kind, upload=file),
        "document",
    )


@router.post(
    "/{construction_id}/actions/{action}",
    **answers(ConstructionActionOut, 400, 401, 403, 404, 409, 422),
    operation_id="construction_act",
    summary="开工建设或宣布建设完成 / Start or complete construction",
    description=(
        "start_construction（第十三条）与 declare_completion（第十六条）；不满足条件时 409，并说明理由。"
        " / start_construction (Art. 13) and declare_completion (Art. 16); 409 with the reason when refused."
    ),
)
def construction_act(request, construction_id: ConstructionId, action: ActionPath, payload: ActionIn):
    c = _construction_or_404(request.user, construction_id)
    t = next((t for t in CONSTRUCTION.transitions if t.action == action), None)
    if t is None:
        raise not_found(f"项目建设没有“{action}”这项操作。")
    _party(request.user, c, action)
    with events_recorded() as events:
        c = engine.run_step(actor=request.user, obj=c, action=action, reason=payload.reason)
    return {
        "construction_id": c.pk,
        "action": action,
        "action_label": t.label,
        "stage": c.stage,
        "stage_label": c.get_stage_display(),
        "audit_event_id": events[-1].pk,
    }
