"""The expert library (第七条(二), 第九条(三)): the same selectors and services as its pages — the Office keeps
the library and draws, the Audit bureau re-runs a draw, an expert sees and answers only their own assignments."""

from ninja import Query, Router
from ninja.responses import Status

from egovpm.experts import selectors, services
from egovpm.experts.models import ExpertProfile
from egovpm.intake.services import review_experts_draw
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.orgs.models import Unit, User
from egovpm.security.masking import phone_for

from ..access import DeclarationId, ObjectId, answers, paginate, require_roles, visible_declaration
from ..errors import not_found
from ..schemas.base import PageParams
from ..schemas.experts import (
    AcceptIn,
    AssignmentOut,
    AssignmentPage,
    DeclineIn,
    DrawIn,
    DrawOut,
    DrawPage,
    ExpertEnrolIn,
    ExpertFilters,
    ExpertOut,
    ExpertPage,
    ExpertStatusIn,
    PickIn,
    ScoreSheetIn,
    VerificationOut,
)

router = Router(tags=["专家库 / Experts"])

OFFICE = tuple(OFFICE_ROLES)
DRAW_VIEWERS = (*OFFICE_ROLES, Role.AUDIT_REVIEWER)
EXPERT = (Role.EXPERT,)
NOT_FOUND = "该记录不存在或不在您的查看范围内。"


def _or_404(found):
    if found is None:
        raise not_found(NOT_FOUND)
    return found


def _expert(viewer, p: ExpertProfile) -> dict:
    return {
        "id": p.pk,
        "code": p.code,
        "name": str(p.user),
        "fields": list(p.fields),
        "field_labels": p.field_labels,
        "title": p.title,
        "employer": p.employer,
        "region": p.region,
        "phone": phone_for(viewer, p.user, p.phone),
        "status": p.status,
        "status_label": p.get_status_display(),
    }


def _assignment(a) -> dict:
    sheet = getattr(a, "sheet", None)
    return {
        "id": a.pk,
        "draw_id": a.draw_id,
        "project_name": a.draw.project.name,
        "kind": a.draw.kind,
        "expert": a.expert_id,
        "expert_name": str(a.expert.user),
        "field": a.field,
        "manual": a.manual,
        "manual_reason": a.manual_reason,
        "status": a.status,
        "status_label": a.get_status_display(),
        "respond_by": a.respond_by,
        "response_reason": a.response_reason,
        "total": sheet.total if sheet else None,
    }


def _draw_summary(d) -> dict:
    return {
        "id": d.pk,
        "project_id": d.project_id,
        "project_name": d.project.name,
        "kind": d.kind,
        "made_at": d.made_at,
        "closed": d.closed_at is not None,
    }


def _draw(d) -> dict:
    detail = selectors.draw_detail(d)
    agg = detail["aggregate"]
    rows = detail["sheet_rows"]
    return {
        **_draw_summary(d),
        "seed": d.seed,
        "requirements": d.requirements,
        "rounds": [
            {
                "number": r.number,
                "field": r.field,
                "count": r.count,
                "pool": r.pool,
                "picked": r.picked,
                "excluded": r.excluded,
                "replaces": r.replaces_id,
            }
            for r in detail["rounds"]
        ],
        "assignments": [_assignment(a) for a in detail["assignments"]],
        "sheet_version": detail["sheet"].version,
        "aggregate": {
            "count": agg.count,
            "mean": agg.mean,
            "trimmed_mean": agg.trimmed_mean,
            "median": agg.median,
            "spread": agg.spread,
            "stdev": agg.stdev,
            "outliers": [rows[i]["assignment"].pk for i in agg.outliers],
        },
    }


@router.get(
    "/experts",
    **answers(ExpertPage, 401, 403, 422),
    operation_id="expert_list",
    summary="专家库 / The expert library",
    description="办公室查看专家库（联系电话办公室可见全文）。 / The Office's library.",
)
def expert_list(request, filters: Query[ExpertFilters]):
    require_roles(request.user, OFFICE)
    rows = selectors.expert_list(request.user, field=filters.field or "")
    return paginate(rows, filters, lambda p: _expert(request.user, p))


@router.get(
    "/experts/{expert_id}",
    **answers(ExpertOut, 401, 403, 404, 422),
    operation_id="expert_get",
    summary="一位专家 / An expert",
    description="办公室查看任一专家；专家只能查看本人。 / The Office sees any; an expert only themself.",
)
def expert_get(request, expert_id: ObjectId):
    require_roles(request.user, (*OFFICE, Role.EXPERT))
    return _expert(request.user, _or_404(selectors.expert_get(request.user, expert_id)))


@router.post(
    "/experts",
    **answers(ExpertOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="expert_enrol",
    summary="纳入专家库 / Enrol an expert",
    description="办公室将具有专家角色的账号纳入专家库，待核实。 / The Office enrols an expert account.",
)
def expert_enrol(request, payload: ExpertEnrolIn):
    require_roles(request.user, OFFICE)
    user = User.objects.filter(pk=payload.user_id).first()
    if user is None:
        raise not_found("该账号不存在。")
    data = payload.model_dump(exclude={"user_id", "employer_unit_id"})
    data["employer_unit"] = (
        Unit.objects.filter(pk=payload.employer_unit_id).first() if payload.employer_unit_id else None
    )
    return Status(201, _expert(request.user, services.expert_enrol(actor=request.user, user=user, data=data)))


@router.post(
    "/experts/{expert_id}/status",
    **answers(ExpertOut, 400, 401, 403, 404, 409, 422),
    operation_id="expert_status",
    summary="核实、暂停、恢复或移出专家 / Verify, suspend, reinstate or remove",
    description="办公室办理，须说明理由，记入审计链。 / By the Office, with a reason, audited.",
)
def expert_status(request, expert_id: ObjectId, payload: ExpertStatusIn):
    require_roles(request.user, OFFICE)
    p = _or_404(selectors.expert_get(request.user, expert_id))
    return _expert(request.user, services.expert_status_change(actor=request.user, profile=p, **payload.model_dump()))


@router.post(
    "/declarations/{declaration_id}/expert-draws",
    **answers(DrawOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="expert_draw_make",
    summary="随机抽取评审专家 / Draw experts by lot",
    description=(
        "第七条(二)、第九条(三)：办公室说明各领域需要的人数；平台排除应当回避的专家并逐一记录理由，以记入审计链的随机种子抽取。"
        " / The Office states experts per field; the platform excludes with reasons and draws with a recorded seed."
    ),
)
def expert_draw_make(request, declaration_id: DeclarationId, payload: DrawIn):
    require_roles(request.user, OFFICE)
    decl = visible_declaration(request.user, declaration_id)
    requirements = [r.model_dump() for r in payload.requirements]
    return Status(201, _draw(review_experts_draw(actor=request.user, declaration=decl, requirements=requirements)))


@router.get(
    "/expert-draws",
    **answers(DrawPage, 401, 403, 422),
    operation_id="expert_draw_list",
    summary="专家抽取记录 / Draws",
    description="办公室和市审计局查看。 / For the Office and the Audit bureau.",
)
def expert_draw_list(request, filters: Query[PageParams]):
    require_roles(request.user, DRAW_VIEWERS)
    return paginate(selectors.draw_list(request.user), filters, _draw_summary)


@router.get(
    "/expert-draws/{draw_id}",
    **answers(DrawOut, 401, 403, 404, 422),
    operation_id="expert_draw_get",
    summary="一次抽取 / A draw",
    description="随机种子、各轮候选和排除理由、抽取结果、打分汇总。 / Seed, rounds, exclusions, answers, scores.",
)
def expert_draw_get(request, draw_id: ObjectId):
    require_roles(request.user, DRAW_VIEWERS)
    return _draw(_or_404(selectors.draw_get(request.user, draw_id)))


@router.post(
    "/expert-draws/{draw_id}/verify",
    **answers(list[VerificationOut], 401, 403, 404, 422),
    operation_id="expert_draw_verify",
    summary="复核抽取 / Re-run a draw",
    description="以记录的随机种子和候选专家复算每一轮并比对。 / Recompute each round from its seed and pool.",
)
def expert_draw_verify(request, draw_id: ObjectId):
    require_roles(request.user, DRAW_VIEWERS)
    return services.expert_draw_verify(actor=request.user, draw=_or_404(selectors.draw_get(request.user, draw_id)))


@router.post(
    "/expert-draws/{draw_id}/picks",
    **answers(AssignmentOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="expert_draw_pick",
    summary="人工指定专家 / Pick an expert manually",
    description="须说明理由，记为人工指定；回避规则照样适用。 / Only with a reason, marked; recusal applies.",
)
def expert_draw_pick(request, draw_id: ObjectId, payload: PickIn):
    require_roles(request.user, OFFICE)
    draw = _or_404(selectors.draw_get(request.user, draw_id))
    profile = _or_404(selectors.verified_experts().filter(pk=payload.expert_id).first())
    a = services.assignment_pick(
        actor=request.user, draw=draw, profile=profile, field=payload.field, reason=payload.reason
    )
    return Status(201, _assignment(a))


@router.get(
    "/expert-assignments",
    **answers(AssignmentPage, 401, 403, 422),
    operation_id="expert_assignment_list",
    summary="我的评审邀请 / My assignments",
    description="专家只看到本人的邀请、答复和打分。 / An expert's own assignments.",
)
def expert_assignment_list(request, filters: Query[PageParams]):
    require_roles(request.user, EXPERT)
    return paginate(selectors.assignments_of(request.user).select_related("expert__user"), filters, _assignment)


def _own(request, assignment_id):
    require_roles(request.user, EXPERT)
    return _or_404(selectors.assignment_get(request.user, assignment_id))


@router.post(
    "/expert-assignments/{assignment_id}/accept",
    **answers(AssignmentOut, 400, 401, 403, 404, 409, 422),
    operation_id="expert_assignment_accept",
    summary="接受评审邀请 / Accept",
    description="须先声明与项目无应当回避的关系；接受后成为受邀评审人。 / Declares no conflict first.",
)
def expert_assignment_accept(request, assignment_id: ObjectId, payload: AcceptIn):
    a = _own(request, assignment_id)
    return _assignment(services.assignment_accept(actor=request.user, assignment=a, no_conflict=payload.no_conflict))


@router.post(
    "/expert-assignments/{assignment_id}/decline",
    **answers(AssignmentOut, 400, 401, 403, 404, 409, 422),
    operation_id="expert_assignment_decline",
    summary="谢绝或申报回避 / Decline or declare a conflict",
    description="须说明理由；平台按同样方式替补抽取。 / With a reason; a replacement is drawn.",
)
def expert_assignment_decline(request, assignment_id: ObjectId, payload: DeclineIn):
    a = _own(request, assignment_id)
    return _assignment(services.assignment_decline(actor=request.user, assignment=a, **payload.model_dump()))


@router.post(
    "/expert-assignments/{assignment_id}/score-sheet",
    **answers(AssignmentOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="expert_score_sheet_submit",
    summary="提交评审打分表 / Submit the scoring sheet",
    description="按政策规定的打分表逐项打分并填写评审意见，只提交一次。 / Each criterion, with a comment, once.",
)
def expert_score_sheet_submit(request, assignment_id: ObjectId, payload: ScoreSheetIn):
    a = _own(request, assignment_id)
    services.score_sheet_submit(actor=request.user, assignment=a, scores=payload.scores, comment=payload.comment)
    return Status(201, _assignment(selectors.assignment_get(request.user, a.pk)))
