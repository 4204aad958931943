"""The evaluation API: the same visibility and rules as the pages (第二十五条 to 第二十七条)."""

from __future__ import annotations

import pytest

from egovpm.api.tests.conftest import api_as  # noqa: F401  (fixture)
from egovpm.evaluation import services
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_create


@pytest.mark.article("第二十五条")
def test_through_the_api_the_assessor_scores_only_its_own(api_as, city, criteria, accepted, completed):  # noqa: F811
    evaluation = services.evaluation_order(
        actor=city.users["office_reviewer"],
        project=accepted(completed),
        kind="ex_post",
        evaluator=city.users["assessor"],
        contract_number="PG-1",
    )
    unit = unit_create(name="南通某评估公司", code="0304", kind="assessor", short_name="某评估")
    city.users["other_assessor"] = user_create(
        username="other_assessor", password="x" * 16, full_name="乙", unit=unit, roles=[Role.ASSESSOR]
    )
    other = api_as("other_assessor")
    assert other.get(f"/evaluations/{evaluation.pk}").status_code == 404
    assert other.get("/evaluations").json()["count"] == 0
    assessor = api_as("assessor")
    listed = assessor.get("/evaluations").json()
    assert listed["count"] == 1 and listed["items"][0]["contract_number"] == "PG-1"
    started = assessor.post(f"/evaluations/{evaluation.pk}/actions/start_scoring", {})
    assert started.status_code == 200 and started.json()["stage"] == "scoring"
    body = {"indicator": "E2", "score": "70", "evidence": "运行记录。", "comment": "较稳定。"}
    assert other.post(f"/evaluations/{evaluation.pk}/scores", body).status_code == 404
    scored = assessor.post(f"/evaluations/{evaluation.pk}/scores", body)
    assert scored.status_code == 201
    assert next(s for s in scored.json()["scores"] if s["indicator"] == "E2")["score"] == "70.00"
    refused = assessor.post(f"/evaluations/{evaluation.pk}/actions/submit_evaluation", {"reason": "意见"})
    assert refused.status_code == 409 and "每一项评价指标" in refused.json()["message"]
    assert api_as("clerk").post(f"/evaluations/{evaluation.pk}/scores", body).status_code == 403
