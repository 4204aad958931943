"""第七条(二) initial review: rounds, the parties that may be invited, invitations and opinions."""

from ninja import Router
from ninja.responses import Status

from egovpm.intake import selectors, selectors_plan, selectors_review, services
from egovpm.lifecycle.roles import OFFICE_ROLES, REVIEWER_ROLES

from .. import present
from ..access import ObjectId, answers, require_roles
from ..errors import invalid, not_found
from ..schemas.review import (
    InvitationOut,
    OpinionIn,
    ReviewerGroupOut,
    ReviewRoundDetailOut,
    ReviewRoundIn,
    ReviewRoundListOut,
    ReviewRoundOut,
)

router = Router(tags=["初审 / Initial review"])

OFFICE_ONLY = "只有办公室可以组织初审。"
REVIEWERS_ONLY = "只有受邀的财政、审计人员或专家可以使用该接口。"


@router.get(
    "/review-rounds",
    **answers(list[ReviewRoundListOut], 401, 403),
    operation_id="review_round_list",
    summary="初审轮次 / Initial-review rounds",
    description=(
        "全部初审轮次及项目数、邀请数、已提交意见数，按年度倒序、开启时间倒序。角色：办公室。"
        " / Every round with its counts, newest first. Roles: the Office."
    ),
)
def review_round_list(request):
    require_roles(request.user, OFFICE_ROLES, OFFICE_ONLY)
    return [present.review_round_listed(r) for r in selectors_review.review_round_list()]


@router.post(
    "/review-rounds",
    **answers(ReviewRoundOut, 400, 401, 403, 409, 422, status=201),
    operation_id="review_round_open",
    summary="开启初审轮次 / Open a round",
    description="办公室为某计划年度开启初审轮次（第七条(二)）。 / The Office opens a round for a plan year (Art. 7(2)).",
)
def review_round_open(request, payload: ReviewRoundIn):
    require_roles(request.user, OFFICE_ROLES, OFFICE_ONLY)
    plan_year = selectors_plan.plan_year_get(payload.plan_year)
    if plan_year is None:
        raise invalid({"plan_year": "没有该年度计划。"})
    rnd = services.review_round_open(actor=request.user, plan_year=plan_year, name=payload.name, notes=payload.notes)
    return Status(201, present.review_round(selectors_review.review_round_get(rnd.pk)))


@router.get(
    "/review-rounds/{round_id}",
    **answers(ReviewRoundDetailOut, 401, 403, 404, 422),
    operation_id="review_round_get",
    summary="初审轮次详情与集中采购计划 / A round and its procurement plan",
    description=(
        "本轮项目，以及汇总的集中采购计划（通用设备、软件按品目合计，第七条(二)）。角色：办公室。"
        " / The round's declarations and its centralized procurement plan (Art. 7(2)). Roles: the Office."
    ),
)
def review_round_get(request, round_id: ObjectId):
    require_roles(request.user, OFFICE_ROLES, OFFICE_ONLY)
    rnd = selectors_review.review_round_get(round_id)
    if rnd is None:
        raise not_found("该初审轮次不存在。")
    plan = selectors_review.central_procurement_plan(rnd)
    return {
        **present.review_round(rnd),
        "declarations": [
            present.declaration_summary(d)
            for d in selectors_review.round_declarations(request.user, rnd).select_related("plan_year")
        ],
        "procurement_plan": [present.procurement_plan_row(row) for row in plan["rows"]],
        "procurement_amount": plan["amount"],
    }


@router.get(
    "/reviewers",
    **answers(list[ReviewerGroupOut], 401, 403),
    operation_id="reviewer_list",
    summary="可邀请的初审人员 / Who may be invited",
    description=(
        "按市财政局、市审计局、专家分组的可邀请人员；其 ID 用于 start_initial_review 的 reviewer_ids。角色：办公室。"
        " / The users who may be invited, grouped by Finance, Audit and experts; their ids go into reviewer_ids"
        " of start_initial_review. Roles: the Office."
    ),
)
def reviewer_list(request):
    require_roles(request.user, OFFICE_ROLES, OFFICE_ONLY)
    return [
        {
            "party": group["party"],
            "label": str(group["label"]),
            "users": [{"id": u.pk, "name": str(u), "unit": u.unit.name if u.unit else ""} for u in group["users"]],
        }
        for group in selectors_review.reviewer_candidates()
    ]


@router.get(
    "/invitations",
    **answers(list[InvitationOut], 401, 403),
    operation_id="invitation_list",
    summary="我的初审邀请 / My invitations",
    description=(
        "邀请您（财政、审计人员或专家）提出初审意见的项目，按截止日期。 / The declarations you are invited to give an"
        " opinion on, by due date. Roles: Finance, Audit, experts."
    ),
)
def invitation_list(request):
    require_roles(request.user, REVIEWER_ROLES, REVIEWERS_ONLY)
    invitations = selectors.invitations_for(request.user).select_related("reviewer").order_by("due_date", "id")
    return [present.invitation(i) for i in invitations]


def _invitation_or_404(user, pk: int):
    invitation = selectors_review.invitation_get(user, pk)
    if invitation is None:
        raise not_found("该初审邀请不存在。")
    return invitation


@router.get(
    "/invitations/{invitation_id}",
    **answers(InvitationOut, 401, 403, 404, 422),
    operation_id="invitation_get",
    summary="一项初审邀请 / One invitation",
    description="只有受邀人本人可见。 / Only the invited reviewer sees it.",
)
def invitation_get(request, invitation_id: ObjectId):
    require_roles(request.user, REVIEWER_ROLES, REVIEWERS_ONLY)
    return present.invitation(_invitation_or_404(request.user, invitation_id))


@router.post(
    "/invitations/{invitation_id}/opinion",
    **answers(InvitationOut, 400, 401, 403, 404, 409, 422),
    operation_id="review_opinion_submit",
    summary="提交初审意见 / Submit the opinion",
    description=(
        "受邀方对项目提出书面调整意见或评价（第七条(二)）；初审结束后或已提交过时拒绝（409）。"
        " / The invited party records its opinion (Art. 7(2)); refused once the review is over or when already"
        " submitted (409)."
    ),
)
def review_opinion_submit(request, invitation_id: ObjectId, payload: OpinionIn):
    require_roles(request.user, REVIEWER_ROLES, REVIEWERS_ONLY)
    invitation = _invitation_or_404(request.user, invitation_id)
    services.review_opinion_submit(
        actor=request.user, invitation=invitation, recommendation=payload.recommendation, opinion=payload.opinion
    )
    return present.invitation(_invitation_or_404(request.user, invitation_id))
