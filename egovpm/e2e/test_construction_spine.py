"""第十一条 to 第十八条 in chromium, one project across construction, procurement and supervision: the estimate
approved, the procurement and the contract, construction started with a qualified firm, a progress report,
an inspection finding, a rectification that lapses, the funds withheld blocking Finance's payment, the
rectification accepted after the Office extends its deadline, the funds released and the payment going
through. Each step is taken by its party, logged in through the login page, on the real pages; the clock is
the injected one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from egovpm.conftest import declaration_at
from egovpm.construction.tests.conftest import AMOUNTS, RESPONSIBILITY
from egovpm.procurement.models import Payment
from egovpm.supervision.models import Rectification
from egovpm.testing.scenario import pdf_file

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/e2e-spine"

QUALIFICATION = {
    "grade": "class_a",
    "certificate_number": "JL-2026-01",
    "valid_from": "2026-01-01",
    "valid_until": "2028-12-31",
}
PROCUREMENT = {
    "subject": "互联网医院平台软件开发采购",
    "method": "open_tender",
    "supplier": "启东智慧科技有限公司",
    "amount": "90.00",
    "procured_on": "2027-03-05",
    "item_name": "互联网医院平台软件",
    "quantity": "1",
}
CONTRACT = {
    "number": "QDHT-2027-001",
    "name": "互联网医院平台建设合同",
    "signed_on": "2027-03-10",
    "part_software": "30.00",
    "part_development": "60.00",
}
PAYMENT = {"kind": "development", "funding_source": "fiscal", "amount": "45.00", "voucher_number": "CZBF-2027-0001"}
PROGRESS = {
    "period_end": "2027-03-31",
    "percent": "15",
    "milestones": "完成需求调研和系统设计。",
    "schedule_status": "按计划推进。",
    "estimate_control": "未超概算。",
}


def shot(page: Page, name: str) -> None:
    page.screenshot(path=f"{SHOTS}-{name}.png", full_page=True)


def attach_pdf(page: Page, selector: str, name: str) -> None:
    upload = pdf_file(name)
    page.set_input_files(selector, {"name": upload.name, "mimeType": "application/pdf", "buffer": upload.read()})


def fill(page: Page, values: dict[str, str]) -> None:
    """Fill the form's fields by name (Django's ids #id_<name>); a select is chosen by its value."""
    for name, value in values.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def take(page: Page, action: str, reason: str = "") -> None:
    """A button of projects/_actions.html: the table's step `action`, with its reason."""
    box = page.locator(f'[data-action="{action}"]')
    if reason:
        box.locator("textarea, input[name=reason]").first.fill(reason)
    box.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.article("第十四条")
@pytest.mark.article("第十三条")
@pytest.mark.article("第十八条")
@pytest.mark.supports("第十一条")
@pytest.mark.supports("第十二条")
@pytest.mark.supports("第四条")
def test_construction_disbursement_and_supervision_spine(city, frozen_clock, login, live_server):
    url = live_server.url
    funded = declaration_at(city, "funded")  # plan year 2027, 180.00 万元 arranged (第七条(五))
    project = funded.project

    # 第十三条: the Office records the supervision firm's qualification.
    office = login("office_reviewer")
    office.goto(f"{url}/supervision/firms/")
    firm_row = f'[data-firm="{city.units["firm"].pk}"]'
    office.locator(firm_row).get_by_role("link", name="登记资质").click()
    fill(office, QUALIFICATION)
    submit(office)
    expect(office.locator(firm_row)).to_contain_text(QUALIFICATION["certificate_number"])
    expect(office.locator(firm_row)).to_contain_text("资质有效")

    # 第十一条, 第十二条, 第十四条: the unit opens construction, names who is responsible, submits the estimate.
    frozen_clock(dt.date(2027, 3, 1))
    clerk = login("clerk")
    clerk.goto(f"{url}/construction/")
    clerk.get_by_role("link", name="开始建设准备").click()
    clerk.select_option("#id_project", str(project.pk))
    submit(clerk)
    clerk.wait_for_url(re.compile(r"/construction/\d+/$"))
    construction_url = clerk.url
    expect(clerk.get_by_test_id("stage")).to_contain_text("建设准备")
    clerk.get_by_test_id("responsibility").get_by_role("link", name="登记").click()
    fill(clerk, RESPONSIBILITY)
    submit(clerk)
    expect(clerk.get_by_test_id("responsibility")).to_contain_text("市人民医院信息科")
    clerk.get_by_role("link", name="报送概算").click()
    fill(clerk, {f"item_{kind}": str(amount) for kind, amount in AMOUNTS.items()})
    clerk.fill("#id_design_summary", "采用政务云部署，建设预约挂号、在线问诊、处方流转三个子系统。")
    submit(clerk)
    expect(clerk.get_by_test_id("estimate-versions")).to_contain_text("275.00")

    # 第十四条: the 项目审批部门 (the Office) approves the estimate: the baseline.
    office.goto(construction_url)
    office.get_by_role("link", name="核定第 1 版概算").click()
    office.get_by_label("核定").check()
    office.get_by_label("意见或理由").fill("同意按政务云方式部署。")
    submit(office)
    office.wait_for_url(construction_url)
    expect(office.get_by_test_id("estimate-versions")).to_contain_text("已核定")
    shot(office, "estimate")

    # 第十一条, 第十四条: the unit records the procurement and signs the contract within the estimate.
    clerk.goto(f"{url}/procurement/projects/{project.pk}/")
    clerk.get_by_role("link", name="登记采购").click()
    fill(clerk, PROCUREMENT)
    submit(clerk)
    clerk.wait_for_url(re.compile(rf"/procurement/projects/{project.pk}/$"))
    clerk.get_by_test_id("procurements").get_by_role("link", name="登记合同").click()
    fill(clerk, CONTRACT)
    submit(clerk)
    clerk.wait_for_url(re.compile(rf"/procurement/projects/{project.pk}/$"))
    expect(clerk.get_by_test_id("contracts")).to_contain_text(CONTRACT["number"])
    shot(clerk, "contract")

    # 第十三条: the unit entrusts the qualified firm, then starts construction.
    clerk.goto(f"{url}/supervision/projects/{project.pk}/")
    clerk.get_by_role("link", name="委托监理单位").click()
    fill(
        clerk,
        {"firm": str(city.units["firm"].pk), "contract_number": "QD-JL-2027-01", "contract_signed_on": "2027-03-12"},
    )
    attach_pdf(clerk, "#id_contract", "监理合同.pdf")
    submit(clerk)
    expect(clerk.get_by_test_id("guards")).to_contain_text("已委托具有有效资质的监理单位")
    clerk.goto(construction_url)
    take(clerk, "start_construction")
    expect(clerk.get_by_test_id("stage")).to_contain_text("建设中")
    shot(clerk, "started")

    # 第十二条: a progress report by the unit; 第十三条: the firm sees the project and files its report.
    frozen_clock(dt.date(2027, 4, 1))
    clerk.get_by_role("link", name="报告进度").click()
    fill(clerk, PROGRESS)
    submit(clerk)
    expect(clerk.get_by_test_id("progress")).to_contain_text("15%")
    engineer = login("engineer")
    engineer.goto(f"{url}/supervision/workspace/")
    expect(engineer.get_by_test_id("supervised")).to_contain_text(project.name)
    engineer.goto(f"{url}/supervision/projects/{project.pk}/")
    engineer.get_by_role("link", name="报送监理报告").click()
    fill(
        engineer,
        {
            "period_start": "2027-03-12",
            "period_end": "2027-03-31",
            "findings": "设计阶段工作符合合同约定；资金支付凭证待完善。",
        },
    )
    submit(engineer)
    expect(engineer.get_by_test_id("reports")).to_contain_text("资金支付凭证待完善")

    # 第十八条: the Office inspects and orders a rectification by 2027-04-30.
    frozen_clock(dt.date(2027, 4, 10))
    head = login("office_head")
    head.goto(f"{url}/supervision/projects/{project.pk}/")
    head.get_by_role("link", name="组织稽察").click()
    head.fill("#id_scope", "年度稽察：执行政策、招标投标、工程质量、进度、资金使用和概算控制情况。")
    submit(head)
    head.get_by_role("link", name="记录稽察发现").click()
    fill(
        head,
        {
            "area": "funds",
            "description": "资金使用未按合同约定。",
            "requirement": "按合同约定整改资金支付。",
            "due": "2027-04-30",
        },
    )
    submit(head)
    expect(head.get_by_test_id("order-stage")).to_have_text("待整改")
    shot(head, "finding")

    # The order lapses: the unit may answer no more (拒不整改); the Office withholds the funds.
    frozen_clock(dt.date(2027, 5, 6))
    clerk.goto(f"{url}/supervision/projects/{project.pk}/")
    expect(clerk.get_by_test_id("order-stage")).to_have_text("逾期未整改")
    answer = clerk.locator('[data-action="submit_rectification"]')
    expect(answer.locator("button[type=submit]")).to_be_disabled()
    expect(answer).to_contain_text("逾期未整改的不能再报送整改情况")
    shot(clerk, "lapsed")
    head.goto(f"{url}/supervision/projects/{project.pk}/")
    expect(head.get_by_test_id("order-stage")).to_have_text("逾期未整改")
    head.get_by_role("link", name="予以处理").click()
    head.get_by_label("暂缓拨付建设资金").check()
    head.locator("#id_reason").fill("逾期未整改，暂缓拨付建设资金。")
    head.get_by_role("button", name="作出处理决定").click()
    expect(head.get_by_test_id("sanctions")).to_contain_text("暂缓拨付建设资金")
    clerk.goto(construction_url)
    expect(clerk.get_by_test_id("restrictions")).to_contain_text("暂缓拨付建设资金")

    # 第十八条: Finance cannot pay while the funds are withheld, and reads why.
    finance = login("finance")
    finance.goto(f"{url}/procurement/projects/{project.pk}/")
    contracts = finance.get_by_test_id("contracts")
    expect(contracts).to_contain_text("第十八条")
    expect(contracts.get_by_role("link", name="登记拨付")).to_have_count(0)
    refusal = contracts.locator(".errorlist").first.inner_text()
    assert "暂缓拨付" in refusal, refusal
    shot(finance, "payment-blocked")
    contract_pk = project.contracts.get().pk
    finance.goto(f"{url}/procurement/contracts/{contract_pk}/payments/new/")
    expect(finance.get_by_test_id("refusal")).to_have_text(refusal)
    fill(finance, PAYMENT)
    submit(finance)
    expect(finance.locator("main form")).to_contain_text(refusal)
    shot(finance, "payment-refused")
    assert not Payment.objects.exists()

    # The Office extends the deadline; the unit rectifies; the Office accepts and releases the funds.
    head.goto(f"{url}/supervision/projects/{project.pk}/")
    head.get_by_role("link", name="延长整改期限").click()
    head.fill("#id_due", "2027-05-20")
    head.fill("#id_reason", "单位已说明逾期原因，给予延期整改。")
    shot(head, "extend")
    submit(head)
    expect(head.get_by_test_id("inspections")).to_contain_text("2027-05-20")
    clerk.goto(f"{url}/supervision/projects/{project.pk}/")
    take(clerk, "submit_rectification", "已按合同约定调整资金支付，补齐支付凭证。")
    expect(clerk.get_by_test_id("order-stage")).to_have_text("待复查")
    head.goto(f"{url}/supervision/projects/{project.pk}/")
    take(head, "accept_rectification", "经复查，资金支付已按合同约定整改。")
    expect(head.get_by_test_id("order-stage")).to_have_text("整改通过")
    head.get_by_test_id("sanctions").get_by_role("link", name="解除").click()
    head.locator("#id_reason").fill("整改已通过复查，恢复拨付建设资金。")
    submit(head)
    expect(head.get_by_test_id("sanctions")).to_contain_text("已解除")
    expect(head.get_by_test_id("guards")).to_contain_text("无未通过的限期整改")
    shot(head, "released")
    assert Rectification.objects.get().stage == "accepted"

    # 第四条: Finance pays on the contract; the payment is in the ledger.
    finance.goto(f"{url}/procurement/projects/{project.pk}/")
    finance.get_by_test_id("contracts").get_by_role("link", name="登记拨付").click()
    fill(finance, PAYMENT)
    submit(finance)
    finance.wait_for_url(re.compile(rf"/procurement/projects/{project.pk}/$"))
    expect(finance.locator(f'[data-contract="{contract_pk}"]')).to_contain_text("45.00")
    finance.goto(f"{url}/procurement/ledger/")
    expect(finance.get_by_test_id("ledger")).to_contain_text(CONTRACT["number"])
    expect(finance.get_by_test_id("ledger-total")).to_have_text("45.00")
    shot(finance, "ledger")
    assert Payment.objects.get().amount == 45
