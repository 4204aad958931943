"""Use cases of acceptance (第十九条 to 第二十一条, 附件4), one function each: the permission through the one
engine, the record, the audit event, one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.money import fmt_wan
from egovpm.core.validators import has_visible_text
from egovpm.documents.services import document_store, files_atomic
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.official.services import official_issue
from egovpm.orgs.models import Unit
from egovpm.policy.loader import get_policy
from egovpm.projects import services as project_services
from egovpm.projects.engine import CONTROL_CHARACTERS, control_characters, perform, take
from egovpm.projects.models import Project

from . import domain, selectors
from .models import Acceptance, AcceptanceDocument, AcceptanceExtension, CheckResult, CompletionRound, GroupMember
from .report import report_title
from .workflow import DEADLINE


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    if control_characters(value or ""):
        raise ValidationError({field: CONTROL_CHARACTERS})
    if required and not has_visible_text(value or ""):
        raise ValidationError({field: f"请填写{label}。"})
    return (value or "").strip()


# The record opens with 建设完成 (第二十条) ----------------------------------------------------------------------


def acceptance_open(*, actor, project: Project, completed_on: dt.date) -> Acceptance:
    """建设完成: the project's acceptance record opens and the six months of 第二十条 start counting from
    `completed_on`. Construction announces it (projects.hooks) inside its own transaction; opening twice
    returns the record already open."""
    found = Acceptance.objects.filter(project=project).first()
    if found is not None:
        return found
    now = clock.now()
    try:
        with transaction.atomic():
            acceptance = Acceptance(
                project=project,
                unit_id=project.unit_id,
                construction_completed_on=completed_on,
                stage_changed_at=now,
                opened_at=now,
            )
            acceptance.full_clean(exclude=["project"])
            acceptance.save()
            due = selectors.base_due(acceptance)
            audit_record(
                actor=actor,
                action="acceptance.open",
                obj=acceptance,
                after={"stage": acceptance.stage, "completed_on": completed_on.isoformat(), "due": due.isoformat()},
            )
    except IntegrityError:
        return Acceptance.objects.get(project=project)
    return acceptance


# Initial acceptance by the unit (第十九条, 附件4 六) ------------------------------------------------------------


def acceptance_document_record(
    *,
    actor,
    acceptance: Acceptance,
    kind: str,
    author_organisation: str,
    author_person: str,
    dated: dt.date | None,
    document,
    subject: str = "",
) -> AcceptanceDocument:
    """附件4 六, 第二十条: the unit records one typed document of initial acceptance or of the application —
    who made it (organisation and person: the unit or 相关单位) and when — with its file."""
    slot = domain.SLOT_BY_KIND.get(kind)
    if slot is None:
        raise ValidationError({"kind": "请选择材料类型。"})
    subject = _text(subject, "subject", "合同或子系统名称", required=slot.many)
    author_organisation = _text(author_organisation, "author_organisation", "编制单位")
    author_person = _text(author_person, "author_person", "编制人")
    if dated is None:
        raise ValidationError({"dated": "请填写报告日期。"})
    if dated > clock.today():
        raise ValidationError({"dated": "报告日期不能晚于今天。"})
    if document is None:
        raise ValidationError({"document": f"请上传{slot.label}。"})

    def apply(locked: Acceptance):
        record = AcceptanceDocument(
            acceptance=locked,
            project_id=locked.project_id,
            kind=kind,
            subject=subject,
            author_organisation=author_organisation,
            author_person=author_person,
            dated=dated,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        record.full_clean()
        record.save()
        try:
            document_store(actor=actor, owner=record, kind=kind, upload=document)
        except Refused as exc:
            if exc.code == "bad_file":
                raise ValidationError({"document": exc.message}) from exc
            raise
        after = {"record": record.pk, "kind": kind, "subject": subject, "author": author_organisation}
        return record, {}, after

    with files_atomic():
        return perform(actor=actor, obj=acceptance, activity="record_document", reason=slot.label, apply=apply)


# 延期验收申请 (第二十条, 附件4 一) ---------------------------------------------------------------------------


def acceptance_extension_request(
    *, actor, acceptance: Acceptance, requested_due: dt.date | None, reason: str
) -> AcceptanceExtension:
    """第二十条: the unit that cannot apply in time asks the 项目审批部门 to extend, with its reason and the
    date it asks for (later than the deadline in force)."""
    reason = _text(reason, "reason", "延期理由")
    if requested_due is None:
        raise ValidationError({"requested_due": "请填写申请延期至的日期。"})

    def apply(locked: Acceptance):
        current = selectors.due_in_force(locked)
        if requested_due <= current:
            raise ValidationError({"requested_due": f"申请延期至的日期须晚于现行期限 {current:%Y年%m月%d日}。"})
        extension = AcceptanceExtension(
            acceptance=locked,
            project_id=locked.project_id,
            unit_id=locked.unit_id,
            reason=reason,
            current_due=current,
            requested_due=requested_due,
            stage_changed_at=clock.now(),
            requested_by=actor,
            requested_at=clock.now(),
        )
        extension.full_clean()
        extension.save()
        after = {
            "extension": extension.pk,
            "current_due": current.isoformat(),
            "requested_due": requested_due.isoformat(),
        }
        return extension, {}, after

    return perform(actor=actor, obj=acceptance, activity="request_extension", reason=reason, apply=apply)


def acceptance_extension_approve(*, actor, extension: AcceptanceExtension, opinion: str) -> AcceptanceExtension:
    """The 项目审批部门 approves: the deadline moves to the date asked for, through the platform's one
    extension (projects.services.deadline_extend), in the same transaction."""
    opinion = _text(opinion, "reason", "批准意见")

    def apply(locked: AcceptanceExtension):
        locked.decision = opinion
        locked.grant = project_services.deadline_extend(
            actor=actor, obj=locked.acceptance, key=DEADLINE, due=locked.requested_due, reason=opinion
        )
        return {"due": locked.requested_due.isoformat()}

    return take(actor=actor, obj=extension, action="approve_extension", reason=opinion, apply=apply)


def acceptance_extension_refuse(*, actor, extension: AcceptanceExtension, reason: str) -> AcceptanceExtension:
    reason = _text(reason, "reason", "不予批准的理由")

    def apply(locked: AcceptanceExtension):
        locked.decision = reason
        return {}

    return take(actor=actor, obj=extension, action="refuse_extension", reason=reason, apply=apply)


# Delegation (第十九条, 附件4 五(二)) ----------------------------------------------------------------------------


def acceptance_delegate(*, actor, acceptance: Acceptance, reason: str = "") -> Acceptance:
    """第十九条 对建设规模较小或建设内容较简单的电子政务项目，可委托项目建设单位组织竣工验收: within the
    policy's threshold (the approved estimate, acceptance.delegation_threshold) the Office delegates on
    that ground; above it only by a decision that says why the content is simple."""
    reason = _text(reason, "reason", "委托理由", required=False)
    threshold = get_policy().acceptance.delegation_threshold_wan
    total = selectors.estimate_total(acceptance.project)
    basis = domain.delegation_basis(total, threshold)
    if basis == "decision" and not reason:
        shown = "尚未核定" if total is None else f"{fmt_wan(total)} 万元"
        raise ValidationError(
            {
                "reason": f"项目概算（{shown}）超过 {fmt_wan(threshold)} 万元，不属建设规模较小；"
                "委托的，请写明建设内容较简单的理由（第十九条）。"
            }
        )
    if not reason:
        reason = f"项目概算 {fmt_wan(total)} 万元，不超过 {fmt_wan(threshold)} 万元，建设规模较小（第十九条）。"

    def apply(locked: Acceptance):
        locked.delegated, locked.delegation_basis, locked.delegation_reason = True, basis, reason
        locked.delegated_by, locked.delegated_at = actor, clock.now()
        locked.full_clean()
        locked.save()
        return locked, {"delegated": False}, {"delegated": True, "basis": basis}

    return perform(actor=actor, obj=acceptance, activity="delegate", reason=reason, apply=apply)


# The application (第二十条, 附件4 六(四)) ----------------------------------------------------------------------


def acceptance_apply(*, actor, acceptance: Acceptance, statement: str) -> Acceptance:
    """第二十条: the unit submits its 竣工验收申请报告 with every document the article and 附件4 ask for (the
    engine refuses, naming what is missing); a not-accepted project applies again in a new round."""
    statement = _text(statement, "reason", "竣工验收申请报告（申请说明）")

    def apply(locked: Acceptance):
        number = locked.rounds.count() + 1
        CompletionRound.objects.create(
            acceptance=locked,
            project_id=locked.project_id,
            number=number,
            statement=statement,
            delegated=locked.delegated,
            applied_by=actor,
            applied_at=clock.now(),
        )
        return {"round": number, "late": clock.today() > selectors.due_in_force(locked)}

    return take(actor=actor, obj=acceptance, action="apply_completion", reason=statement, apply=apply)


# Completion acceptance (第十九条, 附件4 七) ------------------------------------------------------------------


def _round(acceptance: Acceptance) -> CompletionRound:
    return acceptance.rounds.select_for_update().order_by("-number").first()


def group_member_add(
    *, actor, acceptance: Acceptance, kind: str, user=None, unit: Unit | None = None, duty: str = ""
) -> GroupMember:
    """附件4 七(一) 组建竣工验收组: the Office's own staff, experts (the platform's expert users) and invited
    departments. A member from the project's own unit is refused (回避)."""
    if kind not in dict(domain.MEMBER_KINDS):
        raise ValidationError({"kind": "请选择成员类别。"})
    field = "unit" if kind == domain.DEPARTMENT else "user"
    member = unit if kind == domain.DEPARTMENT else user
    if member is None:
        raise ValidationError({field: "请选择受邀部门。" if kind == domain.DEPARTMENT else "请选择人员。"})
    problem = domain.member_problem(
        kind=kind,
        member_unit_id=unit.pk if kind == domain.DEPARTMENT else user.unit_id,
        project_unit_id=acceptance.unit_id,
        is_expert=kind == domain.EXPERT and user.has_role(Role.EXPERT),
        is_office=kind == domain.OFFICE_STAFF and bool(user.roles & OFFICE_ROLES),
    )
    if problem:
        raise ValidationError({field: problem})
    duty = _text(duty, "duty", "职责", required=False)

    def apply(locked: Acceptance):
        current = _round(locked)
        taken = current.members.filter(unit=unit) if kind == domain.DEPARTMENT else current.members.filter(user=user)
        if taken.exists():
            raise ValidationError({field: "已在验收组中。"})
        added = GroupMember(
            round=current, kind=kind, user=user, unit=unit, duty=duty, added_by=actor, added_at=clock.now()
        )
        added.full_clean()
        added.save()
        return added, {}, {"member": str(added), "kind": kind, "round": current.number}

    return perform(actor=actor, obj=acceptance, activity="add_member", apply=apply)


def completion_acceptance_start(*, actor, acceptance: Acceptance) -> Acceptance:
    """附件4 七: the organiser starts the completion acceptance with its group formed."""

    def apply(locked: Acceptance):
        current = _round(locked)
        current.started_at = clock.now()
        current.save(update_fields=["started_at"])
        return {"round": current.number, "delegated": locked.delegated}

    return take(actor=actor, obj=acceptance, action="start_completion_acceptance", apply=apply)


def check_record(
    *, actor, acceptance: Acceptance, code: str, evidence: str, passed: bool | None, note: str = ""
) -> CheckResult:
    """附件4 二, 四: one task or condition checked, with its evidence and whether it passed (a failure
    says why). Recorded again, it replaces the round's earlier answer (the audit chain keeps it)."""
    item = domain.CHECK_BY_CODE.get(code)
    if item is None:
        raise ValidationError({"code": "请选择检查项。"})
    evidence = _text(evidence, "evidence", "证据")
    if passed is None:
        raise ValidationError({"passed": "请选择是否满足。"})
    note = _text(note, "note", "不满足的情况", required=not passed)

    def apply(locked: Acceptance):
        current = _round(locked)
        earlier = current.checks.filter(code=code).first()
        before = {"passed": earlier.passed, "evidence": earlier.evidence} if earlier else {}
        result = earlier or CheckResult(round=current, code=code)
        result.evidence, result.passed, result.note = evidence, passed, note
        result.recorded_by, result.recorded_at = actor, clock.now()
        result.full_clean(validate_unique=False)
        result.save()
        return result, before, {"code": code, "passed": passed, "article": item.article, "round": current.number}

    return perform(actor=actor, obj=acceptance, activity="record_check", reason=item.label, apply=apply)


def review_record(
    *, actor, acceptance: Acceptance, areas: list[str], bases: list[str], findings: str
) -> CompletionRound:
    """附件4 七(二): the group reviews 建设、设计、监理、施工、招标采购、档案资料、预（概）算执行和财务决算,
    against the bases of 附件4 三 it records."""
    areas = [a for a in areas if a in dict(domain.REVIEW_AREAS)]
    bases = [b for b in bases if b in dict(domain.BASES)]
    if control_characters(findings or ""):
        raise ValidationError({"findings": CONTROL_CHARACTERS})
    problems = domain.review_problems(areas, bases, findings or "")
    if problems:
        raise ValidationError(problems)

    def apply(locked: Acceptance):
        current = _round(locked)
        before = {"areas": current.review_areas, "bases": current.review_bases}
        current.review_areas, current.review_bases, current.review_findings = areas, bases, findings.strip()
        current.full_clean(validate_unique=False)
        current.save(update_fields=["review_areas", "review_bases", "review_findings"])
        return current, before, {"areas": areas, "bases": bases, "round": current.number}

    return perform(actor=actor, obj=acceptance, activity="record_review", apply=apply)


def _conclude(actor, acceptance: Acceptance, action: str, outcome: str, text: str, field: str) -> Acceptance:
    def apply(locked: Acceptance):
        current = _round(locked)
        current.outcome, current.concluded_by, current.concluded_at = outcome, actor, clock.now()
        setattr(current, field, text)
        current.full_clean(validate_unique=False)
        current.save()
        # 附件4 七(三): the group's 竣工验收报告, numbered and issued as an official document
        issued = official_issue(
            actor=actor,
            kind="acceptance_report",
            owner=current,
            project=locked.project,
            title=report_title(locked),
        )
        return {"round": current.number, "outcome": outcome, "report": issued.number}

    return take(actor=actor, obj=acceptance, action=action, reason=text, apply=apply)


def completion_acceptance_accept(*, actor, acceptance: Acceptance, opinion: str) -> Acceptance:
    """附件4 七(三): every task and condition met, the group issues its 竣工验收报告 with its 评价意见和建议."""
    opinion = _text(opinion, "reason", "评价意见和建议")
    return _conclude(actor, acceptance, "conclude_accepted", CompletionRound.Outcome.ACCEPTED, opinion, "opinion")


def completion_acceptance_reject(*, actor, acceptance: Acceptance, reasons: str) -> Acceptance:
    """第二十一条 未通过验收: the reasons and what must be done; the unit applies again once it has done it."""
    reasons = _text(reasons, "reason", "未通过的原因及须完成的整改")
    return _conclude(
        actor, acceptance, "conclude_not_accepted", CompletionRound.Outcome.NOT_ACCEPTED, reasons, "reasons"
    )


def acceptance_report_file(*, actor, acceptance: Acceptance, note: str = "") -> Acceptance:
    """第二十一条 项目验收通过后，项目验收报告报项目审批部门备案: the 项目审批部门 records the filing."""
    note = _text(note, "reason", "备案说明", required=False)

    def apply(locked: Acceptance):
        current = _round(locked)
        current.filed_at, current.filed_by, current.filing_note = clock.now(), actor, note
        current.save(update_fields=["filed_at", "filed_by", "filing_note"])
        return {"round": current.number}

    return take(actor=actor, obj=acceptance, action="file_acceptance_report", reason=note, apply=apply)
