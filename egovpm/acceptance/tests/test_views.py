"""Acceptance pages: the unit records its documents and applies on the page, bad input gets its message
at the field, another unit gets 404, the list costs a constant number of queries, the report downloads
as DOCX and PDF, the construction page links to acceptance."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from egovpm.acceptance import services
from egovpm.acceptance.models import AcceptanceDocument
from egovpm.acceptance.testing import accept_project, report_file

from .conftest import completed


def _url(name: str, acceptance, **kwargs) -> str:
    return reverse(f"acceptance:{name}", kwargs={"pk": acceptance.pk, **kwargs})


@pytest.mark.article("附件4 六")
def test_the_unit_records_a_typed_document_on_its_page(client, city, acceptance):
    client.force_login(city.users["clerk"])
    url = _url("document_record", acceptance, kind="single_item_report")
    data = {
        "author_organisation": "市人民医院",
        "author_person": "张明",
        "dated": "2026-10-12",
        "document": report_file(),
    }
    bad = client.post(url, data)
    assert bad.status_code == 200 and bad.context["form"].errors == {"subject": ["请填写合同或子系统名称。"]}
    assert not AcceptanceDocument.objects.exists()
    ok = client.post(url, data | {"subject": "在线问诊子系统", "document": report_file()})
    assert ok.status_code == 302
    record = AcceptanceDocument.objects.get()
    assert (record.kind, record.subject, record.documents.count()) == ("single_item_report", "在线问诊子系统", 1)
    page = client.get(_url("detail", acceptance))
    assert page.status_code == 200 and "在线问诊子系统" in page.content.decode()
    assert "项目建设总结" in page.context["missing"]


@pytest.mark.article("第十九条")
def test_another_unit_gets_404_and_a_unit_cannot_open_the_offices_pages(client, city, acceptance, other_acceptance):
    client.force_login(city.users["culture_clerk"])
    for name, kwargs in (
        ("detail", {}),
        ("document_record", {"kind": "construction_summary"}),
        ("extension_request", {}),
    ):
        assert client.get(_url(name, acceptance, **kwargs)).status_code == 404
    assert client.post(_url("act", acceptance, action="apply_completion"), {"reason": "申请"}).status_code == 404
    assert client.get(_url("detail", other_acceptance)).status_code == 200
    listed = client.get(reverse("acceptance:list"))
    assert [a.pk for a in listed.context["rows"]] == [other_acceptance.pk]
    client.force_login(city.users["clerk"])
    assert client.get(_url("delegate", acceptance)).status_code == 403
    # not the organiser (the Office is): the group page is refused by the object
    assert client.get(_url("member_add", acceptance)).status_code == 403


@pytest.mark.article("第二十条")
def test_the_application_button_is_refused_on_the_page_naming_what_is_missing(client, city, acceptance):
    client.force_login(city.users["clerk"])
    page = client.get(_url("detail", acceptance))
    offered = {a.transition.action: a for a in page.context["actions"]}
    assert not offered["apply_completion"].allowed and "项目建设总结" in offered["apply_completion"].reason
    client.post(_url("act", acceptance, action="apply_completion"), {"reason": "申请竣工验收。"})
    acceptance.refresh_from_db()
    assert acceptance.stage == "initial_acceptance"


@pytest.mark.article("第二十条")
def test_the_unit_asks_for_an_extension_and_the_office_decides_on_the_page(client, city, acceptance):
    client.force_login(city.users["clerk"])
    url = _url("extension_request", acceptance)
    bad = client.post(url, {"requested_due": "2027-04-01", "reason": "排期。"})
    assert "须晚于现行期限" in bad.context["form"].errors["requested_due"][0]
    assert client.post(url, {"requested_due": "2027-06-30", "reason": "测评排期。"}).status_code == 302
    extension = acceptance.extensions.get()
    client.force_login(city.users["office_reviewer"])
    act = reverse("acceptance:extension_act", kwargs={"pk": extension.pk, "action": "approve_extension"})
    assert client.post(act, {"reason": "同意。"}).status_code == 302
    extension.refresh_from_db()
    assert extension.stage == "approved"
    page = client.get(_url("detail", acceptance))
    assert page.context["clock"]["due"].isoformat() == "2027-06-30"


@pytest.mark.supports("第二十条")
def test_the_list_shows_the_clock_in_a_constant_number_of_queries(
    client, city, acceptance, other_acceptance, django_assert_max_num_queries
):
    client.force_login(city.users["office_reviewer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("acceptance:list"))
    assert {a.pk for a in page.context["rows"]} == {acceptance.pk, other_acceptance.pk}
    assert "剩 182 天" in page.content.decode()
    completed(city, name="第三个项目")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("acceptance:list"))
    assert len(page.context["rows"]) == 3
    assert len(client.get(reverse("acceptance:list") + "?state=overdue").context["rows"]) == 0


@pytest.mark.supports("第二十一条")
def test_the_completion_acceptance_report_downloads_as_docx_and_pdf(client, city, acceptance):
    accepted = accept_project(city, acceptance.project)
    client.force_login(city.users["office_reviewer"])
    docx = client.get(_url("report_docx", accepted))
    assert docx.status_code == 200 and "attachment" in docx["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        body = z.read("word/document.xml").decode()
    assert "竣工验收报告" in body and "档案文件整理齐全" in body and "同意通过竣工验收" in body
    pdf = client.get(_url("report_pdf", accepted))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(city.users["culture_clerk"])
    assert client.get(_url("report_pdf", accepted)).status_code == 404


@pytest.mark.supports("第十九条")
def test_the_construction_page_links_to_the_acceptance_page(client, city, acceptance):
    client.force_login(city.users["clerk"])
    construction = acceptance.project.construction
    page = client.get(reverse("construction:detail", kwargs={"pk": construction.pk}))
    assert _url("detail", acceptance) in page.content.decode()


@pytest.mark.supports("附件4 七")
def test_the_office_forms_the_group_and_checks_on_its_pages(client, city, acceptance):
    from egovpm.acceptance.testing import record_documents

    record_documents(city.users["clerk"], acceptance)
    services.acceptance_apply(actor=city.users["clerk"], acceptance=acceptance, statement="申请。")
    client.force_login(city.users["office_reviewer"])
    bad = client.post(_url("member_add", acceptance), {"kind": "expert", "user": city.users["office_head"].pk})
    assert bad.context["form"].errors == {"user": ["请选择在平台登记的专家。"]}
    for kind, user in (("expert", "expert"), ("office_staff", "office_head")):
        assert (
            client.post(_url("member_add", acceptance), {"kind": kind, "user": city.users[user].pk}).status_code == 302
        )
    assert client.post(_url("act", acceptance, action="start_completion_acceptance")).status_code == 302
    url = _url("check_record", acceptance, code="tested")
    assert client.post(url, {"evidence": "测试报告", "passed": "no"}).context["form"].errors == {
        "note": ["请填写不满足的情况。"]
    }
    assert client.post(url, {"evidence": "测试报告", "passed": "yes"}).status_code == 302
    page = client.get(_url("detail", acceptance))
    assert page.status_code == 200 and 'data-check="tested"' in page.content.decode()
    # the expert in the group sees the page
    client.force_login(city.users["expert"])
    assert client.get(_url("detail", acceptance)).status_code == 200
    client.force_login(city.users["expert2"])
    assert client.get(_url("detail", acceptance)).status_code == 404


@pytest.mark.supports("附件4 七")
def test_the_page_shows_each_round_with_its_checklist_and_outcome(client, city, acceptance):
    from egovpm.acceptance.testing import check_all, record_documents

    u = city.users
    record_documents(u["clerk"], acceptance)
    applied = services.acceptance_apply(actor=u["clerk"], acceptance=acceptance, statement="第一次申请。")
    for kind, user in (("office_staff", "office_head"), ("expert", "expert")):
        services.group_member_add(actor=u["office_reviewer"], acceptance=applied, kind=kind, user=u[user])
    started = services.completion_acceptance_start(actor=u["office_reviewer"], acceptance=applied)
    check_all(u["office_reviewer"], started, failing=("archives",))
    failed = services.completion_acceptance_reject(actor=u["office_reviewer"], acceptance=started, reasons="档案不全。")
    services.acceptance_apply(actor=u["clerk"], acceptance=failed, statement="第二次申请。")
    for who in ("clerk", "office_reviewer", "expert", "finance"):
        client.force_login(u[who])
        page = client.get(_url("detail", acceptance))
        html = page.content.decode()
        assert page.status_code == 200, who
        assert 'data-round="1"' in html and 'data-round="2"' in html and "档案不全。" in html
        assert "第二次申请。" in html and 'data-check="archives"' in html
