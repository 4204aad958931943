"""第八条, 第九条 special applications (the letter and the list), and 第六条: the Office's decision that a
declaration touching the infrastructure systems may be a standalone project. The steps of the special
procedure and the fold into the coordinated plan are actions: POST /declarations/{id}/actions/{action}."""

from ninja import Query, Router
from ninja.responses import Status

from egovpm.audit.services import events_recorded
from egovpm.coordination import services as coordination
from egovpm.intake import selectors_special
from egovpm.intake.services import special
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role

from .. import present
from ..access import DeclarationId, answers, paginate, require_roles, visible_declaration
from ..errors import invalid, not_found
from ..schemas.special import (
    InfrastructureDecisionIn,
    InfrastructureDecisionOut,
    SpecialApplicationIn,
    SpecialApplicationOut,
    SpecialFilters,
    SpecialPage,
)

router = Router(tags=["特殊申报与统筹 / Special procedure and coordination"])

# As the special applications page: the units, the Office, and Finance (for those with a written opinion).
SPECIAL_READERS = (*APPLICANT_ROLES, *OFFICE_ROLES, Role.FINANCE_REVIEWER)


def _special_application(user, pk: int) -> dict:
    declaration = selectors_special.special_declarations(user).filter(pk=pk).first()
    if declaration is None:
        raise not_found("该特殊申报申请不存在或不在您的查看范围内。")
    return present.special_application(declaration)


@router.get(
    "/special-applications",
    **answers(SpecialPage, 401, 403, 422),
    operation_id="special_list",
    summary="特殊申报程序申请 / Special applications",
    description=(
        "与“特殊申报”列表页相同：申报单位看到本单位（含草稿）的申请，办公室看到已报送的，市财政局看到已出具书面意见的"
        "（第九条(四)）。附申请书的启动依据、书面意见文号、核定投资与安排资金。按年度倒序、创建时间倒序。"
        "各步骤通过 POST /declarations/{id}/actions/{action} 办理（见 GET /lifecycle 的 special 流程）。"
        "角色：申报单位、办公室、市财政局。"
        " / As the special applications page: the unit sees its own (drafts included), the Office those submitted,"
        " Finance those with a written opinion (Art. 9(4)); with the letter's basis, the opinion number, the"
        " approved and arranged amounts; by year desc then newest. The steps are the actions of the special"
        " workflow (GET /lifecycle). Roles: applicant units, the Office, Finance."
    ),
)
def special_list(request, filters: Query[SpecialFilters]):
    require_roles(request.user, SPECIAL_READERS)
    declarations = selectors_special.special_declarations(
        request.user, stage=filters.stage or "", plan_year=filters.plan_year
    )
    return paginate(declarations, filters, present.special_application)


@router.post(
    "/special-applications",
    **answers(SpecialApplicationOut, 400, 401, 403, 409, 422, status=201),
    operation_id="special_create",
    summary="启动特殊申报程序申请书 / Write a special application",
    description=(
        "申报单位书面提出启动特殊申报程序的申请（第九条(一)），附申报表（附件1），保存为草稿；"
        "依据为不可预见的原因（第八条(一)，须说明原因）或经市政府批准（第八条(三)，须填批准文件）。"
        "提交办公室为操作 submit_special_request。没有申报期限。角色：申报经办人、单位负责人。"
        " / The unit writes its application letter (Art. 9(1)) with the form of Attachment 1, saved as a draft;"
        " the basis is an unforeseeable reason (Art. 8(1), stated) or a city-government approval (Art. 8(3),"
        " with its reference). Submitting is the action submit_special_request. Roles: applicant units."
    ),
)
def special_create(request, payload: SpecialApplicationIn):
    user = request.user
    require_roles(user, APPLICANT_ROLES, "只有申报单位的经办人可以提交启动特殊申报程序申请书。")
    plan_year = selectors_special.special_plan_years().filter(year=payload.plan_year).first()
    if plan_year is None:
        raise invalid({"plan_year": "该年度计划未开放，或已是以往年度。"})
    project = None
    if payload.project_id is not None:
        project = selectors_special.projects_of_unit(user).filter(pk=payload.project_id).first()
        if project is None:
            raise invalid({"project_id": "该项目不属于本单位。"})
    declaration = special.special_create(
        actor=user,
        plan_year=plan_year,
        name=payload.name,
        data=payload.application_data(),
        project=project,
        **payload.letter_data(),
    )
    return Status(201, _special_application(user, declaration.pk))


@router.post(
    "/declarations/{declaration_id}/infrastructure-decision",
    **answers(InfrastructureDecisionOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="infrastructure_standalone",
    summary="同意基础性系统项目单独立项 / Admit as a standalone project",
    description=(
        "第六条：涉及基础性系统的项目一般不单独立项；办公室可记录理由同意其单独立项（状态不变，之后可通过初审），"
        "或以操作 fold_into_coordination 纳入全市统筹建设。每个项目只决定一次，已决定时 409。角色：办公室。"
        " / Art. 6: a declaration touching the infrastructure systems is in general not a project of its own; the"
        " Office may admit it as one with its reason (the stage does not change), or fold it into the coordinated"
        " plan with the action fold_into_coordination. Decided once (409 after). Roles: the Office."
    ),
)
def infrastructure_standalone(request, declaration_id: DeclarationId, payload: InfrastructureDecisionIn):
    require_roles(request.user, OFFICE_ROLES, "只有办公室可以决定基础性系统项目是否单独立项（第六条）。")
    declaration = visible_declaration(request.user, declaration_id)
    with events_recorded() as events:
        decision = coordination.coordination_standalone(
            actor=request.user, declaration=declaration, reason=payload.reason
        )
    declaration.refresh_from_db()
    return Status(201, present.infrastructure_decision(decision, declaration, events[-1]))
