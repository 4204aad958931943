"""Supervision pages: the firm sees and acts ONLY on the projects it supervises (第十三条); the unit
answers requests and orders on the page; the lists cost a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.projects import services as project_services
from egovpm.supervision import services
from egovpm.supervision.models import InformationRequest, SupervisionReport

from .conftest import assign, order, pdf, submitted


@pytest.fixture
def supervised(city, project, other_project, firm, other_firm):
    """`project` supervised by `firm`, `other_project` by `other_firm`."""
    mine = assign(city, project, firm)
    theirs = assign(city, other_project, other_firm, actor=city.users["culture_clerk"])
    return mine, theirs


@pytest.mark.article("第十三条")
def test_a_firms_account_sees_only_its_projects(client, city, project, other_project, firm, supervised):
    mine, theirs = supervised
    client.force_login(firm.engineer)
    workspace = client.get(reverse("supervision:workspace"))
    assert [s.project for s in workspace.context["supervisions"]] == [project]
    listed = client.get(reverse("supervision:project_list"))
    assert [p.pk for p in listed.context["page"].object_list] == [project.pk]
    assert client.get(reverse("supervision:project_detail", kwargs={"pk": project.pk})).status_code == 200
    assert client.get(reverse("supervision:project_detail", kwargs={"pk": other_project.pk})).status_code == 404
    assert client.get(reverse("supervision:report_file", kwargs={"pk": theirs.pk})).status_code == 404
    # pages of other parties are closed to it, even its own project's declaration
    declaration = project.declarations.get()
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": declaration.pk})).status_code == 404
    assert client.get(reverse("supervision:inspection_open", kwargs={"pk": project.pk})).status_code == 403
    assert client.get(reverse("supervision:request_create", kwargs={"pk": project.pk})).status_code == 403


@pytest.mark.article("第十三条")
def test_the_firm_files_a_report_on_its_page_and_not_on_anothers(client, city, project, firm, supervised):
    mine, theirs = supervised
    client.force_login(firm.engineer)
    data = {
        "period_start": "2026-10-01",
        "period_end": "2026-09-01",
        "findings": "进度正常。",
        "document": pdf("月报.pdf"),
    }
    bad = client.post(reverse("supervision:report_file", kwargs={"pk": mine.pk}), data)
    assert bad.status_code == 200 and bad.context["form"].errors == {"period_end": ["截止日期不能早于起始日期。"]}
    assert not SupervisionReport.objects.exists()
    data |= {"period_end": "2026-10-31", "document": pdf("月报.pdf")}
    ok = client.post(reverse("supervision:report_file", kwargs={"pk": mine.pk}), data)
    assert ok.status_code == 302 and SupervisionReport.objects.get().supervision == mine
    post = client.post(reverse("supervision:report_file", kwargs={"pk": theirs.pk}), data)
    assert post.status_code == 404 and SupervisionReport.objects.count() == 1
    # the firm's documents are its projects' only
    doc = mine.documents.get()
    assert client.get(reverse("documents:download", kwargs={"pk": doc.pk})).status_code == 200
    assert client.get(reverse("documents:download", kwargs={"pk": theirs.documents.get().pk})).status_code in (403, 404)


@pytest.mark.article("第十七条")
def test_the_unit_answers_a_request_on_the_page(client, city, project):
    request = services.information_request_create(
        actor=city.users["office_reviewer"], project=project, subject="请提供合同。", due=dt.date(2026, 10, 25)
    )
    client.force_login(city.users["clerk"])
    page = client.get(reverse("supervision:project_detail", kwargs={"pk": project.pk}))
    assert "如实提供资料和情况" in page.content.decode()
    url = reverse("supervision:request_act", kwargs={"pk": request.pk, "action": "answer_information"})
    empty = client.post(url, {"reason": " "}, follow=True)
    assert "请填写提供的情况说明。" in empty.content.decode()
    client.post(url, {"reason": "合同已上传。", "file": pdf("合同.pdf")})
    request.refresh_from_db()
    assert request.stage == "answered" and request.documents.count() == 1
    # another unit neither sees nor answers it
    client.force_login(city.users["culture_clerk"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert InformationRequest.objects.get().answer == "合同已上传。"


@pytest.mark.article("第十八条")
def test_the_sanction_page_opens_only_on_an_order_not_met(client, city, project, frozen_clock):
    _, rect = order(city, project, due=dt.date(2026, 10, 20))
    client.force_login(city.users["office_head"])
    url = reverse("supervision:sanction_apply", kwargs={"pk": rect.pk})
    refused = client.post(url, {"kind": "suspend", "reason": "拒不整改"})
    assert refused.status_code == 200 and "只有逾期未整改" in refused.content.decode()
    frozen_clock(dt.date(2026, 10, 21))
    assert client.post(url, {"kind": "suspend", "reason": "逾期未整改。"}).status_code == 302
    page = client.get(reverse("supervision:project_detail", kwargs={"pk": project.pk}))
    assert 'data-restriction="suspend"' in page.content.decode()
    listed = client.get(reverse("supervision:project_list") + "?restricted=1")
    assert [p.pk for p in listed.context["page"].object_list] == [project.pk]


@pytest.mark.supports("第十八条")
def test_the_supervision_list_costs_a_constant_number_of_queries(
    client, city, plan_year, firm, django_assert_max_num_queries
):
    client.force_login(city.users["office_reviewer"])
    url = reverse("supervision:project_list")

    def fill(n):
        for i in range(n):
            project = submitted(city, plan_year, name=f"项目{i}")
            assign(city, project, firm)
            order(city, project)

    fill(2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    fill(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 10


@pytest.mark.supports("第十八条")
def test_the_project_page_costs_a_bounded_number_of_queries(client, city, project, firm, django_assert_max_num_queries):
    assign(city, project, firm)
    for _ in range(3):
        order(city, project)
    client.force_login(city.users["office_reviewer"])
    # each record's facts read what the apps above contribute to the project (acceptance: one query); the
    # orders' official notices are one query for all of them
    with django_assert_max_num_queries(166):
        assert client.get(reverse("supervision:project_detail", kwargs={"pk": project.pk})).status_code == 200


@pytest.mark.article("第十八条")
def test_the_office_extends_a_lapsed_order_on_a_page_and_the_unit_answers_again(client, city, project, frozen_clock):
    _, rect = order(city, project, due=dt.date(2026, 10, 20))
    frozen_clock(dt.date(2026, 10, 25))
    detail = reverse("supervision:project_detail", kwargs={"pk": project.pk})
    url = reverse("supervision:rectification_extend", kwargs={"pk": rect.pk})
    client.force_login(city.users["clerk"])
    assert "延长整改期限" not in client.get(detail).content.decode()
    assert client.post(url, {"due": "2026-11-10", "reason": "自行延期。"}).status_code == 403
    client.force_login(city.users["office_reviewer"])
    assert url in client.get(detail).content.decode()
    not_later = client.post(url, {"due": "2026-10-19", "reason": "延期。"})
    assert "须晚于现行截止日期 2026年10月20日" in not_later.content.decode()
    no_reason = client.post(url, {"due": "2026-11-10", "reason": " "})
    assert "请填写延期的理由。" in no_reason.content.decode()
    assert client.post(url, {"due": "2026-11-10", "reason": "单位说明了逾期原因。"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "2026-11-10" in page and "逾期未整改" not in page
    client.force_login(city.users["clerk"])
    answer = reverse("supervision:rectification_act", kwargs={"pk": rect.pk, "action": "submit_rectification"})
    client.post(answer, {"reason": "已整改。"})
    rect.refresh_from_db()
    assert rect.stage == "answered"
    # an accepted order needs no extension
    client.force_login(city.users["office_head"])
    client.post(
        reverse("supervision:rectification_act", kwargs={"pk": rect.pk, "action": "accept_rectification"}),
        {"reason": "通过。"},
    )
    assert "无需延期" in client.get(url).content.decode()


@pytest.mark.article("第十八条")
def test_the_list_counts_an_order_overdue_by_its_deadline_in_force(client, city, project, frozen_clock):
    _, extended = order(city, project, due=dt.date(2026, 10, 20))
    order(city, project, due=dt.date(2026, 10, 20))
    project_services.deadline_extend(
        actor=city.users["office_reviewer"],
        obj=extended,
        key="supervision.rectification",
        due=dt.date(2026, 11, 10),
        reason="单位说明了逾期原因。",
    )
    client.force_login(city.users["office_reviewer"])
    url = reverse("supervision:project_list")

    def overdue_on(day):
        frozen_clock(day)
        listed = client.get(url).context["page"].object_list
        return {p.pk: p.overdue_orders for p in listed}[project.pk]

    assert overdue_on(dt.date(2026, 10, 20)) == 0  # the due day is still in time
    assert overdue_on(dt.date(2026, 10, 21)) == 1  # the lapsed order, not the extended one
    assert overdue_on(dt.date(2026, 11, 11)) == 2  # the extension lapsed too
