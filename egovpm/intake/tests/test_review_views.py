"""The pages of the initial review (第七条(二)): who opens them, what they show, how many queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egovpm.conftest import REVIEW_PARTIES, declaration_at, stage_of
from egovpm.intake import services
from egovpm.intake.models import ProcurementItem, ReviewRound
from egovpm.security.services_accounts import user_create

from .test_review_rules import add_item, answer_all, open_plan_year


def url(name: str, **kwargs) -> str:
    return reverse(f"intake:{name}", kwargs=kwargs)


@pytest.mark.article("第七条(二)")
@pytest.mark.parametrize("who", ["clerk", "finance", "expert"])
def test_only_the_office_opens_the_pages_that_organise_the_review(city, frozen_clock, client, who):
    py = open_plan_year(city)
    decl = declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES)
    rnd = services.review_round_open(actor=city.users["office_reviewer"], plan_year=py, name="第一批初审")
    client.force_login(city.users[who])

    for page in (
        url("round_list"),
        url("round_create"),
        url("round_detail", pk=rnd.pk),
        url("initial_review_start", pk=decl.pk),
    ):
        assert client.get(page).status_code == 403, page
    response = client.post(url("round_create"), {"plan_year": py.pk, "name": "越权轮次"})
    assert response.status_code == 403
    assert client.post(url("procurement_item_add", pk=decl.pk), {"name": "服务器"}).status_code == 403
    assert ReviewRound.objects.count() == 1
    assert stage_of(decl) == "submitted"


def test_the_office_opens_a_round_and_sees_it_listed(city, frozen_clock, client):
    py = open_plan_year(city)
    client.force_login(city.users["office_reviewer"])

    form = client.get(url("round_create") + f"?plan_year={py.pk}")
    assert form.status_code == 200
    refused = client.post(url("round_create"), {"plan_year": py.pk, "name": ""})
    assert "这个字段是必填项。" in refused.content.decode()
    assert not ReviewRound.objects.exists()

    response = client.post(url("round_create"), {"plan_year": py.pk, "name": "第一批初审", "notes": "集中评审"})

    rnd = ReviewRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("round_detail", pk=rnd.pk)
    assert (rnd.plan_year, rnd.name, rnd.opened_by) == (py, "第一批初审", city.users["office_reviewer"])
    listing = client.get(url("round_list")).content.decode()
    assert "第一批初审" in listing
    assert url("round_detail", pk=rnd.pk) in listing


def test_round_list_runs_a_constant_number_of_queries(city, frozen_clock, client, django_assert_max_num_queries):
    py = open_plan_year(city)
    declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="项目0")
    client.force_login(city.users["office_reviewer"])
    bound = 6  # measured 5
    with django_assert_max_num_queries(bound):
        assert client.get(url("round_list")).status_code == 200

    for n in range(1, 6):
        rnd = services.review_round_open(actor=city.users["office_reviewer"], plan_year=py, name=f"第{n + 1}批初审")
        declaration_at(
            city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name=f"项目{n}", review_round=rnd
        )
    with django_assert_max_num_queries(bound):
        page = client.get(url("round_list")).content.decode()
    assert "第6批初审" in page
    assert page.count("0 / 3") == 6


def test_round_detail_shows_its_projects_with_progress_and_the_projects_waiting(city, frozen_clock, client):
    py = open_plan_year(city)
    reviewing = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="互联网医院")
    first = reviewing.invitations.get(reviewer=city.users["finance"])
    services.review_opinion_submit(
        actor=city.users["finance"], invitation=first, recommendation="pass", opinion="同意。"
    )
    waiting = declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES, name="电子病历系统")
    client.force_login(city.users["office_head"])

    page = client.get(url("round_detail", pk=reviewing.review_round_id)).content.decode()

    assert reviewing.project.code in page and "互联网医院" in page
    assert "已提交意见 1 / 3" in page
    assert "初审中" in page
    assert "200.00" in page
    assert "电子病历系统" in page
    assert url("initial_review_start", pk=waiting.pk) in page


def test_round_detail_runs_a_constant_number_of_queries(city, frozen_clock, client, django_assert_max_num_queries):
    py = open_plan_year(city)
    first = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="项目0")
    rnd = first.review_round
    client.force_login(city.users["office_reviewer"])
    add_item(client, first)
    declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES, name="待初审0")
    bound = 9  # measured 8; one row more per declaration would exceed it
    with django_assert_max_num_queries(bound):
        assert client.get(url("round_detail", pk=rnd.pk)).status_code == 200

    for n in range(1, 6):
        decl = declaration_at(
            city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name=f"项目{n}", review_round=rnd
        )
        add_item(client, decl)
        add_item(client, decl, category="software", name=f"软件{n}", quantity="1", estimated_amount="1.00")
        declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES, name=f"待初审{n}")
    with django_assert_max_num_queries(bound):
        response = client.get(url("round_detail", pk=rnd.pk))
    page = response.content.decode()
    assert page.count('data-testid="procurement-row"') == 6
    assert "项目5" in page and "待初审5" in page


def test_initial_review_start_shows_the_application_and_the_parties_to_invite(city, frozen_clock, client):
    user_create(
        username="expert3", password="x", full_name="黄工", unit=None, roles=["expert"], expertise="网络安全、等级保护"
    )
    py = open_plan_year(city)
    decl = declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES)
    client.force_login(city.users["office_reviewer"])

    no_round = client.get(url("initial_review_start", pk=decl.pk)).content.decode()
    assert "该计划年度尚未开启初审轮次。" in no_round
    assert url("round_create") + f"?plan_year={py.pk}" in no_round

    services.review_round_open(actor=city.users["office_reviewer"], plan_year=py, name="第一批初审")
    page = client.get(url("initial_review_start", pk=decl.pk)).content.decode()

    assert "申报表摘要" in page
    assert decl.project.name in page and decl.purpose_and_content in page
    for label in ("市财政局", "市审计局", "专家"):
        assert f"<h3>{label}</h3>" in page
    assert "网络安全、等级保护" in page
    for who in ("finance", "audit", "expert", "expert2"):
        assert f'name="reviewers" value="{city.users[who].pk}"' in page
    assert f'name="reviewers" value="{city.users["clerk"].pk}"' not in page


def test_initial_review_start_is_refused_once_the_project_is_in_review(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    client.force_login(city.users["office_reviewer"])

    response = client.get(url("initial_review_start", pk=decl.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("declaration_detail", pk=decl.pk)
    assert "项目当前状态不允许执行“纳入初审”。" in response.content.decode()
    assert decl.invitations.count() == 3


def test_initial_review_start_answers_404_for_a_declaration_the_office_cannot_see(city, frozen_clock, client):
    decl = declaration_at(city, "draft", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    client.force_login(city.users["office_reviewer"])

    assert client.get(url("initial_review_start", pk=decl.pk)).status_code == 404


def test_the_office_marks_and_removes_procurement_items_on_the_declaration_page(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    client.force_login(city.users["office_reviewer"])

    page = client.get(url("declaration_detail", pk=decl.pk)).content.decode()
    assert url("procurement_item_add", pk=decl.pk) in page

    bad = add_item(client, decl, quantity="0", estimated_amount="-1")
    assert "数量：" in bad.content.decode()
    assert not ProcurementItem.objects.exists()

    response = add_item(client, decl)
    assert response.redirect_chain[-1][0] == url("declaration_detail", pk=decl.pk) + "#review"
    item = ProcurementItem.objects.get()
    assert (item.name, item.quantity, str(item.estimated_amount)) == ("服务器", 2, "30.00")
    assert "2路 64核 512G" in response.content.decode()

    client.force_login(city.users["clerk"])
    clerk_page = client.get(url("declaration_detail", pk=decl.pk)).content.decode()
    assert "服务器" in clerk_page
    assert url("procurement_item_add", pk=decl.pk) not in clerk_page
    assert client.post(url("procurement_item_remove", pk=item.pk)).status_code == 403

    client.force_login(city.users["office_reviewer"])
    assert client.get(url("procurement_item_remove", pk=item.pk)).status_code == 405
    client.post(url("procurement_item_remove", pk=item.pk))
    assert not ProcurementItem.objects.exists()


def test_the_add_form_is_gone_once_the_review_has_moved_on(city, frozen_clock, client):
    decl = declaration_at(city, "feasibility_submitted", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    client.force_login(city.users["office_reviewer"])

    page = client.get(url("declaration_detail", pk=decl.pk)).content.decode()

    assert url("procurement_item_add", pk=decl.pk) not in page
    assert "初审意见（书面调整意见或评价）" in page


@pytest.mark.supports("第七条(二)")
def test_invitation_list_splits_pending_and_done_and_marks_the_overdue(city, frozen_clock, client):
    py = open_plan_year(city)
    pending = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="互联网医院")
    done = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="电子病历系统")
    answer_all(done)
    client.force_login(city.users["expert"])
    due = pending.invitations.get(reviewer=city.users["expert"]).due_date

    on_time = client.get(url("invitation_list")).content.decode()
    assert "已逾期" not in on_time
    assert due.strftime("%Y-%m-%d") in on_time

    frozen_clock(due + dt.timedelta(days=1))
    late = client.get(url("invitation_list")).content.decode()
    pending_table = late[late.index('data-testid="pending"') : late.index('data-testid="done"')]
    done_table = late[late.index('data-testid="done"') :]
    assert "互联网医院" in pending_table and 'class="badge overdue"' in pending_table
    assert "电子病历系统" in done_table and "建议调整后通过" in done_table
    assert "已逾期" not in done_table


def test_invitation_list_is_for_reviewers_only(city, frozen_clock, client):
    for who in ("clerk", "office_reviewer"):
        client.force_login(city.users[who])
        assert client.get(url("invitation_list")).status_code == 403


def test_invitation_list_runs_a_constant_number_of_queries(city, frozen_clock, client, django_assert_max_num_queries):
    py = open_plan_year(city)
    expert = [city.users["expert"]]
    declaration_at(city, "in_initial_review", plan_year=py, name="项目0", reviewers=expert)
    client.force_login(city.users["expert"])
    bound = 5  # measured 4
    with django_assert_max_num_queries(bound):
        assert client.get(url("invitation_list")).status_code == 200

    for n in range(1, 6):
        decl = declaration_at(city, "in_initial_review", plan_year=py, name=f"项目{n}", reviewers=expert)
        if n % 2:
            answer_all(decl)
    with django_assert_max_num_queries(bound):
        page = client.get(url("invitation_list")).content.decode()
    assert all(f"项目{n}" in page for n in range(6))


def test_the_invited_reviewer_finds_the_link_on_the_declaration_page(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    invitation = decl.invitations.get(reviewer=city.users["audit"])
    client.force_login(city.users["audit"])

    page = client.get(url("declaration_detail", pk=decl.pk)).content.decode()
    assert url("invitation_detail", pk=invitation.pk) in page
    assert "提交初审意见" in page

    again = client.get(url("invitation_detail", pk=invitation.pk)).content.decode()
    assert 'name="recommendation"' in again and "建议不予安排" in again
    assert decl.purpose_and_content in again  # the application is shown beside the opinion form
