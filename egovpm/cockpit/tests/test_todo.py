"""第七条: each party sees what waits for it, with due dates and overdue marks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from egovpm.cockpit.selectors import todo_items
from egovpm.intake import services
from egovpm.lifecycle.agenda import TODO, WAITING
from egovpm.lifecycle.roles import Role
from egovpm.policy.loader import get_policy
from egovpm.security.services_accounts import unit_create, user_create


def by_declaration(items, decl, group=None):
    found = [i for i in items if i.declaration is not None and i.declaration.pk == decl.pk]
    if group:
        found = [i for i in found if i.group == group]
    return found


def one(items, decl, group=None):
    found = by_declaration(items, decl, group)
    assert len(found) == 1, found
    return found[0]


def test_the_running_plan_year_is_the_one_declared_this_year():
    policy = get_policy()
    assert policy.intake.current_plan_year(dt.date(2026, 1, 2)) == 2027
    assert policy.intake.current_plan_year(dt.date(2026, 12, 31)) == 2027
    assert policy.intake.current_plan_year(dt.date(2027, 1, 1)) == 2028


@pytest.mark.supports("第七条(一)")
def test_applicant_sees_its_drafts_due_at_the_declaration_deadline(city, flow, frozen_clock):
    mine = flow.declare("hospital", "互联网医院")
    other = flow.declare("culture", "智慧文旅")

    item = one(todo_items(city.users["clerk"]), mine, "applicant")
    assert item.due == dt.date(2026, 10, 31)
    assert not item.overdue
    assert "报主管部门审核" in item.action  # the hospital has a supervising department
    assert item.url == reverse("intake:declaration_detail", kwargs={"pk": mine.pk})
    assert "报送办公室" in one(todo_items(city.users["culture_clerk"]), other, "applicant").action

    # the unit leader of the same unit sees it too; another unit never does
    assert by_declaration(todo_items(city.users["hospital_leader"]), mine)
    assert not by_declaration(todo_items(city.users["clerk"]), other)
    assert not by_declaration(todo_items(city.users["culture_clerk"]), mine)
    # the supervising department's own clerk does not act on the hospital's draft
    assert not by_declaration(todo_items(city.users["health_clerk"]), mine)

    assert item.note == ""

    frozen_clock(dt.date(2026, 11, 1))
    late = one(todo_items(city.users["clerk"]), mine, "applicant")
    assert late.overdue
    assert "特殊申报程序" in late.note  # 第八条: the way left after the window closed


@pytest.mark.supports("第七条(一)")
def test_supervisor_sees_awaiting_consent_of_its_subordinates_only(city, flow, frozen_clock):
    decl = flow.at("awaiting_consent", "hospital")  # sent on 2026-10-15
    item = one(todo_items(city.users["supervisor"]), decl, "supervisor")
    assert item.due == dt.date(2026, 10, 20)  # + service_days["consent"]
    assert not item.overdue
    assert "同意上报" in item.action

    other_dept = unit_create(name="市教育局", code="0104", short_name="教育局")
    other_supervisor = user_create(
        username="edu_sup", password="Egovpm#2026", full_name="钱进", unit=other_dept, roles=[Role.SUPERVISOR_APPROVER]
    )
    assert not todo_items(other_supervisor)
    assert not by_declaration(todo_items(city.users["office_reviewer"]), decl)  # not yet at the Office

    frozen_clock(dt.date(2026, 10, 21))
    assert one(todo_items(city.users["supervisor"]), decl, "supervisor").overdue


@pytest.mark.supports("第七条(一)")
def test_consent_is_due_no_later_than_the_declaration_deadline(city, flow, frozen_clock):
    frozen_clock(dt.date(2026, 10, 29))
    decl = flow.at("awaiting_consent", "hospital")
    assert one(todo_items(city.users["supervisor"]), decl).due == dt.date(2026, 10, 31)


@pytest.mark.supports("第七条(一)")
def test_a_draft_returned_by_the_supervisor_shows_the_reason(city, flow):
    decl = flow.at("awaiting_consent", "hospital")
    services.declaration_refuse_consent(
        actor=city.users["supervisor"], declaration=decl, reason="请补充与市卫生信息平台的对接方案。"
    )
    item = one(todo_items(city.users["clerk"]), decl, "applicant")
    assert "按主管部门意见修改" in item.action
    assert "请补充与市卫生信息平台的对接方案。" in item.note
    assert item.due == dt.date(2026, 10, 31)
    assert not by_declaration(todo_items(city.users["supervisor"]), decl)


@pytest.mark.supports("第七条(二)")
def test_office_starts_the_initial_review_within_its_service_days(city, flow, frozen_clock):
    decl = flow.at("submitted", "culture")
    for who in ("office_reviewer", "office_head"):
        item = one(todo_items(city.users[who]), decl, "office")
        assert item.due == dt.date(2026, 10, 20)
        assert "纳入初审" in item.action
    frozen_clock(dt.date(2026, 10, 21))
    assert one(todo_items(city.users["office_reviewer"]), decl).overdue


@pytest.mark.supports("第七条(二)")
def test_office_waits_for_opinions_then_concludes(city, flow, frozen_clock):
    decl = flow.pending_review("culture")
    waiting = one(todo_items(city.users["office_reviewer"]), decl, "office")
    assert waiting.kind == "waiting"
    assert "等待意见" in waiting.action and "3" in waiting.action
    assert waiting.due == dt.date(2026, 10, 25)  # the reviewers' opinion due date

    frozen_clock(dt.date(2026, 10, 18))
    flow.submit_opinions(decl)
    item = one(todo_items(city.users["office_reviewer"]), decl, "office")
    assert item.kind == "todo"
    assert "初审结论" in item.action
    assert item.due == dt.date(2026, 10, 23)  # the last opinion + service_days["initial_review_conclusion"]
    frozen_clock(dt.date(2026, 10, 24))
    assert one(todo_items(city.users["office_reviewer"]), decl).overdue


@pytest.mark.supports("第七条(二)")
def test_reviewers_see_their_own_open_invitations(city, flow, frozen_clock):
    decl = flow.pending_review("culture", reviewers=[city.users["finance"], city.users["expert"]])
    for who in ("finance", "expert"):
        item = one(todo_items(city.users[who]), decl, "invitation")
        assert item.invitation is not None and item.invitation.reviewer == city.users[who]
        assert item.due == dt.date(2026, 10, 25)
        assert item.url == reverse("intake:invitation_detail", kwargs={"pk": item.invitation.pk})
    assert not by_declaration(todo_items(city.users["expert2"]), decl)
    assert not by_declaration(todo_items(city.users["audit"]), decl)

    frozen_clock(dt.date(2026, 10, 26))
    assert one(todo_items(city.users["expert"]), decl).overdue

    inv = decl.invitations.get(reviewer=city.users["expert"])
    services.review_opinion_submit(actor=city.users["expert"], invitation=inv, recommendation="pass", opinion="同意。")
    assert not by_declaration(todo_items(city.users["expert"]), decl)
    assert by_declaration(todo_items(city.users["finance"]), decl)


@pytest.mark.supports("第七条(三)")
def test_applicant_sends_feasibility_materials_by_the_feasibility_deadline(city, flow, frozen_clock):
    decl = flow.at("initially_passed", "hospital")
    item = one(todo_items(city.users["clerk"]), decl, "applicant")
    assert item.due == dt.date(2026, 11, 30)
    assert "可行性研究报告" in item.action
    assert "初审意见" in item.note and decl.initial_opinion in item.note
    assert not by_declaration(todo_items(city.users["culture_clerk"]), decl)
    assert "已过" not in item.note
    frozen_clock(dt.date(2026, 12, 1))
    late = one(todo_items(city.users["clerk"]), decl)
    assert late.overdue
    assert "2026年11月30日 已过" in late.note


@pytest.mark.supports("第七条(四)")
def test_office_re_reviews_by_the_year_end_and_only_the_head_decides(city, flow, frozen_clock):
    submitted = flow.at("feasibility_submitted", "culture")
    item = one(todo_items(city.users["office_reviewer"]), submitted, "office")
    assert item.due == dt.date(2026, 12, 31)
    assert "开始复核" in item.action

    in_review = flow.at("in_re_review", "culture")
    # the reviewer has nothing to do but is told who decides now (等待办公室负责人决定)
    waits = one(todo_items(city.users["office_reviewer"]), in_review, "office")
    assert waits.kind == WAITING and waits.action.startswith("等待办公室负责人决定")
    decide = one(todo_items(city.users["office_head"]), in_review, "office")
    assert decide.kind == TODO and "复核" in decide.action and decide.due == dt.date(2026, 12, 31)
    frozen_clock(dt.date(2027, 1, 1))
    assert one(todo_items(city.users["office_head"]), in_review).overdue


@pytest.mark.supports("第七条(四)")
def test_office_sends_the_approved_projects_to_finance(city, flow, plan_year):
    first = flow.at("approved", "culture")
    flow.at("approved", "hospital")
    items = [
        i for i in todo_items(city.users["office_reviewer"]) if i.url == reverse("intake:plan_detail", args=[2027])
    ]
    assert len(items) == 1
    assert "2 个" in items[0].action
    assert not by_declaration(todo_items(city.users["finance"]), first)  # Finance waits for the plan

    services.plan_send_to_finance(actor=city.users["office_reviewer"], plan_year=plan_year)
    assert not [i for i in todo_items(city.users["office_reviewer"]) if "报送年度计划" in i.action]


@pytest.mark.supports("第七条(五)")
def test_finance_places_sent_projects_in_the_library_and_records_funds(city, flow, plan_year, frozen_clock):
    decl = flow.at("approved", "culture")
    frozen_clock(dt.date(2026, 12, 20))
    services.plan_send_to_finance(actor=city.users["office_reviewer"], plan_year=plan_year)
    place = one(todo_items(city.users["finance"]), decl, "finance")
    assert "纳入部门预算项目库" in place.action
    assert place.due == dt.date(2027, 1, 19)  # sent + service_days["budget_library"]
    assert not by_declaration(todo_items(city.users["audit"]), decl)

    services.budget_library_place(actor=city.users["finance"], declaration=decl)
    arrange = one(todo_items(city.users["finance"]), decl, "finance")
    assert "登记年度安排资金" in arrange.action
    assert arrange.url == reverse("intake:budget_arrange", kwargs={"pk": decl.pk})
    frozen_clock(dt.date(2027, 1, 20))
    assert not one(todo_items(city.users["finance"]), decl).overdue  # no fixed date for the arrangement


@pytest.mark.article("第七条(二)")
def test_a_project_not_arranged_is_notified_with_its_reason(city, flow):
    decl = flow.pending_review("hospital")
    flow.submit_opinions(decl)
    services.initial_review_not_arrange(
        actor=city.users["office_reviewer"], declaration=decl, reason="与全市统一平台功能重复，不予安排。"
    )
    notice = one(todo_items(city.users["clerk"]), decl, "notice")
    assert notice.kind == "notice"
    assert "与全市统一平台功能重复" in notice.note
    assert not by_declaration(todo_items(city.users["culture_clerk"]), decl)
    assert not by_declaration(todo_items(city.users["office_reviewer"]), decl)


@pytest.mark.article("第七条(四)")
def test_returned_and_approved_outcomes_are_notified(city, flow):
    returned = flow.at("in_re_review", "hospital", "电子病历")
    services.re_review_return(actor=city.users["office_head"], declaration=returned, reason="可研深度不足。")
    approved = flow.at("approved", "hospital", "远程会诊")
    items = todo_items(city.users["clerk"])
    assert "可研深度不足。" in one(items, returned, "notice").note
    opinion = one(items, approved, "notice")
    assert opinion.url == reverse("intake:approval_opinion", kwargs={"pk": approved.pk})
    assert approved.approval_opinion.number in opinion.note


def test_sysadmin_and_anonymous_have_nothing_to_do(city, flow):
    flow.at("submitted", "culture")
    assert todo_items(city.users["sysadmin"]) == []
    assert todo_items(AnonymousUser()) == []
