"""第七条(二), 第九条(三): the draw by lot with recusal, replacements, manual picks, the recorded seed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at, stage_of
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.experts import domain, services
from egovpm.experts.models import Assignment, AssignmentStatus, ExpertTie
from egovpm.intake.models import ReviewInvitation
from egovpm.intake.selectors import declaration_get
from egovpm.intake.services import review_experts_draw
from egovpm.policy.loader import get_policy
from egovpm.projects.models import Participant
from egovpm.testing.experts import enrol_expert, library

SEED = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def reviewing(city, plan_year):
    """A declaration of the hospital (supervised by the health commission) in its initial review."""
    return declaration_at(city, "in_initial_review", reviewers=("finance",))


def draw(city, decl, count=3, field="planning", seed=SEED):
    return review_experts_draw(
        actor=city.users["office_reviewer"],
        declaration=decl,
        requirements=[{"field": field, "count": count}],
        seed=seed,
    )


def excluded(d) -> dict[int, str]:
    return {e["expert"]: e["code"] for r in d.rounds.all() for e in r.excluded}


@pytest.mark.article("第七条(二)")
def test_experts_tied_to_the_declaring_unit_or_its_supervising_department_are_excluded_with_the_reason(city, reviewing):
    office = city.users["office_reviewer"]
    u = city.units
    at_unit = enrol_expert(
        office=office, username="e_unit", name="甲专家", fields=["planning"], employer_unit=u["hospital"]
    )
    at_parent = enrol_expert(
        office=office, username="e_par", name="乙专家", fields=["planning"], employer_unit=u["health"]
    )
    former = enrol_expert(office=office, username="e_old", name="丙专家", fields=["planning"])
    long_ago = enrol_expert(office=office, username="e_long", name="丁专家", fields=["planning"])
    services.expert_tie_add(
        actor=office, profile=former, kind="former_employer", unit=u["hospital"], ended_on=dt.date(2024, 6, 30)
    )
    services.expert_tie_add(
        actor=office, profile=long_ago, kind="former_employer", unit=u["hospital"], ended_on=dt.date(2020, 6, 30)
    )
    free = library(office, 3, ["planning"])
    d = draw(city, reviewing, count=5)
    assert excluded(d) == {at_unit.pk: "employer", at_parent.pk: "employer", former.pk: "former_employer"}
    reasons = {e["reason"] for e in d.rounds.get().excluded}
    assert "现工作单位为申报单位或其主管部门，应当回避" in reasons
    drawn = set(d.assignments.values_list("expert_id", flat=True))
    assert drawn == {long_ago.pk, *(p.pk for p in free)}
    event = AuditEvent.objects.filter(action="expert_draw.make").latest("seq")
    assert event.after["seed"] == SEED
    assert {e["expert"] for e in event.after["rounds"][0]["excluded"]} == {at_unit.pk, at_parent.pk, former.pk}


@pytest.mark.article("第七条(二)")
def test_experts_tied_to_the_projects_supplier_or_supervision_firm_are_excluded(city, reviewing, monkeypatch):
    from egovpm.experts import ties

    office = city.users["office_reviewer"]
    monkeypatch.setattr(ties, "_supplier_sources", [lambda project: {"南通 云海 科技有限公司"}])
    Participant.objects.create(
        project=reviewing.project,
        role="supervision_firm",
        unit=city.units["firm"],
        reason="委托监理",
        assigned_by=office,
        assigned_at=clock.now(),
    )
    supplier = enrol_expert(office=office, username="e_sup", name="甲专家", fields=["security"])
    firm = enrol_expert(office=office, username="e_firm", name="乙专家", fields=["security"])
    services.expert_tie_add(actor=office, profile=supplier, kind=ExpertTie.Kind.SUPPLIER, name="南通云海科技有限公司")
    services.expert_tie_add(actor=office, profile=firm, kind=ExpertTie.Kind.SUPERVISION_FIRM, unit=city.units["firm"])
    library(office, 2, ["security"])
    d = draw(city, reviewing, count=2, field="security")
    assert excluded(d) == {supplier.pk: "supplier", firm.pk: "supervision_firm"}


@pytest.mark.article("第七条(二)")
def test_the_unavailable_the_unverified_and_those_over_the_yearly_cap_are_excluded(city, reviewing, monkeypatch):
    office = city.users["office_reviewer"]
    away = enrol_expert(office=office, username="e_away", name="甲专家", fields=["data"])
    services.expert_unavailability_add(
        actor=away.user, profile=away, start=dt.date(2026, 10, 20), end=dt.date(2026, 11, 5)
    )
    pending = enrol_expert(office=office, username="e_pend", name="乙专家", fields=["data"], verify=False)
    busy = enrol_expert(office=office, username="e_busy", name="丙专家", fields=["data"])
    # an earlier draw this year that the busy expert accepted
    other = declaration_at(city, "in_initial_review", reviewers=("finance",), name="健康档案", clerk="culture_clerk")
    first = review_experts_draw(
        actor=office, declaration=other, requirements=[{"field": "data", "count": 1}], seed=SEED
    )
    a = first.assignments.get()
    a.expert = busy
    a.save()
    services.assignment_accept(actor=busy.user, assignment=a, no_conflict=True)
    policy = get_policy()
    capped = dataclasses.replace(policy, experts=dataclasses.replace(policy.experts, yearly_cap=1))
    monkeypatch.setattr(services, "get_policy", lambda: capped)
    library(office, 1, ["data"])
    d = draw(city, reviewing, count=1, field="data")
    codes = excluded(d)
    assert codes[away.pk] == "unavailable"
    assert codes[pending.pk] == "inactive"
    assert codes[busy.pk] == "workload"
    assert "达到年度上限 1 次" in next(e["reason"] for e in d.rounds.get().excluded if e["expert"] == busy.pk)


@pytest.mark.article("第七条(二)")
def test_a_decline_draws_a_replacement_of_the_same_field_the_same_way(city, reviewing):
    office = city.users["office_reviewer"]
    library(office, 5, ["investment"])
    d = draw(city, reviewing, count=3, field="investment")
    first = d.assignments.order_by("id").first()
    with pytest.raises(ValidationError):
        services.assignment_decline(actor=first.expert.user, assignment=first, reason="  ")
    services.assignment_decline(actor=first.expert.user, assignment=first, reason="评审期间出差在外")
    first.refresh_from_db()
    assert first.status == AssignmentStatus.DECLINED
    rounds = list(d.rounds.order_by("number"))
    assert len(rounds) == 2 and rounds[1].replaces_id == first.pk and rounds[1].count == 1
    assert first.expert_id not in rounds[1].pool  # nobody already drawn is drawn again
    replacement = d.assignments.get(round=rounds[1])
    assert replacement.field == "investment" and replacement.status == AssignmentStatus.INVITED
    assert d.assignments.filter(status=AssignmentStatus.INVITED).count() == 3
    assert AuditEvent.objects.filter(action="expert_draw.replace").exists()
    # answering twice is refused
    with pytest.raises(Refused):
        services.assignment_accept(actor=first.expert.user, assignment=first, no_conflict=True)


@pytest.mark.article("第七条(二)")
def test_a_declared_conflict_excludes_the_expert_before_they_see_the_materials_and_draws_a_replacement(city, reviewing):
    office = city.users["office_reviewer"]
    library(office, 4, ["planning"])
    d = draw(city, reviewing, count=2)
    a, b = d.assignments.order_by("id")
    # drawn but not yet accepted: the declaration (its materials) is not theirs to see
    assert declaration_get(a.expert.user, reviewing.pk) is None
    with pytest.raises(ValidationError):
        services.assignment_accept(actor=a.expert.user, assignment=a, no_conflict=False)
    services.assignment_decline(actor=a.expert.user, assignment=a, reason="曾为该院信息系统提供咨询", conflict=True)
    assert Assignment.objects.get(pk=a.pk).status == AssignmentStatus.CONFLICT
    assert declaration_get(a.expert.user, reviewing.pk) is None
    assert d.rounds.count() == 2
    # the accepted expert becomes an invited reviewer and sees the declaration
    services.assignment_accept(actor=b.expert.user, assignment=b, no_conflict=True)
    assert ReviewInvitation.objects.filter(declaration=reviewing, reviewer=b.expert.user, party="expert").exists()
    assert declaration_get(b.expert.user, reviewing.pk) is not None


@pytest.mark.article("第七条(二)")
def test_the_recorded_seed_reproduces_the_draw_and_the_audit_bureau_can_check_it(city, reviewing):
    office = city.users["office_reviewer"]
    library(office, 8, ["planning"])
    d = draw(city, reviewing, count=3)
    a = d.assignments.order_by("id").first()
    services.assignment_decline(actor=a.expert.user, assignment=a, reason="身体原因")
    event = AuditEvent.objects.filter(action="expert_draw.make").latest("seq")
    recorded = event.after["rounds"][0]
    # anyone with the seed and the pool recomputes the same experts
    assert (
        domain.draw(recorded["pool"], seed=event.after["seed"], round_number=1, field_code="planning", count=3)
        == recorded["picked"]
    )
    results = services.expert_draw_verify(actor=city.users["audit"], draw=d)
    assert [r["ok"] for r in results] == [True, True]
    assert AuditEvent.objects.filter(action="expert_draw.verify", actor=city.users["audit"]).exists()
    # a pick that was not the lot's is found out
    rnd = d.rounds.get(number=1)
    rnd.picked = sorted(rnd.pool)[:3] if sorted(rnd.pool)[:3] != rnd.picked else sorted(rnd.pool)[-3:]
    rnd.save()
    assert services.expert_draw_verify(actor=city.users["audit"], draw=d)[0]["ok"] is False
    with pytest.raises(Refused):
        services.expert_draw_verify(actor=city.users["clerk"], draw=d)


@pytest.mark.article("第七条(二)")
def test_a_manual_pick_needs_a_reason_is_marked_and_still_respects_recusal(city, reviewing):
    office = city.users["office_reviewer"]
    library(office, 1, ["security"])
    d = draw(city, reviewing, count=1, field="security")
    named = enrol_expert(office=office, username="e_named", name="甲专家", fields=["security"])
    tied = enrol_expert(
        office=office, username="e_tied", name="乙专家", fields=["security"], employer_unit=city.units["health"]
    )
    with pytest.raises(ValidationError):
        services.assignment_pick(actor=office, draw=d, profile=named, field="security", reason="")
    with pytest.raises(ValidationError, match="应当回避"):
        services.assignment_pick(actor=office, draw=d, profile=tied, field="security", reason="熟悉卫生信息化")
    with pytest.raises(Refused):
        services.assignment_pick(actor=city.users["finance"], draw=d, profile=named, field="security", reason="x")
    a = services.assignment_pick(actor=office, draw=d, profile=named, field="security", reason="库内等保专家不足")
    assert a.manual and a.manual_reason == "库内等保专家不足" and a.round is None
    event = AuditEvent.objects.filter(action="expert_draw.manual_pick").latest("seq")
    assert event.after["manual"] is True and event.reason == "库内等保专家不足"


@pytest.mark.article("第七条(二)")
def test_an_unanswered_invitation_lapses_after_its_deadline_in_shanghai_time_and_is_replaced(
    city, reviewing, frozen_clock
):
    office = city.users["office_reviewer"]
    library(office, 3, ["planning"])
    d = draw(city, reviewing, count=1)
    a = d.assignments.get()
    assert a.respond_by == clock.today() + dt.timedelta(days=get_policy().experts.accept_days)
    last_minute = dt.datetime.combine(a.respond_by, dt.time(23, 59), tzinfo=clock.TZ)
    frozen_clock(last_minute)
    assert services.assignments_lapse() == 0
    frozen_clock(last_minute + dt.timedelta(minutes=1))  # 00:00 in Shanghai, still the previous day in UTC
    with pytest.raises(Refused, match="确认期限"):
        services.assignment_accept(actor=a.expert.user, assignment=a, no_conflict=True)
    assert services.assignments_lapse() == 1
    assert Assignment.objects.get(pk=a.pk).status == AssignmentStatus.LAPSED
    assert d.assignments.filter(status=AssignmentStatus.INVITED).count() == 1


@pytest.mark.article("第九条(三)")
def test_the_joint_review_draw_excludes_ties_and_those_of_the_projects_earlier_joint_review(city, frozen_clock):
    from egovpm.intake.models import Declaration
    from egovpm.intake.services import plan_year_open
    from egovpm.intake.tests.test_special import special_advance, special_draft

    frozen_clock(dt.date(2026, 11, 10))
    year = plan_year_open(actor=city.users["office_reviewer"], year=2026)
    office = city.users["office_reviewer"]
    tied = enrol_expert(
        office=office, username="e_tied", name="甲专家", fields=["software"], employer_unit=city.units["hospital"]
    )
    pool = library(office, 4, ["software"])
    decl = special_advance(city, special_draft(city, year), "in_joint_review", reviewers=("finance",))
    first = draw(city, decl, count=1, field="software")
    sat = first.assignments.get()
    services.assignment_accept(actor=sat.expert.user, assignment=sat, no_conflict=True)
    assert excluded(first)[tied.pk] == "employer"
    # the Office closes this review; a later joint review of the same project draws again
    services.expert_draw_close(actor=office, owner=decl)
    second = draw(city, Declaration.objects.get(pk=decl.pk), count=2, field="software", seed="another")
    codes = excluded(second)
    assert codes[sat.expert_id] == "earlier_review" and codes[tied.pk] == "employer"
    assert sat.expert_id not in set(second.assignments.values_list("expert_id", flat=True))
    assert len(pool) == 4


@pytest.mark.article("第七条(二)")
def test_only_the_office_draws_and_only_while_the_declaration_is_in_review(city, plan_year):
    submitted = declaration_at(city, "submitted")
    library(city.users["office_reviewer"], 1, ["planning"])
    with pytest.raises(Refused):
        draw(city, submitted, count=1)
    with pytest.raises(Refused):
        review_experts_draw(
            actor=city.users["finance"], declaration=submitted, requirements=[{"field": "planning", "count": 1}]
        )
    assert stage_of(submitted) == "submitted"
