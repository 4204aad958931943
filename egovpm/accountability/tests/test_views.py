"""Accountability's pages (第三十条): the Office's list with its 扫描, the forms' messages at the field, the
unit's record, and its summary on the unit's declarations under review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.accountability import services
from egovpm.accountability.models import Violation
from egovpm.conftest import declaration_at

from .conftest import construction_of


@pytest.mark.supports("第三十条")
def test_office_scans_and_decides_on_the_page(city, client, unfunded):
    construction_of(city, unfunded)
    client.force_login(city.users["office_reviewer"])
    page = client.post(reverse("accountability:scan"), follow=True).content.decode()
    made = Violation.objects.filter(project=unfunded).count()
    assert made and f"新提出 {made} 项" in page
    violation = Violation.objects.get(project=unfunded, kind="unapproved_construction")
    url = reverse("accountability:violation_act", kwargs={"pk": violation.pk, "action": "confirm_violation"})
    page = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "请填写理由" in page
    client.post(url, {"reason": "未经立项即开工。"})
    violation.refresh_from_db()
    assert violation.stage == "confirmed"


@pytest.mark.supports("第三十条")
def test_record_form_refuses_bad_input_at_the_field(city, client, unfunded):
    client.force_login(city.users["office_reviewer"])
    response = client.post(
        reverse("accountability:violation_record"), {"project": unfunded.pk, "kind": "", "facts": ""}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "kind" in form.errors and "facts" in form.errors
    assert not Violation.objects.exists()
    client.force_login(city.users["clerk"])
    assert client.get(reverse("accountability:violation_record")).status_code == 403


@pytest.mark.supports("第三十条")
def test_list_page_queries_are_bounded(city, client, unfunded, django_assert_max_num_queries):
    office = city.users["office_reviewer"]
    for kind in ("no_catalog", "no_procurement", "mismanagement"):
        services.violation_record(actor=office, project=unfunded, kind=kind, facts="事实。")
    client.force_login(office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accountability:violation_list"))
    assert response.content.decode().count("data-violation=") == 3


@pytest.mark.article("第三十条")
def test_unit_record_and_its_summary_on_a_declaration_under_review(city, client, unfunded):
    office = city.users["office_reviewer"]
    violation = services.violation_record(actor=office, project=unfunded, kind="no_catalog", facts="无目录。")
    violation = services.violation_confirm(actor=office, violation=violation, reason="未提供信息资源目录。")
    services.measure_record(actor=office, violation=violation, kind="criticism", description="通报批评。")
    client.force_login(city.users["clerk"])
    page = client.get(reverse("accountability:unit_record", kwargs={"pk": unfunded.unit_id})).content.decode()
    assert "未按规定提供信息资源目录" in page and "通报批评" in page
    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("accountability:unit_record", kwargs={"pk": unfunded.unit_id})).status_code == 404
    # the unit's next declaration, in review at the Office: the record is shown
    later = declaration_at(city, "submitted", name="智慧病房")
    client.force_login(office)
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": later.pk})).content.decode()
    assert "违规行为：未按规定提供信息资源目录" in page and "未提供信息资源目录。" in page
