"""The engine's deadline check reads what each deadline counts from out of the facts: the plan year, the
date of an event, the date a record set, and the date the Office extended it to. Pure: no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from egovpm.lifecycle.engine import Actor, Facts, decide
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import Transition
from egovpm.policy.loader import load_policy_file

QIDONG = load_policy_file("qidong-2019")
OFFICE = Actor(roles=frozenset({Role.OFFICE_REVIEWER}), unit_id=None)
D = dt.date


def refusing(key: str):
    """The Qidong policy with deadline `key` refusing late actions instead of warning."""
    section, _, name = key.partition(".")
    part = getattr(QIDONG, section)
    deadlines = {**part.deadlines, name: replace(part.deadlines[name], enforcement="refuse")}
    return replace(QIDONG, **{section: replace(part, deadlines=deadlines)})


def step(deadline: str) -> Transition:
    return Transition(
        action="record",
        label="登记",
        sources=("open",),
        target="done",
        actor="office",
        roles=frozenset({Role.OFFICE_REVIEWER}),
        article="第二十条",
        deadline=deadline,
    )


def verdict(deadline: str, today: dt.date, policy, **facts) -> bool:
    return decide(
        step(deadline), actor=OFFICE, facts=Facts(stage="open", unit_id=1, **facts), today=today, policy=policy
    )[0]


@pytest.mark.article("第二十条")
def test_a_deadline_after_an_event_counts_from_the_event_date_in_the_facts():
    policy = refusing("acceptance.initial_acceptance")
    completed = {"construction_completed": D(2026, 8, 31)}
    key = "acceptance.initial_acceptance"
    assert verdict(key, D(2027, 2, 28), policy, event_dates=completed)
    assert not verdict(key, D(2027, 3, 1), policy, event_dates=completed)
    assert verdict(key, D(2027, 3, 1), policy, event_dates=completed, extended_due={key: D(2027, 4, 30)})
    assert verdict(key, D(2030, 1, 1), policy)  # construction not completed: the period does not run


@pytest.mark.article("第二十条")
def test_with_the_qidong_policy_a_late_initial_acceptance_is_only_warned_of():
    completed = {"construction_completed": D(2026, 8, 31)}
    assert verdict("acceptance.initial_acceptance", D(2027, 9, 1), QIDONG, event_dates=completed)


@pytest.mark.article("第十八条")
def test_a_deadline_the_record_sets_is_read_from_the_facts():
    policy = refusing("supervision.rectification")
    key = "supervision.rectification"
    assert verdict(key, D(2026, 6, 1), policy, set_due={key: D(2026, 6, 1)})
    assert not verdict(key, D(2026, 6, 2), policy, set_due={key: D(2026, 6, 1)})
    assert verdict(key, D(2026, 6, 2), policy, set_due={key: D(2026, 6, 1)}, extended_due={key: D(2026, 6, 15)})


@pytest.mark.article("第七条(三)")
def test_a_yearly_deadline_counts_from_the_plan_year_and_honours_its_extension():
    key = "intake.feasibility"
    assert verdict(key, D(2026, 11, 30), QIDONG, plan_year=2027)
    assert not verdict(key, D(2026, 12, 5), QIDONG, plan_year=2027)
    assert verdict(key, D(2026, 12, 5), QIDONG, plan_year=2027, extended_due={key: D(2026, 12, 10)})
    assert not verdict(key, D(2026, 12, 11), QIDONG, plan_year=2027, extended_due={key: D(2026, 12, 10)})
