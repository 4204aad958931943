"""第三十条 in the API: the Office scans, confirms with a reason and records a measure; the persons' names are
masked for the unit; another unit's token gets 404."""

from __future__ import annotations

import pytest

from egovpm.accountability.models import Violation
from egovpm.api.tests.conftest import api_as  # noqa: F401  (fixture)

from .conftest import construction_of


@pytest.mark.article("第三十条")
def test_scan_confirm_and_measure_through_the_api(api_as, city, unfunded):  # noqa: F811
    construction_of(city, unfunded)
    office = api_as("office_reviewer")
    answer = office.post("/violations/scan", {})
    assert answer.status_code == 200, answer.content.decode()
    violation = Violation.objects.get(project=unfunded, kind="unapproved_construction")
    assert violation.pk in answer.json()["proposed"]
    url = f"/violations/{violation.pk}/actions/confirm_violation"
    assert office.post(url, {"reason": ""}).status_code in (409, 422)
    answer = office.post(url, {"reason": "未经立项即开工。"})
    assert answer.status_code == 200 and answer.json()["stage"] == "confirmed"
    body = {"kind": "discipline", "description": "提请处分。", "persons": "张三丰", "authority": "市纪委监委"}
    answer = office.post(f"/violations/{violation.pk}/measures", body)
    assert answer.status_code == 201 and answer.json()["measures"][0]["persons"] == "张三丰"
    clerk = api_as("clerk")
    assert clerk.get(f"/violations/{violation.pk}").json()["measures"][0]["persons"] == "张**"
    assert clerk.post("/violations/scan", {}).status_code == 403
    other = api_as("culture_clerk")
    assert other.get(f"/violations/{violation.pk}").status_code == 404
    assert other.get("/violations").json()["count"] == 0
