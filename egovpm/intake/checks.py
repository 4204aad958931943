"""Checks other apps add to the application form (附件1) of a declaration of an existing project, so that
intake names none of them: each `check(project, data) -> {field: message}` runs where intake validates the
form (declaration_create for an existing project, declaration_update), and its message reaches the field.
Registered from the adding app's AppConfig.ready (operations: 第二十一条's O&M funds, at the field `nature`)."""

from __future__ import annotations

from collections.abc import Callable

_checks: list[Callable[[object, dict], dict[str, str]]] = []


def register_application_check(check: Callable[[object, dict], dict[str, str]]) -> None:
    if check not in _checks:
        _checks.append(check)


def application_check_problems(project, data: dict) -> dict[str, str]:
    """What the registered checks find in `data` for `project` (nothing for a project not yet created)."""
    found: dict[str, str] = {}
    if project is None:
        return found
    for check in _checks:
        for field, message in check(project, data).items():
            found.setdefault(field, message)
    return found
