"""第七条(二) in chromium: the Office draws three experts by lot for a declaration in its initial review, one
declines and a replacement is drawn, all three score, and the aggregate stands on the declaration page where
the Office concludes the review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from egovpm.conftest import declaration_at
from egovpm.e2e.test_general_procedure import take_action
from egovpm.experts import services
from egovpm.experts.models import Assignment, AssignmentStatus
from egovpm.intake.models import ReviewInvitation
from egovpm.intake.services import review_opinion_submit
from egovpm.testing.experts import library

pytestmark = [pytest.mark.browser, pytest.mark.any_database, pytest.mark.django_db(transaction=True)]

SHEET = {"necessity": "22", "content": "20", "investment": "15", "sharing": "12", "security": "13"}


@pytest.mark.article("第七条(二)")
def test_draw_decline_replace_score_and_the_aggregate_on_the_conclusion(city, plan_year, login, live_server):
    u = city.users
    decl = declaration_at(city, "in_initial_review", reviewers=("finance",))
    library(u["office_reviewer"], 4, ["planning"], prefix="lot")

    # The Office states how many experts of which field and draws them.
    office = login("office_head")
    office.goto(f"{live_server.url}/intake/{decl.pk}/")
    office.get_by_test_id("experts-section").get_by_role("link", name="随机抽取专家").click()
    office.fill("#id_count_planning", "3")
    office.click("button:has-text('抽取')")
    office.wait_for_url(re.compile(r"/experts/draws/\d+/$"))
    expect(office.locator('[data-status="invited"]')).to_have_count(3)
    first = Assignment.objects.select_related("expert__user").order_by("id").first()

    # The first drawn expert declines in their workspace, with the reason: a replacement is drawn.
    expert = login(first.expert.user.username)
    expert.goto(f"{live_server.url}/experts/me/")
    expert.locator(f'[data-assignment="{first.pk}"] a.button').click()
    expert.check("input[name=answer][value=decline]")
    expert.fill("#id_reason", "评审期间出差在外。")
    expert.click("text=提交答复")
    expert.wait_for_url(re.compile(r"/experts/me/$"))
    office.reload()
    expect(office.locator('[data-status="declined"]')).to_have_count(1)
    expect(office.locator('[data-status="invited"]')).to_have_count(3)
    expect(office.get_by_text("替补抽取")).to_be_visible()

    # The three accept and score (one through its pages, the others through the same services).
    drawn = list(
        Assignment.objects.filter(status=AssignmentStatus.INVITED).select_related("expert__user").order_by("id")
    )
    scorer = login(drawn[0].expert.user.username)
    scorer.goto(f"{live_server.url}/experts/assignments/{drawn[0].pk}/")
    scorer.check("input[name=answer][value=accept]")
    scorer.check("#id_no_conflict")
    scorer.click("text=提交答复")
    scorer.goto(f"{live_server.url}/experts/assignments/{drawn[0].pk}/score/")
    for code, value in SHEET.items():
        scorer.fill(f"#id_score_{code}", value)
    scorer.fill("#id_comment", "建设必要性充分，建议压缩硬件投资。")
    scorer.click("text=提交打分表")
    scorer.wait_for_url(re.compile(r"/experts/me/$"))
    for a, bump in zip(drawn[1:], ("2", "-1"), strict=True):
        services.assignment_accept(actor=a.expert.user, assignment=a, no_conflict=True)
        scores = {**SHEET, "content": str(int(SHEET["content"]) + int(bump))}
        services.score_sheet_submit(actor=a.expert.user, assignment=a, scores=scores, comment="同意。")
    for inv in ReviewInvitation.objects.filter(declaration=decl).select_related("reviewer"):
        review_opinion_submit(actor=inv.reviewer, invitation=inv, recommendation="adjust", opinion="建议压缩硬件投资。")

    # The aggregate stands on the declaration page, where the Office concludes the initial review.
    office.goto(f"{live_server.url}/intake/{decl.pk}/")
    expect(office.get_by_test_id("score-mean")).to_have_text("82.33")
    expect(office.get_by_test_id("score-trimmed")).to_have_text("82.00")
    take_action(office, "pass_initial_review", "同意，建议压缩硬件投资。")
    expect(office.get_by_test_id("stage")).to_have_text("初审通过")
    expect(office.get_by_test_id("score-aggregate")).to_contain_text("3")
