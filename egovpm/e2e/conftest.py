"""Browser tests: Playwright drives Debian's chromium (/usr/bin/chromium) against live_server.

The Playwright sync API runs an event loop in the test thread; Django's ORM calls made by the test
itself (fixtures, assertions) are synchronous and safe here, so the async guard is lifted for these
tests only."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("EGOVPM_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian chromium is required for browser tests ({CHROMIUM}); `make test` installs it.")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def login(browser, live_server):
    """login(username) → a Page logged in as that user, in its own browser context."""
    from egovpm.conftest import PASSWORD

    contexts = []

    def _login(username: str):
        ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        ctx.set_default_timeout(30000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        assert "/accounts/login/" not in page.url, f"login failed for {username}"
        return page

    yield _login
    for ctx in contexts:
        ctx.close()
