"""第七条 declarations: the list with the UI's filters, the application form, the proposal, the history,
the lifecycle actions, the materials, the resource catalog and the centralized procurement items."""

from typing import Annotated

from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.audit.selectors import audit_events_for
from egovpm.intake import selectors, selectors_plan, services
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES, OFFICE_ROLES
from egovpm.projects import engine
from egovpm.security.masking import sees_in_full, subject_of, viewer_of

from .. import present
from ..access import (
    BINARY,
    XLSX_TYPE,
    ActionPath,
    DeclarationId,
    ObjectId,
    answers,
    paginate,
    require_roles,
    visible_declaration,
)
from ..actions import declaration_act
from ..errors import invalid, not_found
from ..schemas.base import DeclarationFilters, DocumentKindCode
from ..schemas.catalog import CatalogEntryIn, CatalogEntryOut, FormatParam
from ..schemas.declarations import (
    ActionIn,
    ActionOut,
    ApplicationIn,
    DeclarationCreateIn,
    DeclarationOut,
    DeclarationPage,
    DocumentOut,
    EventOut,
    OutlineAcceptIn,
    ProcurementItemIn,
    ProcurementItemOut,
    ProposalIn,
    ProposalOut,
)
from ..selectors import documents_of
from . import catalog as catalog_router

router = Router(tags=["申报 / Declarations"])

APPLICANT_ONLY = "只有申报单位的经办人或负责人可以办理。"


def _detail(user, declaration_pk: int) -> dict:
    declaration = visible_declaration(user, declaration_pk)
    return present.declaration_detail(
        declaration,
        selectors.declaration_page_context(user, declaration),
        engine.available_actions(user=user, obj=declaration),
        viewer=user,
    )


@router.get(
    "",
    **answers(DeclarationPage, 401, 403, 422),
    operation_id="declaration_list",
    summary="年度申报列表 / Declarations",
    description=(
        "与“年度申报”列表页相同的可见范围与筛选：申报单位看到本单位及下属单位的申报；主管部门看到已报送给它的；"
        "办公室、财政局、审计局看到已报送办公室的；专家看到受邀的。按计划年度倒序、项目编号、ID 排序。角色：业务角色。"
        " / The same visibility and filters as the declaration list page; ordered by plan year (newest first),"
        " project code, id. Roles: business roles."
    ),
)
def declaration_list(request, filters: Query[DeclarationFilters]):
    require_roles(request.user, BUSINESS_ROLES)
    declarations = selectors.declaration_list(request.user, **filters.selector_kwargs())
    return paginate(declarations, filters, present.declaration_summary)


@router.post(
    "",
    **answers(DeclarationOut, 400, 401, 403, 409, 422, status=201),
    operation_id="declaration_create",
    summary="填报申报表 / Declare a project",
    description=(
        "申报单位为下一年度计划填报申报表（附件1），保存为草稿（第七条(一)）。申报期（10月31日前）已过时拒绝（409 window_closed）。"
        "project_id 为本单位已有项目（续建、结转、维护）。角色：申报经办人、单位负责人。"
        " / A unit declares a project for next year's plan (Attachment 1); saved as a draft (Art. 7(1))."
        " Refused after the window closes on 10-31 (409 window_closed). Roles: unit clerk, unit leader."
    ),
)
def declaration_create(request, payload: DeclarationCreateIn):
    user = request.user
    require_roles(user, APPLICANT_ROLES, "只有申报单位的经办人可以填报。")
    plan_year = selectors_plan.plan_year_get(payload.plan_year)
    if plan_year is None:
        raise invalid({"plan_year": "该年度计划未开放申报。"})
    project = None
    if payload.project_id is not None:
        project = selectors.projects_to_declare_again(user, plan_year).filter(pk=payload.project_id).first()
        if project is None:
            raise invalid({"project_id": "该项目不属于本单位，或已有本年度的申报。"})
    declaration = services.declaration_create(
        actor=user, plan_year=plan_year, name=payload.name, data=payload.application_data(), project=project
    )
    return Status(201, _detail(user, declaration.pk))


@router.get(
    "/{declaration_id}",
    **answers(DeclarationOut, 401, 403, 404, 422),
    operation_id="declaration_get",
    summary="申报详情 / One declaration",
    description=(
        "申报表、建议书、材料、意见、书面意见、预算库条目，以及您现在可办理的操作（actions）。各方初审意见仅办公室与受邀方可见"
        "（第七条(二)）。 / The form, proposal, materials, opinions, written opinion, budget entry and the actions"
        " open to you now. Reviewers' opinions are shown to the Office and the reviewers only (Art. 7(2))."
    ),
)
def declaration_get(request, declaration_id: DeclarationId):
    require_roles(request.user, BUSINESS_ROLES)
    return _detail(request.user, declaration_id)


@router.put(
    "/{declaration_id}",
    **answers(DeclarationOut, 400, 401, 403, 404, 409, 422),
    operation_id="declaration_update",
    summary="修改申报表 / Edit the application form",
    description=(
        "申报单位在草稿阶段修改申报表（附件1）；报送后拒绝（409）。角色：申报经办人、单位负责人（本单位）。"
        " / The unit edits its draft's application form; refused once submitted (409). Roles: the unit's clerk or leader."
    ),
)
def declaration_update(request, declaration_id: DeclarationId, payload: ApplicationIn):
    require_roles(request.user, APPLICANT_ROLES, APPLICANT_ONLY)
    declaration = visible_declaration(request.user, declaration_id)
    services.declaration_update(
        actor=request.user, declaration=declaration, name=payload.name, data=payload.application_data()
    )
    return _detail(request.user, declaration_id)


@router.put(
    "/{declaration_id}/proposal",
    **answers(ProposalOut, 400, 401, 403, 404, 409, 422),
    operation_id="proposal_save",
    summary="在线填写项目建议书 / Fill the proposal online",
    description=(
        "项目建议书（附件2）八节，草稿阶段可改（第七条(一)）。涉密内容不在本平台填写（第三十一条）。角色：申报单位。"
        " / The eight sections of the proposal (Attachment 2), while a draft. Classified content is never entered"
        " here (Art. 31). Roles: the applicant unit."
    ),
)
def proposal_save(request, declaration_id: DeclarationId, payload: ProposalIn):
    require_roles(request.user, APPLICANT_ROLES, APPLICANT_ONLY)
    declaration = visible_declaration(request.user, declaration_id)
    proposal = services.proposal_save(actor=request.user, declaration=declaration, data=payload.model_dump())
    return {f: getattr(proposal, f) for f in ProposalIn.model_fields}


@router.get(
    "/{declaration_id}/history",
    **answers(list[EventOut], 401, 403, 404, 422),
    operation_id="declaration_history",
    summary="办理记录 / History",
    description=(
        "该申报的审计事件，按链上序号。受邀方的具体意见仅办公室与受邀方可见（第七条(二)）。"
        " / The declaration's audit events in chain order; a reviewer's opinion text is shown to the Office and"
        " the reviewers only (Art. 7(2))."
    ),
)
def declaration_history(request, declaration_id: DeclarationId):
    require_roles(request.user, BUSINESS_ROLES)
    declaration = visible_declaration(request.user, declaration_id)
    show = selectors.can_see_review_opinions(request.user, declaration)
    full = sees_in_full(viewer_of(request.user), subject_of(declaration))
    return [present.event(e, show_opinion=show, personal_in_full=full) for e in audit_events_for(declaration)]


@router.post(
    "/{declaration_id}/actions/{action}",
    **answers(ActionOut, 400, 401, 403, 404, 409, 413, 422),
    operation_id="declaration_act",
    summary="办理流程操作 / Take a lifecycle action",
    description=(
        "按流程表办理一项操作（见 GET /lifecycle），与页面按钮调用同一服务。reason 为理由或意见；"
        "start_initial_review 需 review_round_id 与 reviewer_ids，approve 需 approved_amount（reason 为书面意见），"
        "arrange_funds 需 amount，place_in_budget_library 可带 library_code；特殊申报程序（第九条）的 start_joint_review 需"
        " reviewer_ids，approve_special 需 approved_amount（reason 为书面意见），arrange_special_funds 需 amount（可带"
        " library_code）；第六条的 fold_into_coordination 需 coordinated_item_id（reason 为统筹说明）。"
        "documents 中的材料与操作在同一事务中上传，"
        "操作被拒绝时不留下任何材料。应答给出新状态与刚写入的审计事件 ID；拒绝时 409 给出理由。"
        "您的角色不在该操作的角色之列时 403。"
        " / Take an action of the lifecycle table through the same service as the page's button; the special"
        " procedure's start_joint_review (reviewer_ids), approve_special (approved_amount, reason = the opinion),"
        " arrange_special_funds (amount) and Art. 6's fold_into_coordination (coordinated_item_id) included. `documents`"
        " are uploaded in the same transaction (a refusal leaves nothing). The answer gives the new stage and"
        " the id of the audit event just written; a refusal answers 409 with the reason; a role not listed for"
        " the action answers 403."
    ),
)
def declaration_action(request, declaration_id: DeclarationId, action: ActionPath, payload: ActionIn):
    require_roles(request.user, BUSINESS_ROLES)
    declaration = visible_declaration(request.user, declaration_id)
    declaration, documents, event = declaration_act(
        actor=request.user, declaration=declaration, action=action, payload=payload
    )
    return {
        "declaration_id": declaration.pk,
        "action": action,
        "action_label": declaration.workflow.transition(action).label,
        "stage": declaration.stage,
        "stage_label": declaration.get_stage_display(),
        "audit_event_id": event.pk,
        "audit_event_seq": event.seq,
        "documents": [present.document(d) for d in documents],
    }


@router.get(
    "/{declaration_id}/documents",
    **answers(list[DocumentOut], 401, 403, 404, 422),
    operation_id="document_list",
    summary="材料及其各版本 / Materials and their versions",
    description=(
        "该申报的全部材料，按类型、版本倒序（每类第一条为当前版本）。 / Every material of the declaration by kind,"
        " newest version first (the first of each kind is current)."
    ),
)
def document_list(request, declaration_id: DeclarationId):
    require_roles(request.user, BUSINESS_ROLES)
    declaration = visible_declaration(request.user, declaration_id)
    return [present.document(d) for d in documents_of(declaration)]


@router.post(
    "/{declaration_id}/documents",
    **answers(DocumentOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="document_upload",
    summary="上传材料 / Upload a material",
    description=(
        "multipart/form-data：kind 与 file。文件类型按内容识别（PDF、Word、Excel、OFD），扩展名须与内容一致，"
        "否则 409 bad_file；草稿可传建议书、状况说明书、预算清单，初审通过后可传可研报告与专家初步论证意见。"
        "同类材料再次上传成为新版本。角色：申报单位。"
        " / multipart/form-data with kind and file. The type is judged by content (PDF, Word, Excel, OFD) and the"
        " extension must match (else 409 bad_file); which kinds may be uploaded depends on the stage. Another"
        " upload of a kind becomes its next version. Roles: the applicant unit."
    ),
)
def document_upload(
    request,
    declaration_id: DeclarationId,
    kind: Annotated[DocumentKindCode, Form(description="材料类型 / Kind of material")],
    file: Annotated[UploadedFile, File(description="文件 / The file")],
):
    require_roles(request.user, APPLICANT_ROLES, APPLICANT_ONLY)
    declaration = visible_declaration(request.user, declaration_id)
    document = services.declaration_document_upload(actor=request.user, declaration=declaration, kind=kind, upload=file)
    return Status(201, present.document(document))


@router.post(
    "/{declaration_id}/documents/{document_id}/accept-outline",
    **answers(DocumentOut, 400, 401, 403, 404, 409, 422),
    operation_id="outline_accept",
    summary="接受章节缺项 / Accept a material's outline findings",
    description=(
        "第七条(一)(三)：上传的项目建议书、可行性研究报告对照附件2、附件3编写要求检查章节；缺项只提示、不阻止报送，"
        "办公室可在初审或复核中记录理由接受该版本的缺项（记入审计日志）。无缺项或已接受时 409。角色：办公室。"
        " / Art. 7(1)(3): uploaded proposals and feasibility reports are checked against the outlines of"
        " Attachments 2 and 3; findings warn and do not block submission. The Office may accept a version's"
        " findings with its reason during the initial review or re-review (audited). 409 when there are none or"
        " they were accepted. Roles: the Office."
    ),
)
def outline_accept(request, declaration_id: DeclarationId, document_id: ObjectId, payload: OutlineAcceptIn):
    require_roles(request.user, OFFICE_ROLES, "只有办公室可以接受章节缺项的材料。")
    declaration = visible_declaration(request.user, declaration_id)
    check = selectors.declaration_outline_check(declaration, document_id)
    if check is None:
        raise not_found("该材料不存在或没有章节检查结果。")
    services.declaration_outline_accept(
        actor=request.user, declaration=declaration, document=check.document, reason=payload.reason
    )
    return present.document(documents_of(declaration).get(pk=document_id))


@router.get(
    "/{declaration_id}/catalog",
    **answers(list[CatalogEntryOut], 401, 403, 404, 422, content={XLSX_TYPE: BINARY}),
    operation_id="declaration_catalog",
    summary="项目的资源目录 / The project's resource catalog",
    description=(
        "申报所属项目的政务信息资源目录（第七条(三)、第十六条；目录属于项目，同 GET /catalog/projects/{id}）；"
        "format=xlsx 下载表格，供共享交换平台使用。"
        " / The information resource catalog of the declaration's project (Art. 7(3), 16; the catalog is the"
        " project's, as GET /catalog/projects/{id}); format=xlsx downloads the sheet for the sharing platform."
    ),
)
def declaration_catalog(request, declaration_id: DeclarationId, params: Query[FormatParam]):
    require_roles(request.user, BUSINESS_ROLES)
    return catalog_router.catalog_of(request, visible_declaration(request.user, declaration_id).project, params)


@router.post(
    "/{declaration_id}/catalog",
    **answers(CatalogEntryOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="catalog_entry_create",
    summary="登记资源目录条目 / Add a catalog entry",
    description=(
        "向申报所属项目的资源目录登记条目（同 POST /catalog/projects/{id}）：项目建设单位自初审通过起、至竣工验收前"
        "（第七条(三)、第十六条）。有条件共享或不予共享须写明条件或依据。 / Adds an entry to the catalog of the"
        " declaration's project (as POST /catalog/projects/{id}): its unit, from the initial review passed until"
        " the project is accepted (Art. 7(3), 16). Conditional or no sharing needs its condition or legal basis."
    ),
)
def catalog_entry_create(request, declaration_id: DeclarationId, payload: CatalogEntryIn):
    require_roles(request.user, APPLICANT_ROLES, APPLICANT_ONLY)
    return catalog_router.entry_add(request, visible_declaration(request.user, declaration_id).project, payload)


@router.post(
    "/{declaration_id}/procurement-items",
    **answers(ProcurementItemOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="procurement_item_add",
    summary="列入集中采购计划 / Add to the centralized procurement plan",
    description=(
        "初审中或初审通过的项目，办公室将通用设备、软件列入集中采购计划（第七条(二)）。角色：办公室。"
        " / The Office gathers a project's common equipment or software into the centralized procurement plan"
        " (Art. 7(2)) during or after the initial review. Roles: the Office."
    ),
)
def procurement_item_add(request, declaration_id: DeclarationId, payload: ProcurementItemIn):
    require_roles(request.user, OFFICE_ROLES, "只有办公室可以提出集中采购计划。")
    declaration = visible_declaration(request.user, declaration_id)
    item = services.procurement_item_add(actor=request.user, declaration=declaration, data=payload.model_dump())
    return Status(201, present.procurement_item(item))
