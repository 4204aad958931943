"""Use cases of the project aggregate that every stage shares: the Office names the project's parties,
places or lifts the restrictions of 第十八条, and extends deadlines. Each checks the role, keeps the rule,
writes its audit event, in one transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.validators import has_visible_text
from egovpm.policy.loader import get_policy

from .domain import restriction_problems
from .engine import CONTROL_CHARACTERS, control_characters, facts_of, is_applicant_of, is_office, lock, require
from .models import DeadlineExtension, Participant, Project, Restriction
from .selectors import effective_due

ONLY_OFFICE = "只有办公室可以确定项目参与方或采取、解除限制措施。"
ONLY_OFFICE_OR_UNIT = "只有办公室或项目建设单位可以委托监理单位；其他参与方由办公室确定。"


def _reason(text: str, label: str) -> str:
    if not has_visible_text(text):
        raise ValidationError({"reason": f"请填写{label}。"})
    return text.strip()


def participant_assign(*, actor, project: Project, role: str, unit, reason: str) -> Participant:
    """The Office names the supervision firm, an assessor, or a 项目审批部门 other than itself; the unit
    entrusts its supervision firm itself (第十三条)."""
    by_unit = role == Participant.Role.SUPERVISION_FIRM and is_applicant_of(actor, project)
    require(is_office(actor) or by_unit, ONLY_OFFICE_OR_UNIT)
    reason = _reason(reason, "确定参与方的依据或说明")
    with transaction.atomic():
        project = lock(Project, project.pk)
        if (
            role == Participant.Role.APPROVING_DEPARTMENT
            and project.participants.filter(role=role, ended_at__isnull=True).exists()
        ):
            raise Refused("该项目已确定项目审批部门，请先结束原指定再重新确定。")
        if project.participants.filter(role=role, unit=unit, ended_at__isnull=True).exists():
            raise Refused(f"{unit} 已是该项目的{Participant.Role(role).label}。")
        participant = Participant(
            project=project, role=role, unit=unit, reason=reason, assigned_by=actor, assigned_at=clock.now()
        )
        participant.full_clean()
        participant.save()
        audit_record(
            actor=actor,
            action="project.participant_assign",
            obj=project,
            after={"participant": participant.pk, "role": role, "unit": unit.name},
            reason=reason,
        )
    return participant


def participant_end(*, actor, participant: Participant, reason: str) -> Participant:
    require(is_office(actor), ONLY_OFFICE)
    reason = _reason(reason, "结束的理由")
    with transaction.atomic():
        participant = lock(Participant, participant.pk)
        if participant.ended_at is not None:
            raise Refused("该参与方已结束。", code="stale")
        participant.ended_by, participant.ended_at = actor, clock.now()
        participant.full_clean()
        participant.save()
        audit_record(
            actor=actor,
            action="project.participant_end",
            obj=participant.project,
            before={"participant": participant.pk, "role": participant.role, "unit": participant.unit.name},
            reason=reason,
        )
    return participant


def restriction_place(*, actor, project: Project, kind: str, reason: str, article: str = "第十八条") -> Restriction:
    """第十八条: the Office withholds the construction funds, suspends the project, or terminates it."""
    require(is_office(actor), ONLY_OFFICE)
    reason = _reason(reason, "采取措施的理由")
    with transaction.atomic():
        project = lock(Project, project.pk)
        active = set(project.restrictions.filter(lifted_at__isnull=True).values_list("kind", flat=True))
        why = restriction_problems(kind=kind, active_kinds=active, terminated=Restriction.Kind.TERMINATE in active)
        if why:
            raise Refused(why)
        restriction = Restriction(
            project=project, kind=kind, article=article, reason=reason, placed_by=actor, placed_at=clock.now()
        )
        restriction.full_clean()
        restriction.save()
        audit_record(
            actor=actor,
            action="project.restriction_place",
            obj=project,
            after={"restriction": restriction.pk, "kind": kind, "article": article},
            reason=reason,
        )
    return restriction


def restriction_lift(*, actor, restriction: Restriction, reason: str) -> Restriction:
    """The Office lifts withheld funds or a suspension once the unit has rectified; a termination is final."""
    require(is_office(actor), ONLY_OFFICE)
    reason = _reason(reason, "解除的理由")
    with transaction.atomic():
        restriction = lock(Restriction, restriction.pk)
        if restriction.kind == Restriction.Kind.TERMINATE:
            raise Refused("终止项目的决定不能解除（第十八条）。")
        if restriction.lifted_at is not None:
            raise Refused("该措施已解除。", code="stale")
        restriction.lifted_by, restriction.lifted_at, restriction.lift_reason = actor, clock.now(), reason
        restriction.full_clean()
        restriction.save()
        audit_record(
            actor=actor,
            action="project.restriction_lift",
            obj=restriction.project,
            before={"restriction": restriction.pk, "kind": restriction.kind},
            reason=reason,
        )
    return restriction


def deadline_extend(*, actor, obj, key: str, due: dt.date, reason: str) -> DeadlineExtension:
    """The Office extends deadline `key` (the policy's qualified key) of `obj` to `due`, with a reason.
    The new date must be after the due date in force (the policy's, or the latest extension). The
    object's facts say what the deadline counts from; a deadline that does not run yet is not extended."""
    require(is_office(actor), "只有办公室可以延长截止期限。")
    if control_characters(reason):
        raise ValidationError({"reason": CONTROL_CHARACTERS})
    policy = get_policy()
    try:
        deadline = policy.deadline(key)
    except KeyError:
        raise ValidationError({"key": f"管理办法中没有“{key}”这一截止期限。"}) from None
    with transaction.atomic():
        locked = lock(type(obj), obj.pk)
        facts = facts_of(locked)
        base = policy.base_due(key, plan_year=facts.plan_year, event_dates=facts.event_dates, set_due=facts.set_due)
        current = effective_due(locked, key, base)
        if current is None:
            raise Refused(f"{deadline.label}尚未开始计算，无需延期。")
        if due <= current:
            raise Refused(f"延长后的日期须晚于现行截止日期 {current:%Y年%m月%d日}。")
        extension = DeadlineExtension(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            key=key,
            previous_due=current,
            due=due,
            reason=reason.strip(),
            granted_by=actor,
            granted_at=clock.now(),
        )
        extension.full_clean()
        extension.save()
        audit_record(
            actor=actor,
            action="deadline.extend",
            obj=locked,
            before={"key": key, "due": current.isoformat()},
            after={"key": key, "due": due.isoformat(), "article": deadline.article},
            reason=extension.reason,
        )
    return extension
