"""The cockpit's money of the projects in construction (第四条, 第十四条, 第十五条): per plan year, the approved
estimate, contracted, paid, remaining and the number behind plan, for the Office, Finance and Audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egovpm.conftest import declaration_at
from egovpm.construction.services import construction_open
from egovpm.construction.tests.conftest import approve_baseline, started, supervision  # noqa: F401  (a fixture)
from egovpm.procurement.selectors import money_by_plan_year
from egovpm.procurement.tests.conftest import IN_2027, pay, record_procurement, sign

D = Decimal
TODO_URL = reverse("cockpit:todo")


def opened(city, name: str):
    return construction_open(actor=city.users["clerk"], project=declaration_at(city, "funded", name=name).project)


@pytest.fixture
def two_in_construction(city, frozen_clock, supervision):  # noqa: F811
    """互联网医院: started 2026-10-15 with the 275.00 万元 estimate approved, a contract of 90.00 and 25.00
    paid, no progress reported (behind its plan by 2027-05-10); 智慧档案: opened, no estimate yet."""
    hospital = started(city, opened(city, "互联网医院"))
    opened(city, "智慧档案")
    frozen_clock(IN_2027)
    contract = sign(city, record_procurement(city, hospital.project))
    pay(city, contract, "25.00")
    return hospital


@pytest.mark.supports("第十四条")
def test_the_cockpit_shows_estimate_contracted_paid_remaining_and_behind_plan_per_plan_year(
    client, city, two_in_construction
):
    client.force_login(city.users["office_reviewer"])
    response = client.get(TODO_URL)
    money = response.context["construction_money"]
    assert money["rows"] == [
        {
            "plan_year": 2027,
            "projects": 2,
            "behind_plan": 1,
            "estimate": D("275.00"),
            "contracted": D("90.00"),
            "paid": D("25.00"),
            "remaining": D("250.00"),
        }
    ]
    assert money["total"]["remaining"] == D("250.00") and money["total"]["behind_plan"] == 1
    assert all(isinstance(v, Decimal) for k, v in money["total"].items() if k not in ("projects", "behind_plan"))
    page = response.content.decode()
    assert 'data-testid="construction-money"' in page
    assert "275.00" in page and "250.00" in page


@pytest.mark.supports("第四条")
def test_finance_and_audit_see_the_money_and_a_unit_does_not(client, city, two_in_construction):
    for who in ("finance", "audit"):
        client.force_login(city.users[who])
        assert client.get(TODO_URL).context["construction_money"]["total"]["paid"] == D("25.00")
    client.force_login(city.users["clerk"])
    response = client.get(TODO_URL)
    assert response.context["construction_money"] is None
    assert 'data-testid="construction-money"' not in response.content.decode()


@pytest.mark.supports("第十五条")
def test_the_money_costs_one_query_with_few_and_many_projects(city, frozen_clock, supervision):  # noqa: F811
    office = city.users["office_reviewer"]
    counts = []
    for name in ("甲", "乙", "丙"):
        approve_baseline(city, opened(city, f"项目{name}"))
        money_by_plan_year(office)  # the policy loaded once
        with CaptureQueriesContext(connection) as ctx:
            money = money_by_plan_year(office)
        counts.append(len(ctx.captured_queries))
    assert money["total"]["projects"] == 3 and money["total"]["estimate"] == D("825.00")
    assert counts == [1, 1, 1]


def test_no_project_in_construction_says_so(client, city, frozen_clock):
    client.force_login(city.users["office_reviewer"])
    response = client.get(TODO_URL)
    assert response.context["construction_money"] == {
        "rows": [],
        "total": {
            "estimate": D("0.00"),
            "contracted": D("0.00"),
            "paid": D("0.00"),
            "remaining": D("0.00"),
            "projects": 0,
            "behind_plan": 0,
        },
    }
    assert "目前没有进入建设阶段的项目。" in response.content.decode()
