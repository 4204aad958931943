"""The one table of stages and transitions of every workflow, and the activities allowed within a stage.

The UI buttons, the permission checks in services, the audit events and the
help-page diagram all read this table; the one engine (egovpm.lifecycle.engine,
egovpm.projects.engine) takes every transition. Pure Python: no Django.

`actor` names the party, relative to the object (egovpm.lifecycle.engine.PARTIES):
- "applicant": a user of the object's unit holding one of `roles`;
- "supervisor": a supervising-department approver of the unit's parent;
- "office" / "finance": a user of that bureau holding one of `roles`.
`guards` name predicates on the object that must all hold (egovpm.lifecycle.engine.GUARDS, filled by
the apps). `service` names the use case that takes the action, `inputs` what it takes besides a reason, and
`form` the page of an action that needs more than a reason (a view renders it; the reader registered under
the same name in FORMS reads the inputs elsewhere, e.g. the API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from egovpm.lifecycle.roles import Role


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    applicant_label: str
    terminal: bool = False
    article: str = ""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: str
    roles: frozenset[Role]
    article: str
    requires_reason: bool = False
    reason_label: str = "理由"
    guards: tuple[str, ...] = ()
    form: str = ""
    deadline: str = ""
    style: str = "primary"
    # (stage, refusal): what someone is told who tries it from that stage (e.g. 第七条(四) after a return).
    stage_refusals: tuple[tuple[str, str], ...] = ()
    # The use case that takes it (a dotted path, also of a transition with a `form`: its page and the
    # form's reader call it), the keyword its reason text goes to (also an optional one, labelled
    # reason_label), a one-line input of at most reason_max characters instead of a text area, and the
    # keyword of an optional uploaded file.
    service: str = ""
    reason_as: str = ""
    reason_max: int = 0
    file_as: str = ""
    # What it takes besides its reason, by the field names of the API's body (GET /lifecycle lists them): a
    # transition with a `form` takes them through the reader registered for that form (FORMS); one without
    # takes only the field its reason goes to (reason_as), which then stands in for the reason.
    inputs: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Transitions and activities are both named steps of a workflow."""
        return self.action


@dataclass(frozen=True)
class Activity:
    """Something a party may do within a stage without moving it (upload materials, edit the resource
    catalog), checked by the same engine as the transitions. `kinds` are the document kinds of an upload."""

    name: str
    label: str
    stages: tuple[str, ...]
    actor: str
    roles: frozenset[Role]
    article: str
    kinds: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    # What someone is told who tries it in another stage; {stage} is that stage's label.
    refusal: str = ""


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str
    initial: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    activities: tuple[Activity, ...] = ()
    # The keyword by which the workflow's services take the object ("declaration", "filing").
    subject: str = ""

    def stage(self, code: str) -> Stage:
        return self._stages[code]

    def activity(self, name: str, stage: str) -> Activity | None:
        """The activity `name` as the table allows it in `stage`; else the first so named (the engine
        then refuses it with its reason), or None when the workflow has no such activity."""
        named = [a for a in self.activities if a.name == name]
        return next((a for a in named if stage in a.stages), named[0] if named else None)

    def has_step(self, name: str) -> bool:
        return name in self._transitions or any(a.name == name for a in self.activities)

    def transition(self, action: str) -> Transition:
        return self._transitions[action]

    def outgoing(self, stage: str) -> list[Transition]:
        return [t for t in self.transitions if stage in t.sources]

    def choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.stages]

    @property
    def _stages(self) -> dict[str, Stage]:
        return {s.code: s for s in self.stages}

    @property
    def _transitions(self) -> dict[str, Transition]:
        return {t.action: t for t in self.transitions}


# The table: every workflow of the platform by name, declared in egovpm.lifecycle.workflows (importing that
# package registers them all) or by a stage app from its AppConfig.ready().
WORKFLOWS: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    if WORKFLOWS.get(workflow.name, workflow) is not workflow:
        raise ValueError(f"workflow '{workflow.name}' is declared twice")
    WORKFLOWS[workflow.name] = workflow
    return workflow


# The readers of the forms, by the form's name (Transition.form): read(actor, obj, input) takes the input's
# fields as attributes (Transition.inputs, plus `reason`), refuses bad input (a ValidationError keyed by those
# fields, or Refused) and returns the keyword arguments of the transition's service besides the actor and the
# object. Registered by the app that reads them (egovpm.api.actions); the system check refuses a form
# transition whose form has no reader.
FORMS: dict[str, Callable] = {}


def register_form(name: str, read: Callable) -> Callable:
    if FORMS.get(name, read) is not read:
        raise ValueError(f"form '{name}' has two readers")
    FORMS[name] = read
    return read


def problems(workflow: Workflow, *, deadlines: frozenset[str] = frozenset()) -> list[str]:
    """Every inconsistency of a workflow table against itself, the parties and guards the apps registered
    (egovpm.lifecycle.engine) and the policy's deadlines; empty when it is sound."""
    from egovpm.lifecycle.engine import GUARDS, PARTIES

    found = []
    codes = [s.code for s in workflow.stages]
    if len(set(codes)) != len(codes):
        found.append(f"{workflow.name}: duplicate stage codes")
    actions = [t.action for t in workflow.transitions]
    if len(set(actions)) != len(actions):
        found.append(f"{workflow.name}: duplicate actions")
    if workflow.initial not in codes:
        found.append(f"{workflow.name}: initial stage '{workflow.initial}' is unknown")
    for t in workflow.transitions:
        for code in (*t.sources, t.target):
            if code not in codes:
                found.append(f"{workflow.name}.{t.action}: unknown stage '{code}'")
        if t.actor not in PARTIES:
            found.append(f"{workflow.name}.{t.action}: unknown actor '{t.actor}'")
        if not t.roles:
            found.append(f"{workflow.name}.{t.action}: no role may take it")
        for guard in t.guards:
            if guard not in GUARDS:
                found.append(f"{workflow.name}.{t.action}: unknown guard '{guard}'")
        if t.deadline and deadlines and t.deadline not in deadlines:
            found.append(f"{workflow.name}.{t.action}: deadline '{t.deadline}' is not in the policy")
        if any(workflow.stage(s).terminal for s in t.sources if s in codes):
            found.append(f"{workflow.name}.{t.action}: leaves a terminal stage")
        if not t.service:
            found.append(f"{workflow.name}.{t.action}: names no service")
        if t.form and t.form not in FORMS:
            found.append(f"{workflow.name}.{t.action}: form '{t.form}' has no registered reader of its inputs")
        if t.inputs and not t.form and t.inputs != (t.reason_as,):
            found.append(f"{workflow.name}.{t.action}: takes inputs besides its reason but has no form")
        for code, _ in t.stage_refusals:
            if code not in codes:
                found.append(f"{workflow.name}.{t.action}: refusal for unknown stage '{code}'")
    for a in workflow.activities:
        for code in a.stages:
            if code not in codes:
                found.append(f"{workflow.name}.{a.name}: unknown stage '{code}'")
        if a.actor not in PARTIES:
            found.append(f"{workflow.name}.{a.name}: unknown actor '{a.actor}'")
        if not a.roles:
            found.append(f"{workflow.name}.{a.name}: no role may do it")
        for guard in a.guards:
            if guard not in GUARDS:
                found.append(f"{workflow.name}.{a.name}: unknown guard '{guard}'")
    for name in {a.name for a in workflow.activities}:
        stages = [code for a in workflow.activities if a.name == name for code in a.stages]
        if len(stages) != len(set(stages)):
            found.append(f"{workflow.name}.{name}: allowed twice in one stage")
        if name in workflow._transitions:
            found.append(f"{workflow.name}.{name}: both an activity and a transition")
    for s in workflow.stages:
        if not s.terminal and not workflow.outgoing(s.code):
            found.append(f"{workflow.name}: stage '{s.code}' is a dead end but not terminal")
    reachable, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        for t in workflow.outgoing(frontier.pop()):
            if t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    for code in set(codes) - reachable:
        found.append(f"{workflow.name}: stage '{code}' cannot be reached")
    return found
