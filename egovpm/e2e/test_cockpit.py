"""The cockpit (驾驶舱) in chromium: the charts are drawn (ECharts from static files, under the platform's CSP),
and a row of a chart's table leads to the list of exactly the projects behind it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from egovpm.conftest import declaration_at

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]


@pytest.mark.supports("第七条(二)")
def test_the_cockpit_opens_and_a_table_row_leads_to_its_filtered_list(city, plan_year, login, live_server):
    declaration_at(city, "submitted", plan_year=plan_year, name="智慧医疗平台")
    declaration_at(city, "submitted", plan_year=plan_year, name="文旅地图", clerk="culture_clerk")
    page = login("office_reviewer")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/cockpit/?plan_year=2027")
    expect(page.locator("#chart-pipeline canvas")).to_be_visible()  # drawn by static/js/cockpit.js
    expect(page.locator("#chart-departments canvas")).to_be_visible()
    page.locator('[data-phase="declaration"] tr[data-stage="submitted"] a').first.click()
    page.wait_for_url(re.compile(r"/intake/\?.*stage=submitted"))
    rows = page.get_by_test_id("declarations").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("declarations")).to_contain_text("智慧医疗平台")
    assert not [e for e in errors if "Content Security Policy" in e], errors
