"""/api/v1/procurement: the same services as the pages (第十一条, 第四条)."""

from __future__ import annotations

import json

import pytest

from egovpm.api.models import TokenScope
from egovpm.api.services import api_token_create
from egovpm.construction.tests.conftest import supervision  # noqa: F401
from egovpm.procurement.models import Payment
from egovpm.procurement.tests.conftest import IN_2027, contract, procurement, project  # noqa: F401
from egovpm.testing.otp import second_factor_code


def call(client, city, role, method, url, body=None):
    secret = api_token_create(
        actor=city.users[role],
        user=city.users[role],
        name="t",
        scope=TokenScope.WRITE,
        otp_token=second_factor_code(city.users[role]),
    )[1]
    headers = {"Authorization": f"Bearer {secret}"}
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, json.dumps(body or {}), content_type="application/json", headers=headers)


@pytest.mark.article("第四条")
def test_finance_pays_through_the_api_and_a_refusal_answers_409_with_the_figures(client, city, contract):  # noqa: F811
    url = f"/api/v1/procurement/contracts/{contract.pk}/payments"
    body = {"kind": "development", "funding_source": "fiscal", "amount": "40.00", "paid_on": IN_2027.isoformat()}
    response = call(client, city, "finance", "post", url, body)
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "40.00"
    refused = call(client, city, "finance", "post", url, {**body, "amount": "60.00"})
    assert refused.status_code == 409
    assert refused.json()["message"] == "该合同累计拨付 100.00 万元，超过合同金额 90.00 万元（第四条）。"
    assert call(client, city, "clerk", "post", url, body).status_code == 403
    assert Payment.objects.count() == 1
    ledger = call(client, city, "audit", "get", "/api/v1/procurement/payments").json()
    assert (ledger["count"], ledger["total"]) == (1, "40.00")


@pytest.mark.article("第十四条")
def test_a_contract_past_its_kind_estimate_answers_409_through_the_api(client, city, procurement):  # noqa: F811
    url = f"/api/v1/procurement/procurements/{procurement.pk}/contracts"
    body = {"number": "HT-9", "name": "软件许可合同", "signed_on": IN_2027.isoformat(), "parts": {"software": "41.00"}}
    response = call(client, city, "clerk", "post", url, body)
    assert response.status_code == 409
    assert response.json()["message"] == "软件类合同累计 41.00 万元，超过核定概算 40.00 万元（第十四条）。"
    overview = call(client, city, "finance", "get", f"/api/v1/procurement/projects/{procurement.project_id}").json()
    assert overview["overview"]["total"]["approved"] == "275.00"
