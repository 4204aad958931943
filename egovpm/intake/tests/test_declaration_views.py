"""The declaration pages: who may open them (第四条), the list and its query count, editing a draft,
declaring an existing project for another year, and the application section of the detail page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from egovpm.conftest import PROPOSAL, application_data
from egovpm.core.errors import Refused
from egovpm.documents.models import Document, DocumentKind
from egovpm.intake import services
from egovpm.intake.models import Declaration, Proposal
from egovpm.intake.views import declaration as declaration_views
from egovpm.testing import scenario

from .test_declaration_rules import draft, form_data, open_plan_year, upload


def submitted(city, plan_year, n: int) -> list[Declaration]:
    """`n` declarations of the culture bureau (no supervising department) that reached the Office."""
    clerk = city.users["culture_clerk"]
    found = []
    for i in range(n):
        decl = services.declaration_create(
            actor=clerk, plan_year=plan_year, name=f"文旅项目{i:02d}", data=application_data()
        )
        services.proposal_save(actor=clerk, declaration=decl, data=PROPOSAL)
        found.append(services.declaration_submit(actor=clerk, declaration=decl))
    return found


def rows(response) -> int:
    return len(response.context["page"].object_list)


# -- 第四条: each unit sees its own; every page checks the role and the object ------------------------


@pytest.mark.article("第四条")
@pytest.mark.parametrize("page", ["declaration_detail", "declaration_edit", "proposal_edit", "document_upload"])
def test_another_units_clerk_gets_404_on_someone_elses_declaration(client, city, plan_year, page):
    decl = draft(city, plan_year)
    client.force_login(city.users["culture_clerk"])
    url = reverse(f"intake:{page}", kwargs={"pk": decl.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, {**form_data(), **PROPOSAL, "kind": DocumentKind.OTHER}).status_code == 404
    decl.refresh_from_db()
    assert decl.project.name == "互联网医院"
    assert not Proposal.objects.exists()
    assert not Document.objects.exists()


@pytest.mark.article("第四条")
def test_an_expert_cannot_open_the_declaration_form(client, city, plan_year):
    client.force_login(city.users["expert"])

    assert client.get(reverse("intake:declaration_create")).status_code == 403
    assert client.post(reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk)).status_code == 403
    assert not Declaration.objects.exists()


@pytest.mark.article("第四条")
def test_the_supervising_departments_clerk_sees_but_cannot_edit_the_subordinates_draft(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["health_clerk"])

    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 200
    response = client.post(reverse("intake:declaration_edit", kwargs={"pk": decl.pk}), form_data(name="改名"))

    assert response.status_code == 403
    with pytest.raises(Refused, match="只有申报单位可以修改申报表。"):
        services.declaration_update(actor=city.users["health_clerk"], declaration=decl, name="改名", data={})
    decl.refresh_from_db()
    assert decl.project.name == "互联网医院"


@pytest.mark.article("第七条(一)")
def test_a_submitted_application_can_no_longer_be_edited(client, city, plan_year):
    decl = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name="智慧文旅",
        data=application_data(),
        proposal=PROPOSAL,
    )
    services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    client.force_login(city.users["culture_clerk"])
    url = reverse("intake:declaration_edit", kwargs={"pk": decl.pk})

    page = client.get(url, follow=True)
    response = client.post(url, form_data(name="改名"))

    assert page.redirect_chain[-1][0] == reverse("intake:declaration_detail", kwargs={"pk": decl.pk})
    assert "申报已报送，申报表和项目建议书不能再修改。" in page.content.decode()
    assert response.context["form"].non_field_errors() == ["申报已报送，申报表和项目建议书不能再修改。"]
    decl.refresh_from_db()
    assert decl.project.name == "智慧文旅"


# -- the list ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_costs_the_same_number_of_queries_for_3_and_30_rows(
    client, city, plan_year, django_assert_max_num_queries, n
):
    submitted(city, plan_year, n)
    for user in ("culture_clerk", "office_reviewer"):
        client.force_login(city.users[user])
        with django_assert_max_num_queries(9):
            response = client.get(reverse("intake:declaration_list"))
        assert rows(response) == n


def test_the_list_shows_each_party_its_own_label_and_filters(client, city, plan_year):
    culture = submitted(city, plan_year, 2)
    hospital = draft(city, plan_year, nature="maintenance")
    url = reverse("intake:declaration_list")

    client.force_login(city.users["culture_clerk"])
    mine = client.get(url).content.decode()
    assert "已报送办公室" in mine and "新建申报" in mine
    assert "互联网医院" not in mine

    client.force_login(city.users["office_reviewer"])
    office = client.get(url)
    text = office.content.decode()
    assert "已申报" in text and "已报送办公室" not in text and "新建申报" not in text
    assert culture[0].project.code in text
    assert f'href="{reverse("intake:declaration_detail", kwargs={"pk": culture[0].pk})}"' in text

    assert rows(client.get(url, {"q": "文旅项目01"})) == 1
    assert rows(client.get(url, {"nature": "maintenance"})) == 0
    assert rows(client.get(url, {"stage": "submitted", "plan_year": "2027"})) == 2
    assert rows(client.get(url, {"unit": city.units["culture"].pk})) == 2
    assert rows(client.get(url, {"unit": "bogus", "plan_year": "1999"})) == 2  # invalid filters are ignored

    client.force_login(city.users["clerk"])
    assert [d.pk for d in client.get(url, {"nature": "maintenance"}).context["page"].object_list] == [hospital.pk]


def test_the_list_is_paginated_and_keeps_the_filters(client, city, plan_year, monkeypatch):
    monkeypatch.setattr(declaration_views, "PAGE_SIZE", 2)
    submitted(city, plan_year, 5)
    client.force_login(city.users["office_reviewer"])

    response = client.get(reverse("intake:declaration_list"), {"stage": "submitted", "page": 3})

    assert rows(response) == 1
    assert "?stage=submitted&amp;page=2" in response.content.decode()


# -- the forms ----------------------------------------------------------------------------------------


@pytest.mark.article("附件1")
def test_the_form_carries_every_field_of_attachment_1(client, city, plan_year):
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:declaration_create")).content.decode()

    assert "启东市电子政务工程建设项目申报表（2027 年度）" in page
    assert 'class="grid form-table"' in page
    for label in ("项目名称", "项目负责人", "联系电话", "启动日期", "计划完成日期", "项目性质", "建设目的和内容"):
        assert label in page
    for label in ("规划编制", "规划通过专家论证", "预计总投资", "年度需要资金", "申报附件", "备注"):
        assert label in page
    for label in ("历年已安排资金", "本年度申请资金", "合计", "其中申请财政拨款", "单位自筹", "国家下拨", "其他"):
        assert label in page
    assert "项目建设内容应按信息网络系统、信息资源系统及信息业务系统作说明" in page
    for nature in ("新建", "续建", "结转", "维护"):
        assert f"> {nature}</label>" in page


def test_editing_a_draft_changes_it(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["clerk"])
    url = reverse("intake:declaration_edit", kwargs={"pk": decl.pk})

    assert 'value="0513-83312345"' in client.get(url).content.decode()
    response = client.post(url, form_data(name="互联网医院二期", current_total="150.00", current_fiscal="130.00"))

    assert response.status_code == 302
    decl.refresh_from_db()
    assert (decl.project.name, decl.current_total, decl.current_fiscal) == (
        "互联网医院二期",
        Decimal("150.00"),
        Decimal("130.00"),
    )


@pytest.mark.article("第七条(一)")
def test_an_existing_project_is_declared_again_for_the_next_plan_year(client, city, plan_year):
    first = draft(city, plan_year, prior_total=Decimal("0.00"))
    later = open_plan_year(city, 2028)
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:declaration_create"), {"plan_year": later.pk, "project": first.project.pk})
    form = page.context["form"]
    assert list(form.fields["project"].queryset) == [first.project]
    assert form.initial["name"] == "互联网医院"
    response = client.post(
        reverse("intake:declaration_create"),
        form_data(plan_year=later.pk, project=first.project.pk, nature="continuing"),
    )

    assert response.status_code == 302
    again = Declaration.objects.get(plan_year=later)
    assert (again.project, again.nature) == (first.project, "continuing")
    # Once declared for 2028 the project is no longer offered for that year.
    offered = client.get(reverse("intake:declaration_create"), {"plan_year": later.pk}).context["form"]
    assert list(offered.fields["project"].queryset) == []


def test_upload_offers_the_kinds_of_the_stage_and_follows_only_a_safe_next(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["clerk"])
    url = reverse("intake:document_upload", kwargs={"pk": decl.pk})

    page = client.get(url).content.decode()
    safe = client.post(f"{url}?next=/intake/", {"kind": DocumentKind.OTHER, "file": scenario.pdf_file()})
    unsafe = client.post(
        url, {"kind": DocumentKind.OTHER, "file": scenario.pdf_file(), "next": "https://evil.example/"}
    )

    assert "项目建议书（附件2）" in page and "可行性研究报告" not in page
    assert safe["Location"] == "/intake/"
    assert unsafe["Location"] == reverse("intake:declaration_detail", kwargs={"pk": decl.pk})
    assert list(Document.objects.values_list("version", flat=True).order_by("version")) == [1, 2]


@pytest.mark.article("第七条(三)")
def test_a_draft_cannot_receive_a_feasibility_report(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["clerk"])

    response = upload(client, decl, DocumentKind.FEASIBILITY_REPORT, scenario.pdf_file())

    assert response.context["form"].non_field_errors() == ["当前状态（草稿）不能上传“可行性研究报告（附件3）”。"]
    assert not Document.objects.exists()


# -- the application section of the declaration page ---------------------------------------------------


def test_the_page_shows_the_form_the_materials_and_what_is_missing(client, city, plan_year):
    decl = draft(city, plan_year)
    clerk = city.users["clerk"]
    for name in ("项目建议书v1.pdf", "项目建议书v2.pdf"):
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.PROPOSAL, upload=scenario.pdf_file(name)
        )
    client.force_login(clerk)
    url = reverse("intake:declaration_detail", kwargs={"pk": decl.pk})

    page = client.get(url).content.decode()
    materials = page.split('data-testid="materials"')[1].split("</table>")[0]
    current, history = materials.split("</td>", 2)[1], materials.split("</td>")[3]
    assert "项目建议书v2.pdf" in current and "项目建议书v1.pdf" in history
    for doc in Document.objects.all():
        assert reverse("documents:download", kwargs={"pk": doc.pk}) in materials
    assert "材料齐全" in page
    assert "☑ 新建" in page and "180.00" in page and "修改申报表" in page

    maintenance = draft(city, plan_year, nature="maintenance")
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": maintenance.pk})).content.decode()
    checklist = page.split('data-testid="missing-materials"')[1].split("</ul>")[0]
    assert "运维项目须报送项目状况说明书。" in checklist and "运维项目须报送预算清单。" in checklist

    client.force_login(city.users["health_clerk"])
    assert 'data-testid="prepare"' not in client.get(url).content.decode()


def test_the_online_proposal_is_shown_in_a_collapsible_section(client, city, plan_year):
    decl = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name="智慧文旅",
        data=application_data(),
        proposal=PROPOSAL,
    )
    services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    client.force_login(city.users["office_reviewer"])

    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()

    assert "申报日期：2026年10月15日" in page
    proposal = page.split('<details class="u-mt16" data-testid="proposal">')[1].split("</details>")[0]
    assert "八、效益分析" in proposal and PROPOSAL["benefits"] in proposal
    assert 'data-testid="prepare"' not in page
