"""Use cases of accountability (第三十条), one function each: the permission through the one engine (or the
rule for the record that starts the workflow), the record, the audit event, one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.validators import has_visible_text
from egovpm.documents.models import DocumentKind
from egovpm.documents.services import document_store, files_atomic
from egovpm.projects.engine import CONTROL_CHARACTERS, control_characters, is_office, perform, require, take
from egovpm.projects.models import Project

from . import domain, selectors
from .models import Classification, Measure, SecrecyGuidance, Violation

ONLY_OFFICE = "只有办公室（项目审批部门）可以登记和认定违规行为（第三十条）。"


def _text(value: str, field: str, label: str) -> str:
    if control_characters(value or ""):
        raise ValidationError({field: CONTROL_CHARACTERS})
    if not has_visible_text(value or ""):
        raise ValidationError({field: f"请填写{label}。"})
    return value.strip()


def _store(actor, owner, upload, field: str) -> None:
    if upload is None:
        return
    try:
        document_store(actor=actor, owner=owner, kind=DocumentKind.VIOLATION_EVIDENCE, upload=upload)
    except Refused as exc:
        if exc.code == "bad_file":
            raise ValidationError({field: exc.message}) from exc
        raise


def _propose(*, actor, project: Project, kind: str, facts: str, source: str) -> Violation:
    now = clock.now()
    violation = Violation(
        project=project,
        unit_id=project.unit_id,
        kind=kind,
        source=source,
        facts=facts,
        stage_changed_at=now,
        proposed_by=actor,
        proposed_at=now,
    )
    violation.full_clean(validate_constraints=False)
    violation.save()
    audit_record(
        actor=actor,
        action="violation.propose",
        obj=violation,
        after={"project": project.code, "kind": kind, "source": source},
        reason=facts,
    )
    return violation


def violation_record(*, actor, project: Project, kind: str, facts: str, evidence=None) -> Violation:
    """第三十条: the Office records a violation it found (inspection, report, complaint) for its decision."""
    require(is_office(actor), ONLY_OFFICE)
    if kind not in domain.KIND_BY_CODE:
        raise ValidationError({"kind": "请选择违规行为。"})
    facts = _text(facts, "facts", "违规事实和证据")
    if Violation.objects.filter(project=project, kind=kind, stage=domain.PROPOSED).exists():
        raise ValidationError({"kind": "该项目已有同类违规行为待认定，请先认定或不予认定。"})
    with files_atomic(), transaction.atomic():
        violation = _propose(actor=actor, project=project, kind=kind, facts=facts, source=Violation.Source.OFFICE)
        _store(actor, violation, evidence, "evidence")
    return violation


def violations_propose(*, actor=None) -> list[Violation]:
    """第三十条: where the platform itself sees a violation in the records, it proposes it to the Office with
    the evidence. Idempotent: a project and kind with an open proposal gets no second one, and a proposal
    the Office decided is not made again for the same evidence. `actor` is the Office member who asked
    (the page's 扫描), or None for the scheduled run (propose_violations)."""
    if actor is not None:
        require(is_office(actor), ONLY_OFFICE)
    made = []
    for project in selectors.candidate_projects():
        for detection in domain.detections(selectors.detection_facts(project)):
            decided = Violation.objects.filter(project=project, kind=detection.kind, facts=detection.evidence)
            if decided.exists():
                continue
            try:
                with transaction.atomic():
                    made.append(
                        _propose(
                            actor=actor,
                            project=project,
                            kind=detection.kind,
                            facts=detection.evidence,
                            source=Violation.Source.DETECTED,
                        )
                    )
            except IntegrityError:
                continue  # an open proposal of this kind exists (violation_one_open_proposal)
    return made


def _decide(actor, violation: Violation, action: str, reason: str) -> Violation:
    reason = _text(reason, "reason", "理由")

    def apply(locked):
        locked.decision_reason, locked.decided_by, locked.decided_at = reason, actor, clock.now()
        return {"kind": locked.kind}

    return take(actor=actor, obj=violation, action=action, reason=reason, apply=apply)


def violation_confirm(*, actor, violation: Violation, reason: str) -> Violation:
    """第三十条: the Office confirms the violation, with its reason."""
    return _decide(actor, violation, "confirm_violation", reason)


def violation_dismiss(*, actor, violation: Violation, reason: str) -> Violation:
    """第三十条: the Office dismisses the proposal, with its reason."""
    return _decide(actor, violation, "dismiss_violation", reason)


def measure_record(
    *, actor, violation: Violation, kind: str, description: str, persons: str = "", authority: str = ""
) -> Measure:
    """第三十条: the measure the Office takes on a confirmed violation: 通报批评; 提请有关部门依法给予处分 or
    移交有关部门追究刑事责任, naming the persons with direct responsibility and the department."""
    if kind not in dict(domain.MEASURES):
        raise ValidationError({"kind": "请选择处理方式。"})
    description = _text(description, "description", "处理决定")
    errors = {}
    if kind in domain.NAMES_PERSONS:
        for field, label, value in (
            ("persons", "负有直接责任的主管人员和其他责任人员", persons),
            ("authority", "提请或移交的部门", authority),
        ):
            try:
                _text(value, field, label)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    persons = persons.strip() if kind in domain.NAMES_PERSONS else ""
    authority = authority.strip() if kind in domain.NAMES_PERSONS else ""

    def apply(locked):
        measure = Measure(
            violation=locked,
            project_id=locked.project_id,
            unit_id=locked.unit_id,
            kind=kind,
            persons=persons,
            authority=authority,
            description=description,
            decided_by=actor,
            decided_at=clock.now(),
        )
        measure.full_clean()
        measure.save()
        # The audit chain is read by the audit administrator: the persons' names stay out of it.
        count = len([p for p in persons.split("、") if p.strip()])
        return measure, {}, {"measure": measure.pk, "kind": kind, "persons": count}

    return perform(actor=actor, obj=violation, activity="record_measure", reason=description, apply=apply)


def evidence_add(*, actor, violation: Violation, evidence) -> Violation:
    """第三十条: the Office adds a document of evidence to a violation not yet decided or confirmed."""
    if evidence is None:
        raise ValidationError({"evidence": "请选择证据文件。"})

    def apply(locked):
        _store(actor, locked, evidence, "evidence")
        return locked, {}, {"evidence": getattr(evidence, "name", "")}

    with files_atomic():
        return perform(actor=actor, obj=violation, activity="upload", apply=apply)


# 第三十一条 ---------------------------------------------------------------------------------------------


def classification_mark(*, actor, project: Project, basis: str) -> Classification:
    """第三十一条: the Office marks the project as classified on the Secrecy bureau's (市保密局) word; from
    then on the platform keeps its existence, unit and stage only and stores no file for it."""
    require(is_office(actor), "只有办公室可以标记涉密项目（第三十一条）。")
    basis = _text(basis, "basis", "标记依据")
    if Classification.objects.filter(project=project).exists():
        raise ValidationError({"basis": "该项目已标记为涉密项目。"})
    with transaction.atomic():
        marking = Classification(project=project, basis=basis, marked_by=actor, marked_at=clock.now())
        marking.full_clean()
        marking.save()
        audit_record(actor=actor, action="classification.mark", obj=project, after={"classified": True}, reason=basis)
    return marking


def guidance_record(*, actor, project: Project, guidance: str, given_on: dt.date | None) -> SecrecyGuidance:
    """第三十一条 按有关规定办理: the Office records the Secrecy bureau's guidance on a classified project."""
    require(is_office(actor), "只有办公室可以登记保密指导（第三十一条）。")
    if not selectors.is_classified(project.pk):
        raise ValidationError({"guidance": "该项目未标记为涉密项目。"})
    guidance = _text(guidance, "guidance", "保密指导意见")
    if given_on is None:
        raise ValidationError({"given_on": "请填写指导日期。"})
    if given_on > clock.today():
        raise ValidationError({"given_on": "指导日期不能晚于今天。"})
    with transaction.atomic():
        record = SecrecyGuidance(
            project=project, guidance=guidance, given_on=given_on, recorded_by=actor, recorded_at=clock.now()
        )
        record.full_clean()
        record.save()
        audit_record(
            actor=actor, action="secrecy_guidance.record", obj=project, after={"given_on": given_on.isoformat()}
        )
    return record
