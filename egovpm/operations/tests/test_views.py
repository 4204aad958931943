"""The operations pages: isolation (another unit's project is 404), the refusals of 第二十一条 where users meet
them (the operations page, the declaration form's field), the lists' query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.intake import services as intake
from egovpm.intake.models import Declaration
from egovpm.operations import services
from egovpm.operations.models import Operation

from .conftest import complete, running


@pytest.mark.supports("第二十二条")
def test_another_units_project_and_operation_are_not_found(client, city, in_operation, completed):
    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("operations:project_detail", kwargs={"pk": completed.pk})).status_code == 404
    for name in ("mode_set", "incident_record", "maintenance_declare"):
        assert client.get(reverse(f"operations:{name}", kwargs={"pk": in_operation.pk})).status_code == 404
    response = client.post(
        reverse("operations:operation_act", kwargs={"pk": in_operation.pk, "action": "retire_operation"}),
        {"reason": "停用。"},
    )
    assert response.status_code == 404
    in_operation.refresh_from_db()
    assert in_operation.stage == "in_operation"
    # the Office sees it; an expert has no operations page at all
    client.force_login(city.users["office_reviewer"])
    assert client.get(reverse("operations:project_detail", kwargs={"pk": completed.pk})).status_code == 200
    client.force_login(city.users["expert"])
    assert client.get(reverse("operations:operation_list")).status_code == 403


@pytest.mark.article("第二十一条")
def test_the_page_refuses_operation_and_audit_of_a_project_not_accepted(client, city, completed):
    client.force_login(city.users["clerk"])
    page = client.get(reverse("operations:project_detail", kwargs={"pk": completed.pk})).content.decode()
    assert "未通过验收的项目，不得投入运行（第二十一条）" in page
    response = client.post(
        reverse("operations:prepare", kwargs={"pk": completed.pk}),
        {"operating_body": "信息科", "cost_assurance": "部门预算。"},
    )
    assert "不得投入运行（第二十一条）" in response.content.decode()
    assert not Operation.objects.exists()
    client.force_login(city.users["audit"])
    page = client.get(reverse("operations:project_detail", kwargs={"pk": completed.pk})).content.decode()
    assert "市审计部门不予审计（第二十一条）" in page
    response = client.post(reverse("operations:final_audit_open", kwargs={"pk": completed.pk}), {"scope": "审计。"})
    assert "市审计部门不予审计" in response.content.decode()


@pytest.mark.article("第二十一条")
def test_the_declaration_form_refuses_o_and_m_funds_at_the_nature_field(client, city, completed, frozen_clock):
    from egovpm.intake.tests.test_declaration_rules import form_data

    frozen_clock(dt.date(2027, 10, 20))
    plan_year = intake.plan_year_open(actor=city.users["office_reviewer"], year=2028)
    client.force_login(city.users["clerk"])
    before = Declaration.objects.count()
    response = client.post(
        reverse("intake:declaration_create"),
        form_data(plan_year=plan_year.pk, project=completed.pk, nature="maintenance"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "第二十一条" in errors["nature"][0] and "竣工验收" in errors["nature"][0]
    assert Declaration.objects.count() == before


@pytest.mark.article("第二十三条")
def test_the_mode_page_shows_the_procurement_refusal_at_its_field(client, city, completed, accepted):
    from .conftest import prepare

    operation = prepare(city, accepted(completed))
    client.force_login(city.users["clerk"])
    response = client.post(reverse("operations:mode_set", kwargs={"pk": operation.pk}), {"mode": "outsourced"})
    assert "应进行政府采购" in response.context["form"].errors["procurement"][0]
    operation.refresh_from_db()
    assert operation.mode == ""


@pytest.mark.supports("第二十二条")
def test_the_operation_list_keeps_its_queries(client, city, frozen_clock, accepted, django_assert_max_num_queries):
    for name in ("互联网医院", "智慧药房"):
        running(city, accepted(complete(city, name=name)))
    client.force_login(city.users["office_reviewer"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("operations:operation_list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 2
    audit = city.users["audit"]
    for op in Operation.objects.all():
        services.final_audit_open(actor=audit, project=op.project, scope="竣工决算审计。")
    client.force_login(audit)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("operations:final_audit_list"))
    assert len(response.context["page"].object_list) == 2
