"""Pure rules of the project aggregate: what the restrictions of 第十八条 block, and the project's parties
beyond its unit. No Django: services and facts providers pass the facts in."""

from __future__ import annotations

from egovpm.lifecycle.engine import Actor, Facts, Guard, Party

# 第十八条: each active restriction fails one guard; a workflow names the guards its steps must pass (a
# payment: funds_not_withheld; every construction action: not_suspended; everything: not_terminated).
RESTRICTION_GUARDS = {
    "terminate": Guard("not_terminated", "项目已终止（第十八条），不能再办理任何事项。"),
    "suspend": Guard("not_suspended", "项目已被暂停建设（第十八条），暂停解除前不能办理建设事项。"),
    "withhold_funds": Guard("funds_not_withheld", "项目建设资金已被暂缓拨付（第十八条），解除前不能拨付。"),
}


def restriction_guards(active_kinds) -> dict[str, bool]:
    """{guard name: holds} for a project whose active restrictions are `active_kinds`."""
    active = set(active_kinds)
    return {guard.name: kind not in active for kind, guard in RESTRICTION_GUARDS.items()}


def _participant(name: str):
    def relative(actor: Actor, facts: Facts) -> tuple[bool, str]:
        units = facts.party_units.get(name, frozenset())
        return actor.unit_id is not None and actor.unit_id in units, "只有该项目确定的参与方可以办理此事项。"

    return relative


# The parties a stage's table may name relative to the project (Participant.Role).
PARTIES = (
    Party("approving_department", "项目审批部门", _participant("approving_department")),
    Party("supervision_firm", "监理单位", _participant("supervision_firm")),
    Party("assessor", "第三方机构", _participant("assessor")),
)


def restriction_problems(*, kind: str, active_kinds, terminated: bool) -> str:
    """Why the restriction `kind` cannot be placed now ("" when it can)."""
    if terminated:
        return "项目已终止，不能再采取其他措施。"
    if kind in set(active_kinds):
        return "该措施已在执行中，无须重复决定。"
    return ""
