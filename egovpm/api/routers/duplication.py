"""第五条 "避免重复建设": the projects most similar to a declaration's, the Office's judgement of a pair and the
unit's statement why its project is not a duplicate — the same selectors and services as the pages."""

from ninja import Router
from ninja.responses import Status

from egovpm.duplication import selectors, services
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES, OFFICE_ROLES

from ..access import DeclarationId, ObjectId, answers, require_roles, visible_declaration
from ..errors import not_found
from ..schemas.duplication import JudgementIn, JudgementOut, SimilarOut, StatementIn, StatementOut

router = Router(tags=["避免重复建设 / Duplicate construction"])


def judgement_out(j) -> dict:
    return {
        "id": j.pk,
        "projects": [j.low_id, j.high_id],
        "verdict": j.verdict,
        "verdict_label": j.get_verdict_display(),
        "remedy": j.remedy,
        "remedy_label": j.get_remedy_display(),
        "reason": j.reason,
        "score": str(j.score),
        "decided_by": str(j.decided_by),
        "decided_at": j.decided_at,
    }


def statement_out(s) -> dict:
    return {"other_project_id": s.other_id, "reason": s.reason, "stated_by": str(s.stated_by), "stated_at": s.stated_at}


def similar_out(r) -> dict:
    unit = r.project.unit
    return {
        "project_id": r.project.pk,
        "name": r.project.name,
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "score": r.match.score,
        "close": r.close,
        "detail": r.detail,
        "code": r.project.code if r.detail else "",
        "category": r.project.category if r.detail else "",
        "content": r.content,
        "phrases": list(r.match.phrases) if r.detail else [],
        "items": list(r.items),
        "declaration_id": r.declaration.pk if r.declaration else None,
        "judgement": judgement_out(r.judgement) if r.judgement else None,
        "statement": statement_out(r.statement) if r.statement else None,
    }


def _row_or_404(user, declaration, project_id: int):
    row = selectors.similar_pair(user, declaration, project_id)
    if row is None:
        raise not_found("该项目不在相似项目之列。")
    return row


@router.get(
    "/declarations/{declaration_id}/similar",
    **answers(list[SimilarOut], 401, 403, 404, 422),
    operation_id="declaration_similar_projects",
    summary="相似项目 / Similar projects",
    description=(
        "与该申报项目最相似的各单位已有、在建、计划项目（第五条），附相似度、相同表述和相同信息项、办公室判定与单位说明；"
        "您无权查看的其他单位项目只给出名称和单位。角色：业务角色。 / The projects of every unit most similar to the"
        " declaration's (Art. 5), with score, common phrases and items, the Office's judgement and the unit's"
        " statement; another unit's project you may not see gives its name and unit only. Roles: business roles."
    ),
)
def declaration_similar_projects(request, declaration_id: DeclarationId):
    require_roles(request.user, BUSINESS_ROLES)
    declaration = visible_declaration(request.user, declaration_id)
    return [similar_out(r) for r in selectors.similar_projects(request.user, declaration)]


@router.post(
    "/declarations/{declaration_id}/similar/{project_id}/judgement",
    **answers(JudgementOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="duplication_judgement_create",
    summary="重复建设判定 / Judge a similar pair",
    description=(
        "办公室对一对相似项目作出判定（第五条）：重复建设（合并建设或复用已有系统）、部分重叠（通过共享交换平台共享）或不重复；"
        "每对项目只判定一次（再次判定 409）。角色：办公室。 / The Office judges a similar pair (Art. 5): duplicate"
        " (merge or reuse), overlapping (share through the exchange platform) or distinct; once per pair (again:"
        " 409). Roles: the Office."
    ),
)
def duplication_judgement_create(request, declaration_id: DeclarationId, project_id: ObjectId, payload: JudgementIn):
    require_roles(request.user, OFFICE_ROLES, "只有办公室可以作出重复建设判定。")
    declaration = visible_declaration(request.user, declaration_id)
    row = _row_or_404(request.user, declaration, project_id)
    judgement = services.judgement_record(
        actor=request.user, declaration=declaration, other=row.project, score=row.match.score, **payload.model_dump()
    )
    return Status(201, judgement_out(judgement))


@router.post(
    "/declarations/{declaration_id}/similar/{project_id}/statement",
    **answers(StatementOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="duplication_statement_create",
    summary="说明不重复的理由 / State why not a duplicate",
    description=(
        "申报单位说明本项目与该相似项目不重复的理由（第五条），审核人员可见；再次说明则替换。角色：申报单位。"
        " / The unit states why its project is not a duplicate of the similar one (Art. 5), shown to reviewers;"
        " stated again, it replaces the first. Roles: the applicant unit."
    ),
)
def duplication_statement_create(request, declaration_id: DeclarationId, project_id: ObjectId, payload: StatementIn):
    require_roles(request.user, APPLICANT_ROLES, "只有申报单位可以说明理由。")
    declaration = visible_declaration(request.user, declaration_id)
    row = _row_or_404(request.user, declaration, project_id)
    statement = services.statement_record(
        actor=request.user, declaration=declaration, other=row.project, reason=payload.reason
    )
    return Status(201, statement_out(statement))
