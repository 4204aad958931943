"""The use cases of the construction phase (第十一条 to 第十六条), one function each: the permission through
the one engine (the CONSTRUCTION workflow's transitions and activities), the rule of domain.py, the records,
the audit event, one transaction. Refusals are core.errors.Refused, bad input ValidationError({field: …})."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.documents.services import document_store, files_atomic
from egovpm.intake.models import Declaration
from egovpm.projects.engine import control_characters, ensure, is_applicant_of, perform, require, take

from . import domain
from .models import (
    Construction,
    Estimate,
    EstimateItem,
    EstimateItemKind,
    EstimateStatus,
    Responsibility,
)

LABELS = dict(EstimateItemKind.choices)
NOT_FUNDED = (
    "该项目尚未安排资金，不能开始建设准备：年度计划申报或特殊申报须已安排资金（第七条(五)、第九条(四)）；"
    "上级安排、需市财政配套的备案项目，须转入申报程序并安排资金（第十条）。"
)


def funded_declaration(project) -> Declaration | None:
    """The latest declaration of the project that reached 已安排资金 (general or special procedure; a 第十条
    filing routed into a procedure is funded through its declaration)."""
    return (
        Declaration.objects.filter(project=project, stage="funded")
        .select_related("plan_year")
        .order_by("-plan_year__year", "-id")
        .first()
    )


def construction_open(
    *, actor, project, involves_secrets: bool = False, planned_end_date: dt.date | None = None
) -> Construction:
    """第十一条: the unit of a funded project opens its construction phase (建设准备). The planned end date
    is the funded declaration's unless the unit gives another."""
    require(is_applicant_of(actor, project), "只有项目建设单位可以开始项目建设准备。")
    declaration = funded_declaration(project)
    if declaration is None:
        raise Refused(NOT_FUNDED, code="not_funded")
    planned_end = planned_end_date or declaration.planned_end_date
    try:
        with transaction.atomic():
            construction = Construction(
                project=project,
                unit_id=project.unit_id,
                stage_changed_at=clock.now(),
                involves_secrets=involves_secrets,
                planned_end_date=planned_end,
                opened_by=actor,
                opened_at=clock.now(),
            )
            construction.full_clean(exclude=["project"])
            construction.save()
            audit_record(
                actor=actor,
                action="construction.open",
                obj=construction,
                after={
                    "stage": construction.stage,
                    "declaration": declaration.pk,
                    "involves_secrets": involves_secrets,
                    "planned_end_date": planned_end.isoformat(),
                },
            )
    except IntegrityError as exc:
        raise Refused("该项目已开始建设准备，无须重复办理。", code="duplicate") from exc
    return construction


def _clean_text(data: Mapping, fields) -> dict[str, str]:
    found = {}
    for field in fields:
        if control_characters(str(data.get(field, ""))):
            found[field] = "内容含有空字符等不可见的控制字符，请删除后重新填写。"
    return found


def _store(actor, owner, construction: Construction, kind: str, upload, field: str):
    """Store a construction document, after the table's upload activity (第十一条: no content of a project
    involving state secrets); a refused file's message goes to `field` of the form."""
    ensure(actor, construction, "upload")
    try:
        return document_store(actor=actor, owner=owner, kind=kind, upload=upload)
    except Refused as exc:
        if exc.code == "bad_file":
            raise ValidationError({field: exc.message}) from exc
        raise


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
        record = Responsibility(
            construction=locked,
            version=(previous.version + 1) if previous else 1,
            recorded_by=actor,
            recorded_at=clock.now(),
            **values,
        )
        record.full_clean()
        record.save()
        if management_rules is not None:
            _store(actor, locked, locked, DocumentKind.MANAGEMENT_RULES, management_rules, "management_rules")
        before = {f: getattr(previous, f) for f in fields} if previous else {}
        return record, before, {"version": record.version, **values}

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="record_responsibility", apply=apply)


def _amount_problems(amounts: Mapping[str, Decimal | None]) -> dict[str, str]:
    return domain.estimate_problems(amounts, LABELS)


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
        estimate = Estimate(
            construction=locked,
            project_id=locked.project_id,
            version=_next_version(locked),
            design_summary=design_summary.strip(),
            submitted_by=actor,
            submitted_at=clock.now(),
        )
        estimate.full_clean()
        estimate.save()
        _items(EstimateItem, estimate=estimate, amounts=amounts, descriptions=descriptions)
        if design_document is not None:
            _store(actor, estimate, locked, DocumentKind.PRELIMINARY_DESIGN, design_document, "design_document")
        return estimate, {}, {"estimate": estimate.pk, "version": estimate.version, **_audit_amounts(amounts)}

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="submit_estimate", apply=apply)


def _next_version(construction: Construction) -> int:
    return (construction.estimates.aggregate(v=Max("version"))["v"] or 0) + 1


def _items(model, *, amounts: Mapping[str, Decimal | None], descriptions: Mapping[str, str] | None, **owner) -> None:
    model.objects.bulk_create(
        model(kind=kind, amount=amounts.get(kind), description=(descriptions or {}).get(kind, "")[:200], **owner)
        for kind in EstimateItemKind.values
    )


def _audit_amounts(amounts: Mapping[str, Decimal | None]) -> dict[str, str]:
    return {f"item_{kind}": str(amounts.get(kind)) for kind in EstimateItemKind.values}


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


def construction_start(*, actor, construction: Construction) -> Construction:
    """第十三条: construction starts once the responsibility is recorded, the estimate approved and a
    qualified supervision firm assigned, the project neither suspended nor terminated; the date recorded."""

    def stamp(locked: Construction) -> dict:
        locked.started_on = clock.today()
        return {"started_on": locked.started_on.isoformat()}

    return take(actor=actor, obj=construction, action="start_construction", apply=stamp)


def construction_declare_completion(*, actor, construction: Construction) -> Construction:
    """建设完成: refused without the connection to the sharing and exchange platform (第十六条) unless the
    Office recorded why it does not apply, with a rectification open or while suspended (第十八条)."""

    def stamp(locked: Construction) -> dict:
        locked.completed_on = clock.today()
        return {"completed_on": locked.completed_on.isoformat()}

    return take(actor=actor, obj=construction, action="declare_completion", apply=stamp)
