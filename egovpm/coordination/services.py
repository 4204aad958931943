"""第六条: projects touching the infrastructure systems (云计算、云存储、支撑软件、基础应用、协同办公、网络传输、
安全防护) are in general not set up on their own; the Office coordinates them. It either folds a flagged
declaration into its citywide coordinated plan (the lifecycle transition "fold_into_coordination"), or
admits it as a standalone project with a recorded reason (no stage change; the initial review may then
pass it). One transaction and one audit event each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.coordination.models import CoordinatedItem, InfrastructureDecision
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.intake.models import Declaration, PlanYear
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import is_office, lock, perform, require, take

FOLD = "fold_into_coordination"
# The Office decides while the declaration waits for, or is in, the initial review (第七条(二)).
DECISION_STAGES = DECLARATION.transition(FOLD).sources
STANDALONE = "infrastructure_standalone"


def coordinated_item_create(
    *, actor, plan_year: PlanYear, name: str, area: str, description: str = ""
) -> CoordinatedItem:
    """The Office adds an item to its coordinated plan of `plan_year`: what it builds once for the city."""
    require(is_office(actor), "只有办公室可以编制全市统筹建设计划（第六条）。")
    name = name.strip()
    problems = {}
    if not name:
        problems["name"] = "请填写统筹建设内容。"
    if area not in get_policy().intake.infrastructure_categories:
        problems["area"] = "请选择第六条所列的基础性系统类别。"
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        lock(PlanYear, plan_year.pk)  # the same item added twice at once: one of them
        if CoordinatedItem.objects.filter(plan_year=plan_year, name=name).exists():
            raise ValidationError({"name": f"{plan_year.year} 年度统筹建设计划中已有“{name}”。"})
        item = CoordinatedItem(
            plan_year=plan_year,
            name=name,
            area=area,
            description=description.strip(),
            created_by=actor,
            created_at=clock.now(),
        )
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            action="coordinated_item.create",
            obj=item,
            after={"plan_year": plan_year.year, "name": name, "area": area, "description": item.description},
        )
    return item


def _undecided(declaration: Declaration) -> None:
    """Refuse a second decision: the Office decides once per declaration."""
    decision = InfrastructureDecision.objects.filter(declaration=declaration).first()
    if decision is not None:
        raise Refused(f"办公室已对该项目作出决定：{decision.get_decision_display()}。", code="decided")


def coordination_fold(
    *, actor, declaration: Declaration, coordinated_item: CoordinatedItem, reason: str
) -> Declaration:
    """第六条: fold a flagged declaration into the Office's coordinated plan. The declaration leaves the
    unit's declaration (stage "coordinated", final), linked to the coordinated item."""
    problems = {}
    if coordinated_item.plan_year_id != declaration.plan_year_id:
        problems["coordinated_item"] = "请选择该项目计划年度的统筹建设事项。"
    if not reason.strip():
        problems["reason"] = "请填写统筹说明。"
    if problems:
        raise ValidationError(problems)

    def fold(decl: Declaration) -> dict:
        _undecided(decl)
        decision = InfrastructureDecision(
            declaration=decl,
            decision=InfrastructureDecision.Decision.COORDINATED,
            reason=reason.strip(),
            coordinated_item=coordinated_item,
            decided_by=actor,
            decided_at=clock.now(),
        )
        decision.full_clean()
        decision.save()
        return {
            "infrastructure_decision": decision.decision,
            "coordinated_item": coordinated_item.name,
            "coordinated_item_id": coordinated_item.pk,
            "infrastructure_areas": list(decl.infrastructure_areas),
        }

    return take(actor=actor, obj=declaration, action=FOLD, reason=reason, apply=fold)


def coordination_standalone(*, actor, declaration: Declaration, reason: str) -> InfrastructureDecision:
    """第六条 ("一般不单独立项"): the Office admits a flagged declaration as a standalone project and records
    why. Its stage does not change; the initial review may then pass it (guard infrastructure_settled)."""
    require(is_office(actor), "只有办公室可以决定基础性系统项目是否单独立项（第六条）。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写同意单独立项的理由（第六条）。"})

    def admit(decl: Declaration):
        decision = InfrastructureDecision(
            declaration=decl,
            decision=InfrastructureDecision.Decision.STANDALONE,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=clock.now(),
        )
        decision.full_clean()
        decision.save()
        after = {
            "infrastructure_decision": decision.decision,
            "stage": decl.stage,
            "infrastructure_areas": list(decl.infrastructure_areas),
        }
        return decision, {"infrastructure_decision": None}, after

    return perform(actor=actor, obj=declaration, activity=STANDALONE, reason=reason, apply=admit)
