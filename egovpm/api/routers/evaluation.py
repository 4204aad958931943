"""Performance evaluation (第二十五条 to 第二十九条): the same selectors and services as the evaluation pages,
with the same visibility — a third-party assessor sees only the evaluations assigned to its unit."""

from ninja import Query, Router
from ninja.responses import Status

from egovpm.audit.services import events_recorded
from egovpm.evaluation import selectors, services
from egovpm.evaluation.workflow import EVALUATOR_ROLES
from egovpm.projects import engine

from .. import present
from ..access import ActionPath, ObjectId, answers, paginate, require_roles
from ..errors import forbidden, not_found
from ..schemas.evaluation import EvaluationFilters, EvaluationOut, EvaluationPage, ScoreIn
from ..schemas.supervision import ReasonIn, StepOut

router = Router(tags=["效果评估 / Evaluations"])

VIEWERS = selectors.VIEWER_ROLES


def _or_404(found):
    if found is None:
        raise not_found("该记录不存在或不在您的查看范围内。")
    return found


def _summary(e) -> dict:
    return {
        "id": e.pk,
        "project_id": e.project_id,
        "project_code": e.project.code,
        "project_name": e.project.name,
        "unit": e.unit.name,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "round_label": e.round_label,
        "evaluator_unit": e.evaluator_unit.name,
        "contract_number": e.contract_number,
        "due": e.due,
        "stage": e.stage,
        "stage_label": e.get_stage_display(),
        "criteria_version": e.criteria.number,
        "total": e.total,
        "below_threshold": e.below_threshold,
        "rectification_due": e.rectification_due,
    }


def _detail(user, e) -> dict:
    page = selectors.evaluation_page(user, e)
    return {
        **_summary(e),
        "opinion": e.opinion,
        "pass_score": page["pass_score"],
        "scores": [
            {
                "indicator": i.code,
                "group": i.group_label,
                "name": i.name,
                "weight": i.weight,
                "score": s.score if s else None,
                "evidence": s.evidence if s else "",
                "comment": s.comment if s else "",
            }
            for i, s in page["rows"]
        ],
        "actions": [present.action_offer(a) for a in e.actions],
    }


@router.get(
    "",
    **answers(EvaluationPage, 401, 403, 422),
    operation_id="evaluation_list",
    summary="效果评估列表 / Evaluations",
    description=(
        "与“效果评估”列表页相同：办公室、财政局、审计局看到全部；第三方评估机构只看到委托给本机构的（含合同编号和完成期限）；"
        "项目单位看到本单位已办结的。 / As the list page: the Office, Finance and Audit see all; an assessor only"
        " those assigned to it (with contract and deadline); a unit its own concluded ones."
    ),
)
def evaluation_list(request, filters: Query[EvaluationFilters]):
    require_roles(request.user, VIEWERS)
    rows = selectors.evaluation_list(request.user, kind=filters.kind or "", stage=filters.stage or "")
    return paginate(rows, filters, _summary)


@router.get(
    "/{evaluation_id}",
    **answers(EvaluationOut, 401, 403, 404, 422),
    operation_id="evaluation_get",
    summary="一次效果评估 / An evaluation",
    description="评价指标（沿用的标准版本）、评分及依据和意见、加权总分、可办理的操作。 / Indicators, scores, total, actions.",
)
def evaluation_get(request, evaluation_id: ObjectId):
    require_roles(request.user, VIEWERS)
    return _detail(request.user, _or_404(selectors.evaluation_get(request.user, evaluation_id)))


@router.post(
    "/{evaluation_id}/scores",
    **answers(EvaluationOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="evaluation_score",
    summary="评分 / Score an indicator",
    description=(
        "第二十五条：评价人员对一项指标评分（0–100），须附评分依据和评价意见；评分中才能评分。"
        " / Art. 25: the assigned evaluator scores one indicator with evidence and comment, while scoring."
    ),
)
def evaluation_score(request, evaluation_id: ObjectId, payload: ScoreIn):
    require_roles(request.user, EVALUATOR_ROLES, "只有评价人员可以评分（第二十五条）。")
    evaluation = _or_404(selectors.evaluation_get(request.user, evaluation_id))
    services.score_record(actor=request.user, evaluation=evaluation, **payload.model_dump())
    return Status(201, _detail(request.user, selectors.evaluation_get(request.user, evaluation_id)))


ACT = answers(StepOut, 400, 401, 403, 404, 409, 422)


@router.post(
    "/{evaluation_id}/actions/{action}",
    operation_id="evaluation_act",
    summary="办理评估操作（开始评分、报送、退回、办结） / Take an evaluation action",
    description=(
        "操作代码与所需理由见 GET /lifecycle；与页面调用同一服务。角色不符 403，规则拒绝 409。"
        " / The action codes and reasons are in GET /lifecycle; 403 for a role not listed, 409 when a rule refuses."
    ),
    **ACT,
)
def evaluation_act(request, evaluation_id: ObjectId, action: ActionPath, payload: ReasonIn):
    require_roles(request.user, VIEWERS)
    obj = _or_404(selectors.evaluation_get(request.user, evaluation_id))
    t = next((t for t in obj.workflow.transitions if t.action == action), None)
    if t is None or not t.service or t.form:
        raise not_found(f"{obj.workflow.label}没有“{action}”这项操作。")
    if not request.user.roles & t.roles:
        raise forbidden(f"您的角色不能办理“{t.label}”（{t.article}）。")
    with events_recorded() as events:
        taken = engine.run_step(actor=request.user, obj=obj, action=action, reason=payload.reason)
    return {
        "id": taken.pk,
        "action": action,
        "stage": taken.stage,
        "stage_label": taken.get_stage_display(),
        "audit_event_id": events[-1].pk,
    }
