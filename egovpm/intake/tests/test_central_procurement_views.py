"""第七条(二) on the pages: the unit imports its configuration list from the template (bad rows named), the
Office groups, issues and downloads the plan year's centralized procurement plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egovpm.conftest import declaration_at
from egovpm.intake.configuration_xlsx import template_xlsx
from egovpm.intake.models import CentralProcurementPlan, ConfigurationItem
from egovpm.intake.services import central_procurement as cp
from egovpm.testing import scenario

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.supports("第七条(二)")
def test_the_unit_downloads_the_template_and_imports_it_and_a_bad_file_is_named(client, city, plan_year):
    decl = declaration_at(city, "initially_passed", plan_year=plan_year)
    client.force_login(city.users["clerk"])
    template = client.get(reverse("intake:configuration_template"))
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    url = reverse("intake:configuration_import", kwargs={"pk": decl.pk})
    bad = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")}, follow=True)
    assert "文件不是有效的 XLSX 表格" in bad.content.decode()
    assert not ConfigurationItem.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("清单.xlsx", template_xlsx(), content_type=XLSX)})
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()
    assert 'data-testid="configuration-items"' in page and "数据库管理系统" in page
    assert ConfigurationItem.objects.filter(declaration=decl).count() == 2


@pytest.mark.article("第七条(二)")
def test_the_office_groups_issues_and_downloads_the_plan(client, city, plan_year):
    u = city.users
    walk = {
        "office_reviewer": u["office_reviewer"],
        "office_head": u["office_head"],
        "finance": u["finance"],
        "reviewers": [u["expert"]],
    }
    for clerk, name in (("clerk", "互联网医院"), ("culture_clerk", "文旅大数据")):
        decl = declaration_at(city, "initially_passed", plan_year=plan_year, name=name, clerk=clerk)
        cp.configuration_import(actor=u[clerk], declaration=decl, content=template_xlsx())
        scenario.advance(decl, "approved", clerk=u[clerk], **walk)
    client.force_login(u["office_head"])
    year = plan_year.year
    client.post(reverse("intake:central_procurement_propose", kwargs={"year": year}))
    client.post(reverse("intake:central_procurement_issue", kwargs={"year": year}))
    plan = CentralProcurementPlan.objects.get()
    assert plan.issued and plan.lines.count() == 2
    assert sum(line.amount for line in plan.lines.all()) == Decimal("58.00")
    page = client.get(reverse("intake:central_procurement", kwargs={"year": year})).content.decode()
    assert plan.number in page and "文旅大数据" in page
    sheet = client.get(reverse("intake:central_procurement_xlsx", kwargs={"year": year}))
    assert sheet.status_code == 200 and sheet["Content-Type"] == XLSX
    pdf = client.get(reverse("intake:central_procurement_pdf", kwargs={"year": year}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(u["clerk"])
    assert client.get(reverse("intake:central_procurement", kwargs={"year": year})).status_code == 403
