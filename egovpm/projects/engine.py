"""The one engine that takes every transition of every workflow in the lifecycle table, and answers
`may(user, obj, step)` for the transitions and the within-stage activities alike.

Any stateful model takes part by having `workflow` (its Workflow in egovpm.lifecycle.table), `stage`,
`stage_changed_at` and `unit_id`, and by its app registering how to gather its facts
(`register_facts`, from the app's AppConfig.ready). The decision itself is egovpm.lifecycle.engine's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.module_loading import import_string

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.lifecycle.engine import Actor, Facts, decide, hidden, is_party
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.table import FORMS, Activity, Transition
from egovpm.policy.loader import get_policy
from egovpm.projects.hooks import STEP_TAKEN, announce
from egovpm.projects.models import Step

# How each stateful model's facts are gathered: model class → provider.
_facts: dict[type, Callable[[object], Facts]] = {}
# What other apps add to a model's facts: model class → contributors, each returning
# {guard name: holds} (a guard that crosses workflows: supervision's "the firm's qualification is valid
# today" read by construction's start, acceptance's "no open rectification"…).
_guard_values: dict[type, list[Callable[[object], dict[str, bool]]]] = {}

# What the second of two people deciding at once is told.
STALE = "该项目的状态已被他人更新，请刷新页面后再操作。"
# Text a person typed never holds NUL or other control characters (PostgreSQL cannot even store NUL).
CONTROL_CHARACTERS = "内容含有空字符等不可见的控制字符，请删除后重新填写。"


def register_facts(model: type, provider: Callable[[object], Facts]) -> None:
    _facts[model] = provider


@dataclass(frozen=True)
class GuardValues:
    """What a contributor returns when a failing guard needs its own words: the values, and for a failing
    guard the refusal the user reads instead of the guard's (as Facts.guard_messages)."""

    values: dict[str, bool]
    messages: dict[str, str] = field(default_factory=dict)


def register_guard_values(model: type, contributor: Callable[[object], dict[str, bool] | GuardValues]) -> None:
    """Let an app add the values of its own guards to the facts of another app's model (from the
    contributing app's AppConfig.ready); the guards themselves are registered with register_guards."""
    _guard_values.setdefault(model, []).append(contributor)


def facts_of(obj) -> Facts:
    try:
        provider = _facts[type(obj)]
    except KeyError:
        raise LookupError(
            f"{type(obj).__name__} has no facts provider (egovpm.projects.engine.register_facts)"
        ) from None
    facts = provider(obj)
    contributed = _contributed(obj)
    if not contributed.values:
        return facts
    return replace(
        facts,
        guards={**facts.guards, **contributed.values},
        guard_messages={**facts.guard_messages, **contributed.messages},
    )


def _contributed(obj) -> GuardValues:
    values: dict[str, bool] = {}
    messages: dict[str, str] = {}
    for contributor in _guard_values.get(type(obj), ()):
        found = contributor(obj)
        if isinstance(found, GuardValues):
            values.update(found.values)
            messages.update(found.messages)
        else:
            values.update(found)
    return GuardValues(values, messages)


def contributed_guard_values(obj) -> dict[str, bool]:
    """The guard values other apps contribute to `obj`'s model. A facts provider of a record that belongs
    to a project adds the project's own with `contributed_guard_values(record.project)` (apps contribute
    to Project what every stage may need: the firm's qualification, an open rectification…)."""
    return _contributed(obj).values


def actor_of(user) -> Actor:
    return Actor(roles=user.roles, unit_id=user.unit_id)


def step_of(obj, name: str) -> Transition | Activity | None:
    """The transition `name` of the object's workflow, or the activity `name` as allowed in its stage."""
    workflow = obj.workflow
    if name in {t.action for t in workflow.transitions}:
        return workflow.transition(name)
    return workflow.activity(name, obj.stage)


def may(user, obj, step: str, reason: str = "") -> tuple[bool, str]:
    """(allowed, reason): may `user` take the transition or do the activity `step` on `obj` now?"""
    found = step_of(obj, step)
    if found is None:
        return False, f"{obj.workflow.label}没有这项操作。"
    return decide(
        found,
        actor=actor_of(user),
        facts=facts_of(obj),
        today=clock.today(),
        policy=get_policy(),
        reason=reason,
    )


def party_of(user, obj, step: str) -> tuple[bool, str]:
    """Role and object only (not the stage, the guards or the deadline): is `user` the party the table
    names for `step` on `obj`? Pages and endpoints answer 403 when not."""
    found = step_of(obj, step)
    if found is None:
        return False, f"{obj.workflow.label}没有这项操作。"
    return is_party(found, actor_of(user), facts_of(obj))


def ensure(user, obj, step: str, reason: str = "") -> None:
    """Refuse (Refused, with the table's reason) unless `user` may take or do `step` on `obj` now."""
    allowed, why = may(user, obj, step, reason)
    if not allowed:
        raise Refused(why)


def upload_kinds(user, obj) -> set[str]:
    """The document kinds `user` may upload to `obj` now (the table's upload activity of its stage)."""
    activity = obj.workflow.activity("upload", obj.stage)
    if activity is None or not may(user, obj, "upload")[0]:
        return set()
    return set(activity.kinds)


@dataclass(frozen=True)
class Action:
    transition: Transition
    allowed: bool
    reason: str


def available_actions(*, user, obj) -> list[Action]:
    """The transitions from the object's stage for which this user is the party, each with whether it may
    be taken now and, if not, why. The UI draws its buttons from this."""
    facts = facts_of(obj)
    actor = actor_of(user)
    today, policy = clock.today(), get_policy()
    actions = []
    for t in obj.workflow.outgoing(obj.stage):
        if not is_party(t, actor, facts)[0] or hidden(t, facts):
            continue
        allowed, why = decide(t, actor=actor, facts=facts, today=today, policy=policy, reason="-")
        actions.append(Action(t, allowed, why))
    return actions


def service_of(t: Transition) -> Callable:
    """The use case the table names for transition `t` (egovpm.E003 checks at start-up that it imports)."""
    return import_string(t.service)


def run_step(*, actor, obj, action: str, reason: str = "", file=None):
    """Take a transition that needs no page of its own through the service the table names: the object
    under the workflow's subject keyword, the reason and an uploaded file where the table says."""
    t = obj.workflow.transition(action)
    if not t.service or t.form:
        raise LookupError(f"{obj.workflow.name}.{action} is taken on its own page")
    kwargs = {"actor": actor, obj.workflow.subject: obj}
    if t.reason_as:
        kwargs[t.reason_as] = reason
    if t.file_as and file is not None:
        kwargs[t.file_as] = file
    return service_of(t)(**kwargs)


def run_form_step(*, actor, obj, action: str, data):
    """Take a transition with a page of its own outside that page (the API) through the service the table
    names: the reader registered for its form (lifecycle.table.FORMS) turns `data`'s fields (the
    transition's inputs) into the service's arguments."""
    t = obj.workflow.transition(action)
    kwargs = FORMS[t.form](actor, obj, data)
    return service_of(t)(actor=actor, **{obj.workflow.subject: obj}, **kwargs)


def _lock_allowed(actor, obj, step: str, reason: str):
    """Inside the step's transaction: the object locked and read afresh, refused when someone moved its
    stage meanwhile or when the table does not allow the step now."""
    if control_characters(reason):
        raise ValidationError({"reason": CONTROL_CHARACTERS})
    locked = lock(type(obj), obj.pk)
    if locked.stage != obj.stage:
        raise Refused(STALE, code="stale")
    ensure(actor, locked, step, reason)
    return locked


def take(*, actor, obj, action: str, reason: str = "", apply: Callable[[object], dict] | None = None):
    """Take `action` on `obj`: lock it, re-check its stage and the table, apply, save, audit — atomically.
    `apply` may change more fields and returns extra audit data."""
    t = obj.workflow.transition(action)
    with transaction.atomic():
        locked = _lock_allowed(actor, obj, action, reason)
        before = {"stage": locked.stage}
        locked.stage = t.target
        locked.stage_changed_at = clock.now()
        extra = apply(locked) if apply else {}
        locked.full_clean(validate_unique=False)
        locked.save()
        _step_record(actor, locked, action, before["stage"], reason)
        audit_record(
            actor=actor,
            action=f"{locked.workflow.name}.{action}",
            obj=locked,
            before=before,
            after={"stage": locked.stage, **(extra or {})},
            reason=reason.strip(),
        )
        announce(STEP_TAKEN, actor=actor, obj=locked, step=t, source=before["stage"], reason=reason.strip())
    return locked


def perform(*, actor, obj, activity: str, reason: str = "", apply: Callable[[object], tuple]):
    """Do the within-stage `activity` on `obj`: lock it, re-check its stage and the table, apply, audit —
    atomically. `apply(locked)` writes what the activity records and returns (result, before, after) for
    the audit event; perform returns the result."""
    with transaction.atomic():
        locked = _lock_allowed(actor, obj, activity, reason)
        result, before, after = apply(locked)
        _step_record(actor, locked, activity, locked.stage, reason)
        audit_record(
            actor=actor,
            action=f"{locked.workflow.name}.{activity}",
            obj=locked,
            before=before,
            after=after,
            reason=reason.strip(),
        )
        step = step_of(locked, activity)
        announce(STEP_TAKEN, actor=actor, obj=locked, step=step, source=locked.stage, reason=reason.strip())
    return result


def _step_record(actor, obj, action: str, source: str, reason: str) -> Step:
    return Step.objects.create(
        owner_type=ContentType.objects.get_for_model(obj),
        owner_id=obj.pk,
        workflow=obj.workflow.name,
        action=action,
        source=source,
        target=obj.stage,
        reason=reason.strip(),
        actor=actor,
        taken_at=clock.now(),
    )


def steps_of(obj, *actions: str):
    """The steps taken on `obj` (those named, or all), in order."""
    steps = Step.objects.filter(owner_type=ContentType.objects.get_for_model(obj), owner_id=obj.pk)
    return steps.filter(action__in=actions) if actions else steps


def last_step_reasons(model, pks, action: str) -> dict[int, str]:
    """{pk: the reason of the latest `action`} for records of `model`: one query for a whole list."""
    reasons: dict[int, str] = {}
    for owner_id, reason in (
        Step.objects.filter(owner_type=ContentType.objects.get_for_model(model), owner_id__in=list(pks), action=action)
        .order_by("taken_at", "id")
        .values_list("owner_id", "reason")
    ):
        reasons[owner_id] = reason
    return reasons


def control_characters(text: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in text or "")


def lock(model, pk):
    """Inside the caller's transaction, lock the row a decision is about and read it afresh: two people
    deciding at once are served one after the other, the second against what the first wrote."""
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def lock_sequence(name: str) -> None:
    """Inside the caller's transaction, serialise those who number things (project codes, written
    opinions) from the highest number so far. SQLite serialises writers by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [0x45474F56, name])


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused(message, code="forbidden")


def is_applicant_of(user, obj) -> bool:
    """A clerk or leader of the object's own unit."""
    return user.unit_id == obj.unit_id and bool(user.roles & APPLICANT_ROLES)


def is_office(user) -> bool:
    return bool(user.roles & OFFICE_ROLES)


def is_finance(user) -> bool:
    return user.has_role(Role.FINANCE_REVIEWER)
