"""The worked example of docs/architecture.md: a stage app adds a workflow of its own — its stages, a guard
and a party — by registering them, touching no other app's code; the system check and the one engine take it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.checks import run_checks

from egovpm.lifecycle import engine
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import WORKFLOWS, Stage, Transition, Workflow, register_workflow
from egovpm.policy.loader import get_policy

# A tiny workflow an app could declare in its own `workflow` module: the unit reports an incident, the
# Office closes it once the unit has attached its report.
INCIDENT = Workflow(
    name="example_incident",
    label="事故报告（示例）",
    initial="reported",
    stages=(
        Stage("reported", "已报告", "已报告"),
        Stage("closed", "已办结", "已办结", terminal=True),
    ),
    transitions=(
        Transition(
            "close_incident",
            "办结",
            ("reported",),
            "closed",
            actor="office",
            roles=frozenset({Role.OFFICE_REVIEWER}),
            article="第十五条",
            guards=("example_report_attached",),
            requires_reason=True,
            service="egovpm.construction.services.incident_close",
            reason_as="reason",
        ),
    ),
)


@pytest.fixture
def registered():
    """What the app's AppConfig.ready() would do; undone after the test."""
    engine.register_guards(engine.Guard("example_report_attached", "请先上传事故报告。"))
    register_workflow(INCIDENT)
    yield INCIDENT
    WORKFLOWS.pop(INCIDENT.name)
    engine.GUARDS.pop("example_report_attached")


@pytest.mark.supports("第十五条")
def test_a_registered_workflow_is_checked_at_start_up_and_run_by_the_engine(registered):
    assert not [e for e in run_checks() if e.id == "egovpm.E002"]
    office = engine.Actor(roles=frozenset({Role.OFFICE_REVIEWER}), unit_id=1)
    step = registered.transition("close_incident")
    today, policy = dt.date(2027, 5, 1), get_policy()
    without = engine.Facts(stage="reported", unit_id=9, guards={"example_report_attached": False})
    with_report = engine.Facts(stage="reported", unit_id=9, guards={"example_report_attached": True})
    assert engine.decide(step, actor=office, facts=without, today=today, policy=policy, reason="已处置") == (
        False,
        "请先上传事故报告。",
    )
    assert engine.decide(step, actor=office, facts=with_report, today=today, policy=policy, reason="已处置") == (
        True,
        "",
    )
    clerk = engine.Actor(roles=frozenset({Role.UNIT_CLERK}), unit_id=9)
    assert engine.decide(step, actor=clerk, facts=with_report, today=today, policy=policy, reason="x")[0] is False


@pytest.mark.supports("第十五条")
def test_a_workflow_naming_an_unregistered_guard_fails_the_system_check():
    register_workflow(INCIDENT)
    try:
        errors = [e for e in run_checks() if e.id == "egovpm.E002"]
    finally:
        WORKFLOWS.pop(INCIDENT.name)
    assert any("unknown guard 'example_report_attached'" in e.msg for e in errors)


def test_a_workflow_is_declared_once():
    register_workflow(INCIDENT)
    try:
        with pytest.raises(ValueError, match="declared twice"):
            register_workflow(Workflow(INCIDENT.name, "重名", "reported", INCIDENT.stages, ()))
    finally:
        WORKFLOWS.pop(INCIDENT.name)
