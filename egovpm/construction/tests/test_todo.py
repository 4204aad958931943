"""The construction phase in the cockpit: what waits for the unit and for the 项目审批部门."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.construction import services
from egovpm.construction.todo import todo_items

from .conftest import AMOUNTS, started


def actions(user) -> list[str]:
    return [i.action for i in todo_items(user)]


@pytest.mark.supports("第十一条")
def test_a_funded_project_waits_to_be_opened_and_then_for_its_responsibility(city, funded, supervision):
    assert "开始建设准备" in actions(city.users["clerk"])
    assert actions(city.users["culture_clerk"]) == []
    services.construction_open(actor=city.users["clerk"], project=funded.project)
    assert actions(city.users["clerk"]) == ["确定项目实施机构和项目负责人"]


@pytest.mark.supports("第十四条")
def test_the_office_is_asked_to_decide_estimates_and_adjustments(city, construction):
    services.estimate_submit(
        actor=city.users["clerk"], construction=construction, design_summary="方案", amounts=AMOUNTS
    )
    assert actions(city.users["office_reviewer"]) == ["核定第 1 版初步设计方案和投资概算"]
    assert not any(a.startswith("核定") for a in actions(city.users["hospital_leader"]))


@pytest.mark.supports("第十五条")
def test_a_project_behind_its_plan_is_on_both_lists_and_the_cockpit(client, city, construction, frozen_clock):
    started(city, construction)
    frozen_clock(dt.date(2027, 6, 1))
    assert any(a.startswith("进度滞后") for a in actions(city.users["clerk"]))
    assert any(a.startswith("进度滞后") for a in actions(city.users["office_reviewer"]))
    client.force_login(city.users["office_reviewer"])
    page = client.get(reverse("cockpit:todo")).content.decode()
    assert "进度滞后" in page and "第十五条" in page
