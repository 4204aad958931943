"""第七条 end to end in chromium: one project from declaration to the budget library, and one that
the initial review does not arrange, whose reason the clerk reads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from egovpm.conftest import PROPOSAL
from egovpm.intake import services
from egovpm.intake.models import Declaration, ReviewInvitation
from egovpm.testing.scenario import pdf_file

# The pages behave as the view tests show them on both databases; the browser adds no database of its own.
pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]


def fill_application(page: Page, name: str, *, current: dict[str, str]) -> None:
    page.fill("#id_name", name)
    page.fill("#id_leader_name", "张明")
    page.fill("#id_leader_phone", "0513-83312345")
    page.fill("#id_start_date", "2027-03-01")
    page.fill("#id_planned_end_date", "2027-12-31")
    page.check("#id_nature_0")  # 新建
    page.check("#id_plan_compiled_0")  # 是
    page.check("#id_plan_expert_reviewed_1")  # 否
    page.fill("#id_purpose_and_content", "建设互联网医院服务平台：信息网络系统、信息资源系统及信息业务系统。")
    page.fill("#id_total_investment", "300.00")
    page.fill("#id_annual_requirement", "200.00")
    for column, value in current.items():
        page.fill(f"#id_current_{column}", value)


def take_action(page: Page, action: str, reason: str | None = None) -> None:
    box = page.locator(f'[data-action="{action}"]')
    if reason is not None:
        box.locator("textarea, input[name=reason]").fill(reason)
    box.locator("button[type=submit], a.button").first.click()
    page.wait_for_load_state()


def declare_as_clerk(page: Page, live_server, name: str) -> int:
    page.goto(f"{live_server.url}/intake/new/")
    fill_application(page, name, current={"total": "200.00", "fiscal": "180.00", "self_raised": "20.00"})
    page.click("text=保存申报表（草稿）")
    page.wait_for_url(re.compile(r"/intake/\d+/$"))
    pk = int(re.search(r"/intake/(\d+)/$", page.url).group(1))
    page.goto(f"{live_server.url}/intake/{pk}/proposal/")
    for field, text in PROPOSAL.items():
        if text:
            page.fill(f"#id_{field}", text)
    page.click("text=保存项目建议书")
    page.wait_for_url(re.compile(rf"/intake/{pk}/$"))
    return pk


def start_initial_review_with_expert(page: Page, live_server, pk: int, expert_pk: int) -> None:
    page.goto(f"{live_server.url}/intake/{pk}/")
    take_action(page, "start_initial_review")
    page.check(f"#reviewer-expert-{expert_pk}")
    page.click("text=纳入初审并发出邀请")
    page.wait_for_url(re.compile(rf"/intake/{pk}/$"))
    expect(page.get_by_test_id("stage")).to_have_text("初审中")


def expert_gives_opinion(page: Page, live_server, pk: int, recommendation: str, text: str) -> None:
    page.goto(f"{live_server.url}/intake/invitations/")
    invitation = ReviewInvitation.objects.get(declaration_id=pk, reviewer__username="expert")
    page.locator(f'a[href="/intake/invitations/{invitation.pk}/"]').first.click()
    page.check(f'input[name=recommendation][value="{recommendation}"]')
    page.fill("#id_opinion", text)
    page.click("text=提交意见")
    expect(page.get_by_test_id("my-opinion")).to_contain_text(text)


def test_general_procedure_in_the_browser(city, frozen_clock, login, live_server):
    u = city.users
    plan_year = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    services.review_round_open(actor=u["office_reviewer"], plan_year=plan_year, name="第一批初审")

    # 第七条(一): the clerk declares before 10-31; the supervising department consents.
    frozen_clock(dt.date(2026, 10, 15))
    clerk = login("clerk")
    pk = declare_as_clerk(clerk, live_server, "市人民医院互联网医院平台")
    take_action(clerk, "submit_to_supervisor")
    expect(clerk.get_by_test_id("stage")).to_have_text("已报主管部门")

    supervisor = login("supervisor")
    supervisor.goto(f"{live_server.url}/intake/{pk}/")
    take_action(supervisor, "consent", "同意上报。")
    assert Declaration.objects.get(pk=pk).stage == "submitted"

    # 第七条(二): the Office runs the initial review with an expert's opinion.
    frozen_clock(dt.date(2026, 11, 3))
    office = login("office_reviewer")
    start_initial_review_with_expert(office, live_server, pk, u["expert"].pk)
    expert = login("expert")
    expert_gives_opinion(expert, live_server, pk, "adjust", "建议压缩硬件投资，优先使用政务云。")
    office.goto(f"{live_server.url}/intake/{pk}/")
    expect(office.locator("#review")).to_contain_text("建议压缩硬件投资")
    take_action(office, "pass_initial_review", "同意纳入初审，硬件部分调整为租用政务云资源。")
    expect(office.get_by_test_id("stage")).to_have_text("初审通过")

    # 第七条(三): the unit uploads the feasibility materials and the catalog by 11-30.
    frozen_clock(dt.date(2026, 11, 20))
    clerk.goto(f"{live_server.url}/intake/{pk}/")
    expect(clerk.locator("body")).to_contain_text("硬件部分调整为租用政务云资源")
    for kind, upload in (
        ("feasibility_report", pdf_file("可行性研究报告.pdf")),
        ("expert_opinion", pdf_file("专家论证意见.pdf")),
    ):
        clerk.select_option("#feas-kind", kind)
        clerk.set_input_files(
            "#feas-file", {"name": upload.name, "mimeType": "application/pdf", "buffer": upload.read()}
        )
        clerk.locator("#feas-file").locator("xpath=ancestor::form").locator("button[type=submit]").click()
        clerk.wait_for_url(re.compile(rf"/intake/{pk}/$"))
    clerk.get_by_role("link", name="编制政务信息资源目录", exact=True).click()
    clerk.wait_for_url(re.compile(r"/catalog/project/\d+/$"))
    clerk.fill("#id_name", "互联网诊疗记录")
    clerk.fill("#id_code", "QD-RES-0001")
    clerk.fill("#id_provider", "市人民医院")
    clerk.fill("#id_category", "卫生健康")
    clerk.fill("#id_summary", "互联网诊疗过程中形成的诊疗记录。")
    clerk.fill("#id_format", "数据库")
    clerk.fill("#id_items", "患者编号\n就诊时间\n诊断结果")
    clerk.check("input[name=share_type][value=conditional]")
    clerk.fill("#id_share_condition", "仅向卫生健康部门共享，依据《医疗机构病历管理规定》。")
    clerk.select_option("#id_open_attribute", "closed")
    clerk.select_option("#id_update_cycle", "daily")
    clerk.locator("form button[type=submit]").last.click()
    expect(clerk.locator("body")).to_contain_text("QD-RES-0001")
    clerk.goto(f"{live_server.url}/intake/{pk}/")
    take_action(clerk, "submit_feasibility")
    expect(clerk.get_by_test_id("stage")).to_have_text("可研材料已报送")

    # 第七条(四): re-review by 12-31, written opinion; the plan goes to Finance.
    frozen_clock(dt.date(2026, 12, 10))
    office.goto(f"{live_server.url}/intake/{pk}/")
    take_action(office, "start_re_review")
    head = login("office_head")
    head.goto(f"{live_server.url}/intake/{pk}/")
    take_action(head, "approve")
    head.fill("#id_opinion", "经复核，同意将该项目列入2027年度电子政务项目计划。")
    head.fill("#id_approved_amount", "280.00")
    head.locator("main form button[type=submit]").first.click()
    expect(head.get_by_test_id("opinion-number")).to_have_text(re.compile(r"启政信办复〔2026〕\d{3}号"))
    office.goto(f"{live_server.url}/intake/plan/2027/")
    office.click("text=向市财政局报送年度计划和预审合格项目清单")
    expect(office.locator(".messages")).to_be_visible()

    # 第七条(五): Finance places it in the budget project library and records the amount.
    finance = login("finance")
    finance.goto(f"{live_server.url}/intake/{pk}/")
    take_action(finance, "place_in_budget_library", "YS2027-0001")
    expect(finance.get_by_test_id("stage")).to_have_text("已入预算项目库")
    take_action(finance, "arrange_funds")
    finance.fill("#id_amount", "150.00")
    finance.locator("main form button[type=submit]").first.click()
    finance.goto(f"{live_server.url}/intake/{pk}/")
    expect(finance.get_by_test_id("stage")).to_have_text("已安排资金")
    decl = Declaration.objects.get(pk=pk)
    assert decl.stage == "funded"
    assert str(decl.budget_entry.arranged_amount) == "150.00"

    # A second project is not arranged; the clerk reads the reason.
    frozen_clock(dt.date(2026, 10, 20))
    culture = login("culture_clerk")
    pk2 = declare_as_clerk(culture, live_server, "文旅资源数字化展示平台")
    take_action(culture, "submit")
    expect(culture.get_by_test_id("stage")).to_have_text("已报送办公室")
    frozen_clock(dt.date(2026, 11, 5))
    start_initial_review_with_expert(office, live_server, pk2, u["expert"].pk)
    expert_gives_opinion(expert, live_server, pk2, "not_arrange", "与市级文旅平台功能重复。")
    office.goto(f"{live_server.url}/intake/{pk2}/")
    take_action(office, "not_arrange", "")
    expect(office.locator(".messages")).to_contain_text("请填写不予安排的理由")
    reason = "与市文旅局已建平台功能重复，建议接入市级平台，不单独立项。"
    take_action(office, "not_arrange", reason)
    culture.goto(f"{live_server.url}/intake/{pk2}/")
    expect(culture.get_by_test_id("stage")).to_have_text("不予安排")
    expect(culture.locator("body")).to_contain_text(reason)
