"""第七条(二): the configuration list of the feasibility report (online or from the XLSX template) and the
centralized procurement plan of a plan year: equivalent items of two or more approved projects grouped,
folded (统筹) projects left out, edited and issued by the Office."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at
from egovpm.core.errors import Refused
from egovpm.intake import domain
from egovpm.intake.configuration_xlsx import HEADERS, read_configuration, template_xlsx
from egovpm.intake.models import CentralProcurementPlan, ConfigurationItem
from egovpm.intake.services import central_procurement as cp
from egovpm.testing import scenario

SERVER = {
    "category": "equipment",
    "name": "服务器",
    "specification": "2路 32核",
    "quantity": 2,
    "unit_price": Decimal("8.50"),
    "domestic": True,
}


def _line(key, project, name, spec="", quantity=1, amount="1.00", category="equipment"):
    return domain.ConfigurationLine(key, project, category, name, spec, quantity, Decimal(amount))


@pytest.mark.article("第七条(二)")
def test_equivalent_items_of_two_projects_are_grouped_and_an_item_of_one_project_is_not():
    groups = domain.group_configuration(
        [
            _line(1, 10, "服务器", "2路 32核", 2, "17.00"),
            _line(2, 11, "服务器（国产）", "２路３２核", 3, "25.50"),
            _line(3, 11, "服务器", "4路 64核", 1, "20.00"),
            _line(4, 10, "数据库管理系统", "", 1, "12.00", category="software"),
            _line(5, 12, "数据库管理系统采购", "", 2, "24.00", category="software"),
            _line(6, 12, "服务器", "2路32核", 1, "8.50", category="software"),  # another category
        ]
    )
    assert [(g.category, g.name, g.quantity, g.amount, g.projects) for g in groups] == [
        ("equipment", "服务器", 5, Decimal("42.50"), [10, 11]),
        ("software", "数据库管理系统", 3, Decimal("36.00"), [10, 12]),
    ]


@pytest.mark.article("第七条(二)")
def test_the_plan_year_plan_gathers_approved_projects_and_leaves_out_the_others(city, plan_year):
    a = declaration_at(city, "initially_passed", plan_year=plan_year, name="互联网医院")
    b = declaration_at(city, "initially_passed", plan_year=plan_year, name="文旅大数据", clerk="culture_clerk")
    c = declaration_at(city, "initially_passed", plan_year=plan_year, name="卫健数据中台", clerk="health_clerk")
    cp.configuration_item_add(actor=city.users["clerk"], declaration=a, data=SERVER)
    cp.configuration_item_add(actor=city.users["culture_clerk"], declaration=b, data={**SERVER, "quantity": 3})
    cp.configuration_item_add(actor=city.users["health_clerk"], declaration=c, data={**SERVER, "quantity": 9})
    u = city.users
    walk = {
        "clerk": u["clerk"],
        "office_reviewer": u["office_reviewer"],
        "office_head": u["office_head"],
        "finance": u["finance"],
        "reviewers": [u["expert"]],
    }
    scenario.advance(a, "approved", **walk)
    scenario.advance(b, "approved", **{**walk, "clerk": u["culture_clerk"]})
    # c stays before the re-review: not approved, not in the plan
    plan = cp.central_procurement_propose(actor=u["office_reviewer"], plan_year=plan_year)
    (line,) = plan.lines.all()
    assert (line.name, line.quantity, line.amount) == ("服务器", 5, Decimal("42.50"))
    assert {d.pk for d in line.declarations.all()} == {a.pk, b.pk}
    cp.central_procurement_line_update(actor=u["office_reviewer"], line=line, quantity=6, amount=Decimal("50.00"))
    issued = cp.central_procurement_issue(actor=u["office_head"], plan=plan)
    assert issued.number == "启政信办采〔2026〕001号" and issued.issued_on.isoformat() == "2026-10-15"
    assert AuditEvent.objects.filter(action="central_procurement.issue").exists()
    with pytest.raises(Refused, match="已印发"):
        cp.central_procurement_propose(actor=u["office_reviewer"], plan_year=plan_year)
    with pytest.raises(Refused, match="已印发"):
        cp.central_procurement_line_update(actor=u["office_reviewer"], line=line, quantity=1, amount=Decimal("1"))
    with pytest.raises(Refused):
        cp.central_procurement_propose(actor=u["clerk"], plan_year=plan_year)


@pytest.mark.article("第七条(二)")
def test_the_configuration_list_is_the_units_while_it_prepares_the_feasibility_materials(city, plan_year):
    decl = declaration_at(city, "in_initial_review", plan_year=plan_year)
    with pytest.raises(Refused):
        cp.configuration_item_add(actor=city.users["clerk"], declaration=decl, data=SERVER)
    passed = declaration_at(city, "initially_passed", plan_year=plan_year, name="另一个项目")
    with pytest.raises(Refused):
        cp.configuration_item_add(actor=city.users["culture_clerk"], declaration=passed, data=SERVER)
    with pytest.raises(ValidationError) as err:
        cp.configuration_item_add(actor=city.users["clerk"], declaration=passed, data={**SERVER, "quantity": 0})
    assert "quantity" in err.value.message_dict
    assert not ConfigurationItem.objects.exists()


def _sheet(*rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.supports("第七条(二)")
def test_the_template_reads_back_and_bad_rows_are_named_with_nothing_imported(city, plan_year):
    rows, problems = read_configuration(template_xlsx())
    assert problems == [] and [r["name"] for r in rows] == ["服务器", "数据库管理系统"]
    assert load_workbook(io.BytesIO(template_xlsx())).active["A1"].value == HEADERS[0]
    _, problems = read_configuration(
        _sheet(
            ("硬件", "交换机", "", 0, 2, "是"),
            ("软件", '=HYPERLINK("x")', "", 1, 1, "否"),
            ("网络", "x", "", 1, 1, "也许"),
        )
    )
    assert problems == [
        "第2行：数量应为正整数。",
        "第3行：不接受公式，请填写数值或文字。",
        "第4行：类别应为“硬件”或“软件”；是否国产应填“是”或“否”。",
    ]
    decl = declaration_at(city, "initially_passed", plan_year=plan_year)
    with pytest.raises(ValidationError) as err:
        cp.configuration_import(
            actor=city.users["clerk"],
            declaration=decl,
            content=_sheet(("硬件", "服务器", "", 1, 5, "是"), ("硬件", "交换机", "", "两台", 2, "是")),
        )
    assert err.value.message_dict["file"] == ["第3行：数量应为正整数。"]
    assert not ConfigurationItem.objects.exists()
    items = cp.configuration_import(actor=city.users["clerk"], declaration=decl, content=template_xlsx())
    assert [i.amount for i in items] == [Decimal("17.00"), Decimal("12.00")]
    assert not CentralProcurementPlan.objects.exists()
