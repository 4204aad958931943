"""The pages of the special procedure (第八条, 第九条): who opens them, what they show, what they refuse,
how many queries; the declaration list's procedure filter; the to-do items of each party."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.conftest import act, application_data, stage_of
from egovpm.intake import services
from egovpm.intake.models import Declaration, ReviewInvitation, SpecialException, SpecialRequest
from egovpm.intake.selectors_special import todo_items_special
from egovpm.intake.services import special
from egovpm.testing import scenario

from .test_special import MATERIALS, REASON, answer_all, special_advance, special_draft, year2026

__all__ = ["year2026"]  # the fixture, imported for this module's tests


def url(name: str, **kwargs) -> str:
    return reverse(f"intake:{name}", kwargs=kwargs)


def form_data(**overrides) -> dict:
    """The POST of the letter page: the letter and the application form (附件1)."""
    data = {"name": "互联网医院监管平台对接", "basis": "unforeseeable", "unforeseeable_reason": REASON}
    for key, value in application_data().items():
        data[key] = {True: "True", False: "False"}.get(value, value) if isinstance(value, bool) else str(value)
    data.update(overrides)
    return data


def text(response) -> str:
    return response.content.decode()


# -- the letter ------------------------------------------------------------------------------------------


@pytest.mark.article("第八条(一)")
def test_the_letter_page_refuses_an_unforeseeable_ground_without_its_reason(client, city, year2026):
    client.force_login(city.users["clerk"])

    response = client.post(url("special_create"), form_data(plan_year=year2026.pk, unforeseeable_reason=""))

    assert response.status_code == 200
    assert "须说明未能按一般程序申报的原因" in response.context["form"].errors["unforeseeable_reason"][0]
    assert "须说明未能按一般程序申报的原因" in text(response)
    assert not Declaration.objects.exists()
    assert not SpecialRequest.objects.exists()


@pytest.mark.article("第八条(三)")
def test_the_letter_page_refuses_a_city_approved_ground_without_the_approval(client, city, year2026):
    client.force_login(city.users["clerk"])

    response = client.post(
        url("special_create"),
        form_data(plan_year=year2026.pk, basis="city_approved", unforeseeable_reason="", city_approval_reference=""),
    )

    assert "市政府批准文件" in response.context["form"].errors["city_approval_reference"][0]
    assert not Declaration.objects.exists()


@pytest.mark.article("第九条(一)")
def test_the_clerk_writes_the_letter_and_reads_it_on_the_declaration_page(client, city, year2026):
    client.force_login(city.users["clerk"])
    page = client.get(url("special_create"))
    assert page.status_code == 200
    body = text(page)
    for label in ("启动依据", "不可预见的原因未能按一般程序申报", "经市政府批准的项目", "预计总投资", "本年度申请资金"):
        assert label in body

    response = client.post(url("special_create"), form_data(plan_year=year2026.pk))

    decl = Declaration.objects.get()
    assert response["Location"] == url("declaration_detail", pk=decl.pk)
    assert (decl.procedure, decl.stage, decl.plan_year) == ("special", "draft", year2026)
    detail = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert REASON in detail
    assert 'data-action="submit_special_request"' in detail
    assert url("special_edit", pk=decl.pk) in detail
    assert "可研材料" not in detail  # 第七条(三) is not this procedure's
    assert 'data-testid="prepare"' not in detail


def test_the_letter_is_edited_on_its_page_while_a_draft(client, city, year2026):
    decl = special_draft(city, year2026)
    client.force_login(city.users["clerk"])
    page = client.get(url("special_edit", pk=decl.pk))
    assert REASON in text(page)

    response = client.post(
        url("special_edit", pk=decl.pk),
        form_data(name="监管平台对接（一期）", basis="city_approved", city_approval_reference="启政复〔2026〕38号"),
    )
    assert response.status_code == 302
    decl.refresh_from_db()
    assert decl.project.name == "监管平台对接（一期）"
    assert decl.special_request.city_approval_reference == "启政复〔2026〕38号"

    special.special_submit(actor=city.users["clerk"], declaration=decl)
    after = client.get(url("special_edit", pk=decl.pk), follow=True)
    assert "申请书已提交，不能再修改。" in text(after)


def test_another_unit_and_other_roles_cannot_open_the_letter(client, city, year2026):
    decl = special_draft(city, year2026)
    client.force_login(city.users["culture_clerk"])
    assert client.get(url("special_edit", pk=decl.pk)).status_code == 404
    assert client.get(url("declaration_detail", pk=decl.pk)).status_code == 404
    assert act(client, decl, "submit_special_request").status_code == 404
    assert stage_of(decl) == "draft"
    for who in ("office_reviewer", "finance", "expert"):
        client.force_login(city.users[who])
        assert client.get(url("special_create")).status_code == 403
        assert client.get(url("special_edit", pk=decl.pk)).status_code == 403


def test_a_general_declaration_has_no_special_pages(client, city, plan_year):
    decl = scenario.declare(clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data())
    client.force_login(city.users["clerk"])
    assert client.get(url("special_edit", pk=decl.pk)).status_code == 404
    assert act(client, decl, "submit_special_request").status_code == 404
    assert stage_of(decl) == "draft"


@pytest.mark.supports("第九条")
def test_each_procedure_opens_only_its_own_decision_pages(client, city, year2026):
    """The decision pages both procedures share name their transition; a declaration whose workflow has
    no such step has no such page."""
    decl = special_advance(city, special_draft(city, year2026), "in_joint_review")
    client.force_login(city.users["office_head"])
    assert client.get(url("special_approve", pk=decl.pk)).status_code == 200
    assert client.get(url("re_review_approve", pk=decl.pk)).status_code == 404
    client.force_login(city.users["office_reviewer"])
    assert client.get(url("initial_review_start", pk=decl.pk)).status_code == 404
    client.force_login(city.users["finance"])
    assert client.get(url("budget_arrange", pk=decl.pk)).status_code == 404
    assert client.post(url("budget_arrange", pk=decl.pk), {"amount": "1"}).status_code == 404
    assert stage_of(decl) == "in_joint_review"


# -- 第八条(二) through the pages ---------------------------------------------------------------------------


@pytest.mark.article("第八条(二)")
def test_the_second_submit_shows_the_limit_and_the_office_records_an_exception(client, city, year2026):
    first = special_advance(city, special_draft(city, year2026), "requested")
    second = special_draft(city, year2026, project=first.project)
    client.force_login(city.users["clerk"])

    page = text(client.get(url("declaration_detail", pk=second.pk)))
    assert 'data-testid="special-limit"' in page
    refused = act(client, second, "submit_special_request")
    assert "每年只能启动一次特殊申报程序" in text(refused)
    assert stage_of(second) == "draft"

    client.force_login(city.users["office_reviewer"])
    grant = {
        "unit": city.units["hospital"].pk,
        "plan_year": year2026.pk,
        "project": first.project.pk,
        "reason": "",
    }
    no_reason = client.post(url("special_exception_list"), grant)
    assert "请填写例外理由" in text(no_reason)
    assert not SpecialException.objects.exists()
    done = client.post(url("special_exception_list"), {**grant, "reason": "省里追加部署，同意再次启动。"}, follow=True)
    assert "省里追加部署，同意再次启动。" in text(done)
    assert "未使用" in text(done)

    client.force_login(city.users["clerk"])
    act(client, second, "submit_special_request")
    assert stage_of(second) == "requested"
    client.force_login(city.users["office_reviewer"])
    assert "已使用" in text(client.get(url("special_exception_list")))
    assert "省里追加部署" in text(client.get(url("declaration_detail", pk=second.pk)))


def test_only_the_office_opens_the_exceptions(client, city, year2026):
    for who in ("clerk", "finance", "expert"):
        client.force_login(city.users[who])
        assert client.get(url("special_exception_list")).status_code == 403
        assert client.post(url("special_exception_list"), {"reason": "越权"}).status_code == 403
    assert not SpecialException.objects.exists()


# -- 第九条 through the pages -------------------------------------------------------------------------------


@pytest.mark.article("第九条(二)")
def test_agreeing_to_start_lists_the_materials_and_each_party_acts_only_on_its_step(client, city, year2026):
    decl = special_advance(city, special_draft(city, year2026), "requested")

    client.force_login(city.users["clerk"])
    refused = act(client, decl, "agree_special_start", MATERIALS)
    assert "您的角色无权执行此操作。" in text(refused)
    assert stage_of(decl) == "requested"

    client.force_login(city.users["office_reviewer"])
    act(client, decl, "agree_special_start", MATERIALS)
    assert stage_of(decl) == "materials_requested"
    assert SpecialRequest.objects.get(declaration=decl).required_materials == MATERIALS

    refused = act(client, decl, "submit_special_materials")
    assert "您的角色无权执行此操作。" in text(refused)
    assert stage_of(decl) == "materials_requested"

    client.force_login(city.users["clerk"])
    page = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert MATERIALS in page
    assert 'value="special_material"' in page
    missing = act(client, decl, "submit_special_materials")
    assert "请先上传办公室要求报送的指定材料" in text(missing)
    assert stage_of(decl) == "materials_requested"

    upload = scenario.pdf_file("可行性研究报告.pdf")
    client.post(url("document_upload", pk=decl.pk), {"kind": "special_material", "file": upload})
    act(client, decl, "submit_special_materials")
    assert stage_of(decl) == "materials_submitted"


@pytest.mark.article("第九条(三)")
def test_the_office_organises_the_joint_review_on_its_page(client, city, year2026):
    decl = special_advance(city, special_draft(city, year2026), "materials_submitted")
    page_url = url("joint_review_start", pk=decl.pk)
    for who in ("clerk", "finance", "expert"):
        client.force_login(city.users[who])
        assert client.get(page_url).status_code == 403

    client.force_login(city.users["office_reviewer"])
    page = text(client.get(page_url))
    assert f'id="reviewer-expert-{city.users["expert"].pk}"' in page
    assert REASON in page
    empty = client.post(page_url, {})
    assert "请至少邀请" in text(empty)
    assert stage_of(decl) == "materials_submitted"

    response = client.post(page_url, {"reviewers": [city.users["expert"].pk, city.users["audit"].pk]})
    assert response.status_code == 302
    assert stage_of(decl) == "in_joint_review"
    assert set(ReviewInvitation.objects.filter(declaration=decl).values_list("party", flat=True)) == {"expert", "audit"}
    again = client.get(page_url, follow=True)
    assert "项目当前状态不允许执行“组织会审”" in text(again)


@pytest.mark.article("第九条(三)")
def test_the_expert_answers_and_the_unit_reads_the_conclusion_not_each_opinion(client, city, year2026):
    decl = special_advance(city, special_draft(city, year2026), "in_joint_review", reviewers=("expert",))
    invitation = ReviewInvitation.objects.get(declaration=decl)
    opinion = "建议将自建机房改为租用政务云资源。"

    client.force_login(city.users["expert"])
    page = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert "提交会审意见" in page
    client.post(url("invitation_detail", pk=invitation.pk), {"recommendation": "adjust", "opinion": opinion})
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None

    client.force_login(city.users["office_reviewer"])
    assert opinion in text(client.get(url("declaration_detail", pk=decl.pk)))
    act(client, decl, "request_adjustment", "请按专家意见改为租用政务云资源。")
    assert stage_of(decl) == "adjustment_requested"

    client.force_login(city.users["clerk"])
    page = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert opinion not in page
    assert "请按专家意见改为租用政务云资源。" in page
    act(client, decl, "resubmit_adjusted", "已改为租用政务云资源。")
    assert stage_of(decl) == "in_joint_review"
    page = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert 'data-testid="special-adjustments"' in page and "已改为租用政务云资源。" in page


@pytest.mark.article("第九条(四)")
def test_the_office_head_issues_the_written_opinion_and_the_clerk_reads_its_number(client, city, year2026):
    decl = special_advance(city, special_draft(city, year2026), "in_joint_review")
    answer_all(decl)
    page_url = url("special_approve", pk=decl.pk)
    client.force_login(city.users["office_reviewer"])
    assert client.get(page_url).status_code == 403

    client.force_login(city.users["office_head"])
    assert client.get(page_url).status_code == 200
    too_much = client.post(page_url, {"opinion": "同意。", "approved_amount": "999.00"})
    assert "核定投资不能超过申报的预计总投资。" in text(too_much)
    assert stage_of(decl) == "in_joint_review"
    response = client.post(page_url, {"opinion": "经会审，同意按调整后的方案建设。", "approved_amount": "280.00"})
    assert response["Location"] == url("approval_opinion", pk=decl.pk)

    client.force_login(city.users["clerk"])
    opinion_page = text(client.get(url("approval_opinion", pk=decl.pk)))
    assert "关于互联网医院监管平台对接的会审意见" in opinion_page
    assert "启政信办复〔2026〕001号" in opinion_page
    assert "复核意见" not in opinion_page
    detail = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert "启政信办复〔2026〕001号" in detail
    assert 'data-action="apply_special_funds"' in detail


@pytest.mark.article("第九条(四)")
def test_finance_arranges_the_funds_on_its_page(client, city, year2026):
    decl = special_advance(city, special_draft(city, year2026), "funds_applied")
    page_url = url("special_funds_arrange", pk=decl.pk)
    for who in ("clerk", "office_reviewer"):
        client.force_login(city.users[who])
        assert client.get(page_url).status_code == 403

    client.force_login(city.users["finance"])
    listing = text(client.get(url("special_list")))
    assert page_url in listing
    over = client.post(page_url, {"amount": "300.01"})
    assert "不能超过书面意见核定的投资" in text(over)
    assert stage_of(decl) == "funds_applied"
    client.post(page_url, {"amount": "180.00", "library_code": "TS2026-01"})
    assert stage_of(decl) == "funded"
    detail = text(client.get(url("declaration_detail", pk=decl.pk)))
    assert "180.00" in detail and "TS2026-01" in detail


# -- the list --------------------------------------------------------------------------------------------


def test_each_party_sees_its_own_special_applications(client, city, year2026):
    special_draft(city, year2026, name="草稿项目")
    special_advance(city, special_draft(city, year2026, name="已申请项目"), "requested")
    special_advance(city, special_draft(city, year2026, name="已安排项目"), "funds_applied")
    special_draft(city, year2026, clerk="culture_clerk", name="文旅项目")

    def names(who):
        client.force_login(city.users[who])
        return {d.project.name for d in client.get(url("special_list")).context["declarations"]}

    assert names("clerk") == {"草稿项目", "已申请项目", "已安排项目"}
    assert names("culture_clerk") == {"文旅项目"}
    assert names("office_reviewer") == {"已申请项目", "已安排项目"}
    assert names("finance") == {"已安排项目"}
    client.force_login(city.users["clerk"])
    assert "申请启动特殊申报程序" in text(client.get(url("special_list")))
    for who in ("audit", "expert", "supervisor"):
        client.force_login(city.users[who])
        assert client.get(url("special_list")).status_code == 403


@pytest.mark.parametrize("n", [2, 12])
def test_the_special_list_costs_the_same_number_of_queries_as_it_grows(
    client, city, year2026, django_assert_max_num_queries, n
):
    for k in range(n):
        decl = special_draft(city, year2026, name=f"特殊项目{k:02d}")
        special_advance(city, decl, ("requested", "approved", "funded")[k % 3])
    for who in ("clerk", "office_reviewer", "finance"):
        client.force_login(city.users[who])
        with django_assert_max_num_queries(7):  # measured 6
            response = client.get(url("special_list"))
        assert response.status_code == 200
    assert len(response.context["declarations"]) == sum(1 for k in range(n) if k % 3)


def test_the_declaration_list_filters_by_procedure_and_special_stage(client, city, year2026, frozen_clock):
    frozen_clock(dt.date(2026, 10, 15))  # inside 2027's general window
    py2027 = services.plan_year_open(actor=city.users["office_reviewer"], year=2027)
    scenario.declare(clerk=city.users["clerk"], plan_year=py2027, name="一般丙", data=application_data())
    special_advance(city, special_draft(city, year2026, name="特殊甲"), "requested")
    special_draft(city, year2026, name="特殊乙")
    client.force_login(city.users["clerk"])
    listing = reverse("intake:declaration_list")

    def names(**params):
        return {d.project.name for d in client.get(listing, params).context["page"].object_list}

    assert names() == {"特殊甲", "特殊乙", "一般丙"}
    assert names(procedure="special") == {"特殊甲", "特殊乙"}
    assert names(procedure="general") == {"一般丙"}
    assert names(stage="special:requested") == {"特殊甲"}
    assert names(stage="draft") == {"一般丙"}
    assert names(stage="draft", procedure="special") == {"特殊乙"}
    page = text(client.get(listing))
    assert "特殊申报" in page and 'value="special:materials_requested"' in page


# -- the cockpit's items -------------------------------------------------------------------------------


def test_each_party_finds_its_special_to_dos(city, year2026):
    u = city.users
    special_draft(city, year2026, name="草稿")
    special_advance(city, special_draft(city, year2026, name="待决定"), "requested")
    special_advance(city, special_draft(city, year2026, name="待材料"), "materials_requested")
    special_advance(city, special_draft(city, year2026, name="待会审"), "materials_submitted")
    reviewing = special_advance(city, special_draft(city, year2026, name="会审中"), "in_joint_review")
    adjusting = special_advance(city, special_draft(city, year2026, name="待调整"), "in_joint_review")
    answer_all(adjusting)
    special.special_adjustment_request(actor=u["office_reviewer"], declaration=adjusting, opinion="压减投资。")
    special_advance(city, special_draft(city, year2026, name="待申请资金"), "approved")
    special_advance(city, special_draft(city, year2026, name="待安排"), "funds_applied")

    def todo(who):
        return {(i.title, i.group, i.kind) for i in todo_items_special(u[who])}

    assert todo("clerk") == {
        ("草稿", "applicant", "todo"),
        ("待材料", "applicant", "todo"),
        ("待调整", "applicant", "todo"),
        ("待申请资金", "applicant", "todo"),
    }
    assert any("压减投资" in i.note for i in todo_items_special(u["clerk"]))
    assert todo("office_reviewer") == {
        ("待决定", "office", "todo"),
        ("待会审", "office", "todo"),
        ("会审中", "office", "waiting"),
    }
    assert todo("finance") == {("待安排", "finance", "todo"), ("会审中", "invitation", "todo")}
    expert_items = todo_items_special(u["expert"])
    assert [(i.title, i.due) for i in expert_items] == [("会审中", dt.date(2026, 11, 20))]
    assert todo("culture_clerk") == set()

    answer_all(reviewing)
    assert ("会审中", "office", "todo") in todo("office_head")
