"""The three kinds of deadline (a date of the plan year, a period after an event, a date the record sets),
calendar months, the Asia/Shanghai day and the extensions the Office grants. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.core import clock
from egovpm.policy.domain import (
    EventDeadline,
    RecordDeadline,
    YearlyDeadline,
    add_months,
    deadline_open,
    effective_due,
    is_past,
)
from egovpm.policy.loader import load_policy_file

POLICY = load_policy_file("qidong-2019")
D = dt.date


@pytest.mark.supports("第二十条")
@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 15), 6, D(2026, 9, 15)),
        (D(2026, 7, 31), 6, D(2027, 1, 31)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 5, 1), 0, D(2026, 5, 1)),
    ],
)
def test_calendar_months_keep_the_day_or_take_the_shorter_months_last(start, months, expected):
    assert add_months(start, months) == expected


def test_the_qidong_deadlines_are_of_three_kinds_with_qualified_keys():
    assert isinstance(POLICY.deadline("intake.feasibility"), YearlyDeadline)
    assert isinstance(POLICY.deadline("acceptance.initial_acceptance"), EventDeadline)
    assert isinstance(POLICY.deadline("supervision.rectification"), RecordDeadline)
    assert POLICY.deadline("intake.feasibility").key == "intake.feasibility"
    with pytest.raises(KeyError):
        POLICY.deadline("feasibility")
    with pytest.raises(KeyError):
        POLICY.deadline("nowhere.feasibility")


@pytest.mark.article("第二十条")
def test_initial_acceptance_is_due_six_calendar_months_after_construction_completion():
    deadline = POLICY.deadline("acceptance.initial_acceptance")
    assert (deadline.after, deadline.months, deadline.article) == ("construction_completed", 6, "第二十条")
    completed = {"construction_completed": D(2026, 8, 31)}
    assert POLICY.base_due("acceptance.initial_acceptance", event_dates=completed) == D(2027, 2, 28)
    # before construction is completed the period does not run
    assert POLICY.base_due("acceptance.initial_acceptance", event_dates={}) is None
    assert deadline_open("acceptance.initial_acceptance", D(2030, 1, 1), POLICY) == (True, "")


@pytest.mark.article("第二十条")
def test_a_late_initial_acceptance_is_warned_of_not_refused():
    """第二十条: late, the unit files an extension request; the platform does not refuse."""
    completed = {"construction_completed": D(2026, 8, 31)}
    assert deadline_open("acceptance.initial_acceptance", D(2027, 3, 1), POLICY, event_dates=completed) == (True, "")


@pytest.mark.supports("第二十条")
def test_an_event_deadline_that_refuses_tells_the_due_day():
    deadline = EventDeadline(
        key="acceptance.x",
        after="construction_completed",
        months=6,
        enforcement="refuse",
        article="第二十条",
        label="初验",
    )
    due = deadline.due_after(D(2026, 8, 31))
    assert deadline.verdict(due, D(2027, 2, 28)) == (True, "")
    allowed, why = deadline.verdict(due, D(2027, 3, 1))
    assert not allowed and "2027年02月28日" in why and "第二十条" in why


@pytest.mark.article("第十八条")
def test_a_rectification_deadline_is_the_orders_within_the_policys_limits():
    deadline = POLICY.deadline("supervision.rectification")
    ordered = D(2026, 5, 4)
    assert deadline.default_due(ordered) == ordered + dt.timedelta(days=deadline.default_days)
    assert deadline.problems_with(ordered, D(2026, 6, 1)) == []
    assert deadline.problems_with(ordered, ordered)  # not after the order
    assert deadline.problems_with(ordered, ordered + dt.timedelta(days=deadline.max_days + 1))
    assert deadline.problems_with(ordered, ordered + dt.timedelta(days=deadline.max_days)) == []
    # the date is the order's: none set, none runs
    assert POLICY.base_due("supervision.rectification") is None
    assert POLICY.base_due("supervision.rectification", set_due={"supervision.rectification": D(2026, 6, 1)}) == D(
        2026, 6, 1
    )


@pytest.mark.article("第七条(三)")
def test_the_feasibility_deadline_refuses_from_the_day_after():
    assert deadline_open("intake.feasibility", D(2026, 11, 30), POLICY, plan_year=2027) == (True, "")
    allowed, why = deadline_open("intake.feasibility", D(2026, 12, 1), POLICY, plan_year=2027)
    assert not allowed and "2026年11月30日" in why and "第七条(三)" in why


@pytest.mark.article("第七条(三)")
def test_an_extension_moves_the_feasibility_deadline():
    extended = {"intake.feasibility": D(2026, 12, 10)}
    assert deadline_open("intake.feasibility", D(2026, 12, 5), POLICY, plan_year=2027, extended_due=extended)[0]
    assert deadline_open("intake.feasibility", D(2026, 12, 10), POLICY, plan_year=2027, extended_due=extended)[0]
    allowed, why = deadline_open("intake.feasibility", D(2026, 12, 11), POLICY, plan_year=2027, extended_due=extended)
    assert not allowed and "2026年12月10日" in why
    # an extension of another deadline changes nothing here
    other = {"intake.declaration": D(2026, 12, 10)}
    assert not deadline_open("intake.feasibility", D(2026, 12, 5), POLICY, plan_year=2027, extended_due=other)[0]


def test_the_effective_due_date_is_the_extension_when_there_is_one():
    assert effective_due(D(2026, 11, 30), None) == D(2026, 11, 30)
    assert effective_due(D(2026, 11, 30), D(2026, 12, 10)) == D(2026, 12, 10)
    assert effective_due(None, None) is None


@pytest.mark.supports("第七条(三)")
@pytest.mark.parametrize(
    ("instant", "past"),
    [
        (dt.datetime(2026, 11, 30, 15, 59, tzinfo=dt.UTC), False),  # 23:59 in Shanghai, still 11-30
        (dt.datetime(2026, 11, 30, 16, 1, tzinfo=dt.UTC), True),  # 00:01 of 12-01 in Shanghai
    ],
)
def test_is_past_counts_days_of_asia_shanghai(instant, past):
    with clock.frozen(instant):
        today = clock.today()
    assert is_past(POLICY.intake.due("feasibility", 2027), today) is past
