"""第七条(二) through the pages: the Office's conclusions, the invited parties' opinions, who sees what,
and the centralized procurement plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.conftest import REVIEW_PARTIES, act, declaration_at, stage_of
from egovpm.intake import selectors_review, services
from egovpm.intake.models import Declaration, ProcurementItem, ReviewInvitation

EXPERT_OPINION = "建议压缩机房改造投资，优先使用政务云。"


def open_plan_year(city):
    return services.plan_year_open(actor=city.users["office_reviewer"], year=2027)


def answer_all(decl: Declaration, opinion: str = "建议调整后通过。") -> None:
    for inv in decl.invitations.filter(submitted_at__isnull=True).select_related("reviewer"):
        services.review_opinion_submit(actor=inv.reviewer, invitation=inv, recommendation="adjust", opinion=opinion)


def detail(client, decl: Declaration):
    return client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk}))


def review_section(page: str) -> str:
    start = page.index('data-testid="review-section"')
    return page[start : page.index("</section>", start)]


@pytest.mark.article("第七条(二)")
def test_not_arrange_without_a_reason_is_refused(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    answer_all(decl)
    client.force_login(city.users["office_reviewer"])

    response = act(client, decl, "not_arrange", "   ")

    assert "请填写不予安排的理由。" in response.content.decode()
    assert stage_of(decl) == "in_initial_review"
    assert Declaration.objects.get(pk=decl.pk).initial_opinion == ""
    assert not AuditEvent.objects.filter(action="declaration.not_arrange").exists()


@pytest.mark.article("第七条(二)")
def test_the_unit_sees_why_its_project_is_not_arranged(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    answer_all(decl)
    client.force_login(city.users["office_reviewer"])
    reason = "与全市统一的互联网医院平台重复建设，本年度不予安排。"

    act(client, decl, "not_arrange", reason)

    assert stage_of(decl) == "not_arranged"
    client.force_login(city.users["clerk"])
    section = review_section(detail(client, decl).content.decode())
    assert "不予安排的理由" in section
    assert reason in section
    assert "初审意见（书面调整意见或评价）" not in section


@pytest.mark.article("第七条(二)")
@pytest.mark.parametrize("action", ["pass_initial_review", "not_arrange"])
def test_the_office_cannot_conclude_before_every_invited_party_has_answered(city, frozen_clock, client, action):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    first = decl.invitations.get(reviewer=city.users["finance"])
    services.review_opinion_submit(
        actor=city.users["finance"], invitation=first, recommendation="pass", opinion="同意。"
    )
    client.force_login(city.users["office_reviewer"])

    response = act(client, decl, action, "结论。")

    assert "尚有 2 位受邀单位或专家未提交初审意见。" in response.content.decode()
    assert stage_of(decl) == "in_initial_review"
    assert Declaration.objects.get(pk=decl.pk).initial_opinion == ""


@pytest.mark.article("第七条(二)")
def test_passing_needs_the_written_opinion_which_the_unit_then_reads(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    answer_all(decl, opinion=EXPERT_OPINION)
    client.force_login(city.users["office_head"])

    refused = act(client, decl, "pass_initial_review", "")

    assert "请填写书面调整意见或评价。" in refused.content.decode()
    assert stage_of(decl) == "in_initial_review"

    written = "原则同意；请将硬件采购纳入集中采购，并按附件3编制可行性研究报告。"
    act(client, decl, "pass_initial_review", written)

    assert stage_of(decl) == "initially_passed"
    client.force_login(city.users["clerk"])
    section = review_section(detail(client, decl).content.decode())
    assert "初审意见（书面调整意见或评价）" in section
    assert written in section
    # the unit receives the Office's conclusion, not the individual opinions
    assert EXPERT_OPINION not in section


@pytest.mark.article("第七条(二)")
def test_the_unit_does_not_read_the_individual_opinions_anywhere_on_the_page(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    answer_all(decl, opinion=EXPERT_OPINION)
    client.force_login(city.users["clerk"])

    assert EXPERT_OPINION not in detail(client, decl).content.decode()


@pytest.mark.article("第四条")
def test_only_the_invited_reviewer_opens_an_invitation(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    invitation = decl.invitations.get(reviewer=city.users["expert"])
    url = reverse("intake:invitation_detail", kwargs={"pk": invitation.pk})

    client.force_login(city.users["expert2"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"recommendation": "pass", "opinion": "冒名意见。"}).status_code == 404
    assert detail(client, decl).status_code == 404
    client.force_login(city.users["finance"])  # invited to the same project, but not this invitation
    assert client.get(url).status_code == 404
    client.force_login(city.users["office_reviewer"])
    assert client.get(url).status_code == 403

    invitation.refresh_from_db()
    assert invitation.submitted_at is None
    assert invitation.opinion == ""
    assert not AuditEvent.objects.filter(action="review_opinion.submit").exists()

    client.force_login(city.users["expert"])
    assert client.get(url).status_code == 200
    assert detail(client, decl).status_code == 200


@pytest.mark.article("第七条(二)")
def test_finance_audit_and_expert_opinions_are_recorded_and_reach_the_office(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    opinions = {
        "finance": ("pass", "资金来源明确，财政拨款比例合理。"),
        "audit": ("adjust", "请细化资金使用计划，便于审计监督。"),
        "expert": ("adjust", EXPERT_OPINION),
    }
    for who, (recommendation, text) in opinions.items():
        invitation = decl.invitations.get(reviewer=city.users[who])
        client.force_login(city.users[who])
        url = reverse("intake:invitation_detail", kwargs={"pk": invitation.pk})
        response = client.post(url, {"recommendation": recommendation, "opinion": text}, follow=True)
        page = response.content.decode()
        assert "初审意见已提交。" in page
        assert text in page
        assert 'name="opinion"' not in page  # read-only once submitted

    recorded = {i.reviewer.username: i for i in decl.invitations.select_related("reviewer")}
    assert {name: (i.party, i.recommendation, i.opinion) for name, i in recorded.items()} == {
        "finance": ("finance", "pass", opinions["finance"][1]),
        "audit": ("audit", "adjust", opinions["audit"][1]),
        "expert": ("expert", "adjust", EXPERT_OPINION),
    }
    assert all(i.submitted_at for i in recorded.values())
    events = AuditEvent.objects.filter(action="review_opinion.submit", object_id=str(decl.pk))
    assert sorted(e.actor.username for e in events) == ["audit", "expert", "finance"]

    client.force_login(city.users["office_reviewer"])
    page = detail(client, decl).content.decode()
    for _, text in opinions.values():
        assert text in page
    assert "市财政局" in page and "市审计局" in page and "专家" in page


@pytest.mark.article("第七条(二)")
def test_an_opinion_needs_a_recommendation_and_a_text(city, frozen_clock, client):
    decl = declaration_at(city, "in_initial_review", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    invitation = decl.invitations.get(reviewer=city.users["expert"])
    client.force_login(city.users["expert"])

    response = client.post(reverse("intake:invitation_detail", kwargs={"pk": invitation.pk}), {"opinion": "  "})

    page = response.content.decode()
    assert "请选择结论建议。" in page
    assert "请填写意见。" in page
    invitation.refresh_from_db()
    assert invitation.submitted_at is None
    assert not AuditEvent.objects.filter(action="review_opinion.submit").exists()


def add_item(client, decl: Declaration, **overrides):
    data = {
        "category": "equipment",
        "name": "服务器",
        "specification": "2路 64核 512G",
        "quantity": "2",
        "estimated_amount": "30.00",
        **overrides,
    }
    return client.post(reverse("intake:procurement_item_add", kwargs={"pk": decl.pk}), data, follow=True)


@pytest.mark.article("第七条(二)")
def test_the_centralized_procurement_plan_sums_the_same_item_across_projects(city, frozen_clock, client):
    py = open_plan_year(city)
    hospital = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="互联网医院")
    clinic = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="社区卫生信息系统")
    client.force_login(city.users["office_reviewer"])
    add_item(client, hospital, quantity="2", estimated_amount="30.00")
    add_item(client, clinic, quantity="3", estimated_amount="45.50")
    add_item(
        client,
        clinic,
        category="software",
        name="正版办公软件",
        specification="",
        quantity="40",
        estimated_amount="4.00",
    )

    plan = selectors_review.central_procurement_plan(hospital.review_round)
    server = next(r for r in plan["rows"] if r["name"] == "服务器")
    assert server["quantity"] == 5
    assert server["amount"] == Decimal("75.50")
    assert {i.declaration_id for i in server["items"]} == {hospital.pk, clinic.pk}
    assert plan["quantity"] == 45
    assert plan["amount"] == Decimal("79.50")

    page = client.get(reverse("intake:round_detail", kwargs={"pk": hospital.review_round_id})).content.decode()
    assert "集中采购计划" in page
    assert "75.50" in page
    assert "79.50" in page
    assert "互联网医院" in page and "社区卫生信息系统" in page


@pytest.mark.article("第七条(二)")
def test_a_project_not_arranged_brings_nothing_to_the_procurement_plan(city, frozen_clock, client):
    py = open_plan_year(city)
    kept = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="互联网医院")
    dropped = declaration_at(city, "in_initial_review", plan_year=py, reviewers=REVIEW_PARTIES, name="重复建设的平台")
    client.force_login(city.users["office_reviewer"])
    add_item(client, kept, quantity="2", estimated_amount="30.00")
    add_item(client, dropped, quantity="9", estimated_amount="99.00")
    answer_all(dropped)
    act(client, dropped, "not_arrange", "与已建平台重复。")

    plan = selectors_review.central_procurement_plan(kept.review_round)

    assert [(r["name"], r["quantity"], r["amount"]) for r in plan["rows"]] == [("服务器", 2, Decimal("30.00"))]


@pytest.mark.article("第七条(二)")
def test_procurement_items_are_marked_only_during_the_initial_review(city, frozen_clock, client):
    decl = declaration_at(city, "submitted", plan_year=open_plan_year(city), reviewers=REVIEW_PARTIES)
    client.force_login(city.users["office_reviewer"])

    response = add_item(client, decl)

    assert "只有初审中或初审通过的项目可以列入集中采购计划。" in response.content.decode()
    assert not ProcurementItem.objects.exists()


@pytest.mark.article("第七条(二)")
def test_initial_review_start_invites_finance_audit_and_experts(city, frozen_clock, client):
    py = open_plan_year(city)
    decl = declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES)
    rnd = services.review_round_open(actor=city.users["office_reviewer"], plan_year=py, name="第一批初审")
    client.force_login(city.users["office_reviewer"])
    url = reverse("intake:initial_review_start", kwargs={"pk": decl.pk})

    refused = client.post(url, {"review_round": rnd.pk})
    assert "请至少邀请一位财政、审计人员或专家。" in refused.content.decode()
    assert stage_of(decl) == "submitted"
    assert not ReviewInvitation.objects.exists()

    u = city.users
    client.post(url, {"review_round": rnd.pk, "reviewers": [u["finance"].pk, u["audit"].pk, u["expert2"].pk]})

    decl.refresh_from_db()
    assert decl.stage == "in_initial_review"
    assert decl.review_round_id == rnd.pk
    assert dict(decl.invitations.values_list("reviewer__username", "party")) == {
        "finance": "finance",
        "audit": "audit",
        "expert2": "expert",
    }


@pytest.mark.article("第七条(二)")
def test_a_unit_clerk_cannot_be_invited_as_a_reviewer(city, frozen_clock, client):
    py = open_plan_year(city)
    decl = declaration_at(city, "submitted", plan_year=py, reviewers=REVIEW_PARTIES)
    rnd = services.review_round_open(actor=city.users["office_reviewer"], plan_year=py, name="第一批初审")
    client.force_login(city.users["office_reviewer"])

    response = client.post(
        reverse("intake:initial_review_start", kwargs={"pk": decl.pk}),
        {"review_round": rnd.pk, "reviewers": [city.users["clerk"].pk]},
    )

    assert "所选人员不能受邀参加初审。" in response.content.decode()
    assert stage_of(decl) == "submitted"
    assert not ReviewInvitation.objects.exists()
