"""The figures' checks of 第十一条, 第十四条 and 第四条, pure."""

from decimal import Decimal

import pytest

from egovpm.procurement import domain

D = Decimal


def pay(**overrides) -> str:
    figures = {
        "amount": D("10.00"),
        "contract_amount": D("100.00"),
        "paid_on_contract": D("0.00"),
        "year": 2027,
        "arranged_for_year": D("200.00"),
        "paid_in_year": D("0.00"),
        "estimate_total": D("300.00"),
        "paid_on_project": D("0.00"),
    }
    figures.update(overrides)
    return domain.payment_problem(**figures)


@pytest.mark.article("第四条")
def test_a_payment_within_every_limit_passes():
    assert pay() == ""
    assert pay(amount=D("100.00")) == ""


@pytest.mark.article("第四条")
def test_a_payment_past_the_contract_amount_is_refused_with_the_figures():
    assert pay(amount=D("30.00"), paid_on_contract=D("80.00")) == (
        "该合同累计拨付 110.00 万元，超过合同金额 100.00 万元（第四条）。"
    )


@pytest.mark.article("第七条(五)")
def test_a_payment_past_the_year_arranged_funds_is_refused_with_the_figures():
    assert pay(amount=D("50.00"), paid_in_year=D("160.00")) == (
        "2027 年度累计拨付 210.00 万元，超过该年度安排资金 200.00 万元（第四条、第七条(五)）。"
    )
    assert pay(arranged_for_year=D("0.00")) == "项目 2027 年度未安排资金，不能拨付（第四条、第七条(五)）。"


@pytest.mark.article("第十四条")
def test_a_payment_past_the_approved_estimate_is_refused_with_the_figures():
    assert pay(amount=D("20.00"), paid_on_project=D("290.00")) == (
        "项目累计拨付 310.00 万元，超过核定概算 300.00 万元（第十四条）。"
    )
    assert pay(estimate_total=None) == "项目尚无核定的投资概算，不能拨付（第十四条）。"


@pytest.mark.article("第四条")
def test_a_payment_is_more_than_nothing():
    assert pay(amount=D("0.00")) == "拨付金额必须大于零。"


@pytest.mark.article("第十四条")
def test_contracts_of_a_kind_past_its_estimate_are_refused_with_the_figures():
    figures = {"kind_label": "软件", "contracted": D("50.00"), "approved": D("80.00")}
    assert domain.contract_kind_problem(amount=D("30.00"), **figures) == ""
    assert domain.contract_kind_problem(amount=D("33.00"), **figures) == (
        "软件类合同累计 83.00 万元，超过核定概算 80.00 万元（第十四条）。"
    )
    assert domain.contract_kind_problem(kind_label="软件", contracted=D("0"), amount=D("1.00"), approved=None) == (
        "项目尚无核定的投资概算，不能签订合同（第十四条）。"
    )


@pytest.mark.article("第十一条")
def test_procurement_outside_government_procurement_needs_its_legal_reason():
    problems = domain.procurement_problems(
        method="non_government", non_government_reason=" ", supplier="某公司", amount=D("1.00")
    )
    assert problems == {"non_government_reason": "未采用政府采购方式的，必须写明不适用政府采购的法定理由（第十一条）。"}
    assert not domain.procurement_problems(
        method="non_government", non_government_reason="单项金额低于采购限额标准", supplier="某公司", amount=D("1")
    )
    assert not domain.procurement_problems(method="open_tender", non_government_reason="", supplier="某", amount=D("1"))


@pytest.mark.article("第十一条")
def test_an_imported_item_needs_its_reason():
    assert "必须说明理由" in domain.line_problems(origin="imported", foreign_reason="")["foreign_reason"]
    assert domain.line_problems(origin="imported", foreign_reason="国内无同类产品") == {}
    assert domain.line_problems(origin="domestic", foreign_reason="") == {}


@pytest.mark.supports("第十四条")
def test_the_money_overview_adds_up_per_kind_and_in_total():
    overview = domain.money_overview(
        kinds=(("software", "软件"), ("hardware", "硬件")),
        approved={"software": D("80.00"), "hardware": D("20.00")},
        contracted={"software": D("70.00")},
        paid={"software": D("30.00")},
    )
    software, hardware = overview["rows"]
    assert (software["uncontracted"], software["remaining"]) == (D("10.00"), D("50.00"))
    assert hardware["remaining"] == D("20.00")
    assert overview["total"] == {
        "approved": D("100.00"),
        "contracted": D("70.00"),
        "paid": D("30.00"),
        "uncontracted": D("30.00"),
        "remaining": D("70.00"),
    }
