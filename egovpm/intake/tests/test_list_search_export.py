"""The declaration list people work with (issue 15): Chinese substring search over number, name, unit and
content, ranked; sorting; the status filter grouped by procedure without repeats; the filtered list as XLSX
(序号, 宋体, 万元 formats, 合计, frozen header); a constant number of queries. Runs on SQLite and PostgreSQL
(where the trigram indexes of migration intake 0010 serve the search)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.conftest import declaration_at
from egovpm.intake import selectors
from egovpm.intake.forms.declaration import STAGE_CHOICES
from egovpm.lifecycle.workflows import DECLARATION, SPECIAL

D = Decimal
LIST = reverse("intake:declaration_list")
XLSX = reverse("intake:declaration_list_xlsx")


def _at(city, plan_year, name, clerk="clerk", **data):
    return declaration_at(city, "submitted", plan_year=plan_year, name=name, clerk=clerk, **data)


@pytest.fixture
def three(city, plan_year):
    """A 智慧医疗平台 (人民医院, 200.00); B 文旅地图 (文广旅局, 50.00) whose content names 智慧医疗;
    C 医疗废物监管 (文广旅局, 80.00)."""
    a = _at(city, plan_year, "智慧医疗平台")
    b = _at(
        city,
        plan_year,
        "文旅地图",
        clerk="culture_clerk",
        purpose_and_content="对接智慧医疗平台的文旅数据，建设全市文旅地图。",
        current_total=D("50.00"),
        current_fiscal=D("50.00"),
        current_self_raised=D("0.00"),
    )
    c = _at(
        city,
        plan_year,
        "医疗废物监管",
        clerk="culture_clerk",
        current_total=D("80.00"),
        current_fiscal=D("80.00"),
        current_self_raised=D("0.00"),
    )
    return a, b, c


def _listed(client, **params) -> list[int]:
    return [d.pk for d in client.get(LIST, params).context["page"].object_list]


@pytest.mark.supports("第七条(二)")
def test_chinese_substring_search_is_ranked_number_name_unit_content(client, city, three):
    a, b, c = three
    office = city.users["office_reviewer"]
    client.force_login(office)
    found = _listed(client, q="医疗")
    assert set(found[:2]) == {a.pk, c.pk} and found[2] == b.pk  # two names, then a content
    assert sorted(_listed(client, q="文广旅")) == sorted([b.pk, c.pk])  # the unit's short name
    assert _listed(client, q="人民医院") == [a.pk]  # the unit's full name
    assert _listed(client, q="文旅数据") == [b.pk]  # only in the content
    assert _listed(client, q=c.project.code)[0] == c.pk  # an exact number comes first
    ranks = {d.pk: d.search_rank for d in selectors.declaration_list(office, q="医疗")}
    assert ranks == {a.pk: selectors.IN_NAME, c.pk: selectors.IN_NAME, b.pk: selectors.IN_CONTENT}
    assert selectors.declaration_list(office, q=c.project.code).first().search_rank == selectors.EXACT_CODE


@pytest.mark.supports("第七条(二)")
def test_the_list_sorts_and_keeps_the_filters(client, city, three):
    a, b, c = three
    client.force_login(city.users["office_reviewer"])
    assert _listed(client, sort="-amount") == [a.pk, c.pk, b.pk]
    assert _listed(client, sort="amount") == [b.pk, c.pk, a.pk]
    assert _listed(client, sort="-amount", unit=city.units["culture"].pk) == [c.pk, b.pk]
    assert _listed(client, sort="nonsense") == _listed(client)  # an unknown key is ignored, never a 500
    # the API takes the same sort and search
    from egovpm.api.tests.conftest import Api

    api = Api(client, city.users["office_reviewer"])
    assert [d["id"] for d in api.get("/declarations", {"sort": "-amount"}).json()["items"]] == [a.pk, c.pk, b.pk]
    assert [d["id"] for d in api.get("/declarations", {"q": "文旅数据"}).json()["items"]] == [b.pk]
    assert api.get("/declarations", {"sort": "nonsense"}).status_code == 422


@pytest.mark.supports("第七条(一)")
def test_the_status_filter_groups_general_and_special_stages_without_repeats():
    groups = [(label, options) for label, options in STAGE_CHOICES if isinstance(options, list)]
    assert [label for label, _ in groups] == [DECLARATION.label, SPECIAL.label]
    for _, options in groups:
        labels = [text for _, text in options]
        assert len(labels) == len(set(labels))
    values = [value for _, options in groups for value, _ in options]
    assert len(values) == len(set(values))


@pytest.mark.supports("第七条(四)")
def test_the_filtered_list_exports_as_xlsx_with_serials_font_formats_totals_and_frozen_header(client, city, three):
    a, b, c = three
    client.force_login(city.users["office_reviewer"])
    response = client.get(XLSX, {"unit": city.units["culture"].pk, "sort": "-amount"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header, body, total = rows[1], rows[2:-1], rows[-1]
    assert header[:4] == ("序号", "项目编号", "项目名称", "申报单位")
    assert [(r[0], r[2], r[3]) for r in body] == [
        (1, "医疗废物监管", "市文化广电和旅游局"),
        (2, "文旅地图", "市文化广电和旅游局"),
    ]
    amount = header.index("本年度申请资金合计")
    assert total[0] == "合计" and D(str(total[amount])) == D("130.00")
    assert ws.cell(3, amount + 1).number_format == "#,##0.00"
    assert ws.freeze_panes == "A3"
    fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.coordinate not in ws.merged_cells}
    assert fonts == {"宋体"}
    assert ws.column_dimensions["C"].width == 30


@pytest.mark.supports("第七条(二)")
def test_the_list_and_its_search_cost_the_same_queries_with_one_or_three_declarations(client, city, plan_year):
    client.force_login(city.users["office_reviewer"])
    _at(city, plan_year, "智慧医疗平台")
    with CaptureQueriesContext(connection) as one:
        client.get(LIST, {"q": "医疗", "sort": "name"})
    _at(city, plan_year, "医疗废物监管", clerk="culture_clerk")
    _at(city, plan_year, "医疗影像", clerk="culture_clerk")
    with CaptureQueriesContext(connection) as three:
        response = client.get(LIST, {"q": "医疗", "sort": "name"})
    assert response.context["page"].paginator.count == 3
    assert len(three) <= len(one)


@pytest.mark.supports("第七条(五)")
def test_the_budget_library_exports_its_sections_with_totals(client, city, plan_year):
    placed = declaration_at(
        city, "in_budget_library", plan_year=plan_year, name="远程会诊", approved_amount=D("250.00")
    )
    client.force_login(city.users["finance"])
    response = client.get(reverse("intake:budget_library_xlsx"), {"year": 2027})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header, body, total = rows[1], rows[2:-1], rows[-1]
    assert header[:3] == ("序号", "库内状态", "计划年度")
    assert [(r[0], r[1], r[3], r[5]) for r in body] == [(1, "已入库待安排资金", placed.project.code, "远程会诊")]
    assert total[0] == "合计" and D(str(total[header.index("核定投资")])) == D("250.00")
    client.force_login(city.users["clerk"])
    assert client.get(reverse("intake:budget_library_xlsx")).status_code == 403


@pytest.mark.supports("第七条(二)")
@pytest.mark.django_db
def test_on_postgresql_the_search_has_its_trigram_indexes():
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only (migration intake 0010 is a no-op on SQLite)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {
        "projects_project_code_trgm",
        "projects_project_name_trgm",
        "orgs_unit_name_trgm",
        "orgs_unit_short_name_trgm",
        "intake_declaration_purpose_and_content_trgm",
    }
    assert all("gin_trgm_ops" in definition and "upper(" in definition for definition in indexes.values())
