"""Procurement's money overview inline on the construction page (第十四条), through the section registry of
projects.project_pages: construction renders it without importing procurement, in a bounded number of
queries whatever the number of contracts and payments."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from egovpm.construction.models import Construction

from .conftest import D, pay, record_procurement, sign


def construction_url(project) -> str:
    return reverse("construction:detail", kwargs={"pk": Construction.objects.get(project=project).pk})


def money_cells(page: str, kind: str) -> list[str]:
    row = re.search(rf'<tr data-kind="{kind}">(.*?)</tr>', page, re.S).group(1)
    return re.findall(r'class="num">([^<]*)<', row)


@pytest.mark.supports("第十四条")
def test_the_construction_page_shows_estimate_contracted_paid_and_remaining_inline(client, city, contract):
    pay(city, contract, "25.00")
    for who in ("clerk", "office_reviewer", "finance"):
        client.force_login(city.users[who])
        response = client.get(construction_url(contract.project))
        page = response.content.decode()
        assert 'data-testid="money-overview"' in page, who
        # estimate, contracted, uncontracted, paid, remaining (万元)
        assert money_cells(page, "development") == ["120.00", "60.00", "60.00", "25.00", "95.00"]
        assert money_cells(page, "total") == ["275.00", "90.00", "185.00", "25.00", "250.00"]
        procurement_url = reverse("procurement:project_detail", kwargs={"pk": contract.project_id})
        assert f'href="{procurement_url}" data-testid="money-overview-link"' in page
    # the procurement page shows the same overview, without a link to itself
    page = client.get(reverse("procurement:project_detail", kwargs={"pk": contract.project_id})).content.decode()
    assert money_cells(page, "total") == ["275.00", "90.00", "185.00", "25.00", "250.00"]
    assert 'data-testid="money-overview-link"' not in page


@pytest.mark.supports("第十四条")
def test_a_user_who_may_not_see_the_procurement_gets_no_money_section(city, contract):
    from egovpm.projects.project_pages import project_sections

    assert [s.key for s in project_sections(city.users["clerk"], contract.project, page="construction")] == ["money"]
    assert project_sections(city.users["culture_clerk"], contract.project, page="construction") == []


@pytest.mark.supports("第十四条")
def test_the_construction_page_costs_the_same_queries_with_few_and_many_contracts(
    client, city, contract, django_assert_max_num_queries
):
    client.force_login(city.users["clerk"])
    url = construction_url(contract.project)
    client.get(url)
    # the page's own reads (its activities' guards above all) and the money section's seven
    with django_assert_max_num_queries(140) as few:
        assert client.get(url).status_code == 200
    for i in range(3):
        more = sign(
            city,
            record_procurement(city, contract.project, amount=D("5.00")),
            number=f"HT-{i}",
            parts={"other": D("1.00")},
        )
        pay(city, more, "1.00", kind="other")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert money_cells(page, "other") == ["5.00", "3.00", "2.00", "3.00", "2.00"]


@pytest.mark.supports("第十四条")
def test_the_money_section_costs_seven_queries_whatever_the_contracts(city, contract, django_assert_max_num_queries):
    from egovpm.projects.project_pages import project_sections

    for i in range(3):
        pay(
            city,
            sign(
                city,
                record_procurement(city, contract.project, amount=D("1.00")),
                number=f"HT-{i}",
                parts={"other": D("1.00")},
            ),
            "1.00",
            kind="other",
        )
    # the units the user sees and its sight of the project, the baseline and its items, the contracted, the
    # paid, whether approved
    with django_assert_max_num_queries(7):
        project_sections(city.users["clerk"], contract.project, page="construction")
