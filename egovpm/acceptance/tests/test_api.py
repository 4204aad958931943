"""The acceptance API: the same visibility and rules as the pages (第十九条 to 第二十一条, 附件4)."""

from __future__ import annotations

import pytest

from egovpm.acceptance.testing import record_documents, report_file
from egovpm.api.tests.conftest import api_as  # noqa: F401  (fixture)


@pytest.mark.article("第二十条")
def test_an_application_through_the_api_names_what_is_missing(api_as, city, acceptance, other_acceptance):  # noqa: F811
    clerk = api_as("clerk")
    listed = clerk.get("/acceptances").json()
    assert [row["id"] for row in listed["items"]] == [acceptance.pk]
    assert listed["items"][0]["clock"] == {"due": "2027-04-15", "days_left": 182, "state": "running"}
    assert clerk.get(f"/acceptances/{other_acceptance.pk}").status_code == 404
    body = {
        "kind": "construction_summary",
        "author_organisation": "市人民医院",
        "author_person": "张明",
        "dated": "2026-10-14",
    }
    made = clerk.upload(f"/acceptances/{acceptance.pk}/documents", {**body, "document": report_file()})
    assert made.status_code == 201, made.content.decode()
    assert "项目建设总结" not in made.json()["missing"] and "初步验收报告" in made.json()["missing"]
    refused = clerk.post(f"/acceptances/{acceptance.pk}/actions/apply_completion", {"reason": "申请竣工验收。"})
    assert refused.status_code == 409 and "初步验收报告" in refused.json()["message"]
    record_documents(city.users["clerk"], acceptance)
    applied = clerk.post(f"/acceptances/{acceptance.pk}/actions/apply_completion", {"reason": "申请竣工验收。"})
    assert applied.status_code == 200 and applied.json()["stage"] == "completion_applied"


@pytest.mark.article("附件4 七")
def test_the_office_runs_the_completion_acceptance_through_the_api(api_as, city, acceptance):  # noqa: F811
    from egovpm.acceptance import services

    record_documents(city.users["clerk"], acceptance)
    services.acceptance_apply(actor=city.users["clerk"], acceptance=acceptance, statement="申请。")
    office = api_as("office_reviewer")
    pk = acceptance.pk
    recused = office.post(f"/acceptances/{pk}/members", {"kind": "office_staff", "user_id": city.users["clerk"].pk})
    assert recused.status_code == 422 and "回避" in recused.content.decode()
    for kind, user in (("office_staff", "office_head"), ("expert", "expert")):
        assert (
            office.post(f"/acceptances/{pk}/members", {"kind": kind, "user_id": city.users[user].pk}).status_code == 201
        )
    assert office.post(f"/acceptances/{pk}/actions/start_completion_acceptance", {}).status_code == 200
    early = office.post(f"/acceptances/{pk}/actions/conclude_accepted", {"reason": "同意。"})
    assert early.status_code == 409
    for code in ("task_goals", "task_assets", "task_delivery", "task_law", "built_to_design", "tested"):
        assert (
            office.post(f"/acceptances/{pk}/checks/{code}", {"evidence": "已核查。", "passed": True}).status_code == 200
        )
    for code in ("protection_built", "ready_for_use", "budget_report", "archives"):
        office.post(f"/acceptances/{pk}/checks/{code}", {"evidence": "已核查。", "passed": True})
    review = {
        "areas": [
            "construction",
            "design",
            "supervision",
            "works",
            "procurement",
            "archives",
            "estimate",
            "final_accounts",
        ],
        "bases": ["contracts"],
        "findings": "逐项检查。",
    }
    assert office.post(f"/acceptances/{pk}/review", review).status_code == 200
    done = office.post(f"/acceptances/{pk}/actions/conclude_accepted", {"reason": "同意通过。"})
    assert done.status_code == 200 and done.json()["stage"] == "accepted"
    detail = office.get(f"/acceptances/{pk}").json()
    assert detail["completion_accepted"] and detail["rounds"][0]["outcome"] == "accepted"
    assert api_as("clerk").post(f"/acceptances/{pk}/actions/file_acceptance_report", {}).status_code == 403
    assert office.post(f"/acceptances/{pk}/actions/file_acceptance_report", {}).json()["stage"] == "filed"


@pytest.mark.supports("第二十条")
def test_the_acceptance_api_is_in_the_openapi_document(api_as, city):  # noqa: F811
    paths = api_as("office_reviewer").get("/openapi.json").json()["paths"]
    assert {p for p in paths if "/acceptances" in p} >= {
        "/api/v1/acceptances",
        "/api/v1/acceptances/{acceptance_id}",
        "/api/v1/acceptances/{acceptance_id}/actions/{action}",
        "/api/v1/acceptances/extensions/{extension_id}/actions/{action}",
    }
