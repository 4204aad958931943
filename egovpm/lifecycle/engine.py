"""The one engine's decision: may this actor take this transition, or do this within-stage activity, on
an object with these facts, today? Pure Python; egovpm.projects.engine gathers the facts, locks, saves
and audits.

Parties and guards are registries that each app fills from its AppConfig.ready(): a party answers whether
an actor is the one the table names relative to the object (its unit, the unit's supervising
department, later the project's supervision firm…); a guard is a named predicate whose value the owning
app's facts provider computes, with the refusal the user reads when it fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from egovpm.core.text import has_visible_text
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import Activity, Transition
from egovpm.policy.domain import Policy, deadline_open


@dataclass(frozen=True)
class Actor:
    roles: frozenset[Role]
    unit_id: int | None


@dataclass(frozen=True)
class Facts:
    """What the table's rules need to know about one object: its stage, the units its parties are
    relative to, what its deadlines count from (the plan year, the dates of its events, the dates its
    records set, each keyed as the policy names it), the due dates the Office extended (by qualified
    deadline key), and the value (and message) of each guard."""

    stage: str
    unit_id: int | None
    supervisor_id: int | None = None
    plan_year: int | None = None
    stage_label: str = ""
    # The units of the parties the object names beyond its unit (the project's supervision firm…).
    party_units: dict[str, frozenset[int]] = field(default_factory=dict)
    event_dates: dict[str, dt.date] = field(default_factory=dict)
    set_due: dict[str, dt.date] = field(default_factory=dict)
    extended_due: dict[str, dt.date] = field(default_factory=dict)
    guards: dict[str, bool] = field(default_factory=dict)
    guard_messages: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Guard:
    name: str
    refusal: str
    # A guard that decides whether a path applies at all: a transition whose such guard fails is not
    # offered (the other submit path; nothing to coordinate), rather than offered and refused.
    hides: bool = False


@dataclass(frozen=True)
class Party:
    name: str
    label: str
    # (is the actor this party for an object with these facts?, the refusal when not). Roles are checked
    # before: the party decides only relative to the object.
    relative: Callable[[Actor, Facts], tuple[bool, str]]


GUARDS: dict[str, Guard] = {}
PARTIES: dict[str, Party] = {}


def register_guards(*guards: Guard) -> None:
    for guard in guards:
        GUARDS[guard.name] = guard


def register_party(party: Party) -> None:
    PARTIES[party.name] = party


def _anyone_with_the_role(actor: Actor, facts: Facts) -> tuple[bool, str]:
    return True, ""


def _the_unit(actor: Actor, facts: Facts) -> tuple[bool, str]:
    return actor.unit_id is not None and actor.unit_id == facts.unit_id, "只有申报单位本身可以执行此操作。"


def _its_supervisor(actor: Actor, facts: Facts) -> tuple[bool, str]:
    ok = facts.supervisor_id is not None and actor.unit_id == facts.supervisor_id
    return ok, "只有该单位的主管部门可以执行此操作。"


# The parties of 第四条 and 第七条 that every stage shares; stage apps register their own beside these.
for _party in (
    Party("applicant", "申报单位", _the_unit),
    Party("supervisor", "主管部门", _its_supervisor),
    Party("office", "办公室", _anyone_with_the_role),
    Party("finance", "市财政局", _anyone_with_the_role),
):
    register_party(_party)


def is_party(step: Transition | Activity, actor: Actor, facts: Facts) -> tuple[bool, str]:
    """Role and object: is this actor the party the table names for this object?"""
    if not (actor.roles & step.roles):
        return False, "您的角色无权执行此操作。"
    party = PARTIES.get(step.actor)
    if party is None:
        return False, f"生命周期表中没有“{step.actor}”这一参与方。"
    ok, why = party.relative(actor, facts)
    return (True, "") if ok else (False, why)


def hidden(step: Transition, facts: Facts) -> bool:
    """Whether a path does not apply to this object at all (a failing guard that hides)."""
    return any(GUARDS[g].hides and not facts.guards.get(g) for g in step.guards if g in GUARDS)


def decide(
    step: Transition | Activity,
    *,
    actor: Actor,
    facts: Facts,
    today: dt.date,
    policy: Policy,
    reason: str = "",
) -> tuple[bool, str]:
    """(allowed, reason) for taking a transition or doing an activity now. The reason is Chinese and
    reaches the user and the audit log."""
    allowed, why = is_party(step, actor, facts)
    if not allowed:
        return False, why
    if isinstance(step, Activity):
        if facts.stage not in step.stages:
            return False, (step.refusal or "项目当前状态（{stage}）不允许" + step.label + "。").format(
                stage=facts.stage_label or facts.stage
            )
    elif facts.stage not in step.sources:
        return False, dict(step.stage_refusals).get(facts.stage) or f"项目当前状态不允许执行“{step.label}”。"
    for guard in step.guards:
        if not facts.guards.get(guard, False):
            return False, facts.guard_messages.get(guard) or GUARDS[guard].refusal
    if isinstance(step, Activity):
        return True, ""
    if step.deadline:
        open_, why = deadline_open(
            step.deadline,
            today,
            policy,
            plan_year=facts.plan_year,
            event_dates=facts.event_dates,
            set_due=facts.set_due,
            extended_due=facts.extended_due,
        )
        if not open_:
            return False, why
    # a reason of spaces or invisible characters (zero-width spaces…) reads as empty on the page
    if step.requires_reason and not has_visible_text(reason):
        return False, f"请填写{step.reason_label}。"
    return True, ""
