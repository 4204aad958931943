"""第八条, 第九条 end to end in chromium: one special-procedure project from the application letter to the
written opinion, the joint review asking for one adjustment."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from egovpm.e2e.test_general_procedure import expert_gives_opinion, fill_application, take_action
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.testing.scenario import pdf_file

# The pages behave as the view tests show them on both databases; the browser adds no database of its own.
pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]

REASON = "2026年8月省卫健委部署互联网医院监管平台对接任务，年初编制计划时无法预见。"
MATERIALS = "1. 项目建议书；2. 可行性研究报告；3. 省卫健委对接任务文件。"
EXPERT_OPINION = "建议将自建机房改为租用政务云资源，压减硬件投资。"
ADJUSTMENT = "请按专家意见将硬件采购调整为租用政务云资源，并报送调整后的实施方案。"


def upload_special(page: Page, pk: int, kind: str, name: str) -> None:
    upload = pdf_file(name)
    page.select_option("#special-kind", kind)
    page.set_input_files("#special-file", {"name": upload.name, "mimeType": "application/pdf", "buffer": upload.read()})
    page.get_by_test_id("special-upload").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/intake/{pk}/$"))
    expect(page.get_by_test_id("special-materials")).to_contain_text(name)


def test_special_procedure_in_the_browser(city, frozen_clock, login, live_server):
    u = city.users
    # 2026's general window closed on 2025-10-31: the hospital uses the special procedure.
    frozen_clock(dt.date(2026, 11, 10))
    services.plan_year_open(actor=u["office_reviewer"], year=2026)

    # 第九条(一): the clerk writes the letter, stating the unforeseeable reason (第八条(一)), and submits it.
    clerk = login("clerk")
    clerk.goto(f"{live_server.url}/intake/special/")
    clerk.get_by_test_id("special-apply").click()
    clerk.check("input[name=basis][value=unforeseeable]")
    fill_application(
        clerk, "互联网医院监管平台对接", current={"total": "200.00", "fiscal": "180.00", "self_raised": "20.00"}
    )
    clerk.click("text=保存申请书（草稿）")
    expect(clerk.locator("#id_unforeseeable_reason").locator("xpath=..")).to_contain_text("不可预见")
    assert not Declaration.objects.exists()
    clerk.fill("#id_unforeseeable_reason", REASON)
    clerk.click("text=保存申请书（草稿）")
    clerk.wait_for_url(re.compile(r"/intake/\d+/$"))
    pk = int(re.search(r"/intake/(\d+)/$", clerk.url).group(1))
    expect(clerk.get_by_test_id("unforeseeable-reason")).to_have_text(REASON)
    take_action(clerk, "submit_special_request")
    expect(clerk.get_by_test_id("stage")).to_have_text("已提交启动特殊申报程序申请书")

    # 第九条(二): the Office agrees and lists the materials it requires.
    frozen_clock(dt.date(2026, 11, 11))
    office = login("office_reviewer")
    office.goto(f"{live_server.url}/intake/{pk}/")
    take_action(office, "agree_special_start", MATERIALS)
    expect(office.get_by_test_id("stage")).to_have_text("待报送材料")

    # The clerk uploads the materials and submits them.
    frozen_clock(dt.date(2026, 11, 13))
    clerk.goto(f"{live_server.url}/intake/{pk}/")
    expect(clerk.get_by_test_id("required-materials")).to_contain_text("省卫健委对接任务文件")
    upload_special(clerk, pk, "special_material", "可行性研究报告.pdf")
    take_action(clerk, "submit_special_materials")
    expect(clerk.get_by_test_id("stage")).to_have_text("指定材料已报送")

    # 第九条(三): the Office starts the joint review, inviting an expert, who gives an opinion.
    frozen_clock(dt.date(2026, 11, 16))
    office.goto(f"{live_server.url}/intake/{pk}/")
    take_action(office, "start_joint_review")
    office.check(f"#reviewer-expert-{u['expert'].pk}")
    office.click("text=组织会审并发出邀请")
    office.wait_for_url(re.compile(rf"/intake/{pk}/$"))
    expect(office.get_by_test_id("stage")).to_have_text("会审中")
    expert = login("expert")
    expert_gives_opinion(expert, live_server, pk, "adjust", EXPERT_OPINION)

    # The Office asks the unit to adjust; the clerk uploads the adjusted plan and resubmits.
    frozen_clock(dt.date(2026, 11, 18))
    office.goto(f"{live_server.url}/intake/{pk}/")
    expect(office.get_by_test_id("joint-review-opinions")).to_contain_text(EXPERT_OPINION)
    take_action(office, "request_adjustment", ADJUSTMENT)
    expect(office.get_by_test_id("stage")).to_have_text("待调整")
    frozen_clock(dt.date(2026, 11, 20))
    clerk.goto(f"{live_server.url}/intake/{pk}/")
    expect(clerk.get_by_test_id("special-adjustments")).to_contain_text(ADJUSTMENT)
    expect(clerk.get_by_test_id("special-section")).not_to_contain_text(EXPERT_OPINION)
    upload_special(clerk, pk, "special_material", "调整后的实施方案.pdf")
    take_action(clerk, "resubmit_adjusted", "已改为租用政务云资源，总投资压减至280万元。")
    expect(clerk.get_by_test_id("stage")).to_have_text("会审中")

    # 第九条(四): the Office head approves with the written opinion.
    frozen_clock(dt.date(2026, 11, 23))
    head = login("office_head")
    head.goto(f"{live_server.url}/intake/{pk}/")
    take_action(head, "approve_special")
    head.fill("#id_opinion", "经会审，同意该项目按调整后的方案建设。")
    head.fill("#id_approved_amount", "280.00")
    head.locator("main form button[type=submit]").first.click()
    number = head.get_by_test_id("opinion-number")
    expect(number).to_have_text(re.compile(r"启政信办复〔2026〕\d{3}号"))
    expect(head.get_by_test_id("approval-opinion")).to_contain_text("会审意见")

    # The clerk sees the written opinion's number and may now apply to Finance with it.
    clerk.goto(f"{live_server.url}/intake/{pk}/")
    expect(clerk.get_by_test_id("special-opinion-number")).to_have_text(number.inner_text())
    expect(clerk.locator('[data-action="apply_special_funds"]')).to_be_visible()
    decl = Declaration.objects.get(pk=pk)
    assert (decl.stage, decl.approval_opinion.approved_amount) == ("approved", 280)
