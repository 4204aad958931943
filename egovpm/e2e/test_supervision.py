"""第十三条, 第十八条 in chromium: the firm's workspace lists only its project; the unit reports its
rectification on the project's supervision page; the Office rejects it and suspends the project."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from egovpm.supervision import services
from egovpm.supervision.tests.conftest import assign, order, submitted

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("EGOVPM_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.supports("第十八条")
def test_supervision_in_the_browser(city, frozen_clock, login, live_server):
    from egovpm.intake.services import plan_year_open

    u = city.users
    plan_year = plan_year_open(actor=u["office_reviewer"], year=2027)
    project = submitted(city, plan_year)
    other = submitted(city, plan_year, clerk="culture_clerk", name="智慧文旅")
    services.firm_qualification_record(
        actor=u["office_reviewer"],
        firm=city.units["firm"],
        grade="class_a",
        certificate_number="JL-2026-01",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2028, 12, 31),
    )
    assign(city, project, city.units["firm"])
    services.information_request_create(
        actor=u["finance"], project=project, subject="请提供资金支付凭证。", due=dt.date(2026, 10, 20)
    )
    _, rect = order(city, project, due=dt.date(2026, 10, 30))

    firm = login("engineer")
    firm.goto(f"{live_server.url}/supervision/workspace/")
    expect(firm.get_by_test_id("supervised")).to_contain_text("互联网医院")
    expect(firm.get_by_test_id("supervised")).not_to_contain_text(other.name)
    shot(firm, "workspace")

    clerk = login("clerk")
    clerk.goto(f"{live_server.url}/supervision/projects/{project.pk}/")
    box = clerk.locator('[data-action="submit_rectification"]')
    box.locator("textarea").fill("已按合同约定调整资金支付。")
    box.locator("button[type=submit]").click()
    expect(clerk.get_by_test_id("inspections")).to_contain_text("待复查")

    office = login("office_head")
    office.goto(f"{live_server.url}/supervision/projects/{project.pk}/")
    box = office.locator('[data-action="reject_rectification"]')
    box.locator("textarea").fill("支付凭证与合同不符，整改后仍不符合要求。")
    box.locator("button[type=submit]").click()
    expect(office.get_by_test_id("inspections")).to_contain_text("整改未通过")
    office.get_by_role("link", name="予以处理").click()
    office.get_by_label("暂停项目建设").check()
    office.locator("textarea").fill("整改后仍不符合要求，暂停项目建设。")
    office.get_by_role("button", name="作出处理决定").click()
    expect(office.get_by_test_id("sanctions")).to_contain_text("暂停项目建设")
    expect(office.locator('h1 [data-restriction="suspend"]')).to_be_visible()
    shot(office, "project")
    rect.refresh_from_db()
    assert rect.sanctions.get().restriction.kind == "suspend"
