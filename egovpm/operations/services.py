"""Use cases of operations (第二十一条 to 第二十四条), one function each: the permission through the one engine
(or the rule for records that start a workflow), the record, the audit event, one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.validators import has_visible_text
from egovpm.documents.models import DocumentKind
from egovpm.documents.services import document_store, files_atomic
from egovpm.intake.models import Declaration, PlanYear
from egovpm.intake.selectors import latest_declaration_of
from egovpm.intake.services import declaration_create
from egovpm.intake.services.declaration import APPLICATION_FIELDS
from egovpm.procurement.models import Procurement
from egovpm.projects.engine import (
    CONTROL_CHARACTERS,
    control_characters,
    ensure,
    is_applicant_of,
    perform,
    require,
    take,
)
from egovpm.projects.models import Project

from . import domain, selectors
from .models import AuditFinding, FinalAudit, ModeRecord, Operation, OperationIncident
from .workflow import AUDIT_ROLES

MAINTENANCE = "maintenance"
ZERO = Decimal("0.00")


def _text(value: str, field: str, label: str) -> str:
    if control_characters(value):
        raise ValidationError({field: CONTROL_CHARACTERS})
    if not has_visible_text(value):
        raise ValidationError({field: f"请填写{label}。"})
    return value.strip()


def _optional(value: str, field: str) -> str:
    if control_characters(value):
        raise ValidationError({field: CONTROL_CHARACTERS})
    return (value or "").strip() if has_visible_text(value or "") else ""


def _store(actor, owner, kind: str, upload, field: str) -> None:
    """Store a record's document; a refused file's message goes to `field` of the form."""
    if upload is None:
        return
    try:
        document_store(actor=actor, owner=owner, kind=kind, upload=upload)
    except Refused as exc:
        if exc.code == "bad_file":
            raise ValidationError({field: exc.message}) from exc
        raise


# 第二十二条: the unit prepares operation ---------------------------------------------------------------


def operation_prepare(*, actor, project: Project, operating_body: str, cost_assurance: str, rules=None) -> Operation:
    """第二十二条 项目建设单位负责制: the unit records its 项目运行机构, its 管理制度 (the document) and how the
    O&M costs are ensured. The first time opens the project's operation record — refused unless the
    project passed completion acceptance (第二十一条 不得投入运行); later times update it (audited)."""
    require(is_applicant_of(actor, project), "只有项目建设单位可以登记项目运行机构和管理制度（第二十二条）。")
    existing = Operation.objects.filter(project=project).first()
    if existing is None and not selectors.is_accepted(project):
        raise Refused(domain.NOT_ACCEPTED_OPERATION, code="not_accepted")
    operating_body = _optional(operating_body, "operating_body")
    cost_assurance = _optional(cost_assurance, "cost_assurance")
    has_rules = rules is not None or (
        existing is not None and existing.documents.filter(kind=DocumentKind.MANAGEMENT_RULES).exists()
    )
    problems = domain.preparation_problems(
        operating_body=operating_body, cost_assurance=cost_assurance, has_rules=has_rules
    )
    if problems:
        raise ValidationError(problems)
    fields = {"operating_body": operating_body, "cost_assurance": cost_assurance}

    if existing is None:
        with files_atomic():
            now = clock.now()
            operation = Operation(
                project=project, unit_id=project.unit_id, stage_changed_at=now, opened_by=actor, opened_at=now, **fields
            )
            operation.full_clean()
            operation.save()
            _store(actor, operation, DocumentKind.MANAGEMENT_RULES, rules, "rules")
            audit_record(actor=actor, action="operation.open", obj=operation, after={"project": project.code, **fields})
        return operation

    def apply(locked):
        before = {k: getattr(locked, k) for k in fields}
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.full_clean()
        locked.save(update_fields=list(fields))
        _store(actor, locked, DocumentKind.MANAGEMENT_RULES, rules, "rules")
        return locked, before, {**fields, "rules_replaced": rules is not None}

    with files_atomic():
        return perform(actor=actor, obj=existing, activity="record_preparation", apply=apply)


def operation_mode_set(
    *,
    actor,
    operation: Operation,
    mode: str,
    entrusted_body: str = "",
    entrusted_qualification: str = "",
    procurement: Procurement | None = None,
    reason: str = "",
) -> ModeRecord:
    """第二十三条: the unit sets the O&M mode — 自管; 集中运维, entrusted to a body that meets the rules (named
    with its qualification); 外包运维, through government procurement (one of the project's procurements
    under the government procurement law). A change after the first setting needs its reason; every
    setting is appended to the history and audited."""
    entrusted_body = _optional(entrusted_body, "entrusted_body")
    entrusted_qualification = _optional(entrusted_qualification, "entrusted_qualification")
    reason = _optional(reason, "reason")
    if procurement is not None and procurement.project_id != operation.project_id:
        raise ValidationError({"procurement": "只能选择本项目的采购记录。"})
    problems = domain.mode_problems(
        mode=mode,
        entrusted_body=entrusted_body,
        entrusted_qualification=entrusted_qualification,
        procurement_chosen=procurement is not None,
        procurement_method=procurement.method if procurement else "",
    )
    if operation.mode and not reason:
        problems.setdefault("reason", "请写明变更运行维护方式的理由（第二十三条）。")
    if problems:
        raise ValidationError(problems)
    kept = {
        "mode": mode,
        "entrusted_body": entrusted_body if mode == domain.CENTRALIZED else "",
        "entrusted_qualification": entrusted_qualification if mode == domain.CENTRALIZED else "",
        "procurement": procurement if mode == domain.OUTSOURCED else None,
    }

    def apply(locked):
        before = {
            "mode": locked.mode,
            "entrusted_body": locked.entrusted_body,
            "entrusted_qualification": locked.entrusted_qualification,
            "procurement": locked.procurement_id,
        }
        record = ModeRecord(
            operation=locked,
            number=locked.mode_records.count() + 1,
            previous_mode=locked.mode,
            reason=reason,
            recorded_by=actor,
            recorded_at=clock.now(),
            **kept,
        )
        record.full_clean()
        record.save()
        for key, value in kept.items():
            setattr(locked, key, value)
        locked.full_clean()
        locked.save(update_fields=list(kept))
        after = {
            "mode": mode,
            "entrusted_body": kept["entrusted_body"],
            "entrusted_qualification": kept["entrusted_qualification"],
            "procurement": procurement.pk if kept["procurement"] else None,
            "record": record.number,
        }
        return record, before, after

    return perform(actor=actor, obj=operation, activity="set_mode", reason=reason, apply=apply)


def operation_enter(*, actor, operation: Operation) -> Operation:
    """第二十一条, 第二十二条: the accepted project enters operation under its unit's responsibility."""

    def apply(locked):
        locked.started_on = clock.today()
        return {"started_on": locked.started_on.isoformat(), "mode": locked.mode}

    return take(actor=actor, obj=operation, action="enter_operation", apply=apply)


def operation_retire(*, actor, operation: Operation, reason: str) -> Operation:
    """The unit stops running the system (no more O&M funds or incidents for it)."""
    reason = _text(reason, "reason", "停止运行的理由")

    def apply(locked):
        locked.retired_on = clock.today()
        return {"retired_on": locked.retired_on.isoformat()}

    return take(actor=actor, obj=operation, action="retire_operation", reason=reason, apply=apply)


def operation_incident_record(
    *,
    actor,
    operation: Operation,
    kind: str,
    severity: str,
    occurred_at: dt.datetime | None,
    description: str,
    measures: str,
    resolved_at: dt.datetime | None = None,
) -> OperationIncident:
    """An incident in operation (security incident, outage…), recorded against the project. A time without
    its offset is Beijing time."""
    occurred_at, resolved_at = _beijing(occurred_at), _beijing(resolved_at)
    problems = domain.incident_problems(occurred_at=occurred_at, resolved_at=resolved_at, now=clock.now())
    if kind not in dict(domain.INCIDENT_KINDS):
        problems["kind"] = "请选择事件类型。"
    if severity not in dict(domain.SEVERITIES):
        problems["severity"] = "请选择严重程度。"
    if problems:
        raise ValidationError(problems)
    description = _text(description, "description", "事件经过")
    measures = _text(measures, "measures", "采取的措施")

    def apply(locked):
        incident = OperationIncident(
            operation=locked,
            project_id=locked.project_id,
            unit_id=locked.unit_id,
            kind=kind,
            severity=severity,
            occurred_at=occurred_at,
            resolved_at=resolved_at,
            description=description,
            measures=measures,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        incident.full_clean()
        incident.save()
        after = {"incident": incident.pk, "kind": kind, "severity": severity, "occurred_at": occurred_at.isoformat()}
        return incident, {}, after

    return perform(actor=actor, obj=operation, activity="record_incident", reason=description, apply=apply)


def operation_incident_resolve(
    *, actor, incident: OperationIncident, resolved_at: dt.datetime | None, measures: str
) -> OperationIncident:
    """An incident recorded while still open is closed: when its handling was completed, and the measures."""
    resolved_at = _beijing(resolved_at)
    if incident.resolved_at is not None:
        raise Refused("该运行事件已登记处置完成。")
    problems = domain.incident_problems(occurred_at=incident.occurred_at, resolved_at=resolved_at, now=clock.now())
    if resolved_at is None:
        problems["resolved_at"] = "请填写处置完成时间。"
    if problems:
        raise ValidationError(problems)
    measures = _text(measures, "measures", "采取的措施")

    def apply(locked):
        found = OperationIncident.objects.select_for_update().get(pk=incident.pk)
        if found.resolved_at is not None:
            raise Refused("该运行事件已登记处置完成。", code="stale")
        before = {"incident": found.pk, "resolved_at": None, "measures": found.measures}
        found.resolved_at, found.measures = resolved_at, measures
        found.full_clean()
        found.save(update_fields=["resolved_at", "measures"])
        return found, before, {"incident": found.pk, "resolved_at": resolved_at.isoformat(), "measures": measures}

    return perform(actor=actor, obj=incident.operation, activity="resolve_incident", reason=measures, apply=apply)


def _beijing(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=clock.TZ)


# 第二十四条: O&M funds through the general procedure ------------------------------------------------------


def _maintenance_data(project: Project, plan_year: PlanYear, amount: Decimal, content: str) -> dict:
    """The application form (附件1) of an O&M declaration: the project's latest declaration's particulars,
    the nature 维护, the plan year's dates and the year's O&M requirement as fiscal funds."""
    latest = latest_declaration_of(project)
    data = {name: getattr(latest, name) for name in APPLICATION_FIELDS} if latest else {}
    data.update(
        nature=MAINTENANCE,
        start_date=dt.date(plan_year.year, 1, 1),
        planned_end_date=dt.date(plan_year.year, 12, 31),
        purpose_and_content=content,
        total_investment=amount,
        annual_requirement=amount,
        **{f"prior_{col}": ZERO for col in ("total", "fiscal", "self_raised", "national", "other")},
        current_total=amount,
        current_fiscal=amount,
        current_self_raised=ZERO,
        current_national=ZERO,
        current_other=ZERO,
        attachments_note="项目状况说明书、预算清单",
        remarks="",
    )
    return data


def operation_maintenance_declare(
    *, actor, operation: Operation, plan_year: PlanYear, annual_requirement: Decimal | None, purpose_and_content: str
) -> Declaration:
    """第二十四条 按第二章所述一般申报程序进行申报: the unit starts next year's O&M declaration of the project
    (nature 维护) through intake's own creation service — its window (第七条(一), 10-31) and its rules; the
    unit then adds the status statement and the budget list and submits it like any declaration."""
    ensure(actor, operation, "declare_maintenance")
    if annual_requirement is None:
        raise ValidationError({"annual_requirement": "请填写年度运行维护经费。"})
    if annual_requirement <= 0:
        raise ValidationError({"annual_requirement": "年度运行维护经费应大于零。"})
    content = _text(purpose_and_content, "purpose_and_content", "运行维护内容")

    def apply(locked):
        declaration = declaration_create(
            actor=actor,
            plan_year=plan_year,
            name=locked.project.name,
            data=_maintenance_data(locked.project, plan_year, annual_requirement, content),
            project=locked.project,
        )
        return declaration, {}, {"declaration": declaration.pk, "plan_year": plan_year.year}

    with transaction.atomic():
        return perform(actor=actor, obj=operation, activity="declare_maintenance", apply=apply)


# 第二十一条: the Audit bureau's final audit ---------------------------------------------------------------


def final_audit_open(*, actor, project: Project, scope: str) -> FinalAudit:
    """第二十一条: the Audit bureau opens the 竣工决算审计 of a project — refused unless it passed completion
    acceptance (市审计部门不予审计)."""
    require(bool(actor.roles & AUDIT_ROLES), "只有市审计局可以开展竣工决算审计（第二十一条）。")
    if not selectors.is_accepted(project):
        raise Refused(domain.NOT_ACCEPTED_AUDIT, code="not_accepted")
    if FinalAudit.objects.filter(project=project).exists():
        raise Refused("该项目已开展竣工决算审计。")
    scope = _text(scope, "scope", "审计安排")
    now = clock.now()
    with transaction.atomic():
        audit = FinalAudit(
            project=project, unit_id=project.unit_id, scope=scope, stage_changed_at=now, opened_by=actor, opened_at=now
        )
        audit.full_clean()
        audit.save()
        audit_record(actor=actor, action="final_audit.open", obj=audit, after={"project": project.code}, reason=scope)
    return audit


def final_audit_finding_record(*, actor, final_audit: FinalAudit, description: str, evidence=None) -> AuditFinding:
    description = _text(description, "description", "审计发现")

    def apply(locked):
        finding = AuditFinding(
            final_audit=locked,
            project_id=locked.project_id,
            description=description,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        finding.full_clean()
        finding.save()
        _store(actor, finding, DocumentKind.OTHER, evidence, "evidence")
        return finding, {}, {"finding": finding.pk}

    with files_atomic():
        return perform(actor=actor, obj=final_audit, activity="record_audit_finding", reason=description, apply=apply)


def final_audit_close(*, actor, final_audit: FinalAudit, conclusion: str) -> FinalAudit:
    conclusion = _text(conclusion, "reason", "审计结论")

    def apply(locked):
        locked.conclusion = conclusion
        return {}

    return take(actor=actor, obj=final_audit, action="close_final_audit", reason=conclusion, apply=apply)
