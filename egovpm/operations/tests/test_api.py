"""The operations API: the same visibility and rules as the pages (第二十一条 to 第二十四条)."""

from __future__ import annotations

import pytest

from egovpm.api.tests.conftest import api_as  # noqa: F401  (fixture)
from egovpm.operations.models import FinalAudit, Operation

from .conftest import procure


@pytest.mark.article("第二十一条")
def test_through_the_api_an_unaccepted_project_is_refused_operation_and_audit(api_as, city, completed, accepted):  # noqa: F811
    clerk, audit = api_as("clerk"), api_as("audit")
    body = {"operating_body": "市人民医院信息科", "cost_assurance": "列入部门预算。"}
    refused = clerk.upload(f"/operations/projects/{completed.pk}/prepare", body)
    assert refused.status_code == 409 and "第二十一条" in refused.json()["message"]
    refused = audit.post("/final-audits", {"project_id": completed.pk, "scope": "竣工决算审计。"})
    assert refused.status_code == 409 and "市审计部门不予审计" in refused.json()["message"]
    assert not Operation.objects.exists() and not FinalAudit.objects.exists()
    assert api_as("culture_clerk").get(f"/operations/projects/{completed.pk}").status_code == 404

    accepted(completed)
    from egovpm.testing.scenario import pdf_file

    prepared = clerk.upload(f"/operations/projects/{completed.pk}/prepare", {**body, "rules": pdf_file("制度.pdf")})
    assert prepared.status_code == 200, prepared.content.decode()
    operation_id = prepared.json()["operation"]["id"]
    outsourced = clerk.post(f"/operations/{operation_id}/mode", {"mode": "outsourced"})
    assert outsourced.status_code == 422 and "procurement_id" in outsourced.json()["errors"]
    tender = procure(city, completed)
    ok = clerk.post(f"/operations/{operation_id}/mode", {"mode": "outsourced", "procurement_id": tender.pk})
    assert ok.status_code == 201 and ok.json()["operation"]["mode"] == "outsourced"
    entered = clerk.post(f"/operations/{operation_id}/actions/enter_operation", {})
    assert entered.status_code == 200 and entered.json()["stage"] == "in_operation"
    assert api_as("culture_clerk").post(f"/operations/{operation_id}/mode", {"mode": "self"}).status_code == 404

    opened = audit.post("/final-audits", {"project_id": completed.pk, "scope": "竣工决算审计。"})
    assert opened.status_code == 201
    audit_id = opened.json()["id"]
    assert audit.upload(f"/final-audits/{audit_id}/findings", {"description": "无重大问题。"}).status_code == 201
    closed = audit.post(f"/final-audits/{audit_id}/actions/close_final_audit", {"reason": "决算真实、完整。"})
    assert closed.status_code == 200 and closed.json()["stage"] == "closed"
    assert clerk.get("/final-audits").json()["count"] == 1
