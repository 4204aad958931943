"""Accountability (第三十条): the same selectors and services as the accountability pages, with the same
visibility; the names of the persons with direct responsibility masked but for the Office and Audit."""

from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status

from egovpm.accountability import domain, selectors, services
from egovpm.audit.services import events_recorded
from egovpm.lifecycle.roles import OFFICE_ROLES
from egovpm.projects import engine
from egovpm.projects.models import Project

from .. import present
from ..access import ActionPath, ObjectId, answers, paginate, require_roles
from ..actions import act
from ..errors import forbidden, not_found
from ..schemas.accountability import MeasureIn, ScanOut, ViolationFilters, ViolationIn, ViolationOut, ViolationPage
from ..schemas.supervision import ReasonIn, StepOut

router = Router(tags=["责任追究 / Accountability"])

VIEWERS = selectors.VIEWER_ROLES


def _or_404(user, pk: int):
    found = selectors.violation_get(user, pk)
    if found is None:
        raise not_found("该记录不存在或不在您的查看范围内。")
    return found


def _out(user, v) -> dict:
    return {
        "id": v.pk,
        "project": present.project_ref(v.project),
        "unit": present.unit_ref(v.unit),
        "kind": v.kind,
        "kind_label": v.get_kind_display(),
        "article": v.article,
        "source": v.source,
        "facts": v.facts,
        "stage": v.stage,
        "stage_label": v.get_stage_display(),
        "decision_reason": v.decision_reason,
        "proposed_at": v.proposed_at,
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "original_name": d.original_name,
                "download_url": reverse("documents:download", kwargs={"pk": d.pk}),
            }
            for d in v.documents.all()
        ],
        "measures": [
            {
                "id": m.pk,
                "kind": m.kind,
                "kind_label": m.get_kind_display(),
                "description": m.description,
                "persons": domain.masked_persons(m.persons, user.roles),
                "authority": m.authority,
                "decided_at": m.decided_at,
            }
            for m in v.measures.all()
        ],
        "actions": [present.action_offer(a) for a in engine.available_actions(user=user, obj=v)],
    }


@router.get(
    "/violations",
    operation_id="violation_list",
    summary="违规行为列表 / Violations",
    description="第三十条：可见的违规行为（提出、认定、不予认定）及其处理；责任人姓名仅办公室和审计局可见全名。角色：办公室、审计局、项目建设单位及其主管部门。 / Section 30: the violations one may see and their measures; names of responsible persons in full for the Office and Audit only. Roles: the Office, Audit, the unit and its supervising department.",
    **answers(ViolationPage, 401, 403, 422),
)
def violation_list(request, filters: Query[ViolationFilters]):
    require_roles(request.user, VIEWERS)
    rows = selectors.violation_list(request.user, stage=filters.stage or "", kind=filters.kind or "")
    rows = rows.prefetch_related("documents", "measures")
    return paginate(rows, filters, lambda v: _out(request.user, v))


@router.post(
    "/violations/scan",
    operation_id="violation_scan",
    summary="扫描并提出违规行为（办公室） / Scan the records for violations",
    description="第三十条：按各类违规的检查规则扫描平台记录，对每个项目和类别至多提出一条待认定的违规行为（重复扫描不重复提出）。角色：办公室。 / Section 30: scans the records with each kind's detector and proposes at most one open violation per project and kind. Roles: the Office.",
    **answers(ScanOut, 401, 403),
)
def violation_scan(request):
    require_roles(request.user, OFFICE_ROLES)
    return {"proposed": [v.pk for v in services.violations_propose(actor=request.user)]}


@router.get(
    "/violations/{violation_id}",
    operation_id="violation_get",
    summary="违规行为 / A violation",
    description="一条违规行为及其证据和处理。角色：同列表；范围外的 404。 / One violation with its evidence and measures. Roles: as the list; 404 out of sight.",
    **answers(ViolationOut, 401, 403, 404, 422),
)
def violation_get(request, violation_id: ObjectId):
    require_roles(request.user, VIEWERS)
    return _out(request.user, _or_404(request.user, violation_id))


@router.post(
    "/violations",
    operation_id="violation_record",
    summary="登记违规行为（办公室） / Record a violation",
    description="第三十条：办公室登记一条违规行为（待认定）。角色：办公室。 / Section 30: the Office records a violation (proposed). Roles: the Office.",
    **answers(ViolationOut, 400, 401, 403, 404, 409, 422, status=201),
)
def violation_record(request, payload: ViolationIn):
    require_roles(request.user, OFFICE_ROLES)
    project = Project.objects.filter(pk=payload.project_id).first()
    if project is None:
        raise not_found("该项目不存在。")
    v = services.violation_record(actor=request.user, project=project, kind=payload.kind, facts=payload.facts)
    return Status(201, _out(request.user, v))


@router.post(
    "/violations/{violation_id}/actions/{action}",
    operation_id="violation_act",
    summary="认定或不予认定违规行为 / Confirm or dismiss a violation",
    description="操作代码与所需理由见 GET /lifecycle（confirm_violation、dismiss_violation）。 / See GET /lifecycle.",
    **answers(StepOut, 400, 401, 403, 404, 409, 422),
)
def violation_act(request, violation_id: ObjectId, action: ActionPath, payload: ReasonIn):
    require_roles(request.user, VIEWERS)
    obj = _or_404(request.user, violation_id)
    t = next((t for t in obj.workflow.transitions if t.action == action), None)
    if t is None:
        raise not_found(f"{obj.workflow.label}没有“{action}”这项操作。")
    if not request.user.roles & t.roles:
        raise forbidden(f"您的角色不能办理“{t.label}”（{t.article}）。")
    with events_recorded() as events:
        taken = act(actor=request.user, obj=obj, t=t, payload=payload)
    return {
        "id": taken.pk,
        "action": action,
        "stage": taken.stage,
        "stage_label": taken.get_stage_display(),
        "audit_event_id": events[-1].pk,
    }


@router.post(
    "/violations/{violation_id}/measures",
    operation_id="violation_measure_record",
    summary="记录处理（办公室） / Record a measure",
    description="第三十条：对已认定的违规行为记录处理（通报批评、提请处分、移交追究刑事责任）；提请处分和移交须写明责任人和部门。角色：办公室。 / Section 30: a measure on a confirmed violation; a referral names the persons and the department. Roles: the Office.",
    **answers(ViolationOut, 400, 401, 403, 404, 409, 422, status=201),
)
def violation_measure_record(request, violation_id: ObjectId, payload: MeasureIn):
    require_roles(request.user, OFFICE_ROLES)
    v = _or_404(request.user, violation_id)
    services.measure_record(
        actor=request.user,
        violation=v,
        kind=payload.kind,
        description=payload.description,
        persons=payload.persons,
        authority=payload.authority,
    )
    return Status(201, _out(request.user, _or_404(request.user, violation_id)))
