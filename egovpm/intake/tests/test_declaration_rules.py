"""第七条(一) through the pages: the 10-31 window, the materials each nature needs, the supervising
department's consent, and bad input refused at its field with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egovpm.conftest import PROPOSAL, act, application_data, stage_of
from egovpm.core.errors import Refused
from egovpm.documents.models import Document, DocumentKind
from egovpm.intake import services
from egovpm.intake.models import Declaration, Proposal
from egovpm.projects.models import Project
from egovpm.testing import scenario


def open_plan_year(city, year: int = 2027):
    return services.plan_year_open(actor=city.users["office_reviewer"], year=year)


def form_data(**overrides) -> dict:
    """The application form (附件1) as a browser posts it."""
    data = {"name": "互联网医院", **application_data(), **overrides}
    return {key: "" if value is None else str(value) for key, value in data.items()}


def draft(city, plan_year, *, clerk="clerk", **overrides) -> Declaration:
    """A draft without any material."""
    return services.declaration_create(
        actor=city.users[clerk], plan_year=plan_year, name="互联网医院", data=application_data(**overrides)
    )


def upload(client, declaration, kind: str, file):
    return client.post(reverse("intake:document_upload", kwargs={"pk": declaration.pk}), {"kind": kind, "file": file})


# -- the window closes on 10-31 of the year before the plan year ---------------------------------


@pytest.mark.article("第七条(一)")
def test_declaring_after_october_31_is_refused_and_points_to_the_special_procedure(
    client, city, plan_year, frozen_clock
):
    frozen_clock(dt.date(2026, 11, 1))
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:declaration_create"))
    response = client.post(reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk))

    for shown in (page, response):
        assert shown.status_code == 200
        text = shown.content.decode()
        assert "2027 年度计划的一般申报已于 2026年10月31日 截止" in text
        assert "特殊申报程序（第八条、第九条）" in text
        assert 'name="leader_name"' not in text
    assert not Declaration.objects.exists()
    assert not Project.objects.exists()
    # The service refuses too, whatever page the request came from.
    with pytest.raises(Refused, match="特殊申报程序"):
        draft(city, plan_year)
    assert not Declaration.objects.exists()


@pytest.mark.article("第七条(一)")
def test_october_31_is_still_inside_the_window(client, city, plan_year, frozen_clock):
    frozen_clock(dt.date(2026, 10, 31))
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:declaration_create"))
    response = client.post(reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk))

    assert "启东市电子政务工程建设项目申报表（2027 年度）" in page.content.decode()
    decl = Declaration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:declaration_detail", kwargs={"pk": decl.pk})
    assert (decl.plan_year, decl.unit, decl.stage, decl.project.name) == (
        plan_year,
        city.units["hospital"],
        "draft",
        "互联网医院",
    )


# -- new and continuing projects need the proposal (附件2) -------------------------------------------


@pytest.mark.article("第七条(一)")
@pytest.mark.parametrize("nature", ["new", "continuing"])
def test_new_and_continuing_projects_cannot_be_submitted_without_the_proposal(client, city, plan_year, nature):
    client.force_login(city.users["clerk"])
    response = client.post(
        reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk, nature=nature), follow=True
    )
    decl = Declaration.objects.get()
    assert "报送前还需：新建、续建项目须报送项目建议书（附件2）" in response.content.decode()

    refused = act(client, decl, "submit_to_supervisor")

    assert "申报材料不齐全：新建、续建项目须报送项目建议书（附件2）：请上传或在线填写。" in refused.content.decode()
    assert stage_of(decl) == "draft"

    saved = client.post(reverse("intake:proposal_edit", kwargs={"pk": decl.pk}), PROPOSAL)
    assert saved.status_code == 302
    act(client, decl, "submit_to_supervisor")
    assert stage_of(decl) == "awaiting_consent"


@pytest.mark.article("第七条(一)")
def test_an_uploaded_proposal_also_completes_a_new_project(client, city, plan_year):
    decl = draft(city, plan_year, clerk="culture_clerk")
    client.force_login(city.users["culture_clerk"])
    act(client, decl, "submit")
    assert stage_of(decl) == "draft"

    response = upload(client, decl, DocumentKind.PROPOSAL, scenario.pdf_file("项目建议书.pdf"))
    assert response.status_code == 302
    act(client, decl, "submit")

    assert stage_of(decl) == "submitted"


@pytest.mark.article("附件2")
def test_the_proposal_needs_every_section_and_saves_nothing_otherwise(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:proposal_edit", kwargs={"pk": decl.pk})).content.decode()
    response = client.post(reverse("intake:proposal_edit", kwargs={"pk": decl.pk}), {**PROPOSAL, "benefits": ""})

    assert "（一）项目名称（二）项目建设单位（三）工程背景（四）建设规模（五）投资概算" in page
    assert "建议书有密级要求时需注明" in page
    assert response.status_code == 200
    assert response.context["form"].errors["benefits"] == ["请填写本节内容。"]
    assert not Proposal.objects.exists()


# -- maintenance projects need the status statement and the budget list -----------------------------


@pytest.mark.article("第七条(一)")
def test_maintenance_needs_the_status_statement_and_the_budget_list(client, city, plan_year):
    decl = draft(city, plan_year, clerk="culture_clerk", nature="maintenance")
    client.force_login(city.users["culture_clerk"])

    first = act(client, decl, "submit").content.decode()
    assert "运维项目须报送项目状况说明书。" in first and "运维项目须报送预算清单。" in first
    assert "项目建议书" not in first.split("申报材料不齐全")[1].split("</li>")[0]

    upload(client, decl, DocumentKind.STATUS_STATEMENT, scenario.pdf_file("项目状况说明书.pdf"))
    second = act(client, decl, "submit").content.decode()
    assert "申报材料不齐全：运维项目须报送预算清单。" in second
    assert stage_of(decl) == "draft"

    upload(client, decl, DocumentKind.BUDGET_LIST, scenario.pdf_file("预算清单.pdf"))
    act(client, decl, "submit")
    assert stage_of(decl) == "submitted"


# -- the supervising department consents before the Office sees anything ------------------------------


@pytest.mark.article("第七条(一)")
def test_the_office_sees_nothing_until_the_supervising_department_consents(client, city, plan_year):
    decl = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    client.force_login(city.users["clerk"])
    act(client, decl, "submit_to_supervisor")
    assert stage_of(decl) == "awaiting_consent"

    client.force_login(city.users["office_reviewer"])
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 404
    assert "互联网医院" not in client.get(reverse("intake:declaration_list")).content.decode()

    client.force_login(city.users["supervisor"])
    assert "互联网医院" in client.get(reverse("intake:declaration_list")).content.decode()
    act(client, decl, "consent", "同意上报。")
    assert stage_of(decl) == "submitted"

    client.force_login(city.users["office_reviewer"])
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 200
    assert "互联网医院" in client.get(reverse("intake:declaration_list")).content.decode()


@pytest.mark.article("第七条(一)")
def test_a_refused_consent_returns_the_draft_with_the_reason_shown_to_the_unit(client, city, plan_year):
    decl = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    services.declaration_submit(actor=city.users["clerk"], declaration=decl)
    client.force_login(city.users["supervisor"])

    without_reason = act(client, decl, "refuse_consent", "  ").content.decode()
    assert "请填写退回理由。" in without_reason
    assert stage_of(decl) == "awaiting_consent"

    act(client, decl, "refuse_consent", "请补充与市政务云的对接方案。")
    assert stage_of(decl) == "draft"

    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()
    assert "主管部门已退回修改" in page
    assert "请补充与市政务云的对接方案。" in page.split('data-testid="refusal"')[1].split("</section>")[0]
    # The Office still sees nothing of it.
    client.force_login(city.users["office_reviewer"])
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 404


@pytest.mark.article("第七条(一)")
def test_a_unit_without_a_supervising_department_submits_straight_to_the_office(client, city, plan_year):
    decl = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name="智慧文旅",
        data=application_data(),
        proposal=PROPOSAL,
    )
    client.force_login(city.users["culture_clerk"])

    act(client, decl, "submit")

    assert stage_of(decl) == "submitted"
    client.force_login(city.users["office_reviewer"])
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 200


# -- bad input: the message at its field, nothing saved ---------------------------------------------


@pytest.mark.article("第七条(一)")
def test_a_funding_row_that_does_not_add_up_is_refused_at_its_total(client, city, plan_year):
    client.force_login(city.users["clerk"])

    response = client.post(
        reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk, current_total="190.00")
    )

    message = "本年度申请资金的合计（190.00 万元）应等于财政拨款、单位自筹、国家下拨与其他之和（200.00 万元）。"
    assert response.status_code == 200
    assert response.context["form"].errors["current_total"] == [message]
    cell = response.content.decode().split('data-field="current_total"')[1].split("</td>")[0]
    assert message in cell
    assert not Declaration.objects.exists()
    assert not Project.objects.exists()


@pytest.mark.article("第七条(一)")
def test_a_funding_change_that_does_not_add_up_leaves_the_draft_unchanged(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["clerk"])

    response = client.post(
        reverse("intake:declaration_edit", kwargs={"pk": decl.pk}),
        form_data(prior_total="50.00", prior_fiscal="40.00", name="改名"),
    )

    assert response.context["form"].errors["prior_total"][0].startswith("历年已安排资金的合计（50.00 万元）")
    decl.refresh_from_db()
    assert (decl.prior_total, decl.project.name) == (0, "互联网医院")


@pytest.mark.article("第七条(一)")
@pytest.mark.parametrize("field", ["prior_other", "current_national", "total_investment"])
def test_negative_amounts_are_refused(client, city, plan_year, field):
    client.force_login(city.users["clerk"])

    response = client.post(reverse("intake:declaration_create"), form_data(plan_year=plan_year.pk, **{field: "-1.00"}))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["金额不能为负数。"]
    assert not Declaration.objects.exists()


@pytest.mark.article("第七条(一)")
def test_a_file_named_pdf_that_is_not_a_pdf_is_refused_at_the_field(client, city, plan_year):
    decl = draft(city, plan_year)
    client.force_login(city.users["clerk"])
    fake = SimpleUploadedFile("项目建议书.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "application/pdf")

    response = upload(client, decl, DocumentKind.PROPOSAL, fake)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["file"] == ["文件类型不受支持，仅接受 PDF、Word（doc/docx）、Excel（xls/xlsx）、OFD。"]
    assert "__all__" not in errors
    assert "文件类型不受支持" in response.content.decode()
    assert not Document.objects.exists()
    assert stage_of(decl) == "draft"
