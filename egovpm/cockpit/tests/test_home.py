"""Each role's home: the open plan years announced, counts that agree, a page per group, empty states."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from egovpm.intake.services import plan_year_open

TODO_URL = reverse("cockpit:todo")


def _rows(html: str, group: str) -> int:
    section = re.search(rf'data-group="{group}">(.*?)</section>', html, re.S).group(1)
    return len(re.findall(r"<tr data-kind=", section))


@pytest.mark.supports("第七条(一)")
def test_every_unit_is_told_which_plan_year_is_open_until_when_and_may_declare(client, city, frozen_clock):
    u = city.users
    plan_year_open(actor=u["office_reviewer"], year=2027)
    plan_year_open(actor=u["office_reviewer"], year=2028)
    frozen_clock(dt.date(2026, 11, 5))  # 2027's declaration closed on 10-31; 2028's runs to 2027-10-31
    client.force_login(u["culture_clerk"])
    html = client.get(TODO_URL).content.decode()
    assert re.findall(r'data-testid="plan-year-open" data-year="(\d+)"', html) == ["2028"]
    assert "2028 年度计划已开放申报" in html and "一般申报截止 2027-10-31" in html and "还有 360 天" in html
    assert f'href="{reverse("intake:declaration_create")}?plan_year=2028" data-testid="declare"' in html
    # an empty home says what to do next
    assert 'data-testid="empty"' in html and "新建 2028 年度计划申报" in html
    # the Office reads the announcement too, without a button to declare
    client.force_login(u["office_reviewer"])
    html = client.get(TODO_URL).content.decode()
    assert 'data-year="2028"' in html and 'data-testid="declare"' not in html
    # the Office's deadline table shows the cycle that runs (2027's re-review ends 12-31), then 2028's
    assert "2027 年度计划办理情况" in html
    frozen_clock(dt.date(2027, 1, 4))
    html = client.get(TODO_URL).content.decode()
    assert "2028 年度计划办理情况" in html
    deadlines = re.search(r'data-testid="deadlines">(.*?)</table>', html, re.S).group(1)
    assert "2027-10-31" in deadlines and "已过" not in deadlines


@pytest.mark.supports("第七条(一)")
def test_no_announcement_once_the_window_closed(client, city, frozen_clock):
    plan_year_open(actor=city.users["office_reviewer"], year=2027)
    frozen_clock(dt.date(2026, 11, 1))
    client.force_login(city.users["clerk"])
    html = client.get(TODO_URL).content.decode()
    assert 'data-testid="plan-year-open"' not in html
    assert "新建" not in html


@pytest.mark.supports("第七条(一)")
def test_each_group_shows_a_page_of_its_items_with_counts_that_agree_at_constant_cost(
    client, city, flow, django_assert_max_num_queries
):
    for i in range(23):
        flow.declare("hospital", f"草稿{i}")
    client.force_login(city.users["clerk"])
    with django_assert_max_num_queries(35):
        first = client.get(TODO_URL)
    html = first.content.decode()
    assert _rows(html, "applicant") == 20
    assert first.context["todo_count"] == 23 == first.context["groups"][0].todo
    assert re.search(r'data-testid="todo-count">23<', html) and re.search(r'data-testid="group-todo">待办 23<', html)
    assert "第 1 / 2 页，共 23 项" in html
    with django_assert_max_num_queries(35):
        second = client.get(TODO_URL, {"group": "applicant", "page": 2})
    assert _rows(second.content.decode(), "applicant") == 3
    # the hospital's leader has the same items; the culture bureau none of them
    client.force_login(city.users["hospital_leader"])
    assert client.get(TODO_URL).context["todo_count"] == 23
    client.force_login(city.users["culture_clerk"])
    assert client.get(TODO_URL).context["todo_count"] == 0


@pytest.mark.supports("第七条(四)")
def test_the_headers_counts_are_the_sums_of_the_groups(client, city, flow):
    flow.at("in_re_review", "culture")
    flow.at("feasibility_submitted", "hospital")
    client.force_login(city.users["office_reviewer"])
    response = client.get(TODO_URL)
    groups = response.context["groups"]
    assert response.context["todo_count"] == sum(g.todo for g in groups) >= 1
    assert response.context["waiting_count"] == sum(g.waiting for g in groups) >= 1
    html = response.content.decode()
    assert "等待办公室负责人决定" in html
    assert re.search(rf'data-testid="waiting-count">{response.context["waiting_count"]}<', html)


@pytest.mark.supports("第七条(一)")
def test_the_deadline_calendar_lists_the_policy_dates_and_what_falls_due_for_the_user(client, city, flow):
    mine = flow.declare("hospital", "互联网医院")
    flow.declare("hospital", "智慧档案")
    flow.declare("culture", "文化云")
    client.force_login(city.users["clerk"])
    context = client.get(reverse("cockpit:calendar")).context
    entries = [e for m in context["months"] for e in m["entries"]]
    assert context["plan_year"] == 2027
    assert {e["label"] for e in entries if e["kind"] == "policy"} == {
        "年度计划申报截止",
        "可研材料报送截止",
        "复核完成截止",
    }
    assert sorted(e["detail"] for e in entries if e["kind"] == "todo") == ["互联网医院", "智慧档案"]
    assert all(e["date"].isoformat() == "2026-10-31" for e in entries if e["kind"] == "todo")
    one = client.get(reverse("cockpit:calendar"), {"project": mine.project_id}).context
    assert [e["detail"] for m in one["months"] for e in m["entries"] if e["kind"] == "todo"] == ["互联网医院"]
