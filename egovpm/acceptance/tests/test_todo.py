"""Acceptance's to-dos: the unit is reminded before the six months end and the project is overdue on the
unit's and the Office's lists after (第二十条); the Office's groups, conclusions, filings and extension
requests; the group's members; the cockpit's counts. A fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.acceptance import services
from egovpm.acceptance.testing import accept_project, record_documents
from egovpm.acceptance.todo import todo_items


def _mine(items, acceptance):
    url = reverse("acceptance:detail", kwargs={"pk": acceptance.pk})
    return [i for i in items if i.url == url]


@pytest.mark.article("第二十条")
def test_reminded_before_and_overdue_on_every_list_after(city, acceptance, frozen_clock):
    u = city.users
    (item,) = _mine(todo_items(u["clerk"]), acceptance)
    assert item.due == dt.date(2027, 4, 15) and not item.overdue and "即将到期" not in item.action
    assert not _mine(todo_items(u["office_reviewer"]), acceptance)
    frozen_clock(dt.date(2027, 3, 20))
    (item,) = _mine(todo_items(u["clerk"]), acceptance)
    assert "即将到期（剩 26 天）" in item.action
    frozen_clock(dt.date(2027, 4, 16))
    (item,) = _mine(todo_items(u["clerk"]), acceptance)
    assert item.overdue and "延期验收申请" in item.action
    (office,) = _mine(todo_items(u["office_reviewer"]), acceptance)
    assert office.overdue and "逾期未提出竣工验收申请" in office.action
    assert not _mine(todo_items(u["culture_clerk"]), acceptance)


@pytest.mark.supports("第二十条")
def test_the_office_sees_extension_requests_and_the_group_its_acceptance(
    city, acceptance, django_assert_max_num_queries
):
    u = city.users
    services.acceptance_extension_request(
        actor=u["clerk"], acceptance=acceptance, requested_due=dt.date(2027, 6, 30), reason="测评排期。"
    )
    with django_assert_max_num_queries(6):
        items = todo_items(u["office_reviewer"])
    assert any("审批延期验收申请" in i.action for i in items)
    record_documents(u["clerk"], acceptance)
    applied = services.acceptance_apply(actor=u["clerk"], acceptance=acceptance, statement="申请。")
    assert any("组建竣工验收组" in i.action for i in _mine(todo_items(u["office_reviewer"]), applied))
    services.group_member_add(actor=u["office_reviewer"], acceptance=applied, kind="expert", user=u["expert"])
    (member,) = todo_items(u["expert"])
    assert member.group == "acceptance" and "参加竣工验收" in member.action
    assert todo_items(u["expert2"]) == []


@pytest.mark.supports("第二十一条")
def test_the_cockpit_counts_acceptances(client, city, acceptance, other_acceptance, frozen_clock):
    accept_project(city, other_acceptance.project)
    frozen_clock(dt.date(2027, 4, 16))
    client.force_login(city.users["office_reviewer"])
    page = client.get(reverse("cockpit:todo"))
    counts = page.context["acceptance"]
    assert (counts["overdue"], counts["accepted"]) == (1, 1)
    assert 'data-testid="acceptance-overview"' in page.content.decode()
