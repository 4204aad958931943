"""The pages of 第十一条 and 第四条: Finance records a payment on its page, a unit cannot, the ledger keeps
a fixed number of queries and its export writes what people typed as text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.audit.models import AuditEvent
from egovpm.procurement.models import Payment

from .conftest import IN_2027, D, pay, record_procurement, sign

FORMULA = '=HYPERLINK("http://evil.example","点此")'


def login(client, city, name):
    client.force_login(city.users[name])
    return client


def payment_data(**overrides):
    data = {
        "kind": "development",
        "funding_source": "fiscal",
        "amount": "25.00",
        "paid_on": IN_2027.isoformat(),
        "voucher_number": "CZBF-2027-0100",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.article("第四条")
def test_finance_records_a_payment_on_its_page(client, city, contract):
    login(client, city, "finance")
    url = reverse("procurement:payment_create", kwargs={"pk": contract.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, payment_data(), follow=True)
    assert response.status_code == 200
    assert Payment.objects.get().amount == D("25.00")
    assert "拨付已登记" in response.content.decode()


@pytest.mark.article("第四条")
def test_a_unit_cannot_open_the_payment_page_nor_record_one(client, city, contract):
    login(client, city, "clerk")
    url = reverse("procurement:payment_create", kwargs={"pk": contract.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, payment_data()).status_code == 403
    assert not Payment.objects.exists()
    assert AuditEvent.objects.filter(action="access.denied").exists()


@pytest.mark.article("第四条")
def test_a_refused_payment_shows_its_reason_at_the_form_and_writes_nothing(client, city, contract):
    login(client, city, "finance")
    url = reverse("procurement:payment_create", kwargs={"pk": contract.pk})
    response = client.post(url, payment_data(amount="95.00"))
    assert response.status_code == 200
    assert "该合同累计拨付 95.00 万元，超过合同金额 90.00 万元（第四条）。" in response.content.decode()
    response = client.post(url, payment_data(amount="abc"))
    assert "请输入有效金额（万元）。" in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.supports("第十一条")
def test_the_project_page_shows_procurement_contracts_licences_and_the_money_overview(client, city, contract):
    pay(city, contract, "10.00")
    for name in ("clerk", "finance", "audit", "office_reviewer"):
        response = login(client, city, name).get(
            reverse("procurement:project_detail", kwargs={"pk": contract.project_id})
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "QDHT-2027-001" in body and 'data-testid="money-overview"' in body
    login(client, city, "culture_clerk")
    assert client.get(reverse("procurement:project_detail", kwargs={"pk": contract.project_id})).status_code == 404


@pytest.mark.article("第十一条")
def test_the_unit_records_a_procurement_on_its_page_with_the_reason_at_the_field(client, city, project):
    login(client, city, "clerk")
    url = reverse("procurement:procurement_create", kwargs={"pk": project.pk})
    data = {
        "subject": "服务器采购",
        "method": "non_government",
        "non_government_reason": "",
        "supplier": "启东信息设备有限公司",
        "amount": "20.00",
        "procured_on": IN_2027.isoformat(),
        "item_name": "服务器",
        "quantity": "2",
        "origin": "imported",
        "foreign_reason": "",
    }
    body = client.post(url, data).content.decode()
    assert "必须写明不适用政府采购的法定理由" in body and "必须说明理由" in body
    data.update(non_government_reason="单项金额低于采购限额标准。", foreign_reason="国内无满足要求的产品。")
    assert client.post(url, data).status_code == 302
    assert project.procurements.get().lines.get().origin == "imported"


@pytest.mark.supports("第四条")
def test_the_ledger_keeps_a_fixed_number_of_queries(client, city, procurement, django_assert_max_num_queries):
    for n in range(4):
        pay(
            city,
            sign(city, procurement, number=f"QDHT-2027-1{n}", parts={"hardware": D("10.00")}),
            "5.00",
            kind="hardware",
        )
    login(client, city, "finance")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procurement:ledger"))
    assert response.content.decode().count("data-payment=") == 4
    with django_assert_max_num_queries(12):
        assert client.get(reverse("procurement:project_list")).status_code == 200


@pytest.mark.article("第四条")
def test_the_ledger_export_has_the_payment_and_writes_a_formula_in_a_supplier_name_as_text(client, city, project):
    procurement = record_procurement(city, project, supplier=FORMULA)
    payment = pay(city, sign(city, procurement), "12.50")
    login(client, city, "audit")
    response = client.get(reverse("procurement:ledger_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3))
    supplier = next(cell for cell in rows[0] if cell.value == FORMULA)
    assert supplier.data_type == "s"
    assert any(cell.value == payment.amount for cell in rows[0])
    assert AuditEvent.objects.filter(action="payment_ledger.export").exists()


@pytest.mark.supports("第四条")
def test_finance_finds_the_contracts_to_pay_and_the_year_paid_among_its_todos(city, contract):
    from egovpm.cockpit.selectors import todo_items

    pay(city, contract, "30.00")
    items = todo_items(city.users["finance"])
    to_pay = [i for i in items if i.group == "finance" and "QDHT-2027-001" in i.action]
    assert len(to_pay) == 1 and "已拨付 30.00 万元" in to_pay[0].note
    assert any(i.action == "本年度已拨付 30.00 万元" for i in items)
    assert not [i for i in todo_items(city.users["clerk"]) if "QDHT-2027-001" in i.action]
    pay(city, contract, "30.00", kind="software")
    pay(city, contract, "30.00")
    assert [i for i in todo_items(city.users["clerk"]) if "QDHT-2027-001" in i.action]
    assert not [i for i in todo_items(city.users["finance"]) if "QDHT-2027-001" in i.action]
