"""第七条(三): the government information resource catalog of a project, compiled with the feasibility
materials (its history and later changes: test_versions.py)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.catalog import services as catalog_services
from egovpm.catalog.models import CatalogEntryVersion, ResourceCatalogEntry
from egovpm.conftest import declaration_at
from egovpm.testing import scenario


def form_data(n: int = 1, **overrides) -> dict:
    return scenario.catalog_entry_data(n, **overrides)


@pytest.mark.article("第七条(三)")
def test_the_applicant_adds_edits_and_deletes_entries(city, frozen_clock, client):
    decl = declaration_at(city, "initially_passed")
    client.force_login(city.users["clerk"])
    url = reverse("catalog:project_catalog", args=[decl.project_id])

    response = client.post(url, form_data(1, items="姓名\n身份证号\n就诊时间"))
    assert response.status_code == 302
    entry = ResourceCatalogEntry.objects.get(project=decl.project)
    assert entry.first_declaration == decl
    assert entry.item_list() == ["姓名", "身份证号", "就诊时间"]

    client.post(reverse("catalog:entry_edit", args=[entry.pk]), form_data(1, name="电子病历数据"))
    entry.refresh_from_db()
    assert entry.name == "电子病历数据"
    assert "电子病历数据" in client.get(url).content.decode()

    client.post(reverse("catalog:entry_delete", args=[entry.pk]))
    assert not ResourceCatalogEntry.objects.filter(project=decl.project).exists()
    assert [
        (v.number, v.change) for v in CatalogEntryVersion.objects.filter(entry_key=entry.pk).order_by("number")
    ] == [
        (1, "added"),
        (2, "edited"),
        (3, "removed"),
    ]


@pytest.mark.article("第七条(三)")
@pytest.mark.parametrize("share_type", ["conditional", "none"])
def test_a_share_without_condition_or_basis_is_refused_at_the_field(city, frozen_clock, client, share_type):
    decl = declaration_at(city, "initially_passed")
    client.force_login(city.users["clerk"])

    response = client.post(
        reverse("catalog:project_catalog", args=[decl.project_id]),
        form_data(1, share_type=share_type, share_condition=" "),
    )

    assert response.status_code == 200
    assert "有条件共享须写明共享条件" in response.context["form"].errors["share_condition"][0]
    assert not ResourceCatalogEntry.objects.filter(project=decl.project).exists()
    assert not CatalogEntryVersion.objects.filter(project=decl.project).exists()


@pytest.mark.article("第七条(三)")
def test_a_conditional_share_with_its_condition_is_accepted(city, frozen_clock, client):
    decl = declaration_at(city, "initially_passed")
    client.force_login(city.users["clerk"])

    client.post(
        reverse("catalog:project_catalog", args=[decl.project_id]),
        form_data(1, share_type="conditional", share_condition="仅向卫生健康部门共享，须经申请。"),
    )

    assert ResourceCatalogEntry.objects.get(project=decl.project).share_type == "conditional"


@pytest.mark.article("第七条(三)")
def test_another_unit_cannot_see_or_edit_the_catalog(city, frozen_clock, client):
    decl = declaration_at(city, "initially_passed")
    entry = catalog_services.catalog_entry_save(actor=city.users["clerk"], project=decl.project, data=form_data(1))
    client.force_login(city.users["culture_clerk"])

    url = reverse("catalog:project_catalog", args=[decl.project_id])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(2)).status_code == 404
    assert client.get(reverse("catalog:entry_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("catalog:entry_edit", args=[entry.pk]), form_data(1, name="改")).status_code == 404
    assert client.post(reverse("catalog:entry_delete", args=[entry.pk])).status_code == 404
    assert client.get(reverse("catalog:catalog_xlsx", args=[decl.project_id])).status_code == 404
    entry.refresh_from_db()
    assert entry.name == "业务数据资源1"
    assert ResourceCatalogEntry.objects.filter(project=decl.project).count() == 1
    assert entry.version == 1


@pytest.mark.article("第七条(三)")
def test_the_catalog_waits_for_the_initial_review(city, frozen_clock, client):
    decl = declaration_at(city, "submitted")
    client.force_login(city.users["clerk"])
    refusal = "只有初审通过后、竣工验收前的项目可以编制或修改政务信息资源目录（当前：已申报）。"

    response = client.post(reverse("catalog:project_catalog", args=[decl.project_id]), form_data(2))

    assert refusal in response.content.decode()
    assert not ResourceCatalogEntry.objects.filter(project=decl.project).exists()
    assert not CatalogEntryVersion.objects.filter(project=decl.project).exists()


def test_the_office_reads_the_catalog_without_forms(city, frozen_clock, client):
    decl = declaration_at(city, "feasibility_submitted")
    client.force_login(city.users["office_reviewer"])

    response = client.get(reverse("catalog:project_catalog", args=[decl.project_id]))

    assert response.status_code == 200
    text = response.content.decode()
    assert "QD-RES-" in text
    assert 'name="share_type"' not in text
    assert client.get(reverse("catalog:entry_edit", args=[decl.project.catalog_entries.get().pk])).status_code == 403


def test_the_catalog_downloads_as_xlsx(city, frozen_clock, client):
    decl = declaration_at(city, "initially_passed")
    catalog_services.catalog_entry_save(actor=city.users["clerk"], project=decl.project, data=form_data(1))
    catalog_services.catalog_entry_save(
        actor=city.users["clerk"],
        project=decl.project,
        data=form_data(2, share_type="none", share_condition="涉及个人隐私。"),
    )
    client.force_login(city.users["clerk"])

    response = client.get(reverse("catalog:catalog_xlsx", args=[decl.project_id]))

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert "政务信息资源目录" in rows[0][0]
    assert rows[1][:3] == ("序号", "资源代码", "资源名称")
    assert [r[:2] for r in rows[2:]] == [(1, "QD-RES-0001"), (2, "QD-RES-0002")]
    assert rows[3][8] == "不予共享" and rows[3][9] == "涉及个人隐私。"


def test_catalog_list_queries_do_not_grow_with_entries(city, frozen_clock, client, django_assert_max_num_queries):
    decl = declaration_at(city, "initially_passed")
    clerk = city.users["clerk"]
    catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=form_data(1))
    client.force_login(clerk)
    url = reverse("catalog:project_catalog", args=[decl.project_id])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for n in range(2, 12):
        entry = catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=form_data(n))
        catalog_services.catalog_entry_save(
            actor=clerk, project=decl.project, data=form_data(n, name="改"), entry=entry
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("QD-RES-") >= 11
