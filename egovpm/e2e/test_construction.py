"""第十二条 to 第十六条 in chromium: a project under construction with its estimate adjusted before the change,
as the unit reads it, and the 项目审批部门 deciding a pending adjustment in the browser."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from egovpm.conftest import declaration_at
from egovpm.construction import services
from egovpm.construction.tests.conftest import AMOUNTS, started
from egovpm.construction.tests.conftest import supervision as supervision  # the supervision app stood in for

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/egovpm-construction"


@pytest.mark.supports("第十四条")
def test_construction_page_in_the_browser(city, frozen_clock, supervision, login, live_server):
    u = city.users
    decl = declaration_at(city, "funded")
    construction = started(city, services.construction_open(actor=u["clerk"], project=decl.project))
    services.progress_report_submit(
        actor=u["clerk"],
        construction=construction,
        data={
            "period_end": dt.date(2026, 10, 15),
            "percent": 5,
            "milestones": "完成需求调研和招标。",
            "schedule_status": "按计划推进。",
            "estimate_control": "未超概算。",
        },
    )
    first = services.adjustment_request(
        actor=u["clerk"],
        construction=construction,
        changes="增加移动端预约挂号。",
        reason="省卫健委要求接入省平台。",
        amounts={**AMOUNTS, "development": Decimal("150.00")},
    )
    services.adjustment_approve(actor=u["office_reviewer"], adjustment=first, opinion="同意。")
    services.adjustment_request(
        actor=u["clerk"],
        construction=construction,
        changes="增加集成费用。",
        reason="对接省平台接口。",
        amounts={**AMOUNTS, "development": Decimal("150.00"), "integration": Decimal("30.00")},
    )
    frozen_clock(dt.date(2027, 5, 1))

    page = login("clerk")
    page.goto(f"{live_server.url}/construction/{construction.pk}/")
    expect(page.get_by_test_id("estimate-versions")).to_contain_text("v2")
    expect(page.get_by_test_id("behind-plan")).to_be_visible()
    page.screenshot(path=f"{SHOTS}-unit.png", full_page=True)

    office = login("office_reviewer")
    office.goto(f"{live_server.url}/construction/{construction.pk}/")
    office.get_by_test_id("adjustments").get_by_role("link", name="审批").click()
    office.get_by_label("不予批准").check()
    office.get_by_label("意见或理由").fill("集成费用可在原概算内统筹。")
    office.screenshot(path=f"{SHOTS}-decide.png", full_page=True)
    office.get_by_role("button", name="提交").click()
    office.wait_for_url(re.compile(rf"/construction/{construction.pk}/$"))
    expect(office.get_by_test_id("adjustments")).to_contain_text("不予批准")
    office.screenshot(path=f"{SHOTS}-office.png", full_page=True)
