"""第八条, 第九条: the special procedure, one function per step. Each checks its party through the
lifecycle table (SPECIAL), writes the audit event "special.<action>" and runs in one transaction.

A special application is a Declaration with procedure "special" (the application form of 附件1) and
its SpecialRequest (the application letter)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.experts.services import expert_draw_close
from egovpm.intake.models import (
    ApprovalOpinion,
    BudgetLibraryEntry,
    Declaration,
    PlanYear,
    Procedure,
    ReviewInvitation,
    SpecialException,
    SpecialRequest,
)
from egovpm.intake.workflow import special_allowance
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.lifecycle.workflows import SPECIAL
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import ensure, is_applicant_of, is_office, lock, require, take
from egovpm.projects.hooks import PROJECT_DESCRIBED, announce
from egovpm.projects.models import Project

from .declaration import (
    APPLICATION_FIELDS,
    PROJECT_FIELDS,
    _scoped,
    _snapshot,
    _validate_application,
    application_apply,
    project_save,
)
from .feasibility import approve_with_opinion
from .review import PARTY_OF_ROLE

LETTER_FIELDS = ("basis", "unforeseeable_reason", "city_approval_reference", "city_approval_date")
MISSING_REASON = "第八条(一)：因不可预见的原因启动特殊申报程序的，须说明未能按一般程序申报的原因。"
MISSING_APPROVAL = "第八条(三)：经市政府批准的项目，须填写市政府批准文件（文号或名称）。"


def _special(declaration: Declaration) -> None:
    if declaration.procedure != Procedure.SPECIAL:
        raise Refused("该项目不是特殊申报程序的申请。")


def _letter(
    *, basis: str, unforeseeable_reason: str, city_approval_reference: str, city_approval_date: dt.date | None
) -> dict:
    """第八条(一)(三): the ground of the application and what it must state; the letter's fields."""
    reason = (unforeseeable_reason or "").strip()
    reference = (city_approval_reference or "").strip()
    if basis == SpecialRequest.Basis.UNFORESEEABLE:
        if not reason:
            raise ValidationError({"unforeseeable_reason": MISSING_REASON})
        return {
            "basis": basis,
            "unforeseeable_reason": reason,
            "city_approval_reference": "",
            "city_approval_date": None,
        }
    if basis == SpecialRequest.Basis.CITY_APPROVED:
        errors = {}
        if not reference:
            errors["city_approval_reference"] = MISSING_APPROVAL
        if city_approval_date and city_approval_date > clock.today():
            errors["city_approval_date"] = "批准日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)
        return {
            "basis": basis,
            "unforeseeable_reason": "",
            "city_approval_reference": reference,
            "city_approval_date": city_approval_date,
        }
    raise ValidationError({"basis": "请选择启动特殊申报程序的依据（第八条(一)或(三)）。"})


def _checked(name: str, data: dict, letter: dict) -> dict:
    """Every problem of the name, the application form and the letter at once; the letter's fields."""
    errors: dict = {}
    if not name.strip():
        errors["name"] = ["请填写项目名称。"]
    fields = {}
    for check in (lambda: _validate_application(data), lambda: fields.update(_letter(**letter))):
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return fields


def special_create(
    *,
    actor,
    plan_year: PlanYear,
    name: str,
    data: dict,
    basis: str,
    unforeseeable_reason: str = "",
    city_approval_reference: str = "",
    city_approval_date: dt.date | None = None,
    project: Project | None = None,
) -> Declaration:
    """The unit writes its application letter (第九条(一)) with the application form (附件1) of the
    project, as a draft. There is no window: the special procedure serves after the general one."""
    require(
        actor.unit_id is not None and actor.has_role(*APPLICANT_ROLES),
        "只有申报单位的经办人可以提交启动特殊申报程序申请书。",
    )
    letter = _checked(
        name,
        data,
        {
            "basis": basis,
            "unforeseeable_reason": unforeseeable_reason,
            "city_approval_reference": city_approval_reference,
            "city_approval_date": city_approval_date,
        },
    )
    data = _scoped(data)
    scope = {k: data[k] for k in PROJECT_FIELDS if k in data}
    with transaction.atomic():
        lock(PlanYear, plan_year.pk)  # one at a time: the project code
        now = clock.now()
        if project is not None:
            require(project.unit_id == actor.unit_id, "只能为本单位的项目申请启动特殊申报程序。")
        project = project_save(actor=actor, plan_year=plan_year, name=name, scope=scope, project=project)
        decl = Declaration(
            project=project,
            plan_year=plan_year,
            unit_id=actor.unit_id,
            procedure=Procedure.SPECIAL,
            stage=SPECIAL.initial,
            created_at=now,
            stage_changed_at=now,
            **{k: v for k, v in data.items() if k in APPLICATION_FIELDS},
        )
        decl.full_clean()
        decl.save()
        request = SpecialRequest(declaration=decl, **letter)
        request.full_clean()
        request.save()
        announce(PROJECT_DESCRIBED, project=project)
        audit_record(
            actor=actor,
            action="special.create",
            obj=decl,
            after={"name": project.name, "plan_year": plan_year.year, **letter, **_snapshot(decl)},
        )
    return decl


def special_update(
    *,
    actor,
    declaration: Declaration,
    name: str,
    data: dict,
    basis: str,
    unforeseeable_reason: str = "",
    city_approval_reference: str = "",
    city_approval_date: dt.date | None = None,
) -> Declaration:
    """Edit the letter and the application form while they are a draft."""
    _special(declaration)
    require(is_applicant_of(actor, declaration), "只有申报单位可以修改启动特殊申报程序申请书。")
    ensure(actor, declaration, "edit")
    letter = _checked(
        name,
        data,
        {
            "basis": basis,
            "unforeseeable_reason": unforeseeable_reason,
            "city_approval_reference": city_approval_reference,
            "city_approval_date": city_approval_date,
        },
    )
    data = _scoped(data)
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().select_related("project").get(pk=declaration.pk)
        ensure(actor, decl, "edit")
        request = SpecialRequest.objects.select_for_update().get(declaration=decl)
        before = {"name": decl.project.name, **_snapshot(decl), **{f: getattr(request, f) for f in LETTER_FIELDS}}
        application_apply(decl, name=name, data=data)
        for key, value in letter.items():
            setattr(request, key, value)
        request.full_clean()
        request.save()
        after = {"name": decl.project.name, **_snapshot(decl), **letter}
        changed = [k for k in after if before[k] != after[k]]
        audit_record(
            actor=actor,
            action="special.update",
            obj=decl,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return decl


def special_submit(*, actor, declaration: Declaration) -> Declaration:
    """第九条(一): submit the letter to the Office. 第八条(二): once a plan year per department per
    matter, unless the Office recorded an exception, which this application then uses up."""
    _special(declaration)

    def submit(decl: Declaration) -> dict:
        decl.submitted_at = clock.now()
        extra = {"submitted_at": decl.submitted_at}
        allowance = special_allowance(decl)
        if isinstance(allowance, SpecialException):
            exception = SpecialException.objects.select_for_update().get(pk=allowance.pk)
            request = SpecialRequest.objects.select_for_update().get(declaration=decl)
            request.exception = exception
            request.save(update_fields=["exception"])
            extra.update(exception=exception.pk, exception_reason=exception.reason)
        return extra

    return take(actor=actor, obj=declaration, action="submit_special_request", apply=submit)


def special_exception_grant(*, actor, unit, plan_year: PlanYear, project: Project, reason: str) -> SpecialException:
    """第八条(二) "原则上": the Office records, with its reason, that the unit may start the special
    procedure once more this plan year for the same matter."""
    require(is_office(actor), "只有办公室可以记录特殊申报程序的例外。")
    errors = {}
    if not reason.strip():
        errors["reason"] = "请填写例外理由（第八条(二)）。"
    if project.unit_id != unit.pk:
        errors["project"] = "该事项（项目）不属于所选单位。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock(Project, project.pk)  # the matter: a second grant at the same time waits and finds the first
        unused = SpecialException.objects.select_for_update(of=("self",)).filter(
            unit=unit, plan_year=plan_year, project=project, used_by__isnull=True
        )
        if unused.first() is not None:
            raise Refused("该单位本年度同一事项已有一条尚未使用的例外，无须重复记录。")
        exception = SpecialException(
            unit=unit,
            plan_year=plan_year,
            project=project,
            reason=reason.strip(),
            granted_by=actor,
            granted_at=clock.now(),
        )
        exception.full_clean()
        exception.save()
        audit_record(
            actor=actor,
            action="special.exception_grant",
            obj=exception,
            after={"unit": unit.name, "plan_year": plan_year.year, "project": project.code},
            reason=exception.reason,
        )
    return exception


def special_start_agree(*, actor, declaration: Declaration, required_materials: str) -> Declaration:
    """第九条(二): the Office agrees to start the procedure and lists the materials the unit must send."""
    _special(declaration)

    def record(decl: Declaration) -> dict:
        request = SpecialRequest.objects.select_for_update().get(declaration=decl)
        request.required_materials = required_materials.strip()
        request.save(update_fields=["required_materials"])
        return {"required_materials": request.required_materials}

    return take(actor=actor, obj=declaration, action="agree_special_start", reason=required_materials, apply=record)


def special_start_refuse(*, actor, declaration: Declaration, reason: str) -> Declaration:
    """第八条: the Office does not agree to start the procedure, with its reason."""
    _special(declaration)
    return take(actor=actor, obj=declaration, action="refuse_special_start", reason=reason)


def special_materials_submit(*, actor, declaration: Declaration) -> Declaration:
    """第九条(二): the unit sends the required materials (uploaded beforehand)."""
    _special(declaration)

    def count(decl: Declaration) -> dict:
        return {"materials": decl.documents.filter(kind="special_material").count()}

    return take(actor=actor, obj=declaration, action="submit_special_materials", apply=count)


def joint_review_start(*, actor, declaration: Declaration, reviewers: list) -> Declaration:
    """第九条(三): the Office organises the joint review, inviting the departments concerned and
    experts; each invited person gives an opinion (services.review_opinion_submit)."""
    _special(declaration)
    if not reviewers:
        raise ValidationError({"reviewers": "请至少邀请一个有关部门的人员或一位专家参加会审（第九条(三)）。"})
    parties = []
    for user in reviewers:
        party = next((p for role, p in PARTY_OF_ROLE.items() if user.has_role(role)), None)
        if party is None:
            raise ValidationError({"reviewers": f"{user} 不是有关部门人员或专家，不能受邀参加会审。"})
        parties.append((user, party))
    policy = get_policy()

    def invite(decl: Declaration) -> dict:
        now = clock.now()
        due = policy.intake.service_due("review_opinion", clock.today())
        for user, party in parties:
            ReviewInvitation.objects.create(declaration=decl, reviewer=user, party=party, invited_at=now, due_date=due)
        return {"reviewers": [u.username for u, _ in parties], "due_date": due}

    return take(actor=actor, obj=declaration, action="start_joint_review", apply=invite)


def special_adjustment_request(*, actor, declaration: Declaration, opinion: str) -> Declaration:
    """第九条(三): following the joint review's opinions, the Office asks the unit to adjust the project."""
    _special(declaration)
    return take(actor=actor, obj=declaration, action="request_adjustment", reason=opinion)


def special_resubmit(*, actor, declaration: Declaration, note: str) -> Declaration:
    """第九条(三): the unit sends the adjusted project back to the joint review, saying what changed."""
    _special(declaration)
    return take(actor=actor, obj=declaration, action="resubmit_adjusted", reason=note)


def special_approve(*, actor, declaration: Declaration, opinion: str, approved_amount: Decimal) -> ApprovalOpinion:
    """第九条(四): the project passed the joint review; the Office issues its numbered written opinion."""
    _special(declaration)
    return approve_with_opinion(
        actor=actor, declaration=declaration, action="approve_special", opinion=opinion, approved_amount=approved_amount
    )


def special_reject(*, actor, declaration: Declaration, reason: str) -> Declaration:
    """第九条(三): the project does not pass the joint review."""
    _special(declaration)

    def close(decl: Declaration) -> dict:
        expert_draw_close(actor=actor, owner=decl)
        return {}

    return take(actor=actor, obj=declaration, action="reject_special", reason=reason, apply=close)


def special_funds_apply(*, actor, declaration: Declaration, note: str = "") -> Declaration:
    """第九条(四): with the written opinion, the unit applies to Finance for fiscal funds."""
    _special(declaration)

    def stamp(decl: Declaration) -> dict:
        decl.sent_to_finance_at = clock.now()
        return {"approval_opinion": decl.approval_opinion.number}

    return take(actor=actor, obj=declaration, action="apply_special_funds", reason=note, apply=stamp)


def special_funds_arrange(
    *, actor, declaration: Declaration, amount: Decimal, library_code: str = ""
) -> BudgetLibraryEntry:
    """第九条(四): Finance records the funds it arranges, at most the amount the written opinion approved."""
    _special(declaration)
    if amount is None or amount < 0:
        raise ValidationError({"amount": "安排资金不能为负数。"})
    opinion = ApprovalOpinion.objects.filter(declaration=declaration).first()
    if opinion is not None and amount > opinion.approved_amount:
        raise ValidationError({"amount": f"安排资金不能超过书面意见核定的投资（{opinion.approved_amount:.2f} 万元）。"})
    result: dict = {}

    def arrange(decl: Declaration) -> dict:
        now = clock.now()
        entry = BudgetLibraryEntry(
            declaration=decl,
            library_code=library_code.strip(),
            placed_at=now,
            placed_by=actor,
            arranged_amount=amount,
            arranged_at=now,
        )
        entry.full_clean(exclude=["declaration"])
        entry.save()
        result["entry"] = entry
        return {"arranged_amount": amount, "library_code": entry.library_code}

    take(actor=actor, obj=declaration, action="arrange_special_funds", apply=arrange)
    return result["entry"]
