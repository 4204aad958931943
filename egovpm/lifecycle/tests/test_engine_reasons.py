"""A step that needs a reason (退回理由, 不予安排的理由…) refuses one that reads as empty on the page."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.lifecycle.engine import Actor, Facts, decide
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import Transition
from egovpm.policy.loader import load_policy_file

RETURN = Transition(
    "refuse_consent",
    "退回修改",
    ("awaiting_consent",),
    "draft",
    actor="supervisor",
    roles=frozenset({Role.SUPERVISOR_APPROVER}),
    article="第七条(一)",
    requires_reason=True,
    reason_label="退回理由",
)
SUPERVISOR = Actor(roles=frozenset({Role.SUPERVISOR_APPROVER}), unit_id=1)
QIDONG = load_policy_file("qidong-2019")
FACTS = Facts(stage="awaiting_consent", unit_id=2, supervisor_id=1)


@pytest.mark.article("第七条(一)")
@pytest.mark.parametrize(
    "reason",
    ["", "   ", "\u3000", "\u200b\u200b", "\ufeff", "\u200d\u2060", "\u202e", "\t\n"],
    ids=["empty", "spaces", "ideographic-space", "zero-width-spaces", "bom", "joiners", "bidi", "whitespace"],
)
def test_a_reason_of_invisible_characters_counts_as_empty(reason):
    allowed, why = decide(
        RETURN, actor=SUPERVISOR, facts=FACTS, today=dt.date(2026, 10, 15), policy=QIDONG, reason=reason
    )
    assert (allowed, why) == (False, "请填写退回理由。")


@pytest.mark.supports("第七条(一)")
def test_a_reason_with_one_visible_character_is_a_reason():
    allowed, _ = decide(
        RETURN,
        actor=SUPERVISOR,
        facts=FACTS,
        today=dt.date(2026, 10, 15),
        policy=QIDONG,
        reason="\u200b缺少预算清单\u200b",
    )
    assert allowed
