"""第七条(二): the Office's initial review with Finance, Audit and experts; centralized procurement."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.experts.services import expert_draw_close, expert_draw_make
from egovpm.intake.models import (
    Declaration,
    Party,
    PlanYear,
    ProcurementItem,
    Recommendation,
    ReviewInvitation,
    ReviewRound,
)
from egovpm.intake.official_documents import review_feedback_title
from egovpm.lifecycle.roles import Role
from egovpm.official.services import official_issue
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import is_office, lock, require, take

PARTY_OF_ROLE = {Role.FINANCE_REVIEWER: Party.FINANCE, Role.AUDIT_REVIEWER: Party.AUDIT, Role.EXPERT: Party.EXPERT}
# Opinions are open during the initial review (第七条(二)) and the special procedure's joint review (第九条(三)).
REVIEW_OPEN_STAGES = ("in_initial_review", "in_joint_review")
PROCUREMENT_STAGES = ("in_initial_review", "initially_passed")


def review_round_open(*, actor, plan_year: PlanYear, name: str, notes: str = "") -> ReviewRound:
    require(is_office(actor), "只有办公室可以组织初审。")
    if not name.strip():
        raise ValidationError({"name": "请填写轮次名称。"})
    with transaction.atomic():
        rnd = ReviewRound(plan_year=plan_year, name=name.strip(), notes=notes, opened_at=clock.now(), opened_by=actor)
        rnd.full_clean()
        rnd.save()
        audit_record(
            actor=actor, action="review_round.open", obj=rnd, after={"plan_year": plan_year.year, "name": rnd.name}
        )
    return rnd


def _party(user) -> str:
    for role, party in PARTY_OF_ROLE.items():
        if user.has_role(role):
            return party
    raise ValidationError({"reviewers": f"{user} 不是财政、审计或专家，不能受邀参加初审。"})


def initial_review_start(*, actor, declaration: Declaration, review_round: ReviewRound, reviewers: list) -> Declaration:
    """Put a submitted declaration into an initial-review round and invite Finance, Audit and experts."""
    if review_round.plan_year_id != declaration.plan_year_id:
        raise ValidationError({"review_round": "初审轮次与项目的计划年度不一致。"})
    if not reviewers:
        raise ValidationError({"reviewers": "请至少邀请一位财政、审计人员或专家。"})
    parties = [(user, _party(user)) for user in reviewers]
    policy = get_policy()

    def invite(decl: Declaration) -> dict:
        decl.review_round = review_round
        now = clock.now()
        due = policy.intake.service_due("review_opinion", clock.today())
        for user, party in parties:
            ReviewInvitation.objects.create(declaration=decl, reviewer=user, party=party, invited_at=now, due_date=due)
        return {"review_round": review_round.pk, "reviewers": [u.username for u, _ in parties], "due_date": due}

    return take(actor=actor, obj=declaration, action="start_initial_review", apply=invite)


def review_opinion_submit(
    *, actor, invitation: ReviewInvitation, recommendation: str, opinion: str
) -> ReviewInvitation:
    """An invited party records its opinion on a declaration."""
    require(invitation.reviewer_id == actor.pk, "只有受邀人本人可以提交意见。")
    errors = {}
    if recommendation not in Recommendation.values:
        errors["recommendation"] = "请选择结论建议。"
    if not opinion.strip():
        errors["opinion"] = "请填写意见。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The declaration first, as every decision on it does: the Office cannot close the review meanwhile.
        declaration = lock(Declaration, invitation.declaration_id)
        inv = lock(ReviewInvitation, invitation.pk)
        inv.declaration = declaration
        if declaration.stage not in REVIEW_OPEN_STAGES:
            raise Refused("该项目的初审或会审已结束，不能再提交意见。")
        if inv.submitted_at:
            raise Refused("您已提交过意见。")
        inv.recommendation = recommendation
        inv.opinion = opinion.strip()
        inv.submitted_at = clock.now()
        inv.full_clean()
        inv.save()
        audit_record(
            actor=actor,
            action="review_opinion.submit",
            obj=inv.declaration,
            after={"invitation": inv.pk, "party": inv.party, "recommendation": recommendation},
            reason=inv.opinion,
        )
    return inv


# The review a declaration's draw of experts is for, by its stage.
DRAW_KINDS = {"in_initial_review": "initial_review", "in_joint_review": "joint_review"}


def review_experts_draw(*, actor, declaration: Declaration, requirements: list[dict], seed: str = ""):
    """第七条(二), 第九条(三): the Office draws experts by lot for the declaration's initial or joint review
    (egovpm.experts: recusal, the seed in the audit chain); those who accept become invited reviewers."""
    require(is_office(actor), "只有办公室可以抽取专家。")
    policy = get_policy()
    with transaction.atomic():
        decl = lock(Declaration, declaration.pk)
        if decl.stage not in DRAW_KINDS:
            raise Refused("只有初审中或会审中的项目可以抽取专家。")
        due = policy.intake.service_due("review_opinion", clock.today())
        return expert_draw_make(
            actor=actor,
            owner=decl,
            project=decl.project,
            unit=decl.unit,
            kind=DRAW_KINDS[decl.stage],
            requirements=requirements,
            period_end=due + dt.timedelta(days=policy.experts.accept_days),
            seed=seed,
        )


def invite_accepted_expert(*, assignment) -> None:
    """projects.hooks EXPERT_ACCEPTED: the accepted drawn expert becomes an invited reviewer of the
    declaration (the opinion-request flow experts answer), inside the acceptance's transaction."""
    draw = assignment.draw
    if draw.owner_type.model_class() is not Declaration:
        return
    decl = lock(Declaration, draw.owner_id)
    if decl.stage not in REVIEW_OPEN_STAGES:
        raise Refused("该项目的评审已结束。")
    user = assignment.expert.user
    if not decl.invitations.filter(reviewer=user).exists():
        due = get_policy().intake.service_due("review_opinion", clock.today())
        ReviewInvitation.objects.create(
            declaration=decl, reviewer=user, party=Party.EXPERT, invited_at=clock.now(), due_date=due
        )


def initial_review_pass(*, actor, declaration: Declaration, opinion: str) -> Declaration:
    """Conclude: pass, with the written adjustment opinion or evaluation fed back to the unit."""

    def record(decl: Declaration) -> dict:
        decl.initial_opinion = opinion.strip()
        expert_draw_close(actor=actor, owner=decl)
        return _feedback(actor, decl, stage="initially_passed")

    return take(actor=actor, obj=declaration, action="pass_initial_review", reason=opinion, apply=record)


def initial_review_not_arrange(*, actor, declaration: Declaration, reason: str) -> Declaration:
    """Conclude: not arranged. 第七条(二): the reason is required and shown to the unit."""

    def record(decl: Declaration) -> dict:
        decl.initial_opinion = reason.strip()
        expert_draw_close(actor=actor, owner=decl)
        return _feedback(actor, decl, stage="not_arranged")

    return take(actor=actor, obj=declaration, action="not_arrange", reason=reason, apply=record)


def _feedback(actor, decl: Declaration, *, stage: str) -> dict:
    """第七条(二): the initial review's conclusion is fed back to the unit as a numbered official letter (the
    adjustment opinion, or the reason it is not arranged). `stage` is where the step takes the declaration."""
    title = review_feedback_title(decl, stage=stage)
    issued = official_issue(actor=actor, kind="review_feedback", owner=decl, project=decl.project, title=title)
    return {"feedback": issued.number}


def procurement_item_add(*, actor, declaration: Declaration, data: dict) -> ProcurementItem:
    """Mark a common equipment or software item of the project for centralized procurement."""
    require(is_office(actor), "只有办公室可以提出集中采购计划。")
    with transaction.atomic():
        declaration = lock(Declaration, declaration.pk)
        if declaration.stage not in PROCUREMENT_STAGES:
            raise Refused("只有初审中或初审通过的项目可以列入集中采购计划。")
        item = ProcurementItem(declaration=declaration, marked_by=actor, marked_at=clock.now(), **data)
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            action="procurement_item.add",
            obj=declaration,
            after={
                "item": item.pk,
                "category": item.category,
                "name": item.name,
                "quantity": item.quantity,
                "estimated_amount": item.estimated_amount,
            },
        )
    return item


def procurement_item_remove(*, actor, item: ProcurementItem) -> None:
    require(is_office(actor), "只有办公室可以调整集中采购计划。")
    with transaction.atomic():
        declaration = lock(Declaration, item.declaration_id)
        if declaration.stage not in PROCUREMENT_STAGES:
            raise Refused("该项目已不在初审阶段，集中采购计划不能再调整。")
        item = ProcurementItem.objects.select_for_update(of=("self",)).filter(pk=item.pk).first()
        if item is None:
            raise Refused("该采购项已被他人移除，请刷新页面。", code="stale")
        audit_record(
            actor=actor,
            action="procurement_item.remove",
            obj=declaration,
            before={"item": item.pk, "name": item.name, "quantity": item.quantity},
        )
        item.delete()
