"""Acceptance (第十九条 to 第二十一条, 附件4): the same selectors and services as the acceptance pages, with the
same visibility — a unit sees its own projects, an expert the projects whose group it sits in."""

from typing import Annotated

from django.urls import reverse
from ninja import File, Form, Path, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.acceptance import domain, selectors, services
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.orgs.models import Unit, User

from .. import present
from ..access import ActionPath, ObjectId, answers, require_roles
from ..actions import reason_step
from ..errors import not_found
from ..schemas.acceptance import (
    AcceptanceFilters,
    AcceptanceOut,
    AcceptancePage,
    CheckCode,
    CheckIn,
    DelegateIn,
    DocumentIn,
    ExtensionIn,
    MemberIn,
    ReviewIn,
)
from ..schemas.supervision import ReasonIn, StepOut

router = Router(tags=["项目验收 / Acceptance"])

CheckPath = Annotated[CheckCode, Path(description="检查项代码（附件4 二、四） / Checklist item code (Att. 4 II, IV)")]

VIEWERS = selectors.VIEWER_ROLES
ORGANIZERS = OFFICE_ROLES | APPLICANT_ROLES


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


def _clock(c: dict) -> dict:
    return {"due": c["due"], "days_left": c["days_left"], "state": c["state"]}


def _summary(a, clock=None) -> dict:
    return {
        "id": a.pk,
        "project": present.project_ref(a.project),
        "unit": present.unit_ref(a.unit),
        "construction_completed_on": a.construction_completed_on,
        "stage": a.stage,
        "stage_label": a.get_stage_display(),
        "delegated": a.delegated,
        "clock": _clock(clock or a.clock),
    }


def _detail(user, acceptance) -> dict:
    c = selectors.page_context(user, acceptance)
    records = [r for s in c["slots"] for r in s["records"]]
    return {
        **_summary(acceptance, c["clock"]),
        "delegation_basis": acceptance.delegation_basis,
        "delegation_reason": acceptance.delegation_reason,
        "missing": c["missing"],
        "documents": [
            {
                "id": r.pk,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "subject": r.subject,
                "author_organisation": r.author_organisation,
                "author_person": r.author_person,
                "dated": r.dated,
                "documents": _files(r),
            }
            for r in records
        ],
        "rounds": [
            {
                "number": r.number,
                "statement": r.statement,
                "delegated": r.delegated,
                "applied_at": r.applied_at,
                "started_at": r.started_at,
                "members": [{"kind": m.kind, "name": str(m.user or m.unit), "duty": m.duty} for m in r.members.all()],
                "checklist": [
                    {
                        "code": row["item"].code,
                        "label": row["item"].label,
                        "article": row["item"].article,
                        "recorded": row["result"] is not None,
                        "passed": row["result"].passed if row["result"] else None,
                        "evidence": row["result"].evidence if row["result"] else "",
                        "note": row["result"].note if row["result"] else "",
                    }
                    for row in r.checklist
                ],
                "review_areas": r.review_areas,
                "review_bases": r.review_bases,
                "review_findings": r.review_findings,
                "outcome": r.outcome,
                "opinion": r.opinion,
                "reasons": r.reasons,
                "filed_at": r.filed_at,
            }
            for r in c["rounds"]
        ],
        "extensions": [
            {
                "id": e.pk,
                "current_due": e.current_due,
                "requested_due": e.requested_due,
                "reason": e.reason,
                "stage": e.stage,
                "stage_label": e.get_stage_display(),
                "decision": e.decision,
                "actions": [present.action_offer(a) for a in e.actions],
            }
            for e in c["extensions"]
        ],
        "completion_accepted": domain.completion_accepted(acceptance.stage),
        "actions": [present.action_offer(a) for a in c["actions"]],
    }


def _visible(user, pk: int):
    return _or_404(selectors.acceptance_get(user, pk))


def _answer(user, pk: int, status: int = 200):
    return Status(status, _detail(user, _visible(user, pk)))


@router.get(
    "",
    **answers(AcceptancePage, 401, 403, 422),
    operation_id="acceptance_list",
    summary="项目验收列表 / Acceptances",
    description=(
        "与“项目验收”列表页相同：建设完成的项目及其验收期限（第二十条：建设完成后半年内）、状态。"
        " / As the acceptance list page: projects whose construction completed, with the six-month clock (Art. 20)."
    ),
)
def acceptance_list(request, filters: Query[AcceptanceFilters]):
    require_roles(request.user, VIEWERS)
    rows = selectors.acceptance_list(
        request.user, q=(filters.q or "").strip(), state=filters.state or "", stage=filters.stage or ""
    )
    return {"count": len(rows), "items": [_summary(a) for a in rows[filters.offset : filters.offset + filters.limit]]}


@router.get(
    "/{acceptance_id}",
    **answers(AcceptanceOut, 401, 403, 404, 422),
    operation_id="acceptance_get",
    summary="项目的验收 / A project's acceptance",
    description=(
        "期限、初步验收及申请材料、各次竣工验收（验收组、检查项、检查情况、结论、备案）、延期验收申请，及您现在可办理的操作。"
        " / The clock, the typed documents, each round, the extension requests and the actions you may take now."
    ),
)
def acceptance_get(request, acceptance_id: ObjectId):
    require_roles(request.user, VIEWERS)
    return _detail(request.user, _visible(request.user, acceptance_id))


@router.post(
    "/{acceptance_id}/documents",
    **answers(AcceptanceOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="acceptance_document_record",
    summary="登记初步验收及申请材料 / Record a typed document",
    description=(
        "multipart/form-data：kind、subject（单项或专项验收报告必填）、author_organisation、author_person、dated 与 document。"
        "第十九条、第二十条、附件4 六。角色：项目建设单位。 / multipart: the kind, its author and date, and the file."
    ),
)
def acceptance_document_record(
    request,
    acceptance_id: ObjectId,
    payload: Form[DocumentIn],
    document: Annotated[UploadedFile, File(description="报告文件 / The report")],
):
    require_roles(request.user, APPLICANT_ROLES, "只有项目建设单位可以登记初步验收材料（第十九条）。")
    acceptance = _visible(request.user, acceptance_id)
    services.acceptance_document_record(
        actor=request.user, acceptance=acceptance, document=document, **payload.model_dump()
    )
    return _answer(request.user, acceptance.pk, 201)


@router.post(
    "/{acceptance_id}/extensions",
    **answers(AcceptanceOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="acceptance_extension_request",
    summary="提出延期验收申请 / Ask for an extension",
    description="第二十条、附件4 一。角色：项目建设单位。 / Art. 20. Roles: the project's unit.",
)
def acceptance_extension_request(request, acceptance_id: ObjectId, payload: ExtensionIn):
    require_roles(request.user, APPLICANT_ROLES, "只有项目建设单位可以提出延期验收申请（第二十条）。")
    acceptance = _visible(request.user, acceptance_id)
    services.acceptance_extension_request(actor=request.user, acceptance=acceptance, **payload.model_dump())
    return _answer(request.user, acceptance.pk, 201)


@router.post(
    "/{acceptance_id}/delegation",
    **answers(AcceptanceOut, 400, 401, 403, 404, 409, 422),
    operation_id="acceptance_delegate",
    summary="委托项目建设单位组织竣工验收 / Delegate completion acceptance",
    description=(
        "第十九条：概算不超过管理办法限额（acceptance.delegation_threshold）的可直接委托；超过的须写明建设内容较简单的理由。"
        "角色：办公室。 / Art. 19: within the policy's threshold, or with a reason. Roles: the Office."
    ),
)
def acceptance_delegate(request, acceptance_id: ObjectId, payload: DelegateIn):
    require_roles(request.user, OFFICE_ROLES, "只有办公室可以委托（第十九条）。")
    acceptance = _visible(request.user, acceptance_id)
    services.acceptance_delegate(actor=request.user, acceptance=acceptance, reason=payload.reason)
    return _answer(request.user, acceptance.pk)


@router.post(
    "/{acceptance_id}/members",
    **answers(AcceptanceOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="acceptance_member_add",
    summary="组建竣工验收组 / Add a group member",
    description=(
        "附件4 七(一)：办公室工作人员（user_id）、专家（user_id，平台的专家用户）、受邀部门（unit_id）；项目建设单位的人员回避。"
        " / Att. 4 VII(1): office staff, experts, invited departments; the project's own unit recuses."
    ),
)
def acceptance_member_add(request, acceptance_id: ObjectId, payload: MemberIn):
    require_roles(request.user, ORGANIZERS)
    acceptance = _visible(request.user, acceptance_id)
    user = User.objects.filter(pk=payload.user_id).first() if payload.user_id else None
    unit = Unit.objects.filter(pk=payload.unit_id).first() if payload.unit_id else None
    services.group_member_add(
        actor=request.user, acceptance=acceptance, kind=payload.kind, user=user, unit=unit, duty=payload.duty
    )
    return _answer(request.user, acceptance.pk, 201)


@router.post(
    "/{acceptance_id}/checks/{code}",
    **answers(AcceptanceOut, 400, 401, 403, 404, 409, 422),
    operation_id="acceptance_check_record",
    summary="记录验收任务或验收条件 / Record a checklist item",
    description=(
        "附件4 二（四项验收任务）、四（六项验收条件）：证据与是否满足，不满足的写明情况。"
        " / Att. 4 II and IV: the evidence and whether the item is met."
    ),
)
def acceptance_check_record(request, acceptance_id: ObjectId, code: CheckPath, payload: CheckIn):
    require_roles(request.user, ORGANIZERS)
    acceptance = _visible(request.user, acceptance_id)
    services.check_record(actor=request.user, acceptance=acceptance, code=code, **payload.model_dump())
    return _answer(request.user, acceptance.pk)


@router.post(
    "/{acceptance_id}/review",
    **answers(AcceptanceOut, 400, 401, 403, 404, 409, 422),
    operation_id="acceptance_review_record",
    summary="记录检查情况和验收依据 / Record the review",
    description="附件4 七(二)、三。 / Att. 4 VII(2) against the bases of III.",
)
def acceptance_review_record(request, acceptance_id: ObjectId, payload: ReviewIn):
    require_roles(request.user, ORGANIZERS)
    acceptance = _visible(request.user, acceptance_id)
    services.review_record(actor=request.user, acceptance=acceptance, **payload.model_dump())
    return _answer(request.user, acceptance.pk)


ACT = {
    "description": (
        "操作代码与所需理由见 GET /lifecycle；与页面调用同一服务。角色不符 403，规则拒绝 409（如竣工验收申请缺少的材料逐项列明）。"
        " / The action codes are in GET /lifecycle; the same services as the pages; 403 for a role not listed, 409"
        " when a rule refuses (an application names each missing document)."
    ),
}
ACT |= answers(StepOut, 400, 401, 403, 404, 409, 422)


@router.post(
    "/{acceptance_id}/actions/{action}",
    operation_id="acceptance_act",
    summary="办理验收操作 / Take an acceptance action",
    **ACT,
)
def acceptance_act(request, acceptance_id: ObjectId, action: ActionPath, payload: ReasonIn):
    require_roles(request.user, VIEWERS)
    return reason_step(
        actor=request.user, obj=_visible(request.user, acceptance_id), action=action, reason=payload.reason
    )


@router.post(
    "/extensions/{extension_id}/actions/{action}",
    operation_id="acceptance_extension_act",
    summary="审批延期验收申请 / Decide an extension request",
    **ACT,
)
def acceptance_extension_act(request, extension_id: ObjectId, action: ActionPath, payload: ReasonIn):
    require_roles(request.user, VIEWERS)
    return reason_step(
        actor=request.user,
        obj=_or_404(selectors.extension_get(request.user, extension_id)),
        action=action,
        reason=payload.reason,
    )
