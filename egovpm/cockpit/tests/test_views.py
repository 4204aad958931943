"""The pages of the cockpit: 我的待办 and 流程说明."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from egovpm.intake import services
from egovpm.lifecycle.roles import ROLE_LABELS
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.policy.loader import get_policy

TODO_URL = reverse("cockpit:todo")
HELP_URL = reverse("cockpit:help_lifecycle")


def row_of(html: str, pk: int) -> str:
    match = re.search(rf'<tr data-kind="\w+" data-declaration="{pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row for declaration {pk}"
    return match.group(1)


@pytest.mark.supports("第七条(一)")
def test_todo_page_marks_overdue_items_in_red(client, city, flow, frozen_clock):
    decl = flow.declare("hospital", "互联网医院")
    client.force_login(city.users["clerk"])
    html = client.get(TODO_URL).content.decode()
    assert "我的待办" in html
    assert "互联网医院" in row_of(html, decl.pk)
    assert "2026-10-31" in row_of(html, decl.pk)
    assert "已逾期</span>" not in row_of(html, decl.pk)

    frozen_clock(dt.date(2026, 11, 2))
    response = client.get(TODO_URL)
    html = response.content.decode()
    assert '<span class="badge danger" data-testid="days-left">已逾期 2 天</span>' in row_of(html, decl.pk)
    assert response.context["todo_count"] == 1
    assert response.context["overdue_count"] == 1
    assert re.search(r'data-testid="overdue-count"[^>]*>1<', html)


def test_todo_page_groups_notices_apart(client, city, flow):
    decl = flow.pending_review("hospital")
    flow.submit_opinions(decl)
    services.initial_review_not_arrange(actor=city.users["office_reviewer"], declaration=decl, reason="功能重复。")
    client.force_login(city.users["clerk"])
    response = client.get(TODO_URL)
    html = response.content.decode()
    assert 'data-group="notice"' in html
    assert "功能重复。" in html
    assert response.context["notice_count"] == 1
    assert response.context["todo_count"] == 0


@pytest.mark.supports("第七条")
def test_office_sees_the_plan_year_overview_and_the_policy_dates(client, city, flow):
    flow.at("submitted", "culture")
    flow.at("submitted", "hospital")
    flow.declare("hospital")  # a draft: never counted for the Office
    client.force_login(city.users["office_reviewer"])
    response = client.get(TODO_URL)
    html = response.content.decode()
    overview = response.context["overview"]
    assert overview["plan_year"] == 2027
    counts = {row["stage"].code: row["count"] for row in overview["rows"]}
    assert counts["submitted"] == 2
    assert "draft" not in counts
    list_url = reverse("intake:declaration_list")
    assert f'href="{list_url}?stage=submitted&amp;plan_year=2027"' in html
    for date, article in (("2026-10-31", "第七条(一)"), ("2026-11-30", "第七条(三)"), ("2026-12-31", "第七条(四)")):
        assert re.search(rf"<td>{date}.*?</td><td>{re.escape(article)}</td>", html), date


def test_overview_of_another_plan_year(client, city, flow):
    flow.at("submitted", "culture")
    client.force_login(city.users["office_head"])
    response = client.get(TODO_URL, {"plan_year": "2028"})
    assert response.context["overview"]["total"] == 0
    assert "2027-10-31" in response.content.decode()
    assert client.get(TODO_URL, {"plan_year": "x; drop"}).context["overview"]["plan_year"] == 2027


def test_non_office_users_see_no_overview(client, city, flow):
    flow.at("submitted", "culture")
    for who in ("clerk", "supervisor", "finance", "audit", "expert"):
        client.force_login(city.users[who])
        response = client.get(TODO_URL)
        assert response.status_code == 200
        assert response.context["overview"] is None
        assert 'data-testid="overview"' not in response.content.decode()


def test_sysadmin_gets_a_short_page_with_the_admin_link(client, city):
    client.force_login(city.users["sysadmin"])
    response = client.get(TODO_URL)
    assert response.status_code == 200
    assert f'href="{reverse("admin:index")}"' in response.content.decode()
    assert "groups" not in response.context


def test_the_cockpit_needs_a_login(client, city):
    for url in (TODO_URL, HELP_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def populate(flow, n: int) -> None:
    """n declarations at each stage that puts an item on somebody's list."""
    city = flow.city
    for _ in range(n):
        flow.at("funded", "culture")
        flow.at("in_budget_library", "culture")
    for _ in range(n):
        flow.at("approved", "culture")
    services.plan_send_to_finance(actor=city.users["office_reviewer"], plan_year=flow.plan_year)
    returned = []
    for _ in range(n):
        flow.declare("hospital")
        flow.at("awaiting_consent", "hospital")
        flow.at("submitted", "hospital")
        flow.pending_review("culture")
        flow.submit_opinions(flow.pending_review("culture"))
        flow.at("initially_passed", "hospital")
        flow.at("feasibility_submitted", "hospital")
        flow.at("approved", "hospital")  # approved, not yet sent to Finance
        returned.append(flow.at("in_re_review", "hospital"))
        refused = flow.at("awaiting_consent", "hospital")
        services.declaration_refuse_consent(actor=city.users["supervisor"], declaration=refused, reason="请补充。")
    for decl in returned[: n // 2 or 1]:
        services.re_review_return(actor=city.users["office_head"], declaration=decl, reason="退还。")


# session, user, roles, the role sections, the special, filing, 第六条, construction (two) and procurement
# sources, the menu; supervision's orders and requests (2) and, for the Office, its overview (6);
# acceptance's records, extension requests and group memberships (3) and, for the Office, its overview (2);
# operations' accepted projects and those awaiting operation (2; the unit's O&M declarations to make, 1) and,
# for the Office, its overview (2); for the Office, Finance and Audit, the money of the projects in
# construction (1, procurement.selectors.money_by_plan_year); accountability's proposals to decide (1) and, for
# the Office, its overview (1); evaluation's evaluations assigned to the user's unit and, for the Office, those
# submitted (2), or Finance's and Audit's drafts to concur with (1); the expert library's invitations and sheets
# of an expert (1) or the profiles the Office verifies (1)
TODO_QUERY_BOUND = 36


def test_the_todo_page_costs_the_same_queries_with_few_and_many_items(
    client, city, flow, django_assert_max_num_queries
):
    users = ["clerk", "supervisor", "office_reviewer", "office_head", "finance", "audit", "expert", "sysadmin"]
    sizes = {}
    for n in (1, 3):
        populate(flow, n)
        for who in users:
            client.force_login(city.users[who])
            with django_assert_max_num_queries(TODO_QUERY_BOUND):
                response = client.get(TODO_URL)
            assert response.status_code == 200
            sizes.setdefault(who, []).append(sum(len(g.items) for g in response.context.get("groups", [])))
    assert all(few < many for who, (few, many) in sizes.items() if who != "sysadmin"), sizes


@pytest.mark.supports("第七条")
def test_help_page_shows_the_table_and_the_policy(client, city, frozen_clock):
    client.force_login(city.users["expert"])
    response = client.get(HELP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    ET.fromstring(svg)  # the diagram arrives unescaped and well formed
    for stage in DECLARATION.stages:
        assert f'data-stage="{stage.code}"><td>{stage.label}</td><td>{stage.applicant_label}</td>' in html
    for t in DECLARATION.transitions:
        row = re.search(rf'<tr data-action="{t.action}">(.*?)</tr>', html, re.S).group(1)
        assert t.label in row and t.article in row
        assert DECLARATION.stage(t.target).label in row
        for role in t.roles:
            assert ROLE_LABELS[role] in row
        if t.requires_reason:
            assert f"<td>是：{t.reason_label}</td>" in row
        else:
            assert "<td>否</td>" in row
    rows = re.findall(r'<tr data-activity="([a-z_]+)">(.*?)</tr>', html, re.S)
    assert [name for name, _ in rows] == [a.name for a in DECLARATION.activities]
    for (_, row), activity in zip(rows, DECLARATION.activities, strict=True):
        assert activity.label in row and activity.article in row
        assert all(DECLARATION.stage(code).label in row for code in activity.stages)
    policy = get_policy()
    assert policy.name in html and policy.document_number in html
    refuse = re.search(r'<tr data-action="submit">(.*?)</tr>', html, re.S).group(1)
    assert "2026-10-31" in refuse and "拒绝" in refuse
    warn = re.search(r'<tr data-action="approve">(.*?)</tr>', html, re.S).group(1)
    assert "2026-12-31" in warn and "提醒" in warn
    for key, days in policy.intake.service_days.items():
        assert re.search(rf'data-service="{key}"><td>[^<]+</td><td class="num">{days}</td>', html), key


def test_help_page_follows_the_plan_year_of_the_clock(client, city, frozen_clock):
    frozen_clock(dt.date(2027, 3, 1))
    client.force_login(city.users["clerk"])
    html = client.get(HELP_URL).content.decode()
    assert 'data-deadline="intake.declaration"><td>年度计划申报截止</td><td>2027-10-31</td>' in html
