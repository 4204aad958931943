"""Every error of the API is JSON {code, message, errors} with a Chinese message; no input yields a 500."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from egovpm.api.api import api
from egovpm.audit.models import AuditEvent
from egovpm.intake.models import Declaration

from .conftest import BASE, application_json


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    return body


def test_invalid_input_names_each_field_in_chinese(api_as, plan_year):
    clerk = api_as("clerk")
    before = Declaration.objects.count()
    body = assert_error(
        clerk.post(
            "/declarations",
            {"plan_year": 2027, "name": "", "nature": "x", "start_date": "2027-13-01", "total_investment": "1e30"},
        ),
        422,
        "invalid",
    )
    assert body["errors"]["name"] == ["不能为空。"]
    assert body["errors"]["leader_name"] == ["必填。"]
    assert body["errors"]["start_date"] == ["请按 年-月-日（YYYY-MM-DD）填写日期。"]
    assert body["errors"]["nature"][0].startswith("取值无效，可选：")
    assert "total_investment" in body["errors"]
    assert body["message"].startswith("提交的数据不符合要求：")
    assert Declaration.objects.count() == before


def test_a_services_validation_error_is_422_with_its_field(api_as, plan_year):
    body = assert_error(
        api_as("clerk").post(
            "/declarations", {**application_json(current_total="10.00"), "plan_year": 2027, "name": "合计不符"}
        ),
        422,
        "invalid",
    )
    assert body["errors"]["current_total"][0].startswith("本年度申请资金的合计（10.00 万元）应等于")
    assert not Declaration.objects.filter(project__name="合计不符").exists()


def test_the_services_field_errors_name_the_bodys_fields(api_as, city, world):
    from egovpm.testing import scenario

    draft = scenario.submit(world["draft"], clerk=city.users["clerk"], supervisor=city.users["supervisor"])
    office = api_as("office_reviewer")
    body = assert_error(
        office.post(
            f"/declarations/{draft.pk}/actions/start_initial_review",
            {"review_round_id": world["round"].pk, "reviewer_ids": []},
        ),
        422,
        "invalid",
    )
    assert body["errors"] == {"reviewer_ids": ["请至少邀请一位财政、审计人员或专家。"]}
    body = assert_error(
        office.post(
            f"/declarations/{draft.pk}/actions/start_initial_review",
            {"review_round_id": world["round"].pk, "reviewer_ids": [city.users["clerk"].pk]},
        ),
        422,
        "invalid",
    )
    assert list(body["errors"]) == ["reviewer_ids"]
    draft.refresh_from_db()
    assert draft.stage == "submitted" and not draft.invitations.exists()


def test_a_refusal_is_409_with_the_rules_reason(api_as, world):
    body = assert_error(
        api_as("clerk").put(f"/declarations/{world['review'].pk}", {**application_json(), "name": "改名"}),
        409,
        "refused",
    )
    assert body["message"] == "申报已报送，申报表和项目建议书不能再修改。"


def test_a_file_judged_by_its_content_is_refused_with_its_reason(api_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clerk = api_as("clerk")
    draft = world["draft"]
    before = draft.documents.count()
    fake = SimpleUploadedFile("建议书.pdf", b"just text, not a PDF", content_type="application/pdf")
    body = assert_error(
        clerk.upload(f"/declarations/{draft.pk}/documents", {"kind": "proposal", "file": fake}), 409, "bad_file"
    )
    assert "文件类型不受支持" in body["message"]
    assert draft.documents.count() == before


@pytest.mark.parametrize(
    "path",
    [
        "/declarations/0",
        "/declarations/99999999999999999999",
        "/declarations/abc",
        "/units/-1",
        "/plan-years/1/annual-plan",
    ],
)
def test_out_of_range_identifiers_are_422_never_sent_to_the_database(api_as, db, city, path):
    assert_error(api_as("office_head").get(path), 422, "invalid")


def test_nul_characters_are_refused_at_the_door(api_as, world):
    body = assert_error(api_as("clerk").get("/declarations", {"q": "医院\x00"}), 422, "invalid")
    assert body["errors"]["q"] == ["不能包含空字符（\\0）。"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"plan_year": 2027, "name": "\\ud800"}', "name"),
        ('{"plan_year": 2027, "name": "第一批", "notes": "a\\u0000b"}', "notes"),
    ],
)
def test_text_that_no_database_can_store_is_422(api_as, plan_year, raw, field):
    office = api_as("office_reviewer")
    response = office.client.post(f"{BASE}/review-rounds", raw, content_type="application/json", headers=office.headers)
    body = assert_error(response, 422, "invalid")
    assert field in body["errors"]
    assert not plan_year.review_rounds.exists()


def test_not_a_number_is_not_money(api_as, world):
    finance = api_as("finance")
    path = f"{BASE}/declarations/{world['library'].pk}/actions/arrange_funds"
    for raw in ('{"amount": NaN}', '{"amount": "Infinity"}', '{"amount": 1e400}'):
        response = finance.client.post(path, raw, content_type="application/json", headers=finance.headers)
        assert_error(response, 422, "invalid")


def test_malformed_json_is_400(api_as, plan_year):
    clerk = api_as("clerk")
    response = clerk.client.post(
        f"{BASE}/declarations", "{not json", content_type="application/json", headers=clerk.headers
    )
    assert_error(response, 400, "bad_request")


def test_a_body_too_large_is_413(api_as, plan_year, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = api_as("clerk").post("/declarations", {**application_json(), "plan_year": 2027, "name": "大"})
    assert_error(response, 413, "too_large")


def test_unknown_paths_and_methods_answer_json(api_as, db, city):
    clerk = api_as("clerk")
    assert_error(clerk.get("/no-such-endpoint"), 404, "not_found")
    assert_error(clerk.client.get(f"{BASE}/"), 404, "not_found")
    response = clerk.client.patch(f"{BASE}/declarations", "{}", content_type="application/json", headers=clerk.headers)
    assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_an_unexpected_failure_is_still_json(api_as, db, city, monkeypatch):
    from egovpm.api.routers import general

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(general, "units_visible_to", broken)
    assert_error(api_as("clerk").get("/units"), 500, "server_error")


def test_money_is_decimal_never_float(api_as, plan_year):
    clerk = api_as("clerk")
    raw = (
        json.dumps({**application_json(), "plan_year": 2027, "name": "精确金额"})
        .replace('"current_self_raised": "20.00"', '"current_self_raised": 19.99')
        .replace('"current_fiscal": "180.00"', '"current_fiscal": 180.01')
    )
    response = clerk.client.post(f"{BASE}/declarations", raw, content_type="application/json", headers=clerk.headers)
    assert response.status_code == 201, response.content.decode()
    assert response.json()["current_fiscal"] == "180.01"
    decl = Declaration.objects.get(pk=response.json()["id"])
    assert decl.current_self_raised == Decimal("19.99")


def test_times_are_given_in_beijing_time(api_as, world, frozen_clock):
    detail = api_as("clerk").get(f"/declarations/{world['review'].pk}").json()
    assert detail["submitted_at"] == "2026-10-15T10:00:00+08:00"
    assert dt.datetime.fromisoformat(detail["stage_changed_at"]).utcoffset() == dt.timedelta(hours=8)


def test_the_openapi_document_and_docs_page_describe_every_error(client, city):
    client.force_login(city.users["clerk"])
    document = client.get(f"{BASE}/openapi.json")
    assert document.status_code == 200
    schema = document.json()
    assert "ErrorOut" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert " / " in op["summary"] and op.get("description"), (method, path)
            for parameter in op.get("parameters", []):
                assert " / " in parameter.get("description", ""), (method, path, parameter["name"])
            responses = op["responses"]
            assert "401" in responses, (method, path)
            for status, answer in responses.items():
                assert " / " in answer["description"], (method, path, status)
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            assert " / " in prop.get("description", ""), (name, field)
    assert {"unauthenticated", "forbidden", "scope", "not_found", "refused", "invalid"} <= {
        line.split("`")[1] for line in schema["info"]["description"].splitlines() if line.startswith("| `")
    }
    docs = client.get(f"{BASE}/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower() and b"<script>" not in docs.content


def test_refusals_write_nothing_to_the_audit_chain(api_as, world):
    events = AuditEvent.objects.exclude(action__in=["access.denied", "auth.otp_verify"]).count()
    api_as("clerk").post(f"/declarations/{world['review'].pk}/actions/pass_initial_review", {"reason": "x"})
    api_as("office_head").post(f"/declarations/{world['review'].pk}/actions/approve", {"reason": "x"})
    # the two tokens (each after its second-factor check); no action went through (a refusal by role is
    # recorded as access.denied only)
    assert AuditEvent.objects.exclude(action__in=["access.denied", "auth.otp_verify"]).count() == events + 2


def test_the_api_has_one_document(client, db):
    assert api.get_openapi_schema(path_prefix=f"{BASE}/")["info"]["title"] == "egovpm API"
