"""Moments of a project's life that a stage app below announces to the stages above it, without importing
them: construction announces 建设完成 (第二十条: the six months of initial acceptance count from it) and the
acceptance app opens its record; the engine announces every step it takes (STEP_TAKEN: a transition or
an activity of any workflow), which the notifications app turns into what each party reads. Each hook runs inside the announcing service's transaction, so that a
hook's refusal rolls the step back with nothing half saved. No Django signals: the registry is explicit,
filled from the listening app's AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

CONSTRUCTION_COMPLETED = "construction_completed"
# projects.engine.take / perform: hook(actor=, obj=, step=, source=, reason=), `step` the table's
# Transition or Activity, `source` the stage before it.
STEP_TAKEN = "step_taken"
# 第七条(二), 第九条(三): a drawn expert accepted (egovpm.experts); the reviewing app invites them.
EXPERT_ACCEPTED = "expert_accepted"
# 第五条: what a project builds was written or changed (its name, construction content or resource catalog):
# the similar-projects index (egovpm.duplication) follows. kwargs: project.
PROJECT_DESCRIBED = "project_described"
EVENTS = (CONSTRUCTION_COMPLETED, STEP_TAKEN, EXPERT_ACCEPTED, PROJECT_DESCRIBED)

_hooks: dict[str, list[Callable[..., None]]] = {}


def register_hook(event: str, hook: Callable[..., None]) -> None:
    """`hook(**kwargs)` runs whenever `event` is announced (once per registration: registering the same
    function twice is ignored, so a reloaded AppConfig does not run it twice)."""
    if event not in EVENTS:
        raise KeyError(f"unknown project event '{event}'")
    hooks = _hooks.setdefault(event, [])
    if hook not in hooks:
        hooks.append(hook)


def announce(event: str, **kwargs) -> None:
    for hook in _hooks.get(event, ()):
        hook(**kwargs)
