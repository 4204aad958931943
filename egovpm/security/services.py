"""Use cases of the security administrator and of every user's own credentials."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.orgs.roles import Role

from .domain import SecurityPolicy, security_policy_problems
from .models import SecurityPolicyRecord
from .policy import security_policy


def security_policy_update(*, actor, policy: SecurityPolicy) -> SecurityPolicy:
    """The security administrator sets the policy; values outside the level-3 bounds are refused."""
    if not actor.has_role(Role.SECADMIN):
        raise Refused("只有安全管理员可以修改安全策略。", code="forbidden")
    problems = security_policy_problems(policy)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        before = security_policy()
        SecurityPolicyRecord.objects.update_or_create(
            pk=1, defaults={"data": policy.as_dict(), "updated_at": clock.now(), "updated_by": actor}
        )
        changed = [f.name for f in dataclasses.fields(policy) if getattr(before, f.name) != getattr(policy, f.name)]
        audit_record(
            actor=actor,
            action="security.policy_update",
            object_type="security.securitypolicy",
            object_id="1",
            object_repr=policy.name,
            before={k: before.as_dict()[k] for k in changed},
            after={k: policy.as_dict()[k] for k in changed},
        )
    return policy
