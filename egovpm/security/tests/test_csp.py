"""Content Security Policy: the header is on every page, and no page carries script the policy would
block (inline <script>, on* handler attributes, javascript: URLs) — so the strict script-src works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from egovpm.conftest import PROPOSAL, application_data
from egovpm.testing import scenario

from .helpers import verified_login

CSP = "Content-Security-Policy"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


# An opening <script> tag without a src attribute (a JSON data block is not executed and is allowed).
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
_HTMX_EVAL = re.compile(r"""\shx-(on[:-]|vars=|vals=["']\s*js:)""", re.I)


def script_problems(html: str) -> list[str]:
    return [
        f"{name}: {m.group(0)[:80]}"
        for name, rx in (
            ("inline script", _INLINE_SCRIPT),
            ("handler attribute", _HANDLER),
            ("javascript: url", _JS_URL),
            ("htmx eval", _HTMX_EVAL),
        )
        for m in rx.finditer(html)
    ]


def test_the_policy_forbids_inline_script_eval_and_framing(client, city):
    response = client.get(reverse(settings.LOGIN_URL))
    d = _directives(response[CSP])
    assert d["default-src"] == ["'self'"]
    assert d["script-src"] == ["'self'"]
    assert d["style-src"] == ["'self'"] and "style-src-attr" not in d and "style-src-elem" not in d
    assert d["img-src"] == ["'self'", "data:"]
    assert d["frame-ancestors"] == ["'none'"]
    assert d["form-action"] == ["'self'"]
    assert d["base-uri"] == ["'self'"]
    assert d["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_checker_finds_what_the_policy_blocks():
    """The checker below must be able to fail."""
    bad = (
        '<script>alert(1)</script><a href="javascript:void(0)">x</a>'
        '<button onclick="go()">y</button><div hx-on:click="x()"></div>'
    )
    assert len(script_problems(bad)) == 4
    good = '<script src="/static/x.js" defer></script><a href="/x">x</a><div hx-get="/y"></div>'
    assert script_problems(good) == []


@pytest.fixture
def declaration(city, plan_year):
    decl = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    return scenario.submit(decl, clerk=city.users["clerk"], supervisor=city.users["supervisor"])


@pytest.mark.parametrize(
    "username, pages",
    [
        ("clerk", ["cockpit:todo", "intake:declaration_list", "detail"]),
        ("supervisor", ["cockpit:todo", "intake:declaration_list", "detail"]),
        ("office_reviewer", ["cockpit:todo", "intake:declaration_list", "detail", "cockpit:help_lifecycle"]),
        ("expert", ["cockpit:todo"]),
        ("sysadmin", ["admin:index", "admin:orgs_user_changelist", "admin:orgs_unit_add"]),
    ],
)
def test_pages_carry_the_header_and_no_inline_script(client, city, declaration, username, pages):
    verified_login(client, city.users[username])
    for page in pages:
        url = reverse("intake:declaration_detail", args=[declaration.pk]) if page == "detail" else reverse(page)
        response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        assert _directives(response[CSP])["script-src"] == ["'self'"], page
        assert script_problems(response.content.decode()) == [], page


def test_the_login_page_has_no_inline_script(client, city):
    response = client.get(reverse(settings.LOGIN_URL))
    assert response.status_code == 200
    assert script_problems(response.content.decode()) == []


def test_no_template_of_ours_holds_inline_script():
    """Every template of the platform, including partials no test renders."""
    found = {}
    for path in settings.PACKAGE_DIR.rglob("templates/**/*.html"):
        problems = script_problems(Path(path).read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(settings.PACKAGE_DIR))] = problems
    assert found == {}


def test_htmx_injects_no_style_element(client, city):
    """htmx's indicator style would be an inline <style> the policy blocks: it is in app.css instead."""
    verified_login(client, city.users["clerk"])
    html = client.get(reverse("cockpit:todo")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    css = (settings.PACKAGE_DIR / "static" / "css" / "app.css").read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css


# WeasyPrint's templates (附件1, the official documents, the online proposal, the centralized procurement plan):
# rendered to PDF on the server, never served as a page.
PDF_ONLY_TEMPLATES = {
    "intake/templates/intake/application_form_print.html",
    "official/templates/official/official_print.html",
    "intake/templates/intake/proposal_print.html",
    "intake/templates/intake/central_procurement_print.html",
}
_INLINE_STYLE = re.compile(r"""<style[\s>]|\sstyle\s*=""", re.I)


def test_no_page_template_holds_inline_style():
    """style-src is 'self' alone: a style attribute or element would be ignored by the browser."""
    found = sorted(
        str(path.relative_to(settings.PACKAGE_DIR))
        for path in settings.PACKAGE_DIR.rglob("templates/**/*.html")
        if str(path.relative_to(settings.PACKAGE_DIR)) not in PDF_ONLY_TEMPLATES
        and _INLINE_STYLE.search(Path(path).read_text(encoding="utf-8"))
    )
    assert found == []
