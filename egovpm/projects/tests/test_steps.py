"""The engine records each step it takes — the business record of who decided what and why — and the steps
taken before it did are read once from the audit chain."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from egovpm.audit.models import AuditEvent
from egovpm.conftest import application_data
from egovpm.intake import services
from egovpm.projects.engine import steps_of
from egovpm.projects.models import Step
from egovpm.testing import scenario

backfill = importlib.import_module("egovpm.projects.migrations.0003_backfill_steps").backfill


@pytest.mark.supports("第七条(一)")
def test_each_transition_is_recorded_with_its_stages_reason_and_party(city, plan_year):
    u = city.users
    decl = scenario.declare(clerk=u["clerk"], plan_year=plan_year, name="互联网医院", data=application_data())
    decl = services.declaration_submit(actor=u["clerk"], declaration=decl)
    services.declaration_refuse_consent(actor=u["supervisor"], declaration=decl, reason="请补充建设内容。")
    steps = list(steps_of(decl))
    assert [(s.action, s.source, s.target, s.reason, s.actor) for s in steps] == [
        ("submit_to_supervisor", "draft", "awaiting_consent", "", u["clerk"]),
        ("refuse_consent", "awaiting_consent", "draft", "请补充建设内容。", u["supervisor"]),
    ]
    assert steps[1].transition.reason_label == "退回理由"
    assert list(steps_of(decl, "refuse_consent")) == steps[1:]


@pytest.mark.supports("第七条(一)")
def test_the_steps_before_the_engine_recorded_them_are_read_from_the_audit_chain(city, plan_year):
    u = city.users
    decl = scenario.declare(clerk=u["clerk"], plan_year=plan_year, name="互联网医院", data=application_data())
    decl = services.declaration_submit(actor=u["clerk"], declaration=decl)
    services.declaration_refuse_consent(actor=u["supervisor"], declaration=decl, reason="请补充建设内容。")
    recorded = list(Step.objects.values_list("owner_id", "workflow", "action", "source", "target", "reason", "actor"))
    Step.objects.all().delete()
    backfill(apps, None)
    assert list(Step.objects.values_list("owner_id", "workflow", "action", "source", "target", "reason", "actor")) == (
        recorded
    )
    event = AuditEvent.objects.get(action="declaration.refuse_consent")
    assert Step.objects.get(action="refuse_consent").taken_at == event.created_at
