"""第七条(四) second paragraph: the Office sends Finance the annual plan and the list of pre-approved
projects; 第七条(五): Finance places them in the budget project library and records the amounts."""

import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.conftest import declaration_at
from egovpm.intake import services
from egovpm.intake.models import BudgetLibraryEntry, PlanTransmission, PlanYear


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def plan(city, frozen_clock):
    """Two approved projects, one still in initial review, one draft (not in the plan)."""
    return {
        "approved": declaration_at(city, "approved", name="互联网医院"),
        "approved2": declaration_at(
            city,
            "approved",
            name="智慧文旅",
            clerk="culture_clerk",
            total_investment=Decimal("120.00"),
            annual_requirement=Decimal("100.00"),
            current_total=Decimal("100.00"),
            current_fiscal=Decimal("90.50"),
            current_self_raised=Decimal("9.50"),
            approved_amount=Decimal("110.25"),
        ),
        "reviewing": declaration_at(city, "in_initial_review", name="电子证照", clerk="culture_clerk"),
        "draft": declaration_at(city, "draft", name="草稿项目", clerk="culture_clerk"),
    }


@pytest.mark.article("第七条(四)")
def test_the_plan_downloads_as_xlsx_with_rows_and_totals(city, plan, client):
    client.force_login(city.users["office_reviewer"])

    response = client.get(reverse("intake:plan_annual_xlsx", args=[2027]))
    rows = sheet(response)
    assert f"filename*=UTF-8''{quote('2027年度电子政务年度计划.xlsx')}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "2027年度" in rows[0][0]
    header = rows[1]
    assert header[:7] == ("序号", "项目编号", "申报单位", "主管部门", "项目名称", "项目性质", "预计总投资")
    assert {"项目类别", "建设类型", "涉及基础性系统（第六条）"} <= set(header)  # 第三条, 第六条
    assert "状态" in header and "初审意见" in header
    body, total = rows[2:-1], rows[-1]
    assert [r[0] for r in body] == [1, 2, 3]
    assert sorted(r[4] for r in body) == ["互联网医院", "智慧文旅", "电子证照"]
    hospital = next(r for r in body if r[4] == "互联网医院")
    assert hospital[2:4] == ("市人民医院", "市卫生健康委员会")
    assert total[0] == "合计"
    assert money(total[6]) == Decimal("720.00")  # 300 + 120 + 300
    assert money(total[7]) == Decimal("500.00")  # 200 + 100 + 200
    assert money(total[8]) == Decimal("450.50")  # 180 + 90.50 + 180

    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(3, 7).number_format == "#,##0.00"
    # the offices' font, never Calibri, the header frozen, the 序号 column narrow
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.coordinate not in ws.merged_cells}
    assert fonts == {"宋体"}
    assert ws.freeze_panes == "A3" and ws.column_dimensions["A"].width == 6

    rows = sheet(client.get(reverse("intake:plan_preapproved_xlsx", args=[2027])))
    header, body, total = rows[1], rows[2:-1], rows[-1]
    number_col, amount_col = header.index("复核文号"), header.index("核定投资")
    assert sorted(r[4] for r in body) == ["互联网医院", "智慧文旅"]
    assert sorted(r[number_col] for r in body) == ["启政信办复〔2026〕001号", "启政信办复〔2026〕002号"]
    assert total[0] == "合计"
    assert money(total[amount_col]) == Decimal("410.25")  # 300 + 110.25


@pytest.mark.article("第七条(四)")
def test_finance_sees_the_plan_only_after_the_office_sends_it(city, plan, client):
    client.force_login(city.users["finance"])
    page = client.get(reverse("intake:plan_detail", args=[2027])).content.decode()
    assert "办公室尚未向市财政局报送" in page
    assert "互联网医院" not in page
    response = client.get(reverse("intake:plan_annual_xlsx", args=[2027]))
    assert response.status_code == 302

    client.force_login(city.users["office_reviewer"])
    response = client.post(reverse("intake:plan_send", args=[2027]), follow=True)
    assert "已向市财政局报送 2027 年度计划和预审合格项目清单（2 个项目）" in response.content.decode()
    transmission = PlanTransmission.objects.get()
    assert transmission.project_count == 2 and transmission.total_amount == Decimal("300.00")

    client.force_login(city.users["finance"])
    page = client.get(reverse("intake:plan_detail", args=[2027])).content.decode()
    assert "互联网医院" in page and "启政信办复〔2026〕001号" in page
    assert "向市财政局报送年度计划和预审合格项目清单" not in page
    assert len(sheet(client.get(reverse("intake:plan_preapproved_xlsx", args=[2027])))) == 5


def test_a_second_send_with_nothing_new_is_refused(city, plan, client):
    client.force_login(city.users["office_reviewer"])
    client.post(reverse("intake:plan_send", args=[2027]))

    response = client.post(reverse("intake:plan_send", args=[2027]), follow=True)

    assert "没有待报送财政的复核通过项目。" in response.content.decode()
    assert PlanTransmission.objects.count() == 1


def test_only_the_office_sends_the_plan(city, plan, client):
    client.force_login(city.users["finance"])

    assert client.post(reverse("intake:plan_send", args=[2027])).status_code == 403
    assert not PlanTransmission.objects.exists()


def test_the_office_opens_a_plan_year_and_sees_errors(city, frozen_clock, client):
    client.force_login(city.users["office_reviewer"])

    response = client.post(reverse("intake:plan_index"), {"year": "2028"})
    assert response.status_code == 302
    assert PlanYear.objects.filter(year=2028).exists()

    response = client.post(reverse("intake:plan_index"), {"year": "2028"})
    assert "2028 年度计划已开放。" in response.content.decode()
    response = client.post(reverse("intake:plan_index"), {"year": "abc"})
    assert response.context["form"].errors["year"]
    assert PlanYear.objects.count() == 1

    client.force_login(city.users["finance"])
    assert client.post(reverse("intake:plan_index"), {"year": "2029"}).status_code == 403
    assert not PlanYear.objects.filter(year=2029).exists()


@pytest.mark.article("第七条(四)")
def test_unit_users_cannot_open_the_plan(city, frozen_clock, client):
    client.force_login(city.users["clerk"])

    assert client.get(reverse("intake:plan_index")).status_code == 403
    assert client.get(reverse("intake:plan_annual_xlsx", args=[2027])).status_code == 403


@pytest.mark.article("第七条(五)")
def test_finance_places_a_project_only_after_the_plan_was_sent(city, plan, client):
    decl = plan["approved"]
    place = reverse("intake:declaration_act", args=[decl.pk, "place_in_budget_library"])
    client.force_login(city.users["finance"])

    response = client.post(place, {"reason": "YS2027-001"}, follow=True)
    assert "办公室尚未将该项目列入报送财政的年度计划和预审合格项目清单" in response.content.decode()
    decl.refresh_from_db()
    assert decl.stage == "approved"
    assert not BudgetLibraryEntry.objects.exists()

    services.plan_send_to_finance(actor=city.users["office_reviewer"], plan_year=decl.plan_year)
    library = client.get(reverse("intake:budget_library")).content.decode()
    assert f'action="{place}"' in library
    client.post(place, {"reason": "YS2027-001"})
    decl.refresh_from_db()
    assert decl.stage == "in_budget_library"
    assert decl.budget_entry.library_code == "YS2027-001"


@pytest.mark.article("第七条(五)")
def test_finance_arranges_an_amount_that_the_library_shows(city, frozen_clock, client):
    decl = declaration_at(city, "in_budget_library", name="互联网医院")
    client.force_login(city.users["finance"])
    url = reverse("intake:budget_arrange", args=[decl.pk])
    assert (
        reverse("intake:budget_arrange", args=[decl.pk])
        in client.get(reverse("intake:budget_library")).content.decode()
    )

    response = client.post(url, {"amount": "500"})
    assert "安排资金不能超过本年度申请资金" in response.context["form"].errors["amount"][0]
    response = client.post(url, {"amount": "12.345"})
    assert response.context["form"].errors["amount"]
    decl.refresh_from_db()
    assert decl.stage == "in_budget_library"

    response = client.post(url, {"amount": "123.45"})
    assert response.status_code == 302
    decl.refresh_from_db()
    assert decl.stage == "funded"
    assert decl.budget_entry.arranged_amount == Decimal("123.45")
    library = client.get(reverse("intake:budget_library")).content.decode()
    assert 'data-testid="arranged-amount">123.45<' in library

    client.force_login(city.users["office_reviewer"])
    assert "123.45" in client.get(reverse("intake:budget_library")).content.decode()
    assert client.get(url).status_code == 403


@pytest.mark.article("第七条(五)")
def test_a_unit_clerk_cannot_open_the_budget_library(city, frozen_clock, client):
    decl = declaration_at(city, "in_budget_library", name="互联网医院")
    client.force_login(city.users["clerk"])

    assert client.get(reverse("intake:budget_library")).status_code == 403
    assert client.post(reverse("intake:budget_arrange", args=[decl.pk]), {"amount": "1"}).status_code == 403
    decl.refresh_from_db()
    assert decl.budget_entry.arranged_amount is None


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _more(city, n: int) -> None:
    """n more declarations at every stage from initial review to funded, over two units."""
    stages = ("in_initial_review", "returned", "approved", "in_budget_library", "funded")
    for i in range(n):
        stage = stages[i % len(stages)]
        clerk = "clerk" if i % 2 else "culture_clerk"
        if stage == "returned":
            decl = declaration_at(city, "in_re_review", name=f"项目{i}", clerk=clerk)
            services.re_review_return(actor=city.users["office_head"], declaration=decl, reason="依据不足。")
        else:
            declaration_at(city, stage, name=f"项目{i}", clerk=clerk)


def test_plan_detail_and_exports_queries_do_not_grow(city, frozen_clock, client, django_assert_max_num_queries):
    declaration_at(city, "funded", name="首个项目")
    client.force_login(city.users["office_reviewer"])
    urls = [
        reverse(name, args=[2027])
        for name in ("intake:plan_detail", "intake:plan_annual_xlsx", "intake:plan_preapproved_xlsx")
    ]
    few = {url: _queries(client, url) for url in urls}

    _more(city, 10)
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert client.get(urls[0]).content.decode().count("项目9") >= 1


def test_budget_library_queries_do_not_grow(city, frozen_clock, client, django_assert_max_num_queries):
    declaration_at(city, "funded", name="首个项目")
    client.force_login(city.users["finance"])
    url = reverse("intake:budget_library")
    few = _queries(client, url)

    _more(city, 10)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert "项目9" in response.content.decode()


def test_plan_index_counts_per_stage(city, plan, client):
    client.force_login(city.users["office_reviewer"])

    page = client.get(reverse("intake:plan_index")).content.decode()

    assert 'data-stage="approved">复核通过 2<' in page
    assert 'data-stage="in_initial_review">初审中 1<' in page
    assert 'data-stage="draft"' not in page
