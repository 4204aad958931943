"""第五条 on the pages: the declaration page's similar projects, the Office's judgement page, the unit's
statement page, and the resources another unit already provides (on the catalog page and in review)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.catalog.services import catalog_entry_save
from egovpm.conftest import declaration_at
from egovpm.duplication import selectors
from egovpm.duplication.models import DuplicationJudgement, NotDuplicateStatement
from egovpm.testing import scenario


def _pair(city, plan_year, stage="in_initial_review"):
    theirs = declaration_at(
        city,
        "submitted",
        plan_year=plan_year,
        name="网格化社会治理系统",
        clerk="culture_clerk",
        purpose_and_content="网格员巡查、事件上报、矛盾纠纷调处。",
    )
    mine = declaration_at(
        city,
        stage,
        plan_year=plan_year,
        name="网格化社会治理平台",
        purpose_and_content="网格员巡查、事件上报和矛盾纠纷调处。",
    )
    return mine, theirs


@pytest.mark.article("第五条")
def test_the_office_judges_from_the_declaration_page_and_the_unit_reads_the_judgement(client, city, plan_year):
    mine, theirs = _pair(city, plan_year)
    client.force_login(city.users["office_reviewer"])
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": mine.pk})).content.decode()
    assert 'data-testid="similar-projects"' in page and "网格化社会治理系统" in page
    url = reverse("duplication:judgement_create", kwargs={"pk": mine.pk, "other": theirs.project_id})
    bad = client.post(url, {"verdict": "overlapping", "remedy": "merge", "reason": "重叠。"})
    assert bad.status_code == 200 and "的处理方式应为：通过共享交换平台共享" in bad.content.decode()
    ok = client.post(url, {"verdict": "overlapping", "remedy": "share", "reason": "事件数据通过共享交换平台共享。"})
    assert ok.status_code == 302
    assert DuplicationJudgement.objects.get().verdict == "overlapping"
    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": mine.pk})).content.decode()
    assert 'data-testid="judgement"' in page and "事件数据通过共享交换平台共享。" in page
    # a unit does not judge; a project that is not similar is not a pair
    assert client.get(url).status_code == 403
    client.force_login(city.users["office_reviewer"])
    other = reverse("duplication:judgement_create", kwargs={"pk": mine.pk, "other": mine.project_id})
    assert client.get(other).status_code == 404


@pytest.mark.article("第五条")
def test_the_unit_is_told_before_submitting_and_states_why_not(client, city, plan_year):
    mine, theirs = _pair(city, plan_year, stage="draft")
    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": mine.pk})).content.decode()
    assert 'data-testid="close-match"' in page
    listed = page.split('data-testid="similar-projects"')[1].split("</table>")[0]
    assert "网格化社会治理系统" in listed and "网格员巡查" not in listed  # another unit's: name and unit only
    url = reverse("duplication:statement_create", kwargs={"pk": mine.pk, "other": theirs.project_id})
    assert "请填写不重复的理由" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "只覆盖医院内部。"}).status_code == 302
    assert NotDuplicateStatement.objects.get().reason == "只覆盖医院内部。"
    client.force_login(city.users["culture_clerk"])
    assert client.get(url).status_code == 404  # not its declaration


@pytest.mark.article("第五条")
def test_a_catalog_entry_another_unit_already_provides_is_named_with_its_provider(client, city, plan_year):
    items = "公民身份号码\n姓名\n户籍地址\n联系电话"
    theirs = declaration_at(city, "initially_passed", plan_year=plan_year, name="人口基础信息库", clerk="culture_clerk")
    catalog_entry_save(
        actor=city.users["culture_clerk"],
        project=theirs.project,
        data=scenario.catalog_entry_data(1, name="人口基础信息", items=items),
    )
    mine = declaration_at(city, "initially_passed", plan_year=plan_year, name="互联网医院")
    catalog_entry_save(
        actor=city.users["clerk"],
        project=mine.project,
        data=scenario.catalog_entry_data(2, name="就诊人信息", items="公民身份号码\n姓名\n联系电话\n就诊科室"),
    )
    (shared,) = selectors.shared_resources(mine.project)
    assert shared.provider.project == theirs.project and shared.items == ("公民身份号码", "姓名", "联系电话")
    client.force_login(city.users["clerk"])
    page = client.get(reverse("catalog:project_catalog", kwargs={"pk": mine.project_id})).content.decode()
    assert 'data-testid="catalog-shared"' in page and city.units["culture"].name in page
    client.force_login(city.users["office_reviewer"])
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": mine.pk})).content.decode()
    assert 'data-testid="shared-resources"' in page
