"""Use cases of supervision (第十三条, 第十七条, 第十八条), one function each: the permission through the one
engine (or the rule for records that start a workflow), the record, the audit event, one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.validators import has_visible_text
from egovpm.documents.models import DocumentKind
from egovpm.documents.services import document_store, files_atomic
from egovpm.official.services import official_issue
from egovpm.orgs.models import Unit, UnitKind
from egovpm.policy.loader import get_policy
from egovpm.projects import services as project_services
from egovpm.projects.engine import CONTROL_CHARACTERS, control_characters, is_office, perform, require, take
from egovpm.projects.models import Participant, Project
from egovpm.projects.selectors import project_facts

from . import domain
from .models import (
    Finding,
    FirmQualification,
    InformationRequest,
    Inspection,
    Rectification,
    Sanction,
    Supervision,
    SupervisionReport,
)
from .orders import order_title
from .selectors import INFORMATION_KEY, OVERSIGHT_ROLES, RECTIFICATION_KEY

ONLY_OFFICE = "只有办公室可以办理此事项（第十八条）。"


def _text(value: str, field: str, label: str) -> str:
    if control_characters(value):
        raise ValidationError({field: CONTROL_CHARACTERS})
    if not has_visible_text(value):
        raise ValidationError({field: f"请填写{label}。"})
    return value.strip()


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


def _due(key: str, due: dt.date | None, field: str) -> dt.date:
    """A date the record sets, within the policy's limits (supervision.rectification, …)."""
    if due is None:
        raise ValidationError({field: "请填写期限。"})
    problems = get_policy().deadline(key).problems_with(clock.today(), due)
    if problems:
        raise ValidationError({field: problems})
    return due


# 第十三条: the supervision firm ------------------------------------------------------------------------


def firm_qualification_record(
    *, actor, firm: Unit, grade: str, certificate_number: str, valid_from: dt.date, valid_until: dt.date
) -> FirmQualification:
    """The Office records a supervision firm's qualification certificate (具有信息工程监理相应资质)."""
    require(is_office(actor), "只有办公室可以登记监理单位资质。")
    if firm.kind != UnitKind.SUPERVISION_FIRM:
        raise ValidationError({"firm": "请选择信息工程监理单位。"})
    certificate_number = _text(certificate_number, "certificate_number", "资质证书编号")
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": "有效期截止日期不能早于起始日期。"})
    if FirmQualification.objects.filter(firm=firm, certificate_number=certificate_number).exists():
        raise ValidationError({"certificate_number": "该资质证书已登记。"})
    with transaction.atomic():
        qualification = FirmQualification(
            firm=firm,
            grade=grade,
            certificate_number=certificate_number,
            valid_from=valid_from,
            valid_until=valid_until,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        qualification.full_clean()
        qualification.save()
        audit_record(
            actor=actor,
            action="supervision.qualification_record",
            obj=qualification,
            after={
                "firm": firm.name,
                "grade": grade,
                "certificate_number": certificate_number,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
            },
        )
    return qualification


def supervision_assign(
    *,
    actor,
    project: Project,
    firm: Unit,
    contract_number: str,
    contract_signed_on: dt.date | None,
    contract,
    reason: str = "",
) -> Supervision:
    """第十三条: the unit (or the Office) entrusts a supervision firm with the project, with its contract;
    the firm becomes the project's participant (projects.Participant, role supervision_firm)."""
    if firm.kind != UnitKind.SUPERVISION_FIRM:
        raise ValidationError({"firm": "请选择信息工程监理单位（第十三条）。"})
    contract_number = _text(contract_number, "contract_number", "监理合同编号")
    if contract_signed_on is None:
        raise ValidationError({"contract_signed_on": "请填写合同签订日期。"})
    if contract is None:
        raise ValidationError({"contract": "请上传监理合同（第十三条）。"})
    with files_atomic():
        participant = project_services.participant_assign(
            actor=actor,
            project=project,
            role=Participant.Role.SUPERVISION_FIRM,
            unit=firm,
            reason=reason.strip() or f"委托监理，合同编号 {contract_number}。",
        )
        now = clock.now()
        supervision = Supervision(
            project=project,
            unit=project.unit,
            firm=firm,
            participant=participant,
            contract_number=contract_number,
            contract_signed_on=contract_signed_on,
            stage_changed_at=now,
            created_by=actor,
            created_at=now,
        )
        supervision.full_clean()
        supervision.save()
        _store(actor, supervision, DocumentKind.SUPERVISION_CONTRACT, contract, "contract")
        audit_record(
            actor=actor,
            action="supervision.assign",
            obj=supervision,
            after={"project": project.code, "firm": firm.name, "contract_number": contract_number},
        )
    return supervision


def supervision_end(*, actor, supervision: Supervision, reason: str) -> Supervision:
    """The Office ends the engagement; the firm is no longer the project's participant."""

    def apply(locked):
        project_services.participant_end(actor=actor, participant=locked.participant, reason=reason)
        return {"firm": locked.firm.name}

    return take(actor=actor, obj=supervision, action="end_supervision", reason=reason, apply=apply)


def supervision_report_file(
    *,
    actor,
    supervision: Supervision,
    period_start: dt.date | None,
    period_end: dt.date | None,
    findings: str,
    document,
) -> SupervisionReport:
    """第十三条: the firm files its supervision report on a project it supervises."""
    problems = domain.period_problems(period_start, period_end)
    if problems:
        raise ValidationError(problems)
    findings = _text(findings, "findings", "监理发现和意见")

    def apply(locked):
        report = SupervisionReport(
            supervision=locked,
            project_id=locked.project_id,
            period_start=period_start,
            period_end=period_end,
            findings=findings,
            filed_by=actor,
            filed_at=clock.now(),
        )
        report.full_clean()
        report.save()
        _store(actor, report, DocumentKind.SUPERVISION_REPORT, document, "document")
        after = {"report": report.pk, "period": f"{period_start:%Y-%m-%d}—{period_end:%Y-%m-%d}"}
        return report, {}, after

    with files_atomic():
        return perform(actor=actor, obj=supervision, activity="file_report", apply=apply)


# 第十七条: information the unit must provide ------------------------------------------------------------


def information_request_create(*, actor, project: Project, subject: str, due: dt.date | None) -> InformationRequest:
    """第十七条: the 项目审批部门, Finance or Audit asks the unit for documents or facts by a date."""
    units, _ = project_facts(project)
    why = domain.information_request_problems(
        office_finance_or_audit=bool(actor.roles & OVERSIGHT_ROLES),
        actor_unit_id=actor.unit_id,
        approving_unit_ids=units.get(Participant.Role.APPROVING_DEPARTMENT, frozenset()),
    )
    require(not why, why)
    subject = _text(subject, "subject", "需提供的资料和情况")
    due = _due(INFORMATION_KEY, due, "due")
    now = clock.now()
    with transaction.atomic():
        request = InformationRequest(
            project=project,
            unit_id=project.unit_id,
            requester_unit_id=actor.unit_id,
            subject=subject,
            due=due,
            stage_changed_at=now,
            requested_by=actor,
            requested_at=now,
        )
        request.full_clean()
        request.save()
        audit_record(
            actor=actor,
            action="information_request.create",
            obj=request,
            after={"project": project.code, "due": due.isoformat()},
            reason=subject,
        )
    return request


def information_request_answer(*, actor, request: InformationRequest, answer: str, document=None) -> InformationRequest:
    """第十七条 如实提供: the unit answers with its account and documents (late answers are kept, and shown)."""
    answer = _text(answer, "reason", "提供的情况说明")

    def apply(locked):
        locked.answer, locked.answered_at = answer, clock.now()
        _store(actor, locked, DocumentKind.INFORMATION_ANSWER, document, "file")
        return {"late": clock.today() > locked.due}

    with files_atomic():
        return take(actor=actor, obj=request, action="answer_information", reason=answer, apply=apply)


def information_request_record_refusal(*, actor, request: InformationRequest, reason: str) -> InformationRequest:
    """第十七条 不得拒绝、隐匿、瞒报: the requester records that the unit refused, hid or misreported."""
    reason = _text(reason, "reason", "拒绝、隐匿或瞒报的情况")

    def apply(locked):
        locked.refusal = reason
        return {}

    return take(actor=actor, obj=request, action="record_refusal", reason=reason, apply=apply)


# 第十八条: inspection, rectification, sanctions ----------------------------------------------------------


def inspection_open(*, actor, project: Project, scope: str) -> Inspection:
    """第十八条: the Office opens an inspection of the project."""
    require(is_office(actor), "只有办公室（项目审批部门）可以组织稽察（第十八条）。")
    scope = _text(scope, "scope", "稽察安排")
    now = clock.now()
    with transaction.atomic():
        inspection = Inspection(
            project=project, unit_id=project.unit_id, scope=scope, stage_changed_at=now, opened_by=actor, opened_at=now
        )
        inspection.full_clean()
        inspection.save()
        audit_record(actor=actor, action="inspection.open", obj=inspection, after={"project": project.code})
    return inspection


def finding_record(
    *,
    actor,
    inspection: Inspection,
    area: str,
    description: str,
    evidence=None,
    requirement: str = "",
    due: dt.date | None = None,
) -> Finding:
    """第十八条: a finding of the inspection, with its evidence; one that 违反国家有关规定 may order a
    rectification by a deadline the order sets (supervision.rectification, within the policy's limits)."""
    if area not in dict(domain.INSPECTION_AREAS):
        raise ValidationError({"area": "请选择稽察内容。"})
    description = _text(description, "description", "发现的问题")
    ordered = has_visible_text(requirement) or due is not None
    if ordered:
        requirement = _text(requirement, "requirement", "整改要求")
        due = _due(RECTIFICATION_KEY, due, "due")

    def apply(locked):
        now = clock.now()
        finding = Finding(
            inspection=locked,
            project_id=locked.project_id,
            area=area,
            description=description,
            recorded_by=actor,
            recorded_at=now,
        )
        finding.full_clean()
        finding.save()
        _store(actor, finding, DocumentKind.INSPECTION_EVIDENCE, evidence, "evidence")
        after = {"finding": finding.pk, "area": area}
        if ordered:
            order = Rectification(
                finding=finding,
                project_id=locked.project_id,
                unit_id=locked.unit_id,
                requirement=requirement,
                due=due,
                stage_changed_at=now,
                ordered_by=actor,
                ordered_at=now,
            )
            order.full_clean()
            order.save()
            notice = official_issue(
                actor=actor,
                kind="rectification_order",
                owner=order,
                project=locked.project,
                title=order_title(order),
            )
            after |= {"rectification": order.pk, "due": due.isoformat(), "order": notice.number}
        return finding, {}, after

    with files_atomic():
        return perform(actor=actor, obj=inspection, activity="record_finding", reason=description, apply=apply)


def inspection_close(*, actor, inspection: Inspection, conclusion: str) -> Inspection:
    conclusion = _text(conclusion, "reason", "稽察结论")

    def apply(locked):
        locked.conclusion = conclusion
        return {}

    return take(actor=actor, obj=inspection, action="close_inspection", reason=conclusion, apply=apply)


def rectification_submit(*, actor, rectification: Rectification, answer: str, evidence=None) -> Rectification:
    """第十八条: the unit reports its rectification with evidence, by the deadline in force."""
    answer = _text(answer, "reason", "整改情况")

    def apply(locked):
        locked.answer, locked.answered_at = answer, clock.now()
        _store(actor, locked, DocumentKind.RECTIFICATION_EVIDENCE, evidence, "file")
        return {}

    with files_atomic():
        return take(actor=actor, obj=rectification, action="submit_rectification", reason=answer, apply=apply)


def rectification_accept(*, actor, rectification: Rectification, opinion: str) -> Rectification:
    opinion = _text(opinion, "reason", "复查意见")
    return take(actor=actor, obj=rectification, action="accept_rectification", reason=opinion)


def rectification_reject(*, actor, rectification: Rectification, reason: str) -> Rectification:
    """整改后仍不符合要求: the unit may answer again until the deadline; the Office may now sanction."""
    reason = _text(reason, "reason", "不符合要求之处")
    return take(actor=actor, obj=rectification, action="reject_rectification", reason=reason)


def sanction_apply(*, actor, rectification: Rectification, kind: str, reason: str) -> Sanction:
    """第十八条 对拒不整改或整改后仍不符合要求的: 通报批评 (a record against the unit), or a restriction on the
    project: 暂缓拨付建设资金, 暂停项目建设, 终止项目 (final). Only on an order that lapsed or was rejected."""
    if kind not in Sanction.Kind.values:
        raise ValidationError({"kind": "请选择处理方式。"})
    reason = _text(reason, "reason", "处理的理由")

    def apply(locked):
        restriction = None
        if kind != Sanction.Kind.CRITICISM:
            restriction = project_services.restriction_place(
                actor=actor, project=locked.project, kind=kind, reason=reason, article="第十八条"
            )
        sanction = Sanction(
            rectification=locked,
            project_id=locked.project_id,
            unit_id=locked.unit_id,
            kind=kind,
            reason=reason,
            restriction=restriction,
            decided_by=actor,
            decided_at=clock.now(),
        )
        sanction.full_clean()
        sanction.save()
        return sanction, {}, {"sanction": sanction.pk, "kind": kind}

    return perform(actor=actor, obj=rectification, activity="apply_sanction", reason=reason, apply=apply)
