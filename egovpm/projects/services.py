"""Use cases of the project aggregate that every stage shares: extending a deadline."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.policy.loader import get_policy

from .engine import CONTROL_CHARACTERS, control_characters, facts_of, is_office, lock, require
from .models import DeadlineExtension
from .selectors import effective_due


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
