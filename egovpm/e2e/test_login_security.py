"""Identity end to end in chromium (GB/T 22239-2019 8.1.4.1): an Office reviewer's first login changes the
administrator's initial password and binds an authenticator; the next login asks for password and code."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from egovpm.conftest import PASSWORD
from egovpm.security.otp import totp_code

# The pages behave as the view tests show them on both databases; the browser adds no database of its own.
pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Zhengwuban#2027"


def test_first_login_password_change_and_two_factor(city, browser, live_server, settings):
    settings.EGOVPM_ENFORCE_PASSWORD_CHANGE = True
    settings.EGOVPM_ENFORCE_TWO_FACTOR = True
    settings.EGOVPM_ENFORCE_SESSION_IDLE = True
    user = city.users["office_reviewer"]
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    ctx.set_default_timeout(30000)
    page = ctx.new_page()
    try:
        page.goto(f"{live_server.url}/intake/")
        page.fill("#id_username", "office_reviewer")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")

        # the administrator's initial password must be replaced first
        page.wait_for_url(re.compile(r"/accounts/password/"))
        expect(page.get_by_test_id("password-reason")).to_contain_text("须先修改")
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password", NEW_PASSWORD)
        page.fill("#id_new_password_confirm", NEW_PASSWORD)
        page.click("main button[type=submit]")

        # then the Office's second factor: scan the QR code, confirm with a code
        page.wait_for_url(re.compile(r"/accounts/two-factor/enrol/"))
        expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
        secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert len(secret) == 32 and device.key
        page.fill("#id_token", totp_code(device))
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
        expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
        page.get_by_text("我已保存，继续").click()
        page.wait_for_url(re.compile(r"/accounts/security/"))
        expect(page.get_by_test_id("two-factor-state")).to_contain_text("已启用")

        page.get_by_role("button", name="退出").click()
        page.wait_for_url(re.compile(r"/accounts/login/"))

        # the next login: password, then the code of the authenticator
        page.fill("#id_username", "office_reviewer")
        page.fill("#id_password", NEW_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
        page.fill("#id_token", totp_code(TOTPDevice.objects.get(user=user, confirmed=True)))
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        expect(page.get_by_test_id("whoami")).to_contain_text("周伟")
    finally:
        ctx.close()
