"""第十一条 procurement and contracts, 第四条 Finance's payments: each refusal with its reason and figures,
and nothing written when refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.procurement import selectors, services
from egovpm.procurement.models import Contract, Payment, Procurement, SoftwareLicence
from egovpm.projects.models import Restriction
from egovpm.testing.scenario import pdf_file

from .conftest import IN_2027, D, pay, record_procurement, sign


def restrict(city, project, kind):
    return Restriction.objects.create(
        project=project,
        kind=kind,
        article="第十八条",
        reason="拒不整改。",
        placed_by=city.users["office_head"],
        placed_at=clock.now(),
    )


@pytest.mark.article("第十一条")
def test_procurement_outside_government_procurement_is_refused_without_its_legal_reason(city, project):
    with pytest.raises(ValidationError) as exc:
        record_procurement(city, project, method="non_government", non_government_reason="  ")
    assert exc.value.message_dict["non_government_reason"] == [
        "未采用政府采购方式的，必须写明不适用政府采购的法定理由（第十一条）。"
    ]
    assert not Procurement.objects.exists()
    done = record_procurement(
        city, project, method="non_government", non_government_reason="单项金额低于采购限额标准。"
    )
    assert done.get_method_display() == "非政府采购"


@pytest.mark.article("第十一条")
def test_an_imported_item_is_refused_without_its_reason(city, project):
    lines = [{"name": "进口存储阵列", "quantity": 2, "origin": "imported", "foreign_reason": ""}]
    with pytest.raises(ValidationError) as exc:
        record_procurement(city, project, lines=lines)
    assert "必须说明理由" in exc.value.message_dict["foreign_reason"][0]
    assert not Procurement.objects.exists()
    lines[0]["foreign_reason"] = "国内暂无满足性能指标的同类产品。"
    line = record_procurement(city, project, lines=lines).lines.get()
    assert (line.origin, line.foreign_reason) == ("imported", "国内暂无满足性能指标的同类产品。")


def record_licence(city, project, *, user="clerk", evidence=None):
    return services.licence_record(
        actor=city.users[user],
        project=project,
        product="数据库管理系统",
        licence_type="perpetual",
        licence_number="DM8-2027-0001",
        quantity=2,
        evidence=evidence,
    )


@pytest.mark.article("第十一条")
def test_the_software_licence_register_keeps_each_licence_with_its_evidence(city, project):
    with pytest.raises(ValidationError) as exc:
        record_licence(city, project)
    assert exc.value.message_dict["evidence"] == ["请上传授权证明（授权书、许可证或采购凭证）。"]
    licence = record_licence(city, project, evidence=pdf_file("授权书.pdf"))
    assert licence.documents.get().kind == "software_licence"
    with pytest.raises(Refused):
        record_licence(city, project, user="culture_clerk", evidence=pdf_file())
    assert SoftwareLicence.objects.count() == 1


@pytest.mark.article("第十四条")
def test_contracts_of_a_kind_past_the_approved_estimate_of_that_kind_are_refused_with_the_figures(city, procurement):
    sign(city, procurement, parts={"software": D("30.00")})
    with pytest.raises(Refused) as exc:
        sign(city, procurement, number="QDHT-2027-002", parts={"software": D("13.00"), "development": D("5.00")})
    assert exc.value.message == "软件类合同累计 43.00 万元，超过核定概算 40.00 万元（第十四条）。"
    assert Contract.objects.count() == 1
    sign(city, procurement, number="QDHT-2027-002", parts={"software": D("10.00")})
    assert selectors.contracted_of_kind(procurement.project, "software") == D("40.00")


@pytest.mark.article("第四条")
def test_a_payment_goes_through_is_audited_and_appears_in_the_ledger(city, contract):
    payment = pay(city, contract, "50.00")
    assert (payment.amount, payment.year, payment.funding_source) == (D("50.00"), 2027, "fiscal")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "contract.disburse"
    ledger = selectors.payment_ledger(city.users["finance"])
    assert list(ledger) == [payment]
    assert list(selectors.payment_ledger(city.users["audit"])) == [payment]
    assert list(selectors.payment_ledger(city.users["clerk"])) == [payment]
    assert list(selectors.payment_ledger(city.users["supervisor"])) == [payment]
    assert not selectors.payment_ledger(city.users["culture_clerk"]).exists()
    assert selectors.ledger_total(selectors.payment_ledger(city.users["finance"], year=2027)) == D("50.00")


@pytest.mark.article("第四条")
def test_only_finance_records_a_payment(city, contract):
    with pytest.raises(Refused) as exc:
        pay(city, contract, "10.00", user="clerk")
    assert exc.value.message == "您的角色无权执行此操作。"
    assert not Payment.objects.exists()


@pytest.mark.article("第十八条")
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("withhold_funds", "项目建设资金已被暂缓拨付（第十八条），解除前不能拨付。"),
        ("suspend", "项目已被暂停建设（第十八条），暂停解除前不能办理建设事项。"),
        ("terminate", "项目已终止（第十八条），不能再办理任何事项。"),
    ],
)
def test_no_payment_while_the_project_is_restricted(city, contract, kind, message):
    restrict(city, contract.project, kind)
    with pytest.raises(Refused) as exc:
        pay(city, contract, "10.00")
    assert exc.value.message == message
    assert not Payment.objects.exists()


@pytest.mark.article("第四条")
def test_a_payment_past_the_contract_amount_is_refused_with_the_figures(city, contract):
    pay(city, contract, "80.00")
    with pytest.raises(Refused) as exc:
        pay(city, contract, "15.00", kind="software")
    assert exc.value.message == "该合同累计拨付 95.00 万元，超过合同金额 90.00 万元（第四条）。"
    assert Payment.objects.count() == 1


@pytest.mark.article("第七条(五)")
def test_a_payment_past_the_funds_arranged_for_the_year_is_refused_with_the_figures(city, procurement):
    big = sign(city, procurement, parts={"development": D("120.00"), "hardware": D("80.00")})
    pay(city, big, "120.00")
    with pytest.raises(Refused) as exc:
        pay(city, big, "70.00", kind="hardware")
    assert exc.value.message == "2027 年度累计拨付 190.00 万元，超过该年度安排资金 180.00 万元（第四条、第七条(五)）。"
    with pytest.raises(Refused) as exc:
        pay(city, big, "10.00", kind="hardware", paid_on=dt.date(2026, 12, 30))
    assert exc.value.message == "项目 2026 年度未安排资金，不能拨付（第四条、第七条(五)）。"
    assert Payment.objects.count() == 1


@pytest.mark.article("第十四条")
def test_a_payment_past_the_approved_estimate_is_refused_with_the_figures(city, project, procurement):
    from egovpm.construction.tests.conftest import approve_baseline

    contract = sign(city, procurement, parts={"development": D("100.00")})
    pay(city, contract, "90.00")
    # The Office approved a smaller baseline since: 95.00 万元 in all.
    amounts = dict.fromkeys(("hardware", "software", "integration", "supervision", "other"), D("0.00"))
    approve_baseline(city, project.construction, amounts={**amounts, "development": D("95.00")})
    with pytest.raises(Refused) as exc:
        pay(city, contract, "10.00")
    assert exc.value.message == "项目累计拨付 100.00 万元，超过核定概算 95.00 万元（第十四条）。"
    assert Payment.objects.count() == 1


@pytest.mark.article("第四条")
def test_a_payment_asks_its_fields(city, contract):
    with pytest.raises(ValidationError) as exc:
        services.payment_record(
            actor=city.users["finance"],
            contract=contract,
            kind="hardware",
            funding_source="lottery",
            amount=D("0.00"),
            paid_on=dt.date(2027, 6, 1),
        )
    assert set(exc.value.message_dict) == {"kind", "funding_source", "amount", "paid_on"}
    assert not Payment.objects.exists()


@pytest.mark.supports("第十四条")
def test_the_money_overview_shows_estimate_contracted_paid_and_remaining(city, contract):
    pay(city, contract, "20.00", kind="software")
    overview = selectors.money_overview(contract.project)
    software = next(r for r in overview["rows"] if r["kind"] == "software")
    assert (software["approved"], software["contracted"], software["paid"], software["remaining"]) == (
        D("40.00"),
        D("30.00"),
        D("20.00"),
        D("20.00"),
    )
    assert overview["total"]["approved"] == D("275.00")
    assert overview["total"]["paid"] == D("20.00")


@pytest.mark.article("第十一条")
def test_a_unit_records_only_its_own_projects_procurement(city, project):
    with pytest.raises(Refused) as exc:
        services.procurement_record(
            actor=city.users["culture_clerk"],
            project=project,
            subject="x",
            method="inquiry",
            supplier="y",
            amount=Decimal("1.00"),
            procured_on=IN_2027,
            lines=[{"name": "z", "quantity": 1, "origin": "domestic"}],
        )
    assert exc.value.message == "只有项目建设单位可以登记采购。"
