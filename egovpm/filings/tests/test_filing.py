"""第十条: filings of projects arranged by a higher authority and of projects a department starts on its
own outside the annual plan; routing those that need city matching funds into a procedure; the
Office's requests for more information."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import Document, DocumentKind
from egovpm.filings import services as services
from egovpm.filings.models import Filing
from egovpm.filings.todo import todo_items as todo_items_filing
from egovpm.intake.models import Declaration, SpecialRequest
from egovpm.projects.models import Project
from egovpm.testing.scenario import pdf_file

AUTHORITY = "江苏省公安厅"
REFERENCE = "苏公厅〔2026〕38号"


def file_project(city, clerk: str = "clerk", **overrides) -> Filing:
    """A filing through the service: by default a higher-level project without matching funds."""
    args = {
        "kind": Filing.Kind.HIGHER_AUTHORITY,
        "name": "“雪亮工程”市级节点",
        "higher_authority": AUTHORITY,
        "approval_reference": REFERENCE,
        "total_investment": Decimal("500.00"),
        "needs_matching_funds": False,
        "matching_amount": None,
        "description": "按省公安厅部署建设公共安全视频监控联网共享平台市级节点。",
        "approval_document": pdf_file("省公安厅批复.pdf"),
    }
    args.update(overrides)
    return services.filing_create(actor=city.users[clerk], **args)


def form_data(**overrides) -> dict:
    data = {
        "kind": "higher_authority",
        "name": "“雪亮工程”市级节点",
        "higher_authority": AUTHORITY,
        "approval_reference": REFERENCE,
        "category": "application_system",
        "work_kind": "new",
        "fiscal_share": "part",
        "capital_subproject": "False",
        "capital_project_name": "",
        "total_investment": "500.00",
        "needs_matching_funds": "False",
        "matching_amount": "",
        "description": "按省公安厅部署建设公共安全视频监控联网共享平台市级节点。",
        "approval_document": pdf_file("省公安厅批复.pdf"),
    }
    data.update(overrides)
    return data


def route_data(**overrides) -> dict:
    data = {
        "procedure": "general",
        "leader_name": "张明",
        "leader_phone": "0513-83312345",
        "start_date": "2027-03-01",
        "planned_end_date": "2027-12-31",
        "nature": "new",
        "basis": "",
        "unforeseeable_reason": "",
        "city_approval_reference": "",
        "city_approval_date": "",
    }
    data.update(overrides)
    return data


def nothing_filed() -> bool:
    return (
        not Filing.objects.exists()
        and not Project.objects.exists()
        and not Document.objects.exists()
        and not AuditEvent.objects.filter(action="filing.create").exists()
    )


# -- filed without review ------------------------------------------------------------------------------


@pytest.mark.article("第十条")
def test_a_higher_level_project_without_matching_funds_is_filed_without_review_and_the_office_sees_it(
    client, city, plan_year
):
    client.force_login(city.users["clerk"])
    response = client.post(reverse("filings:filing_create"), form_data())

    filing = Filing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("filings:filing_detail", kwargs={"pk": filing.pk})
    assert filing.stage == "filed"
    assert filing.unit == city.units["hospital"]
    assert filing.higher_authority == AUTHORITY
    assert filing.project.fiscal_share == "part"
    assert not Declaration.objects.exists()  # recorded without review
    approval = Document.objects.get()
    assert (approval.owner, approval.project, approval.kind) == (filing, filing.project, DocumentKind.HIGHER_APPROVAL)
    assert AuditEvent.objects.filter(action="filing.create", object_id=str(filing.pk)).count() == 1

    client.force_login(city.users["office_reviewer"])
    listing = client.get(reverse("filings:filing_list"))
    assert [f.pk for f in listing.context["page"].object_list] == [filing.pk]
    assert "“雪亮工程”市级节点" in listing.content.decode()
    page = client.get(reverse("filings:filing_detail", kwargs={"pk": filing.pk}))
    actions = [a.transition.action for a in page.context["actions"]]
    assert actions == ["request_filing_info"]  # no review: the Office may only ask for more information
    assert client.get(reverse("documents:download", kwargs={"pk": approval.pk})).status_code == 200


@pytest.mark.article("第十条")
def test_a_self_initiated_project_outside_the_annual_plan_is_filed_the_same_way(client, city, plan_year):
    client.force_login(city.users["culture_clerk"])
    data = form_data(kind="self_initiated", name="文旅场馆预约小程序", higher_authority="", approval_reference="")

    response = client.post(reverse("filings:filing_create"), data)

    assert response.status_code == 200
    assert "部门自主立项的项目也应按照相关规定报批" in response.context["form"].errors["approval_reference"][0]
    assert nothing_filed()

    data = form_data(
        kind="self_initiated",
        name="文旅场馆预约小程序",
        higher_authority="",
        approval_reference="启文广旅〔2026〕7号 局党组会议纪要",
    )
    response = client.post(reverse("filings:filing_create"), data)

    filing = Filing.objects.get()
    assert response.status_code == 302
    assert (filing.kind, filing.stage, filing.higher_authority) == ("self_initiated", "filed", "")
    assert filing.approval_reference == "启文广旅〔2026〕7号 局党组会议纪要"
    assert not Declaration.objects.exists()
    client.force_login(city.users["office_head"])
    listing = client.get(reverse("filings:filing_list"), {"kind": "self_initiated"})
    assert [f.pk for f in listing.context["page"].object_list] == [filing.pk]


# -- matching funds: routed into a procedure ---------------------------------------------------------


@pytest.mark.article("第十条")
def test_a_filing_that_needs_matching_funds_is_routed_into_the_general_procedure(client, city, plan_year):
    client.force_login(city.users["clerk"])
    response = client.post(
        reverse("filings:filing_create"), form_data(needs_matching_funds="True", matching_amount="120.00")
    )

    filing = Filing.objects.get()
    route_url = reverse("filings:filing_route", kwargs={"pk": filing.pk})
    assert response["Location"] == route_url  # offered right away
    assert client.get(route_url).status_code == 200

    response = client.post(route_url, {**route_data(plan_year=plan_year.pk), "infrastructure_areas": ["云存储"]})

    filing.refresh_from_db()
    decl = filing.routed_declaration
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:declaration_detail", kwargs={"pk": decl.pk})
    assert decl.infrastructure_areas == ["云存储"]  # 第六条: flagged at declaration
    assert filing.stage == "routed"
    assert (decl.procedure, decl.stage, decl.plan_year, decl.project) == ("general", "draft", plan_year, filing.project)
    assert decl.total_investment == Decimal("500.00")
    assert decl.current_total == Decimal("500.00")
    assert decl.current_fiscal == Decimal("120.00")
    assert decl.current_national == Decimal("380.00")
    parts = decl.current_fiscal + decl.current_self_raised + decl.current_national + decl.current_other
    assert decl.current_total == parts
    original = filing.documents.get()
    attached = decl.documents.get()
    assert attached.kind == DocumentKind.HIGHER_APPROVAL
    assert (attached.file.name, attached.sha256) == (original.file.name, original.sha256)
    assert AuditEvent.objects.filter(action="filing.route_filing", object_id=str(filing.pk)).count() == 1
    # the unit prepares the draft as any other declaration
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 200
    assert client.get(reverse("documents:download", kwargs={"pk": attached.pk})).status_code == 200


@pytest.mark.article("第十条")
def test_a_self_initiated_project_with_matching_funds_puts_the_rest_under_other(city, plan_year):
    filing = file_project(
        city,
        kind=Filing.Kind.SELF_INITIATED,
        higher_authority="",
        approval_reference="院长办公会纪要〔2026〕9号",
        total_investment=Decimal("80.00"),
        needs_matching_funds=True,
        matching_amount=Decimal("30.00"),
    )

    routed = services.filing_route(
        actor=city.users["clerk"],
        filing=filing,
        procedure="general",
        plan_year=plan_year,
        leader_name="张明",
        leader_phone="0513-83312345",
        start_date=dt.date(2027, 3, 1),
        planned_end_date=dt.date(2027, 9, 30),
    )

    decl = routed.routed_declaration
    assert (decl.current_total, decl.current_fiscal, decl.current_other, decl.current_national) == (
        Decimal("80.00"),
        Decimal("30.00"),
        Decimal("50.00"),
        Decimal("0.00"),
    )


@pytest.mark.article("第十条")
def test_after_the_10_31_window_the_general_route_is_refused_and_the_special_route_works(
    client, city, plan_year, frozen_clock
):
    filing = file_project(city, needs_matching_funds=True, matching_amount=Decimal("120.00"))
    frozen_clock(dt.date(2026, 11, 5))
    client.force_login(city.users["clerk"])
    route_url = reverse("filings:filing_route", kwargs={"pk": filing.pk})

    page = client.get(route_url)
    assert "一般申报已于 2026年10月31日 截止" in page.content.decode()
    response = client.post(route_url, route_data(plan_year=plan_year.pk))

    assert response.status_code == 200
    assert "一般申报已于 2026年10月31日 截止" in response.context["form"].errors["procedure"][0]
    filing.refresh_from_db()
    assert (filing.stage, filing.routed_declaration) == ("filed", None)
    assert not Declaration.objects.exists()
    assert not AuditEvent.objects.filter(action="filing.route_filing").exists()

    # 第八条: the special procedure needs its stated reason
    response = client.post(route_url, route_data(plan_year=plan_year.pk, procedure="special", basis="unforeseeable"))
    assert "不可预见的原因" in response.context["form"].errors["unforeseeable_reason"][0]
    assert not Declaration.objects.exists()

    response = client.post(
        route_url,
        route_data(
            plan_year=plan_year.pk,
            procedure="special",
            basis="unforeseeable",
            unforeseeable_reason="省公安厅 2026 年 11 月初下达建设任务，已过一般申报截止日期。",
        ),
    )

    filing.refresh_from_db()
    decl = filing.routed_declaration
    assert response.status_code == 302
    assert filing.stage == "routed"
    assert (decl.procedure, decl.stage) == ("special", "draft")
    assert SpecialRequest.objects.get(declaration=decl).basis == "unforeseeable"
    assert decl.documents.filter(kind=DocumentKind.HIGHER_APPROVAL).count() == 1
    assert decl.current_fiscal == Decimal("120.00")


@pytest.mark.article("第十条")
def test_a_filing_without_matching_funds_is_not_routed(city, plan_year):
    filing = file_project(city)

    with pytest.raises(Refused, match="不需要市财政配套资金"):
        services.filing_route(
            actor=city.users["clerk"],
            filing=filing,
            procedure="general",
            plan_year=plan_year,
            leader_name="张明",
            leader_phone="0513-83312345",
            start_date=dt.date(2027, 3, 1),
            planned_end_date=dt.date(2027, 9, 30),
        )
    filing.refresh_from_db()
    assert filing.stage == "filed"
    assert not Declaration.objects.exists()


# -- the Office asks for more information ----------------------------------------------------------


@pytest.mark.article("第十条")
def test_the_office_asks_for_more_information_and_the_unit_answers(client, city, plan_year):
    filing = file_project(city)
    act = "filings:filing_act"
    detail = reverse("filings:filing_detail", kwargs={"pk": filing.pk})
    client.force_login(city.users["office_reviewer"])

    response = client.post(
        reverse(act, kwargs={"pk": filing.pk, "action": "request_filing_info"}), {"reason": " "}, follow=True
    )
    assert "请填写需补充的情况。" in response.content.decode()
    filing.refresh_from_db()
    assert filing.stage == "filed"

    question = "请补充说明市级节点与省级平台的对接方式及运维经费来源。"
    client.post(reverse(act, kwargs={"pk": filing.pk, "action": "request_filing_info"}), {"reason": question})

    filing.refresh_from_db()
    assert filing.stage == "info_requested"
    asked = AuditEvent.objects.get(action="filing.request_filing_info", object_id=str(filing.pk))
    assert asked.reason == question

    client.force_login(city.users["clerk"])
    page = client.get(detail)
    assert question in page.content.decode()
    assert [a.transition.action for a in page.context["actions"]] == ["supply_filing_info"]
    answer = "通过省视频共享平台级联接口对接；运维经费由本单位年度预算安排。"
    client.post(
        reverse(act, kwargs={"pk": filing.pk, "action": "supply_filing_info"}),
        {"reason": answer, "file": pdf_file("对接方案.pdf")},
    )

    filing.refresh_from_db()
    assert filing.stage == "filed"
    assert AuditEvent.objects.get(action="filing.supply_filing_info").reason == answer
    assert filing.documents.filter(kind=DocumentKind.OTHER).count() == 1
    client.force_login(city.users["office_reviewer"])
    exchanges = client.get(detail).context["exchanges"]
    assert [(x["request"].reason, x["answer"].reason) for x in exchanges] == [(question, answer)]


@pytest.mark.article("第十条")
def test_an_empty_question_is_refused_and_nothing_changes(city, plan_year):
    filing = file_project(city)

    with pytest.raises(Refused, match="请填写需补充的情况。"):
        services.filing_request_info(actor=city.users["office_reviewer"], filing=filing, question="  ")

    filing.refresh_from_db()
    assert filing.stage == "filed"
    assert not AuditEvent.objects.filter(action="filing.request_filing_info").exists()


@pytest.mark.article("第十条")
def test_a_unit_clerk_cannot_ask_for_information(client, city, plan_year):
    filing = file_project(city)
    client.force_login(city.users["clerk"])

    response = client.post(
        reverse("filings:filing_act", kwargs={"pk": filing.pk, "action": "request_filing_info"}),
        {"reason": "自问自答"},
        follow=True,
    )

    assert "您的角色无权执行此操作。" in response.content.decode()
    with pytest.raises(Refused, match="您的角色无权执行此操作。"):
        services.filing_request_info(actor=city.users["clerk"], filing=filing, question="自问自答")
    filing.refresh_from_db()
    assert filing.stage == "filed"
    assert not AuditEvent.objects.filter(action="filing.request_filing_info").exists()


# -- who sees a filing (第四条 with 第十条) -------------------------------------------------------------


@pytest.mark.article("第十条")
@pytest.mark.parametrize("page", ["filing_detail", "filing_route", "filing_upload"])
def test_other_units_cannot_see_a_filing(client, city, plan_year, page):
    filing = file_project(city, needs_matching_funds=True, matching_amount=Decimal("100.00"))
    client.force_login(city.users["culture_clerk"])
    url = reverse(f"filings:{page}", kwargs={"pk": filing.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, {**route_data(plan_year=plan_year.pk), "kind": "other"}).status_code == 404
    filing.refresh_from_db()
    assert filing.stage == "filed"
    assert not Declaration.objects.exists()
    assert Document.objects.count() == 1


@pytest.mark.article("第十条")
def test_a_filings_documents_are_served_to_its_unit_its_supervisor_and_the_office_only(client, city, plan_year):
    filing = file_project(city)
    url = reverse("documents:download", kwargs={"pk": filing.documents.get().pk})

    for username, status in (
        ("clerk", 200),
        ("health_clerk", 200),
        ("supervisor", 200),
        ("office_reviewer", 200),
        ("culture_clerk", 404),
        ("finance", 404),
        ("expert", 404),
    ):
        client.force_login(city.users[username])
        assert client.get(url).status_code == status, username


@pytest.mark.article("第十条")
def test_the_supervising_department_sees_but_cannot_act_for_its_subordinate(client, city, plan_year):
    filing = file_project(city, needs_matching_funds=True, matching_amount=Decimal("100.00"))
    client.force_login(city.users["health_clerk"])

    assert client.get(reverse("filings:filing_detail", kwargs={"pk": filing.pk})).status_code == 200
    response = client.post(
        reverse("filings:filing_route", kwargs={"pk": filing.pk}), route_data(plan_year=plan_year.pk)
    )
    assert response.status_code == 403
    assert not Declaration.objects.exists()
    listing = client.get(reverse("filings:filing_list"))
    assert [f.pk for f in listing.context["page"].object_list] == [filing.pk]

    client.force_login(city.users["culture_clerk"])
    assert list(client.get(reverse("filings:filing_list")).context["page"].object_list) == []


def test_finance_and_experts_do_not_open_the_filing_pages(client, city, plan_year):
    for username in ("finance", "expert"):
        client.force_login(city.users[username])
        assert client.get(reverse("filings:filing_list")).status_code == 403
        assert client.get(reverse("filings:filing_create")).status_code == 403
    client.force_login(city.users["office_reviewer"])
    assert client.get(reverse("filings:filing_create")).status_code == 403


# -- validation at the fields, nothing saved --------------------------------------------------------


@pytest.mark.article("第十条")
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"higher_authority": ""}, "higher_authority", "须填写安排建设的上级机关"),
        ({"needs_matching_funds": "True", "matching_amount": ""}, "matching_amount", "请填写需市财政配套的金额"),
        ({"needs_matching_funds": "True", "matching_amount": "600.00"}, "matching_amount", "不能超过总投资"),
        (
            {"approval_document": SimpleUploadedFile("批复.pdf", b"not a pdf at all", content_type="application/pdf")},
            "approval_document",
            "文件类型不受支持",
        ),
        ({"approval_document": ""}, "approval_document", "请上传批准或立项文件"),
        ({"capital_subproject": "True"}, "capital_project_name", "请填写所属基建项目名称"),
    ],
)
def test_invalid_filings_get_the_message_at_the_field_and_nothing_is_saved(
    client, city, plan_year, overrides, field, message
):
    client.force_login(city.users["clerk"])

    response = client.post(reverse("filings:filing_create"), form_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert nothing_filed()


def test_the_service_refuses_a_higher_level_project_without_its_authority(city, plan_year):
    with pytest.raises(ValidationError) as exc:
        file_project(city, higher_authority=" ")

    assert "higher_authority" in exc.value.message_dict
    assert nothing_filed()


# -- the list -----------------------------------------------------------------------------------------


@pytest.mark.supports("第十条")
def test_the_office_filters_the_list_by_kind_stage_unit_and_matching_funds(client, city, plan_year):
    snow = file_project(city)
    matching = file_project(city, clerk="culture_clerk", needs_matching_funds=True, matching_amount=Decimal("50.00"))
    services.filing_request_info(actor=city.users["office_reviewer"], filing=snow, question="请补充对接方案。")
    client.force_login(city.users["office_reviewer"])

    def listed(**params):
        response = client.get(reverse("filings:filing_list"), params)
        return [f.pk for f in response.context["page"].object_list]

    assert set(listed()) == {snow.pk, matching.pk}
    assert listed(matching="yes") == [matching.pk]
    assert listed(matching="no") == [snow.pk]
    assert listed(stage="info_requested") == [snow.pk]
    assert listed(unit=city.units["culture"].pk) == [matching.pk]
    assert listed(kind="self_initiated") == []


def test_the_filing_list_costs_a_constant_number_of_queries(client, city, plan_year, django_assert_max_num_queries):
    client.force_login(city.users["office_reviewer"])
    url = reverse("filings:filing_list")

    def fill(n):
        for i in range(n):
            filing = file_project(
                city,
                clerk="culture_clerk" if i % 2 else "clerk",
                name=f"备案项目{Filing.objects.count():02d}",
                needs_matching_funds=bool(i % 3 == 0),
                matching_amount=Decimal("10.00") if i % 3 == 0 else None,
            )
            if i % 3 == 0:
                services.filing_route(
                    actor=city.users["culture_clerk" if i % 2 else "clerk"],
                    filing=filing,
                    procedure="general",
                    plan_year=plan_year,
                    leader_name="张明",
                    leader_phone="0513-83312345",
                    start_date=dt.date(2027, 3, 1),
                    planned_end_date=dt.date(2027, 9, 30),
                )

    fill(2)
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 22


# -- the cockpit ------------------------------------------------------------------------------------


@pytest.mark.supports("第十条")
def test_the_cockpit_shows_the_request_to_the_unit_and_the_waiting_and_new_filings_to_the_office(city, plan_year):
    asked = file_project(city)
    routable = file_project(
        city, name="应急指挥平台市级节点", needs_matching_funds=True, matching_amount=Decimal("60.00")
    )
    other = file_project(city, clerk="culture_clerk", name="智慧文旅省级平台接入")
    services.filing_request_info(actor=city.users["office_reviewer"], filing=asked, question="请补充对接方案。")

    unit_items = {(i.title, i.group, i.kind) for i in todo_items_filing(city.users["clerk"])}
    assert unit_items == {(asked.project.name, "applicant", "todo"), (routable.project.name, "applicant", "todo")}
    note = next(i.note for i in todo_items_filing(city.users["clerk"]) if i.title == asked.project.name)
    assert "请补充对接方案。" in note

    office = {(i.title, i.kind) for i in todo_items_filing(city.users["office_reviewer"])}
    assert office == {
        (asked.project.name, "waiting"),
        (routable.project.name, "notice"),
        (other.project.name, "notice"),
    }
    assert todo_items_filing(city.users["finance"]) == []


# -- the demo ---------------------------------------------------------------------------------------


def test_the_demo_filings_are_built_through_the_services(db):
    """build_filing on a small city holding the demo's accounts of the units it uses."""
    from egovpm.demo.filing import build_filing
    from egovpm.demo.people import UNIT_BY_KEY
    from egovpm.intake.services import plan_year_open
    from egovpm.lifecycle.roles import Role
    from egovpm.security.services_accounts import unit_create, user_create

    office = unit_create(name="市政务信息系统整合共享工作领导小组办公室", code="001", kind="office")
    office1 = user_create(
        username="office1", password="Demo#2026", full_name="施晓燕", unit=office, roles=[Role.OFFICE_REVIEWER]
    )
    for key in ("gaj", "yjj", "scjg", "jtj"):
        u = UNIT_BY_KEY[key]
        unit = unit_create(name=u.name, code=u.code, short_name=u.short_name)
        user_create(
            username=f"clerk_{key}", password="Demo#2026", full_name="经办人", unit=unit, roles=[Role.UNIT_CLERK]
        )
    with clock.frozen(dt.datetime(2026, 8, 28, 10, 0, tzinfo=clock.TZ)):
        plan_year_open(actor=office1, year=2027)

    assert build_filing() == {"filings": 4}

    by_name = {f.project.name: f for f in Filing.objects.select_related("project", "routed_declaration")}
    assert by_name["“雪亮工程”市级节点（公共安全视频监控联网共享平台）"].stage == "filed"
    routed = by_name["应急管理综合应用平台市级部署"]
    assert routed.stage == "routed"
    assert (routed.routed_declaration.plan_year.year, routed.routed_declaration.stage) == (2027, "submitted")
    assert routed.routed_declaration.submitted_at.date() < dt.date(2026, 10, 31)
    answered = by_name["食品安全快检数据采集小程序"]
    assert answered.stage == "filed"
    assert AuditEvent.objects.filter(object_id=str(answered.pk), action="filing.supply_filing_info").exists()
    assert by_name["综合交通运输运行监测市级分中心"].stage == "filed"
    assert max(f.filed_at for f in by_name.values()).date() <= dt.date(2026, 11, 25)
    assert build_filing() == {"filings": 4}  # once
