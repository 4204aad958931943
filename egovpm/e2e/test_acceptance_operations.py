"""第十九条 to 第二十四条 in chromium, one project from the end of construction to next year's O&M funds: the
unit declares construction complete, records the initial-acceptance documents and applies; the Office forms the
completion acceptance group, works the checklist of 附件4 二 and 四 and the review of 附件4 七(二), accepts and
files the report; the unit then enters operation under a recorded O&M mode and declares next year's O&M funds,
which the Office finds in that plan year's declarations. Each step is taken by its party, logged in through the
login page, on the real pages; the clock is the injected one. What comes before (the estimate, the firm, the
start) is tested in test_construction_spine.py and is taken here through the services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from egovpm.acceptance.domain import BASES, CHECKLIST, REVIEW_AREAS, SLOTS
from egovpm.conftest import declaration_at
from egovpm.construction import services as construction
from egovpm.construction.selectors import catalog_entries_of
from egovpm.construction.tests.conftest import RESPONSIBILITY, approve_baseline
from egovpm.intake.services import plan_year_open
from egovpm.operations.models import Operation
from egovpm.supervision import services as supervision
from egovpm.supervision.tests.conftest import assign
from egovpm.testing.scenario import pdf_file

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/e2e-acceptance"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=f"{SHOTS}-{name}.png", full_page=True)


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


def in_construction(city, frozen_clock):
    """The hospital's funded project (plan year 2027), built with a qualified firm: under construction and
    connected to the sharing platform (第十三条, 第十六条), all through the services."""
    u = city.users
    project = declaration_at(city, "funded").project  # declared inside the 2027 window (the fixture's clock)
    frozen_clock(dt.date(2027, 3, 1))
    supervision.firm_qualification_record(
        actor=u["office_reviewer"],
        firm=city.units["firm"],
        grade="class_a",
        certificate_number="JL-2026-09",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2029, 12, 31),
    )
    assign(city, project, city.units["firm"])
    c = construction.construction_open(actor=u["clerk"], project=project)
    construction.responsibility_record(actor=u["clerk"], construction=c, data=RESPONSIBILITY)
    approve_baseline(city, c)
    c = construction.construction_start(actor=u["clerk"], construction=c)
    construction.sharing_record(
        actor=u["clerk"],
        construction=c,
        interface="互联网医院预约挂号数据接口",
        connected_on=dt.date(2027, 2, 20),
        entry_ids=[e.pk for e in catalog_entries_of(project)],
    )
    return project, c


@pytest.mark.article("第十九条")
@pytest.mark.article("第二十条")
@pytest.mark.article("第二十一条")
@pytest.mark.article("第二十二条")
@pytest.mark.article("第二十三条")
@pytest.mark.article("第二十四条")
@pytest.mark.supports("附件4 四")
def test_acceptance_operation_and_next_years_o_and_m_funds_in_the_browser(city, frozen_clock, login, live_server):
    url = live_server.url
    project, c = in_construction(city, frozen_clock)

    # 第十六条, 第二十条: the unit declares construction complete; the six months of acceptance start.
    frozen_clock(dt.date(2027, 6, 1))
    clerk = login("clerk")
    clerk.goto(f"{url}/construction/{c.pk}/")
    take(clerk, "declare_completion")
    expect(clerk.get_by_test_id("stage")).to_contain_text("建设完成")
    clerk.goto(f"{url}/acceptance/")
    clerk.get_by_role("link", name=project.name).first.click()
    clerk.wait_for_url(re.compile(r"/acceptance/\d+/$"))
    acceptance_url = clerk.url
    expect(clerk.get_by_test_id("clock")).to_contain_text("2027-12-01")

    # 第二十条: applying without the documents is refused, each missing one named.
    expect(clerk.get_by_test_id("missing")).to_contain_text("等级测评报告")
    expect(clerk.get_by_test_id("missing")).to_contain_text("档案文件清单")

    # 第十九条, 附件4 六: each report of the initial acceptance is recorded with its author and date.
    frozen_clock(dt.date(2027, 8, 10))
    for slot in SLOTS:
        clerk.goto(acceptance_url)
        clerk.locator(f'[data-slot="{slot.kind}"]').get_by_role("link").click()
        if clerk.locator("#id_subject").count():
            clerk.fill("#id_subject", "互联网医院平台软件开发合同")
        clerk.fill("#id_author_organisation", "市人民医院信息科")
        clerk.fill("#id_author_person", "张明")
        clerk.fill("#id_dated", "2027-08-05")
        upload = pdf_file(f"{slot.label}.pdf")
        clerk.set_input_files(
            "#id_document", {"name": upload.name, "mimeType": "application/pdf", "buffer": upload.read()}
        )
        submit(clerk)
        clerk.wait_for_url(acceptance_url)
        expect(clerk.locator(f'[data-slot="{slot.kind}"]')).to_contain_text("张明")
    expect(clerk.get_by_test_id("missing")).to_have_count(0)
    shot(clerk, "documents")
    take(clerk, "apply_completion", "已完成单项验收、信息安全风险评估和初步验收，申请竣工验收。")
    expect(clerk.get_by_test_id("stage")).to_contain_text("已申请竣工验收")

    # 第十九条, 附件4 七: the Office forms the group (its own staff and an expert) and organises the acceptance.
    frozen_clock(dt.date(2027, 9, 1))
    office = login("office_reviewer")
    office.goto(acceptance_url)
    for kind, user, duty in (
        ("office_staff", city.users["office_head"], "组长"),
        ("expert", city.users["expert"], "技术组"),
    ):
        office.get_by_role("link", name="加入验收组成员").click()
        office.select_option("#id_kind", kind)
        office.select_option("#id_user", str(user.pk))
        office.fill("#id_duty", duty)
        submit(office)
        office.wait_for_url(acceptance_url)
    take(office, "start_completion_acceptance")
    expect(office.get_by_test_id("stage")).to_contain_text("竣工验收中")

    # 附件4 二 and 四: the ten items, each with its evidence; 附件4 七(二) and 三: the review against its bases.
    for item in CHECKLIST:
        office.goto(acceptance_url)
        office.locator(f'[data-check="{item.code}"]').get_by_role("link", name="记录").click()
        office.fill("#id_evidence", f"查阅合同、测试报告和现场核查记录：{item.label}。")
        office.locator('input[name="passed"][value="yes"]').check()
        submit(office)
        office.wait_for_url(acceptance_url)
    expect(office.get_by_test_id("checklist")).not_to_contain_text("未检查")
    office.get_by_role("link", name="记录检查情况").click()
    for code, _ in REVIEW_AREAS:
        office.locator(f'input[name="areas"][value="{code}"]').check()
    for code, _ in BASES:
        office.locator(f'input[name="bases"][value="{code}"]').check()
    office.fill("#id_findings", "建设、设计、监理、施工、招标采购、档案资料、预（概）算执行和财务决算情况均已检查。")
    submit(office)
    office.wait_for_url(acceptance_url)
    shot(office, "checklist")

    # 第二十一条: accepted, the report issued and filed with the 项目审批部门.
    take(office, "conclude_accepted", "项目按批准的建设目标、规模和内容建成，同意通过竣工验收。")
    expect(office.get_by_test_id("stage")).to_contain_text("验收通过")
    with office.expect_download() as download:
        office.get_by_role("link", name="竣工验收报告（PDF）").click()
    assert download.value.suggested_filename.endswith(".pdf")
    take(office, "file_acceptance_report", "竣工验收报告已备案。")
    expect(office.get_by_test_id("stage")).to_contain_text("验收报告已备案")
    shot(office, "filed")

    # 第二十二条, 第二十三条: the unit enters operation with its operating body, rules, costs and O&M mode.
    frozen_clock(dt.date(2027, 9, 15))
    clerk.goto(f"{url}/operations/projects/{project.pk}/")
    clerk.get_by_role("link", name="登记项目运行机构和管理制度").click()
    clerk.fill("#id_operating_body", "市人民医院信息科")
    clerk.fill("#id_cost_assurance", "运行维护费用列入医院年度部门预算。")
    rules = pdf_file("运行维护管理制度.pdf")
    clerk.set_input_files("#id_rules", {"name": rules.name, "mimeType": "application/pdf", "buffer": rules.read()})
    submit(clerk)
    clerk.get_by_role("link", name="确定运行维护方式").click()
    clerk.select_option("#id_mode", "self")
    submit(clerk)
    expect(clerk.get_by_test_id("mode")).to_contain_text("自管")
    take(clerk, "enter_operation")
    expect(clerk.get_by_test_id("operation-stage")).to_contain_text("运行中")
    assert Operation.objects.get(project=project).stage == "in_operation"
    shot(clerk, "operation")

    # 第二十四条: next year's O&M funds, declared inside the general procedure's window (10-31).
    frozen_clock(dt.date(2027, 10, 15))
    year = plan_year_open(actor=city.users["office_reviewer"], year=2028)
    clerk.goto(f"{url}/operations/projects/{project.pk}/")
    clerk.get_by_role("link", name="申报下一年度运行维护经费").click()
    clerk.select_option("#id_plan_year", str(year.pk))
    clerk.fill("#id_annual_requirement", "25.00")
    clerk.fill("#id_purpose_and_content", "互联网医院 2028 年度运行维护：驻场运维、安全加固、云资源租用。")
    submit(clerk)
    clerk.goto(f"{url}/operations/projects/{project.pk}/")
    expect(clerk.get_by_test_id("maintenance")).to_contain_text("2028")
    shot(clerk, "maintenance")
    clerk.goto(f"{url}/intake/?plan_year=2028")
    expect(clerk.locator("main table")).to_contain_text(project.name)
    expect(clerk.locator("main table")).to_contain_text("维护")
