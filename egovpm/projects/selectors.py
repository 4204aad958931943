"""Reads of the project aggregate that every stage shares: its parties, the restrictions sanctions placed
on it (also as the facts the one engine needs of a record that belongs to a project), and the extensions
of deadlines."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from egovpm.orgs.models import Unit, UnitKind
from egovpm.policy import domain as policy_domain

from .domain import restriction_guards
from .models import DeadlineExtension, Participant, Project, Restriction


def active_restrictions(project: Project) -> list[Restriction]:
    return list(project.restrictions.filter(lifted_at__isnull=True).select_related("placed_by"))


def active_participants(project: Project) -> list[Participant]:
    return list(project.participants.filter(ended_at__isnull=True).select_related("unit"))


def approving_department(project: Project) -> Unit | None:
    """第十四条 项目审批部门: the Office unless the project names another."""
    named = project.participants.filter(role=Participant.Role.APPROVING_DEPARTMENT, ended_at__isnull=True).first()
    return named.unit if named else Unit.objects.filter(kind=UnitKind.OFFICE).order_by("pk").first()


def participants_of(project: Project) -> list[dict]:
    """Every party of the project, the implicit ones first: the unit, its supervising department, the
    项目审批部门 (the Office unless named), then the supervision firm and assessors assigned."""
    unit = project.unit
    named = active_participants(project)
    rows = [{"role": "unit", "label": "项目建设单位", "unit": unit, "participant": None}]
    if unit.parent_id:
        rows.append({"role": "supervising_department", "label": "主管部门", "unit": unit.parent, "participant": None})
    approving = next((p for p in named if p.role == Participant.Role.APPROVING_DEPARTMENT), None)
    rows.append(
        {
            "role": Participant.Role.APPROVING_DEPARTMENT,
            "label": Participant.Role.APPROVING_DEPARTMENT.label,
            "unit": approving.unit if approving else approving_department(project),
            "participant": approving,
        }
    )
    rows += [
        {"role": p.role, "label": p.get_role_display(), "unit": p.unit, "participant": p}
        for p in named
        if p.role != Participant.Role.APPROVING_DEPARTMENT
    ]
    return rows


def project_facts(project: Project) -> tuple[dict[str, frozenset[int]], dict[str, bool]]:
    """(party units, guards) of the project, for the facts provider of any record that belongs to it."""
    units: dict[str, set[int]] = {}
    for p in active_participants(project):
        units.setdefault(p.role, set()).add(p.unit_id)
    if Participant.Role.APPROVING_DEPARTMENT not in units:
        office = approving_department(project)
        if office is not None:
            units[Participant.Role.APPROVING_DEPARTMENT] = {office.pk}
    kinds = project.restrictions.filter(lifted_at__isnull=True).values_list("kind", flat=True)
    return {role: frozenset(ids) for role, ids in units.items()}, restriction_guards(kinds)


def extensions_of(obj):
    """The extensions granted on `obj`, oldest first."""
    return DeadlineExtension.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def extended_due(obj) -> dict[str, dt.date]:
    """The due date of each of `obj`'s extended deadlines (qualified key → date): the latest extension
    of each, since every extension is later than the one before. One query."""
    return dict(extensions_of(obj).values_list("key", "due"))


def extended_due_subquery(model, key: str) -> Subquery:
    """To annotate a queryset of `model` (no query of its own): the due date of the latest extension of
    deadline `key` of each row, None where there is none."""
    latest = DeadlineExtension.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), key=key
    ).order_by("-granted_at", "-pk")
    return Subquery(latest.values("due")[:1])


def effective_due(obj, key: str, base_due: dt.date | None) -> dt.date | None:
    """The due date in force of deadline `key` of `obj`: the latest extension, else `base_due`."""
    return policy_domain.effective_due(base_due, extended_due(obj).get(key))


def life_of(obj) -> dict:
    """The stepper of a record's life, read from its workflow in the lifecycle table and the steps taken:
    each stage passed (with the date and who moved it there), the current one, those ahead, and who acts
    next (each transition out of the current stage, with its party and roles: "等待办公室负责人决定")."""
    from egovpm.lifecycle.engine import PARTIES, hidden
    from egovpm.lifecycle.roles import ROLE_LABELS, Role
    from egovpm.projects.engine import facts_of, steps_of

    workflow = obj.workflow
    reached = {}
    for step in steps_of(obj).select_related("actor").order_by("taken_at", "id"):
        reached[step.target] = step
    order = [s.code for s in workflow.stages]
    current = order.index(obj.stage)
    last = workflow.stages[-1].code
    rows = []
    for i, stage in enumerate(workflow.stages):
        passed = stage.code in reached and i < current
        if i == current:
            state = "current"
        elif i < current:
            if not passed and stage.code != workflow.initial:
                continue  # a side path this record did not take
            state = "passed"
        else:
            if stage.terminal and stage.code != last:
                continue  # an outcome off the main path (不予安排, 复核退回…)
            state = "ahead"
        step = reached.get(stage.code)
        rows.append(
            {
                "stage": stage,
                "state": state,
                "at": step.taken_at if step else None,
                "by": step.actor if step else None,
            }
        )
    facts = facts_of(obj)
    nexts = [
        {
            "label": t.label,
            "party": PARTIES[t.actor].label if t.actor in PARTIES else t.actor,
            "roles": "、".join(ROLE_LABELS[r] for r in Role if r in t.roles),
            "article": t.article,
        }
        for t in workflow.outgoing(obj.stage)
        if not hidden(t, facts)
    ]
    project_id = obj.pk if workflow.name == "project" else getattr(obj, "project_id", None)
    return {"workflow": workflow, "rows": rows, "next": nexts, "project_id": project_id}
