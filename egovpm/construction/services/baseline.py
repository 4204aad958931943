"""第十二条, 第十四条: the responsibility, the estimate (the baseline) and its adjustment before the change."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError

from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.documents.services import files_atomic
from egovpm.projects.engine import ensure, perform

from .. import domain
from ..models import (
    Adjustment,
    AdjustmentItem,
    AdjustmentStatus,
    Construction,
    Estimate,
    EstimateItem,
    EstimateStatus,
    Responsibility,
)
from ..selectors import approved_amounts, post_hoc_changes
from ._common import (
    LABELS,
    _amount_problems,
    _audit_amounts,
    _clean_text,
    _create,
    _items,
    _next_version,
    _required,
    _store,
)


def responsibility_record(*, actor, construction: Construction, data: Mapping, management_rules=None) -> Responsibility:
    """第十二条: the unit names the implementation body, the project leader and the 主管领导 who 负总责, and
    attaches its 项目管理制度. Each recording is a new version; the audit event keeps before and after."""
    fields = ("implementation_body", "leader_name", "leader_phone", "responsible_leader", "responsible_leader_title")
    problems = domain.responsibility_problems(data) | _clean_text(data, fields)
    if problems:
        raise ValidationError(problems)
    values = {f: str(data[f]).strip() for f in fields}
    if management_rules is not None:
        ensure(actor, construction, "upload")

    def apply(locked: Construction):
        previous = locked.responsibilities.order_by("-version").first()
        record = _create(
            Responsibility,
            construction=locked,
            version=(previous.version + 1) if previous else 1,
            recorded_by=actor,
            recorded_at=clock.now(),
            **values,
        )
        if management_rules is not None:
            _store(actor, locked, locked, DocumentKind.MANAGEMENT_RULES, management_rules, "management_rules")
        before = {f: getattr(previous, f) for f in fields} if previous else {}
        return record, before, {"version": record.version, **values}

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="record_responsibility", apply=apply)


def estimate_submit(
    *,
    actor,
    construction: Construction,
    design_summary: str,
    amounts: Mapping[str, Decimal | None],
    descriptions: Mapping[str, str] | None = None,
    design_document=None,
) -> Estimate:
    """第十四条: the unit submits its preliminary design and the estimate by item to the 项目审批部门."""
    problems = _amount_problems(amounts)
    if not design_summary.strip():
        problems["design_summary"] = "请填写初步设计方案的主要内容。"
    problems |= _clean_text({"design_summary": design_summary}, ["design_summary"])
    if problems:
        raise ValidationError(problems)
    if design_document is not None:
        ensure(actor, construction, "upload")

    def apply(locked: Construction):
        estimate = _create(
            Estimate,
            construction=locked,
            project_id=locked.project_id,
            version=_next_version(locked),
            design_summary=design_summary.strip(),
            submitted_by=actor,
            submitted_at=clock.now(),
        )
        _items(EstimateItem, estimate=estimate, amounts=amounts, descriptions=descriptions)
        if design_document is not None:
            _store(actor, estimate, locked, DocumentKind.PRELIMINARY_DESIGN, design_document, "design_document")
        return estimate, {}, {"estimate": estimate.pk, "version": estimate.version, **_audit_amounts(amounts)}

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="submit_estimate", apply=apply)


def _decide_estimate(*, actor, estimate: Estimate, status: str, reason: str) -> Estimate:
    construction = estimate.construction

    def apply(locked: Construction):
        current = Estimate.objects.select_for_update().get(pk=estimate.pk)
        if current.status != EstimateStatus.SUBMITTED:
            raise Refused("该版本概算已有核定结论。", code="stale")
        current.status = status
        if status == EstimateStatus.APPROVED:
            current.approved_by, current.approved_at = actor, clock.now()
        else:
            current.returned_reason = reason.strip()
        current.full_clean()
        current.save()
        return (
            current,
            {"estimate": current.pk, "status": EstimateStatus.SUBMITTED},
            {
                "estimate": current.pk,
                "version": current.version,
                "status": status,
            },
        )

    return perform(actor=actor, obj=construction, activity="decide_estimate", reason=reason, apply=apply)


def estimate_approve(*, actor, estimate: Estimate, opinion: str = "") -> Estimate:
    """第十四条: the 项目审批部门 approves (核定) the preliminary design and estimate: the baseline."""
    return _decide_estimate(actor=actor, estimate=estimate, status=EstimateStatus.APPROVED, reason=opinion)


def estimate_return(*, actor, estimate: Estimate, reason: str) -> Estimate:
    """The 项目审批部门 returns the estimate with its reason; the unit may submit a new version."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由。"})
    return _decide_estimate(actor=actor, estimate=estimate, status=EstimateStatus.RETURNED, reason=reason)


def _adjustment_problems(construction: Construction, amounts: Mapping[str, Decimal | None]) -> dict[str, str]:
    problems = _amount_problems(amounts)
    if problems:
        return problems
    if dict(amounts) == approved_amounts(construction.project):
        return {"items": "调整后的概算与核定概算相同，无须报批。"}
    return {}


def _post_hoc_refusal(construction: Construction, amounts: Mapping[str, Decimal]) -> str:
    blocked = domain.post_hoc_kinds((c.post_hoc, c.items) for c in post_hoc_changes(construction))
    return domain.adjustment_refusal(
        proposed=amounts, baseline=approved_amounts(construction.project), blocked_kinds=blocked, labels=LABELS
    )


def adjustment_request(
    *,
    actor,
    construction: Construction,
    changes: str,
    reason: str,
    amounts: Mapping[str, Decimal | None],
    descriptions: Mapping[str, str] | None = None,
) -> Adjustment:
    """第十四条: before changing the main content or the estimate, the unit submits an adjustment report with
    the new estimate by item. Refused when it would raise an item a post-hoc major design change overran."""
    problems = _required({"changes": changes, "reason": reason}, {"changes": "调整内容", "reason": "调整理由"})
    problems |= _clean_text({"changes": changes, "reason": reason}, ["changes", "reason"])
    problems |= _adjustment_problems(construction, amounts)
    if problems:
        raise ValidationError(problems)

    def apply(locked: Construction):
        refusal = _post_hoc_refusal(locked, amounts)
        if refusal:
            raise Refused(refusal, code="post_hoc")
        adjustment = _create(
            Adjustment,
            construction=locked,
            changes=changes.strip(),
            reason=reason.strip(),
            requested_by=actor,
            requested_at=clock.now(),
        )
        _items(AdjustmentItem, adjustment=adjustment, amounts=amounts, descriptions=descriptions)
        return adjustment, {}, {"adjustment": adjustment.pk, **_audit_amounts(amounts)}

    return perform(actor=actor, obj=construction, activity="request_adjustment", apply=apply)


def _decide_adjustment(*, actor, adjustment: Adjustment, status: str, reason: str):
    def apply(locked: Construction):
        current = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
        if current.status != AdjustmentStatus.SUBMITTED:
            raise Refused("该调整报告已有审批结论。", code="stale")
        amounts = {item.kind: item.amount for item in current.items.all()}
        after = {"adjustment": current.pk, "status": status}
        if status == AdjustmentStatus.APPROVED:
            refusal = _post_hoc_refusal(locked, amounts)
            if refusal:
                raise Refused(refusal, code="post_hoc")
            baseline = locked.estimates.filter(status=EstimateStatus.APPROVED).order_by("-version").first()
            estimate = _create(
                Estimate,
                construction=locked,
                project_id=locked.project_id,
                version=_next_version(locked),
                status=EstimateStatus.APPROVED,
                design_summary=baseline.design_summary if baseline else current.changes,
                submitted_by=current.requested_by,
                submitted_at=current.requested_at,
                approved_by=actor,
                approved_at=clock.now(),
                adjustment=current,
            )
            descriptions = {item.kind: item.description for item in current.items.all()}
            _items(EstimateItem, estimate=estimate, amounts=amounts, descriptions=descriptions)
            after |= {"estimate": estimate.pk, "version": estimate.version}
        current.status, current.decided_by, current.decided_at = status, actor, clock.now()
        current.decision_reason = reason.strip()
        current.full_clean()
        current.save()
        return current, {"adjustment": current.pk, "status": AdjustmentStatus.SUBMITTED}, after

    return perform(actor=actor, obj=adjustment.construction, activity="decide_adjustment", reason=reason, apply=apply)


def adjustment_approve(*, actor, adjustment: Adjustment, opinion: str = "") -> Adjustment:
    """第十四条: the 项目审批部门 approves the adjustment before the change; the approved amounts become the
    next estimate version, the new baseline."""
    return _decide_adjustment(actor=actor, adjustment=adjustment, status=AdjustmentStatus.APPROVED, reason=opinion)


def adjustment_refuse(*, actor, adjustment: Adjustment, reason: str) -> Adjustment:
    """The 项目审批部门 refuses the adjustment with its reason; the baseline stays."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写不予批准的理由。"})
    return _decide_adjustment(actor=actor, adjustment=adjustment, status=AdjustmentStatus.REFUSED, reason=reason)
