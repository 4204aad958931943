"""第二条, 第三条 on the application form: the project's category and kind of work, its fiscal share, and
whether it is an e-government sub-project of a capital construction project — recorded, shown, filtered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.conftest import application_data
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.projects.models import Project

from .test_declaration_rules import draft, form_data

CAPITAL_REFUSAL = "大型基建项目中的电子政务子项目须填写所属基建项目名称（第二条）。"


def create(client, plan_year, **overrides):
    return client.post(reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk, **overrides))


def detail(client, decl) -> str:
    return client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()


def cell(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</td>", start)]


@pytest.mark.article("第二条")
def test_fiscal_share_and_a_capital_subproject_are_recorded_and_shown(client, city, plan_year):
    client.force_login(city.users["clerk"])

    response = create(
        client,
        plan_year,
        fiscal_share="part",
        capital_subproject="True",
        capital_project_name="  启东市民中心建设工程 ",
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.fiscal_share, project.capital_subproject) == ("part", True)
    assert project.capital_project_name == "启东市民中心建设工程"
    page = detail(client, project.declarations.get())
    assert "☑ 部分使用" in cell(page, "fiscal-share") and "☐ 全部使用" in cell(page, "fiscal-share")
    assert "☑ 是" in cell(page, "capital-subproject")
    assert "启东市民中心建设工程" in cell(page, "capital-subproject")
    created = AuditEvent.objects.get(action="declaration.create")
    assert created.after["fiscal_share"] == "part"
    assert created.after["capital_project_name"] == "启东市民中心建设工程"


@pytest.mark.article("第二条")
def test_a_capital_subproject_without_its_projects_name_is_refused_at_the_field(client, city, plan_year):
    client.force_login(city.users["clerk"])

    response = create(client, plan_year, capital_subproject="True", capital_project_name=" ")

    assert response.status_code == 200
    assert response.context["form"].errors["capital_project_name"] == [CAPITAL_REFUSAL]
    assert CAPITAL_REFUSAL in response.content.decode()
    assert not Project.objects.exists()
    assert not Declaration.objects.exists()
    assert not AuditEvent.objects.filter(action="declaration.create").exists()


@pytest.mark.article("第二条")
def test_the_service_refuses_a_capital_subproject_without_its_projects_name(city, plan_year):
    with pytest.raises(ValidationError) as exc:
        draft(city, plan_year, capital_subproject=True, capital_project_name="")

    assert exc.value.message_dict == {"capital_project_name": [CAPITAL_REFUSAL]}
    assert not Project.objects.exists()


@pytest.mark.article("第二条")
def test_a_project_that_is_not_a_subproject_keeps_no_capital_project_name(city, plan_year):
    decl = draft(city, plan_year, capital_subproject=False, capital_project_name="某基建工程")

    assert decl.project.capital_project_name == ""


@pytest.mark.article("第三条")
def test_category_and_kind_of_work_are_recorded_and_shown(client, city, plan_year):
    client.force_login(city.users["clerk"])

    create(client, plan_year, category="network", work_kind="upgrade")

    decl = Declaration.objects.select_related("project").get()
    assert (decl.project.category, decl.project.work_kind) == ("network", "upgrade")
    page = detail(client, decl)
    assert "☑ 电子政务网络" in cell(page, "category")
    assert "☐ 应用系统" in cell(page, "category")
    assert "☑ 升级改造" in cell(page, "work-kind") and "☐ 新建" in cell(page, "work-kind")
    listing = client.get(reverse("intake:declaration_list")).content.decode()
    assert "电子政务网络" in listing


@pytest.mark.article("第三条")
def test_the_edit_form_shows_the_recorded_category_and_records_a_change(client, city, plan_year):
    decl = draft(city, plan_year, category="security_platform", work_kind="extension")
    client.force_login(city.users["clerk"])
    url = reverse("intake:declaration_edit", kwargs={"pk": decl.pk})

    form = client.get(url).context["form"]
    assert (form.initial["category"], form.initial["work_kind"]) == ("security_platform", "extension")

    response = client.post(url, form_data(category="information_resources", work_kind="extension"))

    assert response.status_code == 302
    decl.project.refresh_from_db()
    assert decl.project.category == "information_resources"
    update = AuditEvent.objects.get(action="declaration.update")
    assert update.before == {"category": "security_platform"}
    assert update.after == {"category": "information_resources"}


@pytest.mark.article("第三条")
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "网站", "请选择项目类别。"),
        ("work_kind", "", "请选择建设类型。"),
        ("fiscal_share", "none", "请选择财政性资金。"),
    ],
)
def test_an_unknown_category_kind_or_share_is_refused_at_the_field(client, city, plan_year, field, value, message):
    client.force_login(city.users["clerk"])

    response = create(client, plan_year, **{field: value})

    assert response.context["form"].errors[field] == [message]
    assert not Project.objects.exists()


@pytest.mark.supports("第三条")
def test_the_declaration_list_filters_by_category(client, city, plan_year):
    clerk = city.users["culture_clerk"]
    network = services.declaration_create(
        actor=clerk, plan_year=plan_year, name="文旅专网", data=application_data(category="network")
    )
    services.declaration_create(actor=clerk, plan_year=plan_year, name="文旅应用", data=application_data())
    client.force_login(clerk)

    response = client.get(reverse("intake:declaration_list"), {"category": "network"})

    assert [d.pk for d in response.context["page"].object_list] == [network.pk]
    assert len(client.get(reverse("intake:declaration_list")).context["page"].object_list) == 2
