"""第七条(三): the feasibility report, the pre-compiled resource catalog and the expert preliminary
opinion, together by 11-30 of the year before the plan year."""

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.catalog import services as catalog_services
from egovpm.conftest import PROPOSAL, application_data
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.testing import scenario

MISSING = {
    "feasibility_report": "请上传可行性研究报告（附件3）。",
    "catalog": "请至少登记一条政务信息资源预编目录。",
    "expert_opinion": "请上传专家初步论证意见。",
}


def initially_passed(city) -> Declaration:
    u = city.users
    py = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    decl = scenario.declare(
        clerk=u["clerk"], plan_year=py, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    return scenario.advance(
        decl,
        "initially_passed",
        clerk=u["clerk"],
        supervisor=u["supervisor"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["expert"]],
    )


def provide(decl, clerk, *, skip: str = "") -> None:
    """Provide the three materials except `skip`."""
    for kind in (DocumentKind.FEASIBILITY_REPORT, DocumentKind.EXPERT_OPINION):
        if kind != skip:
            services.declaration_document_upload(
                actor=clerk, declaration=decl, kind=kind, upload=scenario.pdf_file(f"{kind}.pdf")
            )
    if skip != "catalog":
        catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=scenario.catalog_entry_data(1))


def submit(client, decl):
    return client.post(reverse("intake:declaration_act", args=[decl.pk, "submit_feasibility"]), follow=True)


@pytest.mark.article("第七条(三)")
@pytest.mark.parametrize("missing", list(MISSING))
def test_submit_is_refused_naming_the_missing_material(city, frozen_clock, client, missing):
    decl = initially_passed(city)
    provide(decl, city.users["clerk"], skip=missing)
    client.force_login(city.users["clerk"])

    response = submit(client, decl)

    text = response.content.decode()
    assert "可研材料不齐全" in text
    assert MISSING[missing] in text
    for other, message in MISSING.items():
        if other != missing:
            assert message not in text
    decl.refresh_from_db()
    assert decl.stage == "initially_passed"
    assert decl.feasibility_submitted_at is None


@pytest.mark.article("第七条(三)")
def test_submit_with_nothing_lists_all_three(city, frozen_clock, client):
    decl = initially_passed(city)
    client.force_login(city.users["clerk"])

    text = submit(client, decl).content.decode()

    for message in MISSING.values():
        assert message in text
    decl.refresh_from_db()
    assert decl.stage == "initially_passed"


@pytest.mark.article("第七条(三)")
def test_submission_after_11_30_is_refused(city, frozen_clock, client):
    decl = initially_passed(city)
    provide(decl, city.users["clerk"])
    frozen_clock(dt.date(2026, 12, 1))
    client.force_login(city.users["clerk"])

    text = submit(client, decl).content.decode()

    assert "可研材料报送截止日期 2026年11月30日 已过" in text
    decl.refresh_from_db()
    assert decl.stage == "initially_passed"
    assert decl.feasibility_submitted_at is None


@pytest.mark.article("第七条(三)")
def test_submission_on_11_30_is_accepted(city, frozen_clock, client):
    decl = initially_passed(city)
    provide(decl, city.users["clerk"])
    frozen_clock(dt.date(2026, 11, 30))
    client.force_login(city.users["clerk"])

    submit(client, decl)

    decl.refresh_from_db()
    assert decl.stage == "feasibility_submitted"
    assert decl.feasibility_submitted_at is not None


@pytest.mark.supports("第七条(三)")
def test_page_shows_checklist_due_date_and_overdue(city, frozen_clock, client):
    decl = initially_passed(city)
    services.declaration_document_upload(
        actor=city.users["clerk"],
        declaration=decl,
        kind=DocumentKind.FEASIBILITY_REPORT,
        upload=scenario.pdf_file("可行性研究报告.pdf"),
    )
    client.force_login(city.users["clerk"])
    url = reverse("intake:declaration_detail", args=[decl.pk])

    text = client.get(url).content.decode()
    assert 'data-testid="feasibility-due">2026年11月30日' in text
    assert 'data-testid="feasibility-overdue"' not in text
    checklist = text.split('data-testid="feasibility-checklist"', 1)[1].split("</table>", 1)[0]
    assert checklist.count("✔") == 1 and checklist.count("✘") == 2
    assert 'data-testid="feasibility-upload"' in text
    assert f'name="next" value="{url}"' in text
    assert "第十四章 项目风险与风险管理" in text

    frozen_clock(dt.date(2026, 12, 1))
    assert 'data-testid="feasibility-overdue"' in client.get(url).content.decode()


@pytest.mark.article("第七条(三)")
def test_only_the_applicant_gets_the_upload_form(city, frozen_clock, client):
    decl = initially_passed(city)
    client.force_login(city.users["office_reviewer"])

    text = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()

    assert 'data-testid="feasibility-checklist"' in text
    assert 'data-testid="feasibility-upload"' not in text


def test_section_is_absent_before_the_initial_review_passed(city, frozen_clock, client):
    u = city.users
    py = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    decl = scenario.declare(
        clerk=u["clerk"], plan_year=py, name="互联网医院", data=application_data(), proposal=PROPOSAL
    )
    client.force_login(u["clerk"])

    text = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()

    assert 'data-testid="feasibility"' not in text


@pytest.mark.article("第七条(三)")
def test_a_maintenance_project_goes_to_re_review_without_feasibility_materials(city, frozen_clock):
    u = city.users
    plan_year = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    decl = scenario.declare(
        clerk=u["culture_clerk"], plan_year=plan_year, name="文旅平台运维", data=application_data(nature="maintenance")
    )
    decl = scenario.advance(
        decl,
        "initially_passed",
        clerk=u["culture_clerk"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["expert"]],
    )
    decl = services.feasibility_submit(actor=u["culture_clerk"], declaration=decl)
    assert decl.stage == "feasibility_submitted"
    assert not decl.documents.filter(kind__in=["feasibility_report", "expert_opinion"]).exists()


@pytest.mark.article("第七条(三)")
def test_a_continuing_project_still_needs_its_feasibility_materials(city, frozen_clock):
    u = city.users
    plan_year = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    decl = scenario.declare(
        clerk=u["culture_clerk"],
        plan_year=plan_year,
        name="文旅平台二期",
        data=application_data(nature="continuing"),
        proposal=PROPOSAL,
    )
    decl = scenario.advance(
        decl,
        "initially_passed",
        clerk=u["culture_clerk"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["expert"]],
    )
    with pytest.raises(Refused, match="可行性研究报告"):
        services.feasibility_submit(actor=u["culture_clerk"], declaration=decl)
    decl.refresh_from_db()
    assert decl.stage == "initially_passed"
