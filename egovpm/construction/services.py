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
from egovpm.projects.hooks import CONSTRUCTION_COMPLETED, announce

from . import domain
from .models import (
    Adjustment,
    AdjustmentItem,
    AdjustmentStatus,
    Construction,
    DesignChange,
    Estimate,
    EstimateItem,
    EstimateItemKind,
    EstimateStatus,
    Incident,
    IncidentKind,
    ProgressReport,
    Responsibility,
    SharingConnection,
)
from .selectors import approved_amounts, catalog_entries_of, post_hoc_changes

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


def _create(model, **fields):
    """A new record of `model`, validated (full_clean) and saved."""
    record = model(**fields)
    record.full_clean()
    record.save()
    return record


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
        # 第二十条: the stages above (acceptance) open their record, in this transaction
        announce(CONSTRUCTION_COMPLETED, actor=actor, project=locked.project, completed_on=locked.completed_on)
        return {"completed_on": locked.completed_on.isoformat()}

    return take(actor=actor, obj=construction, action="declare_completion", apply=stamp)


def _not_after_today(day: dt.date | None, field: str, label: str) -> dict[str, str]:
    if day is None:
        return {field: f"请填写{label}。"}
    if day > clock.today():
        return {field: f"{label}不能晚于今天。"}
    return {}


def _required(data: Mapping, labels: Mapping[str, str]) -> dict[str, str]:
    return {field: f"请填写{label}。" for field, label in labels.items() if not str(data.get(field) or "").strip()}


PROGRESS_TEXT = {
    "milestones": "已完成的里程碑",
    "schedule_status": "建设进度情况",
    "estimate_control": "概算控制情况",
}
PROGRESS_OPTIONAL = ("issues", "design_changes")


def progress_report_submit(*, actor, construction: Construction, data: Mapping) -> ProgressReport:
    """第十二条: the project leader reports to the 项目审批部门 the progress (0–100 %), milestones and issues,
    with the design changes, the progress and the control of the estimate."""
    problems = _required(data, PROGRESS_TEXT) | _not_after_today(data.get("period_end"), "period_end", "报告期截至日期")
    percent = data.get("percent")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        problems["percent"] = "完成进度须为 0 到 100 之间的整数（%）。"
    problems |= _clean_text(data, (*PROGRESS_TEXT, *PROGRESS_OPTIONAL))
    if problems:
        raise ValidationError(problems)
    values = {f: str(data.get(f) or "").strip() for f in (*PROGRESS_TEXT, *PROGRESS_OPTIONAL)}

    def apply(locked: Construction):
        report = _create(
            ProgressReport,
            construction=locked,
            period_end=data["period_end"],
            percent=percent,
            reported_by=actor,
            reported_at=clock.now(),
            **values,
        )
        return (
            report,
            {},
            {"progress_report": report.pk, "period_end": report.period_end.isoformat(), "percent": percent},
        )

    return perform(actor=actor, obj=construction, activity="report_progress", apply=apply)


def design_change_report(
    *,
    actor,
    construction: Construction,
    description: str,
    major: bool,
    items,
    adjustment: Adjustment | None = None,
) -> DesignChange:
    """第十二条, 第十四条: the unit reports a design change. A major one not covered by an approved adjustment
    request (事先报批) is recorded as post hoc (事后): the items it touches take no later raise."""
    items = sorted(set(items or ()))
    problems = {}
    if not description.strip():
        problems["description"] = "请填写设计变更的内容。"
    problems |= _clean_text({"description": description}, ["description"])
    if any(kind not in LABELS for kind in items):
        problems["items"] = "请选择变更涉及的概算项目。"
    elif major and not items:
        problems["items"] = "重大设计变更请选择其涉及的概算项目（第十四条）。"
    covered = adjustment is not None
    if covered and (adjustment.construction_id != construction.pk or adjustment.status != AdjustmentStatus.APPROVED):
        problems["adjustment"] = "只能选择本项目已批准的概算调整报告。"
    if problems:
        raise ValidationError(problems)
    post_hoc = domain.is_post_hoc(major=major, covered_by_approved_adjustment=covered)

    def apply(locked: Construction):
        change = _create(
            DesignChange,
            construction=locked,
            description=description.strip(),
            major=major,
            items=items,
            adjustment=adjustment,
            post_hoc=post_hoc,
            reported_by=actor,
            reported_at=clock.now(),
        )
        after = {"design_change": change.pk, "major": major, "items": items, "post_hoc": post_hoc}
        return change, {}, after

    return perform(actor=actor, obj=construction, activity="report_design_change", apply=apply)


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


def incident_report(
    *, actor, construction: Construction, kind: str, occurred_on: dt.date | None, description: str, measures: str = ""
) -> Incident:
    """第十五条: the unit reports a serious delay or a major loss to the 项目审批部门 in time; the 项目审批部门
    may then order rectification or suspend construction (the supervision app's sanctions)."""
    problems = _required({"description": description}, {"description": "情况说明"})
    problems |= _not_after_today(occurred_on, "occurred_on", "发生日期")
    problems |= _clean_text({"description": description, "measures": measures}, ["description", "measures"])
    if kind not in IncidentKind.values:
        problems["kind"] = "请选择问题类型。"
    if problems:
        raise ValidationError(problems)

    def apply(locked: Construction):
        incident = _create(
            Incident,
            construction=locked,
            kind=kind,
            occurred_on=occurred_on,
            description=description.strip(),
            measures=measures.strip(),
            reported_by=actor,
            reported_at=clock.now(),
        )
        return incident, {}, {"incident": incident.pk, "kind": kind, "occurred_on": occurred_on.isoformat()}

    return perform(actor=actor, obj=construction, activity="report_incident", apply=apply)


def sharing_record(
    *,
    actor,
    construction: Construction,
    connected_on: dt.date | None,
    interface: str,
    entry_ids,
    evidence=None,
) -> SharingConnection:
    """第十六条: the project's system is connected to 市政务信息资源共享交换平台 while it is built: the date,
    the interface and the catalog entries it serves, with the evidence."""
    problems = _required({"interface": interface}, {"interface": "接口说明"})
    problems |= _not_after_today(connected_on, "connected_on", "接入日期")
    problems |= _clean_text({"interface": interface}, ["interface"])
    available = catalog_entries_of(construction.project)
    chosen = list(available.filter(pk__in=[int(i) for i in entry_ids or ()]))
    if len(chosen) != len(set(entry_ids or ())):
        problems["entries"] = "只能选择本项目政务信息资源目录中的资源。"
    elif available.exists() and not chosen:
        problems["entries"] = "请选择接入所服务的政务信息资源目录（第十六条）。"
    if problems:
        raise ValidationError(problems)
    if evidence is not None:
        ensure(actor, construction, "upload")

    def apply(locked: Construction):
        connection = _create(
            SharingConnection,
            construction=locked,
            connected_on=connected_on,
            interface=interface.strip(),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        connection.catalog_entries.set(chosen)
        if evidence is not None:
            _store(actor, connection, locked, DocumentKind.SHARING_EVIDENCE, evidence, "evidence")
        after = {
            "sharing_connection": connection.pk,
            "connected_on": connected_on.isoformat(),
            "entries": [e.pk for e in chosen],
        }
        return connection, {}, after

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="record_sharing", apply=apply)


def sharing_exempt(*, actor, construction: Construction, reason: str) -> Construction:
    """第十六条: the Office records why the connection does not apply to this project (a classified or
    purely internal system…); completion no longer waits for it."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写不适用接入共享交换平台的理由。"})

    def apply(locked: Construction):
        locked.sharing_exemption = reason.strip()
        locked.sharing_exempted_by, locked.sharing_exempted_at = actor, clock.now()
        locked.full_clean()
        locked.save()
        return locked, {"sharing_exemption": ""}, {"sharing_exemption": locked.sharing_exemption}

    return perform(actor=actor, obj=construction, activity="exempt_sharing", reason=reason, apply=apply)


def construction_document_upload(*, actor, construction: Construction, kind: str, upload):
    """A construction material of the unit (management rules, reports, evidence). Refused for a project
    involving state secrets (第十一条, 第三十一条): its content is not stored in the platform."""
    ensure(actor, construction, "upload")
    activity = construction.workflow.activity("upload", construction.stage)
    if kind not in activity.kinds:
        raise ValidationError({"kind": "请选择建设材料的类型。"})

    def apply(locked: Construction):
        doc = _store(actor, locked, locked, kind, upload, "file")
        return doc, {}, {"document": doc.pk, "kind": kind, "version": doc.version}

    with files_atomic():
        return perform(actor=actor, obj=construction, activity="upload", apply=apply)
