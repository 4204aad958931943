"""The supervision API: the same visibility and rules as the pages (第十三条, 第十七条, 第十八条)."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.api.tests.conftest import api_as  # noqa: F401  (fixture)
from egovpm.supervision.models import Sanction

from .conftest import assign, order, pdf


@pytest.mark.article("第十三条")
def test_a_firms_token_sees_and_acts_only_on_its_projects(api_as, city, project, other_project, firm, other_firm):  # noqa: F811
    mine = assign(city, project, firm)
    theirs = assign(city, other_project, other_firm, actor=city.users["culture_clerk"])
    engineer = api_as("engineer")
    listed = engineer.get("/supervision/projects").json()
    assert [row["project"]["id"] for row in listed["items"]] == [project.pk]
    assert engineer.get(f"/supervision/projects/{project.pk}").status_code == 200
    assert engineer.get(f"/supervision/projects/{other_project.pk}").status_code == 404
    body = {"period_start": "2026-10-01", "period_end": "2026-10-31", "findings": "进度正常。"}
    assert engineer.upload(f"/supervision/supervisions/{theirs.pk}/reports", body).status_code == 404
    filed = engineer.upload(f"/supervision/supervisions/{mine.pk}/reports", {**body, "document": pdf("月报.pdf")})
    assert filed.status_code == 201, filed.content.decode()
    assert filed.json()["reports"][0]["findings"] == "进度正常。"
    assert engineer.post(f"/supervision/projects/{project.pk}/inspections", {"scope": "x"}).status_code == 403


@pytest.mark.article("第十八条")
def test_a_sanction_through_the_api_needs_an_order_not_met(api_as, city, project, frozen_clock):  # noqa: F811
    _, rect = order(city, project, due=dt.date(2026, 10, 20))
    office = api_as("office_reviewer")
    refused = office.post(f"/supervision/rectifications/{rect.pk}/sanctions", {"kind": "suspend", "reason": "拒不整改"})
    assert refused.status_code == 409 and "只有逾期未整改" in refused.json()["message"]
    assert not Sanction.objects.exists()
    clerk = api_as("clerk")
    answered = clerk.post(f"/supervision/rectifications/{rect.pk}/actions/submit_rectification", {"reason": "已整改。"})
    assert answered.status_code == 200 and answered.json()["stage"] == "answered"
    rejected = office.post(
        f"/supervision/rectifications/{rect.pk}/actions/reject_rectification", {"reason": "不合格。"}
    )
    assert rejected.status_code == 200
    applied = office.post(
        f"/supervision/rectifications/{rect.pk}/sanctions", {"kind": "suspend", "reason": "整改不合格。"}
    )
    assert applied.status_code == 201 and applied.json()["restrictions"][0]["kind"] == "suspend"


@pytest.mark.article("第十七条")
def test_an_information_request_through_the_api(api_as, city, project):  # noqa: F811
    finance = api_as("finance")
    made = finance.post(
        f"/supervision/projects/{project.pk}/information-requests", {"subject": "请提供凭证。", "due": "2026-10-25"}
    )
    assert made.status_code == 201, made.content.decode()
    request_id = made.json()["information_requests"][0]["id"]
    assert (
        api_as("culture_clerk")
        .post(f"/supervision/information-requests/{request_id}/actions/answer_information", {"reason": "x"})
        .status_code
        == 404
    )
    answered = api_as("clerk").post(
        f"/supervision/information-requests/{request_id}/actions/answer_information", {"reason": "已提供。"}
    )
    assert answered.status_code == 200 and answered.json()["stage"] == "answered"
