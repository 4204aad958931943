"""第十一条 and 第四条 in chromium: Finance pays on the contract, a payment past the contract is refused at
the form with its figures, the project page shows the money overview, the ledger the payment."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from egovpm.construction.tests.conftest import supervision  # noqa: F401  (fixtures)
from egovpm.procurement.models import Payment
from egovpm.procurement.tests.conftest import IN_2027, contract, procurement, project  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots_f"


@pytest.mark.supports("第四条")
def test_finance_pays_a_contract_in_the_browser(contract, login, live_server):  # noqa: F811
    finance = login("finance")
    finance.goto(f"{live_server.url}/procurement/projects/{contract.project_id}/")
    expect(finance.get_by_test_id("money-overview")).to_contain_text("275.00")
    finance.get_by_role("link", name="登记拨付").click()
    finance.select_option("#id_kind", "development")
    finance.select_option("#id_funding_source", "fiscal")
    finance.fill("#id_amount", "95.00")
    finance.fill("#id_paid_on", IN_2027.isoformat())
    finance.locator("main form button[type=submit]").first.click()
    expect(finance.locator("main form")).to_contain_text(
        "该合同累计拨付 95.00 万元，超过合同金额 90.00 万元（第四条）。"
    )
    finance.screenshot(path=f"{SHOTS}/payment_refused.png", full_page=True)
    finance.fill("#id_amount", "45.00")
    finance.locator("main form button[type=submit]").first.click()
    finance.wait_for_url(re.compile(r"/procurement/projects/\d+/$"))
    expect(finance.locator(f'[data-contract="{contract.pk}"]')).to_contain_text("45.00")
    finance.screenshot(path=f"{SHOTS}/project.png", full_page=True)
    assert Payment.objects.get().amount == 45
    finance.goto(f"{live_server.url}/procurement/ledger/")
    expect(finance.get_by_test_id("ledger-total")).to_have_text("45.00")
    finance.screenshot(path=f"{SHOTS}/ledger.png", full_page=True)
