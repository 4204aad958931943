"""第十条 filings: projects arranged by a higher authority or started by a department on its own, filed
with a copy to the Office; the Office's requests for information and the unit's answers; routing a project
that needs city matching funds into the general or the special procedure."""

from typing import Annotated

from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.audit.models import object_type_of
from egovpm.audit.services import events_recorded
from egovpm.filings import selectors as selectors_filing
from egovpm.filings import services as services
from egovpm.filings.models import Filing
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.lifecycle.workflows import FILING

from .. import present
from ..access import ActionPath, ObjectId, answers, paginate, require_roles
from ..actions import act, offered_by_api
from ..errors import forbidden, not_found
from ..schemas.base import DocumentKindCode
from ..schemas.filings import (
    FilingActionIn,
    FilingActionOut,
    FilingDocumentOut,
    FilingFilters,
    FilingIn,
    FilingOut,
    FilingPage,
)

router = Router(tags=["备案 / Filings"])

READERS = tuple(selectors_filing.FILING_ROLES)
APPLICANT_ONLY = "只有项目单位的经办人可以报送备案。"


def _filing_or_404(user, pk: int):
    filing = selectors_filing.filing_get(user, pk)
    if filing is None:
        raise not_found("该备案不存在或不在您的查看范围内。")
    return filing


def _detail(user, pk: int) -> dict:
    filing = _filing_or_404(user, pk)
    return present.filing(filing, selectors_filing.filing_page_context(user, filing))


@router.get(
    "",
    **answers(FilingPage, 401, 403, 422),
    operation_id="filing_list",
    summary="备案列表 / Filings",
    description=(
        "与“备案”列表页相同的可见范围与筛选：项目单位看到本单位及下属单位的备案，主管部门看到所辖单位的，"
        "办公室看到全部（第十条）。按备案时间倒序。角色：申报单位、主管部门、办公室。"
        " / The same visibility and filters as the filing list page: the unit sees its own and its subordinates',"
        " the supervising department those under it, the Office every filing (Art. 10); newest first."
        " Roles: applicant units, supervising departments, the Office."
    ),
)
def filing_list(request, filters: Query[FilingFilters]):
    require_roles(request.user, READERS)
    return paginate(
        selectors_filing.filing_list(request.user, **filters.selector_kwargs()), filters, present.filing_summary
    )


@router.post(
    "",
    **answers(FilingOut, 400, 401, 403, 409, 413, 422, status=201),
    operation_id="filing_create",
    summary="报送备案 / File a project",
    description=(
        "multipart/form-data：备案字段与 approval_document（上级机关批准文件或立项批准文件，PDF、Word、Excel、OFD）。"
        "上级机关安排建设的项目须写明上级机关；部门自主立项的也须写明立项批准文件（第十条）。备案无须审核；"
        "需要市财政配套资金的，再以操作 route_filing 转入申报程序。角色：申报经办人、单位负责人。"
        " / multipart/form-data: the filing's fields and approval_document (the higher authority's or the"
        " project's approval; PDF, Word, Excel, OFD). Filings are recorded without review (Art. 10); one that"
        " needs city matching funds is then routed with the action route_filing. Roles: applicant units."
    ),
)
def filing_create(
    request,
    payload: Form[FilingIn],
    approval_document: Annotated[UploadedFile, File(description="批准或立项文件 / The approval document")],
):
    require_roles(request.user, APPLICANT_ROLES, APPLICANT_ONLY)
    filing = services.filing_create(actor=request.user, approval_document=approval_document, **payload.model_dump())
    return Status(201, _detail(request.user, filing.pk))


@router.get(
    "/{filing_id}",
    **answers(FilingOut, 401, 403, 404, 422),
    operation_id="filing_get",
    summary="备案详情 / One filing",
    description=("备案、其材料与您现在可办理的操作。 / The filing, its documents and the actions you may take now."),
)
def filing_detail(request, filing_id: ObjectId):
    require_roles(request.user, READERS)
    return _detail(request.user, filing_id)


@router.post(
    "/{filing_id}/documents",
    **answers(FilingDocumentOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="filing_document_upload",
    summary="上传备案材料 / Add a document to a filing",
    description=(
        "multipart/form-data：kind（higher_approval 批准文件或 other 其他材料）与 file。已备案或待补充情况时，"
        "备案单位可补充上传；文件类型按内容识别，同类材料再次上传成为新版本。与“上传备案材料”页面调用同一服务。"
        "角色：申报单位（本单位的备案）。"
        " / multipart/form-data with kind (higher_approval or other) and file. While the filing is filed or"
        " information is requested, its unit may add documents; the type is judged by content; another upload of"
        " a kind becomes its next version. Same service as the page. Roles: the filing's unit."
    ),
)
def filing_document_upload(
    request,
    filing_id: ObjectId,
    kind: Annotated[DocumentKindCode, Form(description="材料类型 / Kind of material")],
    file: Annotated[UploadedFile, File(description="文件 / The file")],
):
    require_roles(request.user, APPLICANT_ROLES, APPLICANT_ONLY)
    filing = _filing_or_404(request.user, filing_id)
    document = services.filing_document_upload(actor=request.user, filing=filing, kind=kind, upload=file)
    return Status(201, present.filing_document(document))


@router.post(
    "/{filing_id}/actions/{action}",
    **answers(FilingActionOut, 400, 401, 403, 404, 409, 422),
    operation_id="filing_act",
    summary="办理备案操作 / Take a filing action",
    description=(
        "request_filing_info：办公室要求补充情况（reason）；supply_filing_info：项目单位补充情况（reason）；"
        "route_filing：需要市财政配套资金的项目转入一般或特殊申报程序（procedure、plan_year、leader_name、"
        "leader_phone、start_date、planned_end_date、nature，特殊程序另需 basis 等），生成预填的申报草稿并随附批准文件。"
        "一般申报程序 10月31日截止（第七条(一)）。与页面调用同一服务；角色不符时 403，规则拒绝时 409。"
        " / request_filing_info: the Office asks for more (reason); supply_filing_info: the unit answers (reason);"
        " route_filing: a project needing city matching funds enters the general or special procedure, creating"
        " a pre-filled declaration draft with the approval attached. Same services as the pages; 403 for a role"
        " not listed, 409 when a rule refuses."
    ),
)
def filing_act(request, filing_id: ObjectId, action: ActionPath, payload: FilingActionIn):
    require_roles(request.user, READERS)
    filing = _filing_or_404(request.user, filing_id)
    t = next((t for t in FILING.transitions if t.action == action), None)
    if t is None or not offered_by_api(t):
        raise not_found(f"备案没有“{action}”这项操作。")
    if not request.user.roles & t.roles:
        raise forbidden(f"您的角色不能办理“{t.label}”（{t.article}）。")
    with events_recorded() as events:
        act(actor=request.user, obj=filing, t=t, payload=payload)
    filing = _filing_or_404(request.user, filing_id)
    event = next(
        e for e in reversed(events) if (e.object_type, e.object_id) == (object_type_of(Filing), str(filing.pk))
    )
    return {
        "filing_id": filing.pk,
        "action": action,
        "action_label": t.label,
        "stage": filing.stage,
        "stage_label": filing.get_stage_display(),
        "routed_declaration_id": filing.routed_declaration_id,
        "audit_event_id": event.pk,
    }
