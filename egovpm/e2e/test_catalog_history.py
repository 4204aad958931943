"""第十六条 in chromium: after its project is funded, the unit revises an entry of its resource catalog from
the declaration page, and the project's catalog page shows both versions."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from egovpm.conftest import declaration_at

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]


@pytest.mark.supports("第十六条")
def test_the_unit_revises_its_catalog_after_funding_and_reads_its_history(city, frozen_clock, live_server, login):
    decl = declaration_at(city, "funded")
    entry = decl.project.catalog_entries.get()
    clerk = login("clerk")

    clerk.goto(f"{live_server.url}/intake/{decl.pk}/")
    clerk.get_by_test_id("catalog-summary").get_by_role("link").click()
    clerk.wait_for_url(re.compile(rf"/catalog/project/{decl.project_id}/$"))
    clerk.get_by_role("link", name="修改").click()
    clerk.fill("#id_name", "互联网诊疗共享数据")
    clerk.select_option("#id_update_cycle", "realtime")
    clerk.get_by_role("button", name="保存").click()
    clerk.wait_for_url(re.compile(rf"/catalog/project/{decl.project_id}/$"))

    expect(clerk.get_by_test_id("catalog-entries")).to_contain_text("互联网诊疗共享数据")
    history = clerk.get_by_test_id("catalog-history")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history.locator("tbody tr").first).to_contain_text("资源名称、更新周期")
    expect(history.locator("tbody tr").first).to_contain_text("已安排资金")
    expect(history.locator("tbody tr").last).to_contain_text(entry.name)
    if os.environ.get("EGOVPM_SCREENSHOTS"):
        clerk.screenshot(path=os.path.join(os.environ["EGOVPM_SCREENSHOTS"], "catalog-history.png"), full_page=True)
