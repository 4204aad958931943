"""The cockpit (驾驶舱): each figure against a hand-computed expectation on fixed data, the links to the
filtered lists behind them, who sees which section, and a constant number of queries."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from egovpm.cockpit.tests.test_construction_money import two_in_construction  # noqa: F401  (a fixture)
from egovpm.conftest import declaration_at
from egovpm.construction.tests.conftest import supervision  # noqa: F401  (a fixture)

D = Decimal
URL = reverse("cockpit:cockpit")


@pytest.fixture
def three(city, plan_year):
    """Plan year 2027, three declarations that reached the Office and one draft:
    A 互联网医院 (hospital) funded: requested 200.00 (fiscal 180.00, self-raised 20.00), approved 300.00,
      arranged 180.00;
    B 远程会诊 (hospital) in the budget library: requested 120.00 (fiscal 100.00, self-raised 20.00),
      approved 250.00, nothing arranged yet;
    C 文化云 (culture) in initial review, flagged 云计算 (第六条), Audit and an expert asked, nobody answered:
      requested 200.00 (fiscal 180.00, self-raised 20.00);
    D 草稿 (hospital): a draft, which the Office never sees."""
    a = declaration_at(city, "funded", plan_year=plan_year, name="互联网医院")
    b = declaration_at(
        city,
        "in_budget_library",
        plan_year=plan_year,
        name="远程会诊",
        approved_amount=D("250.00"),
        current_total=D("120.00"),
        current_fiscal=D("100.00"),
        current_self_raised=D("20.00"),
    )
    c = declaration_at(
        city,
        "in_initial_review",
        plan_year=plan_year,
        name="文化云",
        clerk="culture_clerk",
        reviewers=("expert", "audit"),
        infrastructure_areas=["云计算"],
    )
    declaration_at(city, "draft", plan_year=plan_year, name="草稿")
    return a, b, c


def _get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def _stages(section) -> dict:
    return {r["code"]: (r["count"], r["money"]) for r in section["rows"] if r["count"]}


@pytest.mark.supports("第七条(五)")
def test_each_figure_of_the_office_matches_the_hand_computed_one(client, city, three):
    a, b, c = three
    ctx = _get(client, city.users["office_reviewer"], plan_year=2027).context
    declarations = ctx["pipeline"][0]
    assert declarations["key"] == "declaration"
    assert _stages(declarations) == {
        "in_initial_review": (1, D("200.00")),
        "in_budget_library": (1, D("120.00")),
        "funded": (1, D("200.00")),
    }
    assert (declarations["count"], declarations["money"]) == (3, D("520.00"))
    assert "draft" not in {r["code"] for r in declarations["rows"]}

    departments = {r["unit"].pk: r for r in ctx["departments"]["rows"]}
    hospital, culture = departments[city.units["hospital"].pk], departments[city.units["culture"].pk]
    assert (hospital["count"], hospital["requested"], hospital["approved"], hospital["arranged"]) == (
        2,
        D("320.00"),
        D("550.00"),
        D("180.00"),
    )
    assert (culture["count"], culture["requested"], culture["approved"], culture["arranged"]) == (
        1,
        D("200.00"),
        D("0.00"),
        D("0.00"),
    )
    assert ctx["departments"]["total"] == {
        "count": 3,
        "requested": D("520.00"),
        "approved": D("550.00"),
        "arranged": D("180.00"),
        "paid": D("0.00"),
    }
    sources = {r["key"]: r["requested"] for r in ctx["sources"]["rows"]}
    assert sources == {"fiscal": D("460.00"), "self_raised": D("60.00"), "national": D("0.00"), "other": D("0.00")}
    assert ctx["sources"]["total"]["requested"] == D("520.00")

    infrastructure = {r["key"]: r["count"] for r in ctx["infrastructure"]["rows"]}
    assert infrastructure == {"coordinated": 0, "standalone": 0, "pending": 1}

    finance = {r["key"]: (r["count"], r["money"]) for r in ctx["finance"]["rows"]}
    assert finance == {"to_place": (0, D("0.00")), "to_arrange": (1, D("250.00")), "to_pay": (0, D("0.00"))}
    audit = {r["key"]: r["count"] for r in ctx["audit"]["rows"]}
    assert (audit["asked"], audit["answered"], audit["open_asked"]) == (1, 0, 1)


@pytest.mark.supports("第七条(四)")
def test_another_year_and_every_year(client, city, three):
    office = city.users["office_reviewer"]
    assert _get(client, office, plan_year=2028).context["departments"]["rows"] == []
    every = _get(client, office, plan_year="all").context
    assert every["plan_year"] is None and every["departments"]["total"]["requested"] == D("520.00")


@pytest.mark.supports("第七条(二)")
def test_each_figure_links_to_the_filtered_list_that_shows_exactly_those_projects(client, city, three):
    a, b, c = three
    office = city.users["office_reviewer"]
    ctx = _get(client, office, plan_year=2027).context
    row = next(r for r in ctx["pipeline"][0]["rows"] if r["code"] == "in_budget_library")
    listed = client.get(row["url"]).context["page"].object_list
    assert [d.pk for d in listed] == [b.pk]
    hospital = next(r for r in ctx["departments"]["rows"] if r["unit"].pk == city.units["hospital"].pk)
    assert sorted(d.pk for d in client.get(hospital["url"]).context["page"].object_list) == sorted([a.pk, b.pk])
    # The chart is drawn from the same rows: its JSON names the same lists, no inline script.
    page = client.get(URL, {"plan_year": 2027}).content.decode()
    charts = json.loads(page.split('id="cockpit-charts" type="application/json">')[1].split("</script>")[0])
    assert row["url"] in next(ch for ch in charts if ch["id"] == "chart-pipeline")["urls"]
    assert "<script>" not in page


@pytest.mark.supports("第四条")
def test_finance_and_audit_see_their_duties_and_a_unit_is_refused(client, city, three):
    finance = _get(client, city.users["finance"], plan_year=2027).context
    assert "pipeline" not in finance and "finance" in finance and "audit" not in finance
    audit = _get(client, city.users["audit"], plan_year=2027).context
    assert "finance" not in audit and {r["key"]: r["count"] for r in audit["audit"]["rows"]}["asked"] == 1
    client.force_login(city.users["clerk"])
    assert client.get(URL).status_code == 403


@pytest.mark.supports("第十四条")
def test_estimate_use_and_paid_by_department_and_source(client, city, two_in_construction):  # noqa: F811
    """互联网医院: estimate 275.00, a contract of 90.00 with 25.00 paid from 财政拨款 in funds year 2027:
    25 ÷ 275 = 9.1 %."""
    ctx = _get(client, city.users["office_reviewer"], plan_year=2027).context
    assert ctx["estimate_use"]["total"]["use"] == D("9.1")
    hospital = next(r for r in ctx["departments"]["rows"] if r["unit"].pk == city.units["hospital"].pk)
    assert hospital["paid"] == D("25.00")
    assert {r["key"]: r["paid"] for r in ctx["sources"]["rows"]}["fiscal"] == D("25.00")
    # the contract of 90.00 with 25.00 paid waits for Finance: 65.00 still to pay
    to_pay = next(r for r in ctx["finance"]["rows"] if r["key"] == "to_pay")
    assert (to_pay["count"], to_pay["money"]) == (1, D("65.00"))


@pytest.mark.supports("第七条(二)")
def test_the_cockpit_costs_the_same_queries_with_few_and_many_projects(
    client, city, plan_year, django_assert_max_num_queries
):
    office = city.users["office_reviewer"]
    declaration_at(city, "submitted", plan_year=plan_year, name="甲")
    client.force_login(office)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"plan_year": 2027})
    for name in ("乙", "丙", "丁"):
        declaration_at(city, "in_initial_review", plan_year=plan_year, name=name, clerk="culture_clerk")
    with django_assert_max_num_queries(len(few)):
        client.get(URL, {"plan_year": 2027})


@pytest.mark.supports("第四条")
def test_the_api_gives_the_same_figures_to_finance_and_refuses_a_unit(client, city, three):
    from egovpm.api.tests.conftest import Api

    body = Api(client, city.users["finance"]).get("/cockpit", {"plan_year": 2027}).json()
    assert body["pipeline"] is None and body["overdue"] is None
    hospital = next(r for r in body["departments"] if r["unit_id"] == city.units["hospital"].pk)
    assert (hospital["requested"], hospital["approved"], hospital["arranged"]) == ("320.00", "550.00", "180.00")
    assert {r["key"]: r["count"] for r in body["finance"]}["to_arrange"] == 1
    office = Api(client, city.users["office_reviewer"]).get("/cockpit", {"plan_year": 2027}).json()
    assert office["pipeline"][0]["count"] == 3 and office["pipeline"][0]["money"] == "520.00"
    assert Api(client, city.users["clerk"]).get("/cockpit").status_code == 403
