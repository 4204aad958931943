"""The rules of the information resource catalog (第七条(三), 第十六条, 第二十条), pure Python."""

from __future__ import annotations

from collections.abc import Mapping

from egovpm.lifecycle.engine import Guard

# 第十六条, 第二十条: the catalog is the project's until the project is accepted; the stage that accepts it
# closes the catalog by contributing catalog_open=False to the project
# (projects.engine.register_guard_values(Project, …)). Open when no stage says otherwise.
CATALOG_OPEN = "catalog_open"
GUARDS = (Guard(CATALOG_OPEN, "项目已通过竣工验收，政务信息资源目录不能再修改（第十六条、第二十条）。"),)

# The fields of an entry, in the order of the form and the sheet.
FIELDS = (
    "name",
    "code",
    "provider",
    "category",
    "summary",
    "format",
    "items",
    "share_type",
    "share_condition",
    "open_attribute",
    "update_cycle",
)

SHARE_NEEDS_BASIS = ("conditional", "none")
SHARE_BASIS_MISSING = "有条件共享须写明共享条件，不予共享须写明法律法规或政策依据。"


def catalog_open(project_guards: Mapping[str, bool]) -> bool:
    """Whether the catalog may still change, from what the stages contribute to the project."""
    return project_guards.get(CATALOG_OPEN, True)


def entry_values(data: Mapping[str, object]) -> dict[str, object]:
    """The entry's fields from what the page or the API sent, line ends as "\n" (a browser sends a
    textarea's as "\r\n"), so that an unchanged field compares equal to its earlier version."""
    values = {f: data.get(f, "") for f in FIELDS}
    return {f: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v for f, v in values.items()}


def share_problem(data: Mapping[str, object]) -> str:
    """第七条(三) (附件3): conditional sharing names its condition, no sharing its legal basis."""
    if data.get("share_type") in SHARE_NEEDS_BASIS and not str(data.get("share_condition", "")).strip():
        return SHARE_BASIS_MISSING
    return ""


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]) -> list[str]:
    """The fields that differ between two versions of an entry, in the form's order."""
    return [f for f in FIELDS if before.get(f) != after.get(f)]
