"""The construction API: the same rules and visibility as the pages."""

from __future__ import annotations

import pytest

from egovpm.api.tests.conftest import api_as as api_as  # the API client of the city's users
from egovpm.construction.models import Construction

from .conftest import AMOUNTS, RESPONSIBILITY

ITEMS = [{"kind": k, "amount": str(v)} for k, v in AMOUNTS.items()]


@pytest.mark.supports("第十四条")
def test_the_unit_and_the_office_walk_the_baseline_through_the_api(api_as, city, funded, supervision):
    unit, office = api_as("clerk"), api_as("office_reviewer")
    assert [p["id"] for p in unit.get("/constructions/openable").json()] == [funded.project_id]
    opened = unit.post("/constructions", {"project_id": funded.project_id})
    assert opened.status_code == 201, opened.content
    pk = opened.json()["id"]
    assert unit.post(f"/constructions/{pk}/responsibility", RESPONSIBILITY).status_code == 201
    bad = unit.post(f"/constructions/{pk}/estimates", {"design_summary": "方案", "items": ITEMS[:2]})
    assert bad.status_code == 422 and "item_development" in bad.json()["errors"]
    estimate = unit.post(f"/constructions/{pk}/estimates", {"design_summary": "方案", "items": ITEMS})
    assert estimate.status_code == 201 and estimate.json()["audit_event_id"]
    estimate_id = estimate.json()["id"]
    assert unit.post(f"/constructions/estimates/{estimate_id}/decision", {"decision": "approve"}).status_code == 403
    assert office.post(f"/constructions/estimates/{estimate_id}/decision", {"decision": "approve"}).status_code == 201
    started = unit.post(f"/constructions/{pk}/actions/start_construction", {})
    assert started.status_code == 200 and started.json()["stage"] == "under_construction"
    done = unit.post(f"/constructions/{pk}/actions/declare_completion", {})
    assert done.status_code == 409 and "共享交换平台" in done.json()["message"]
    detail = office.get(f"/constructions/{pk}").json()
    assert detail["estimates"][0]["status"] == "approved" and detail["responsibility"]["leader_phone"] == "13912345678"


@pytest.mark.article("第十一条")
def test_an_unfunded_project_is_refused_and_another_unit_sees_nothing(api_as, city, construction):
    from egovpm.conftest import declaration_at

    unit = api_as("clerk")
    unfunded = declaration_at(city, "in_budget_library", name="未安排资金项目")
    refused = unit.post("/constructions", {"project_id": unfunded.project_id})
    assert refused.status_code == 409 and "尚未安排资金" in refused.json()["message"]
    assert Construction.objects.count() == 1
    other = api_as("culture_clerk")
    assert other.get(f"/constructions/{construction.pk}").status_code == 404
    assert other.post(f"/constructions/{construction.pk}/responsibility", RESPONSIBILITY).status_code == 404
    assert other.get("/constructions").json()["count"] == 0
