"""Lists: the UI's filters, limit/offset pages in a stable order, and a number of queries that does not
grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egovpm.catalog import services as catalog_services
from egovpm.conftest import PROPOSAL, application_data
from egovpm.intake import selectors
from egovpm.testing import scenario

from .conftest import walk_users

LISTS = (
    ("clerk", "/declarations"),
    ("office_head", "/declarations"),
    ("clerk", "/projects"),
    ("finance", "/catalog"),
    ("office_reviewer", "/units"),
    ("finance", "/budget-library"),
    ("office_reviewer", "/plan-years/2027/annual-plan"),
    ("expert", "/invitations"),
    ("office_head", "/projects"),
    ("office_reviewer", "/review-rounds"),
    ("finance", "/plan-years/2027/pre-approved"),
)


def add_declarations(city, plan_year, n: int, stage: str = "in_budget_library") -> list:
    made = []
    for i in range(n):
        decl = scenario.declare(
            clerk=city.users["clerk"],
            plan_year=plan_year,
            name=f"批量项目{i:02d}",
            data=application_data(),
            proposal=PROPOSAL,
        )
        made.append(scenario.advance(decl, stage, **walk_users(city)))
    return made


def queries(caller, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = caller.get(path, {"limit": 200})
        assert response.status_code == 200, response.content.decode()
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(api_as, city, plan_year):
    callers = {who: api_as(who) for who, _ in LISTS}
    add_declarations(city, plan_year, 1)
    for who, path in LISTS:  # each token's first call stamps its last use (once a minute): not a row's cost
        callers[who].get(path)
    few = {(who, path): queries(callers[who], path) for who, path in LISTS}
    add_declarations(city, plan_year, 4)
    many = {(who, path): queries(callers[who], path) for who, path in LISTS}
    assert many == few


def test_pages_follow_one_stable_order_and_the_uis_filters(api_as, city, plan_year):
    add_declarations(city, plan_year, 3, stage="submitted")
    scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="维护项目", data=application_data(nature="maintenance")
    )
    office = api_as("office_head")
    seen = []
    for offset in range(0, 10, 2):
        page = office.get("/declarations", {"limit": 2, "offset": offset}).json()
        assert page["count"] == 3
        seen += [d["project"]["code"] for d in page["items"]]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 3
    ui = selectors.declaration_list(city.users["clerk"], nature="maintenance")
    api = api_as("clerk").get("/declarations", {"nature": "maintenance"}).json()
    assert [d["id"] for d in api["items"]] == [d.pk for d in ui] and api["count"] == 1
    assert api_as("clerk").get("/declarations", {"q": "批量项目01"}).json()["count"] == 1
    assert api_as("clerk").get("/projects", {"stage": "submitted"}).json()["count"] == 3
    assert api_as("clerk").get("/declarations", {"plan_year": 2028}).json() == {"count": 0, "items": []}


@pytest.mark.article("第七条(三)")
@pytest.mark.article("第十六条")
def test_the_catalog_for_the_sharing_platform_is_what_the_user_may_see(api_as, city, plan_year):
    (decl,) = add_declarations(city, plan_year, 1, stage="feasibility_submitted")
    other = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name="文旅项目",
        data=application_data(),
        proposal=PROPOSAL,
    )
    walk = {**walk_users(city), "clerk": city.users["culture_clerk"]}
    other = scenario.advance(other, "initially_passed", **walk)
    catalog_services.catalog_entry_save(
        actor=city.users["culture_clerk"], project=other.project, data=scenario.catalog_entry_data(99, code="QD-CUL-1")
    )
    hospital = api_as("clerk").get("/catalog").json()
    assert [e["project"]["id"] for e in hospital["items"]] == [decl.project_id]
    assert [e["first_declaration"]["id"] for e in hospital["items"]] == [decl.pk]
    assert hospital["items"][0]["unit"]["name"] == "市人民医院"
    assert hospital["items"][0]["items"] == ["统一社会信用代码", "名称", "办理时间"]
    office = api_as("office_reviewer").get("/catalog").json()
    assert office["count"] == 2
    sheet = api_as("office_reviewer").get("/catalog", {"format": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(min_row=3, values_only=True))
    assert sorted(r[1] for r in rows) == sorted([decl.project.code, other.project.code])  # after 序号
    assert rows[0][4] == 2027
