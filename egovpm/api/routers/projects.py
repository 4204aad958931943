"""Projects: a project lives across plan years; it is visible through its visible declarations."""

from ninja import Query, Router

from egovpm.intake.selectors import can_see_review_opinions
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.security.masking import sees_in_full, subject_of, viewer_of

from .. import present
from ..access import ObjectId, answers, paginate, require_roles
from ..errors import not_found
from ..schemas.base import DeclarationFilters
from ..schemas.declarations import EventOut, ProjectOut, ProjectPage
from ..selectors import project_get, project_history, projects_visible_to

router = Router(tags=["项目 / Projects"])


def _project_or_404(user, pk: int):
    project = project_get(user, pk)
    if project is None:
        raise not_found("该项目不存在或不在您的查看范围内。")
    return project


@router.get(
    "",
    **answers(ProjectPage, 401, 403, 422),
    operation_id="project_list",
    summary="项目列表 / Projects",
    description=(
        "至少有一项申报符合筛选条件的项目（筛选与“年度申报”列表页相同），每个项目附您可见的各年度申报。按项目编号、ID 排序。"
        "角色：业务角色。 / Projects with at least one declaration matching the filters (the same as the"
        " declaration list page), each with the declarations you may see; by project code then id."
        " Roles: business roles."
    ),
)
def project_list(request, filters: Query[DeclarationFilters]):
    require_roles(request.user, BUSINESS_ROLES)
    projects = projects_visible_to(request.user, **filters.selector_kwargs())
    return paginate(projects, filters, present.project)


@router.get(
    "/{project_id}",
    **answers(ProjectOut, 401, 403, 404, 422),
    operation_id="project_get",
    summary="项目详情 / One project",
    description="项目及您可见的各年度申报。 / The project and the declarations you may see.",
)
def project_detail(request, project_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    return present.project(_project_or_404(request.user, project_id))


@router.get(
    "/{project_id}/history",
    **answers(list[EventOut], 401, 403, 404, 422),
    operation_id="project_history",
    summary="项目办理记录 / Project history",
    description=(
        "项目各年度（您可见的）申报的审计事件，按链上序号。受邀方的具体意见仅办公室与受邀方可见（第七条(二)）。"
        " / The audit events of the project's declarations you may see, in chain order; reviewers' opinion texts"
        " are for the Office and the reviewers only (Art. 7(2))."
    ),
)
def project_history_list(request, project_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    project = _project_or_404(request.user, project_id)
    shown = {d.pk for d in project.visible_declarations if can_see_review_opinions(request.user, d)}
    viewer = viewer_of(request.user)
    full = {d.pk for d in project.visible_declarations if sees_in_full(viewer, subject_of(d))}
    return [
        present.event(e, show_opinion=int(e.object_id) in shown, personal_in_full=int(e.object_id) in full)
        for e in project_history(project)
    ]
