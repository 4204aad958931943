"""Scoring sheets (policy data, versioned) and their aggregate on the initial review's record; the experts'
workspace and the isolation of experts; the library's pages and masking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egovpm.conftest import declaration_at, stage_of
from egovpm.core.errors import Refused
from egovpm.experts import domain, services
from egovpm.experts.models import AssignmentStatus, ExpertStatus
from egovpm.intake.models import ReviewInvitation
from egovpm.intake.services import initial_review_pass, review_experts_draw, review_opinion_submit
from egovpm.testing.experts import enrol_expert, library

SCORES = {"necessity": "22", "content": "20", "investment": "15", "sharing": "12", "security": "13"}


@pytest.fixture
def drawn(city, plan_year):
    decl = declaration_at(city, "in_initial_review", reviewers=("finance",))
    library(city.users["office_reviewer"], 4, ["planning"])
    d = review_experts_draw(
        actor=city.users["office_reviewer"],
        declaration=decl,
        requirements=[{"field": "planning", "count": 3}],
        seed="s",
    )
    return decl, d


def test_the_aggregate_has_the_mean_the_trimmed_mean_the_spread_and_flags_outliers():
    agg = domain.aggregate(
        [Decimal("80"), Decimal("82"), Decimal("84"), Decimal("50")], trimmed=True, outlier_points=15
    )
    assert agg.mean == Decimal("74.00")
    assert agg.trimmed_mean == Decimal("81.00")  # without 84 and 50
    assert agg.median == Decimal("81.00") and agg.spread == Decimal("34.00")
    assert agg.outliers == (3,)
    assert domain.aggregate([Decimal("80"), Decimal("90")], trimmed=True, outlier_points=15).trimmed_mean is None


@pytest.mark.article("第七条(二)")
def test_each_accepted_expert_scores_the_policys_sheet_and_the_review_waits_for_every_sheet(city, drawn):
    decl, d = drawn
    head = city.users["office_head"]
    review_opinion_submit(
        actor=city.users["finance"],
        invitation=ReviewInvitation.objects.get(declaration=decl, reviewer=city.users["finance"]),
        recommendation="pass",
        opinion="同意。",
    )
    assignments = list(d.assignments.select_related("expert__user"))
    for a in assignments:
        services.assignment_accept(actor=a.expert.user, assignment=a, no_conflict=True)
    a = assignments[0]
    with pytest.raises(ValidationError) as err:
        services.score_sheet_submit(
            actor=a.expert.user, assignment=a, scores={**SCORES, "necessity": "26"}, comment="好"
        )
    assert "0 至 25 分" in str(err.value)
    with pytest.raises(Refused):
        services.score_sheet_submit(actor=assignments[1].expert.user, assignment=a, scores=SCORES, comment="好")
    for a in assignments:
        inv = ReviewInvitation.objects.get(declaration=decl, reviewer=a.expert.user)
        review_opinion_submit(actor=a.expert.user, invitation=inv, recommendation="adjust", opinion="建议压缩硬件。")
    for a, bump in zip(assignments, ("0", "2", "-1"), strict=True):
        # the review cannot conclude while a drawn expert has not scored
        with pytest.raises(Refused, match="打分表"):
            initial_review_pass(actor=head, declaration=decl, opinion="同意，压缩硬件投资。")
        scores = {**SCORES, "content": str(Decimal(SCORES["content"]) + Decimal(bump))}
        sheet = services.score_sheet_submit(actor=a.expert.user, assignment=a, scores=scores, comment="论证充分。")
        assert sheet.version == "2019-1"
    assert sorted(a.sheet.total for a in d.assignments.all()) == [
        Decimal("81.00"),
        Decimal("82.00"),
        Decimal("84.00"),
    ]
    initial_review_pass(actor=head, declaration=decl, opinion="同意，压缩硬件投资。")
    assert stage_of(decl) == "initially_passed"
    d.refresh_from_db()
    assert d.closed_at is not None
    # the review is over: no more sheets
    with pytest.raises(Refused):
        services.score_sheet_submit(actor=a.expert.user, assignment=a, scores=SCORES, comment="x")


@pytest.mark.supports("第七条(二)")
def test_the_aggregate_is_on_the_declaration_page_for_the_office_not_for_the_unit(
    client, city, drawn, django_assert_max_num_queries
):
    decl, d = drawn
    for a in d.assignments.select_related("expert__user"):
        services.assignment_accept(actor=a.expert.user, assignment=a, no_conflict=True)
        services.score_sheet_submit(actor=a.expert.user, assignment=a, scores=SCORES, comment="论证充分。")
    client.force_login(city.users["office_head"])
    with django_assert_max_num_queries(90):
        page = client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk}))
    html = page.content.decode()
    assert 'data-testid="score-aggregate"' in html and "82.00" in html
    client.force_login(city.users["clerk"])
    assert (
        'data-testid="score-aggregate"'
        not in client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).content.decode()
    )


@pytest.mark.article("第七条(二)")
def test_an_expert_sees_only_their_own_invitations_and_answers_them_in_the_workspace(client, city, drawn):
    decl, d = drawn
    mine, theirs = list(d.assignments.select_related("expert__user"))[:2]
    client.force_login(mine.expert.user)
    page = client.get(reverse("experts:workspace")).content.decode()
    assert f'data-assignment="{mine.pk}"' in page and f'data-assignment="{theirs.pk}"' not in page
    assert client.get(reverse("experts:assignment_respond", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("experts:draw_detail", kwargs={"pk": d.pk})).status_code == 403
    assert client.get(reverse("experts:expert_list")).status_code == 403
    assert client.get(reverse("experts:expert_detail", kwargs={"pk": theirs.expert_id})).status_code == 404
    # accepting without the declaration of no conflict: the message at the field, nothing saved
    response = client.post(reverse("experts:assignment_respond", kwargs={"pk": mine.pk}), {"answer": "accept"})
    assert "请先声明" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.INVITED
    client.post(
        reverse("experts:assignment_respond", kwargs={"pk": mine.pk}), {"answer": "accept", "no_conflict": "on"}
    )
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ACCEPTED
    assert client.get(reverse("intake:declaration_detail", kwargs={"pk": decl.pk})).status_code == 200
    data = {f"score_{k}": v for k, v in SCORES.items()} | {"comment": "论证充分。"}
    too_high = client.post(reverse("experts:score_sheet", kwargs={"pk": mine.pk}), {**data, "score_security": "99"})
    assert "得分不能超过 15 分" in too_high.content.decode()
    assert client.post(reverse("experts:score_sheet", kwargs={"pk": mine.pk}), data).status_code == 302
    assert type(mine).objects.get(pk=mine.pk).sheet.total == Decimal("82.00")


@pytest.mark.supports("第七条(二)")
def test_the_office_keeps_the_library_with_reasons_and_the_contact_is_masked_for_audit(client, city):
    office = city.users["office_reviewer"]
    p = enrol_expert(
        office=office, username="e1", name="甲专家", fields=["security"], phone="13951301234", verify=False
    )
    client.force_login(office)
    assert "13951301234" in client.get(reverse("experts:expert_detail", kwargs={"pk": p.pk})).content.decode()
    client.post(reverse("experts:expert_status", kwargs={"pk": p.pk}), {"action": "verify", "reason": ""})
    p.refresh_from_db()
    assert p.status == ExpertStatus.ENROLLED
    client.post(reverse("experts:expert_status", kwargs={"pk": p.pk}), {"action": "verify", "reason": "资格证书已核验"})
    p.refresh_from_db()
    assert p.status == ExpertStatus.VERIFIED
    with pytest.raises(Refused):
        services.expert_status_change(actor=city.users["audit"], profile=p, action="suspend", reason="x")
    # the expert's own change waits for the Office's verification again
    services.expert_profile_update(actor=p.user, profile=p, data={"title": "研究员"})
    p.refresh_from_db()
    assert p.status == ExpertStatus.ENROLLED and p.title == "研究员"
    client.force_login(city.users["audit"])
    assert client.get(reverse("experts:expert_list")).status_code == 403
    assert client.get(reverse("experts:draw_list")).status_code == 200


@pytest.mark.supports("第七条(二)")
def test_the_office_draws_from_the_declaration_page(client, city, plan_year):
    decl = declaration_at(city, "in_initial_review", reviewers=("finance",))
    library(city.users["office_reviewer"], 3, ["security"])
    client.force_login(city.users["office_reviewer"])
    url = reverse("intake:experts_draw", kwargs={"pk": decl.pk})
    assert "请至少在一个专业领域" in client.post(url, {}).content.decode()
    response = client.post(url, {"count_security": "2"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert page.count('data-status="invited"') == 2


@pytest.mark.supports("第七条(二)")
def test_the_policy_refuses_a_sheet_whose_weights_do_not_add_up_to_100():
    import dataclasses

    from egovpm.policy.domain import problems
    from egovpm.policy.loader import get_policy

    policy = get_policy()
    assert problems(policy) == []
    sheet = {**policy.experts.sheets["initial_review"]}
    sheet["criteria"] = [*sheet["criteria"][:-1]]
    broken = dataclasses.replace(
        policy, experts=dataclasses.replace(policy.experts, sheets={"initial_review": sheet}, yearly_cap=0)
    )
    found = problems(broken)
    assert "experts.sheets.initial_review: the weights must add up to 100" in found
    assert "experts.yearly_cap must be a positive whole number" in found
