"""An overdue order and a lapsed request are on both sides' to-do lists and in the cockpit; a criticism is
shown where the unit's declarations are judged (第十七条, 第十八条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.cockpit.selectors import todo_items
from egovpm.supervision import services

from .conftest import assign, order


def actions(user) -> list[tuple[str, bool]]:
    return [(i.action, i.overdue) for i in todo_items(user) if i.article in ("第十三条", "第十七条", "第十八条")]


@pytest.mark.article("第十八条")
def test_an_overdue_order_is_on_both_lists_and_in_the_cockpit(client, city, project, frozen_clock):
    order(city, project, due=dt.date(2026, 10, 20))
    assert actions(city.users["clerk"]) == [("按整改要求整改并报送整改情况", False)]
    assert actions(city.users["office_reviewer"]) == []
    frozen_clock(dt.date(2026, 10, 21))
    assert actions(city.users["clerk"]) == [("限期整改已逾期（第十八条）", True)]
    assert actions(city.users["office_reviewer"]) == [("逾期未整改：可予以处理（第十八条）", True)]
    assert actions(city.users["culture_clerk"]) == []
    client.force_login(city.users["office_head"])
    page = client.get(reverse("cockpit:todo"))
    assert page.context["supervision"]["overdue_orders"] == 1
    assert page.context["overdue_count"] >= 1


@pytest.mark.article("第十七条")
def test_a_lapsed_request_is_on_the_units_and_the_requesters_lists(city, project, frozen_clock):
    services.information_request_create(
        actor=city.users["audit"], project=project, subject="请提供合同。", due=dt.date(2026, 10, 20)
    )
    assert actions(city.users["audit"]) == []
    frozen_clock(dt.date(2026, 10, 22))
    assert actions(city.users["clerk"]) == [("如实提供审计局要求的资料和情况", True)]
    assert actions(city.users["audit"]) == [("逾期未提供资料和情况：催办或登记拒绝提供（第十七条）", True)]


@pytest.mark.article("第十三条")
def test_the_firm_is_asked_for_its_reports(city, project, firm):
    assign(city, project, firm)
    assert actions(firm.engineer) == [("报送监理报告", False)]


@pytest.mark.article("第十八条")
def test_a_criticism_is_shown_where_the_units_declarations_are_judged(client, city, project):
    office = city.users["office_reviewer"]
    _, rect = order(city, project)
    rect = services.rectification_submit(actor=city.users["clerk"], rectification=rect, answer="已整改。")
    rect = services.rectification_reject(actor=office, rectification=rect, reason="不符合要求。")
    services.sanction_apply(
        actor=office, rectification=rect, kind="criticism", reason="整改后仍不符合要求，予以通报批评。"
    )
    client.force_login(office)
    declaration = project.declarations.get()
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": declaration.pk})).content.decode()
    assert 'data-testid="unit-records"' in page and "整改后仍不符合要求，予以通报批评。" in page


@pytest.mark.supports("第十八条")
def test_the_to_do_list_costs_a_fixed_number_of_queries(city, plan_year, django_assert_max_num_queries):
    from .conftest import submitted

    def fill(n):
        for i in range(n):
            order(city, submitted(city, plan_year, name=f"项目{i}"))

    fill(1)
    with django_assert_max_num_queries(40) as few:
        todo_items(city.users["clerk"])
    fill(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(todo_items(city.users["clerk"])) >= 6
