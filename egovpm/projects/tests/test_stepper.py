"""The stepper of a record's life on its page: stages passed with their dates, the current one, what is
ahead, and who acts next — read from the lifecycle table and the steps taken."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from egovpm.conftest import declaration_at


@pytest.mark.supports("第七条(四)")
def test_the_declaration_page_shows_its_life_and_that_the_office_head_decides(client, city, plan_year):
    decl = declaration_at(city, "in_re_review")
    client.force_login(city.users["office_reviewer"])
    html = client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()
    states = dict(re.findall(r'data-stage="(\w+)" data-state="(\w+)"', html))
    assert states["draft"] == "passed" and states["awaiting_consent"] == "passed"  # the hospital's supervisor
    assert states["initially_passed"] == "passed" and states["in_re_review"] == "current"
    assert states["approved"] == "ahead" and states["funded"] == "ahead"
    assert "not_arranged" not in states and "returned" not in states  # outcomes off the path it took
    assert re.search(
        r'data-stage="submitted" data-state="passed">\s*<span class="step-label">已申报</span>\s*'
        r'<span class="step-when">2026-10-15 · ',
        html,
    )
    nxt = re.search(r'data-testid="next-actor">(.*?)</p>', html, re.S).group(1)
    assert "等待办公室（办公室负责人）复核通过并出具书面意见" in nxt
    assert f"?project={decl.project_id}" in html
