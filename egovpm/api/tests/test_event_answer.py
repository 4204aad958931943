"""The API answers with the audit event its own call wrote, and a rule's refusal is on the audit chain."""

from __future__ import annotations

import contextvars

import pytest
from django.db import transaction

from egovpm.audit.models import AuditEvent
from egovpm.audit.services import audit_record
from egovpm.conftest import PROPOSAL, application_data
from egovpm.intake import services
from egovpm.testing import scenario


@pytest.mark.supports("第七条(一)")
def test_the_answer_names_the_event_of_this_call_even_when_another_lands_after_it(api_as, city, plan_year, monkeypatch):
    clerk = city.users["clerk"]
    decl = scenario.declare(
        clerk=clerk, plan_year=plan_year, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    submit = services.declaration_submit

    def submit_then_someone_else_writes(**kwargs):
        result = submit(**kwargs)

        # another request (its own context) records an event on the same declaration right after
        def other():
            with transaction.atomic():
                audit_record(actor=city.users["office_reviewer"], action="declaration.update", obj=result)

        contextvars.Context().run(other)
        return result

    monkeypatch.setattr(services, "declaration_submit", submit_then_someone_else_writes)
    monkeypatch.setattr("egovpm.api.actions.services.declaration_submit", submit_then_someone_else_writes)
    response = api_as("clerk").post(f"/declarations/{decl.pk}/actions/submit_to_supervisor", {})
    assert response.status_code == 200, response.content.decode()
    answered = AuditEvent.objects.get(pk=response.json()["audit_event_id"])
    assert answered.action == "declaration.submit_to_supervisor"
    newest = AuditEvent.objects.filter(object_id=str(decl.pk), object_type="intake.declaration").order_by("-seq")[0]
    assert newest.action == "declaration.update" and newest.pk != answered.pk


@pytest.mark.supports("第七条(一)")
def test_a_refusal_through_the_api_is_audited_with_its_reason(api_as, city, plan_year):
    created = api_as("clerk").post("/declarations", {**scenario_json(), "plan_year": 2027, "name": "缺材料项目"})
    pk = created.json()["id"]
    response = api_as("clerk").post(f"/declarations/{pk}/actions/submit_to_supervisor", {})
    assert response.status_code == 409
    event = AuditEvent.objects.filter(action="action.refused").latest("seq")
    assert event.outcome == "denied" and event.actor == city.users["clerk"]
    assert event.reason == response.json()["message"] and event.reason.startswith("申报材料不齐全")
    assert event.after["code"] == "incomplete"


@pytest.mark.supports("第七条(一)")
def test_a_refusal_on_a_page_is_audited_with_its_reason_and_the_record(client, city, plan_year):
    clerk = city.users["clerk"]
    decl = services.declaration_create(actor=clerk, plan_year=plan_year, name="缺材料项目", data=application_data())
    client.force_login(clerk)
    response = client.post(f"/intake/{decl.pk}/act/submit_to_supervisor/", {"reason": ""}, follow=True)
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="action.refused").latest("seq")
    assert (event.object_type, event.object_id) == ("intake.declaration", str(decl.pk))
    assert event.reason.startswith("申报材料不齐全") and event.reason in response.content.decode()
    assert event.after["code"] == "incomplete"


def scenario_json() -> dict:
    from .conftest import application_json

    return application_json()
