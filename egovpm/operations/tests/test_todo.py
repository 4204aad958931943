"""The to-do items of operations and the cockpit's counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.operations import services
from egovpm.operations.todo import todo_items


def _actions(user) -> list[str]:
    return [i.action for i in todo_items(user)]


@pytest.mark.supports("第二十二条")
def test_an_accepted_project_waits_on_the_units_and_the_offices_list(city, completed, accepted):
    assert not todo_items(city.users["clerk"])
    accepted(completed)
    assert any("投入运行" in a for a in _actions(city.users["clerk"]))
    assert any("尚未投入运行" in a for a in _actions(city.users["office_reviewer"]))
    assert not todo_items(city.users["culture_clerk"])


@pytest.mark.supports("第二十四条")
def test_next_years_o_and_m_declaration_waits_while_the_window_is_open(city, in_operation, frozen_clock):
    frozen_clock(dt.date(2027, 10, 20))
    items = [i for i in todo_items(city.users["clerk"]) if i.article == "第二十四条"]
    assert [i.action for i in items] == ["申报 2028 年度运行维护经费（一般申报程序）"]
    assert items[0].due == dt.date(2027, 10, 31)
    frozen_clock(dt.date(2027, 11, 1))
    assert not [i for i in todo_items(city.users["clerk"]) if i.article == "第二十四条"]


@pytest.mark.supports("第二十一条")
def test_open_final_audits_wait_on_the_audit_bureau_and_count_in_the_cockpit(client, city, completed, accepted):
    services.final_audit_open(actor=city.users["audit"], project=accepted(completed), scope="竣工决算审计。")
    assert _actions(city.users["audit"]) == ["竣工决算审计中：记录审计发现并办结"]
    client.force_login(city.users["office_reviewer"])
    page = client.get(reverse("cockpit:todo"))
    assert page.context["operations"]["open_final_audits"] == 1
