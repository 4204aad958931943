"""第六条: projects touching the infrastructure systems are flagged; the Office folds them into its
citywide coordinated plan or admits them as standalone projects with a reason — through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.conftest import PROPOSAL, application_data
from egovpm.coordination import services as coordination
from egovpm.coordination.models import CoordinatedItem, InfrastructureDecision
from egovpm.coordination.todo import todo_items as todo_items_coordination
from egovpm.core.errors import Refused
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.lifecycle.engine import GUARDS
from egovpm.testing import scenario

STORAGE = "全市政务云存储扩容"


def flagged(city, plan_year, *, name="文旅数据云存储扩容", areas=("云存储",), to="submitted") -> Declaration:
    """A declaration of the culture bureau (no supervising department) touching `areas`, taken to `to`."""
    decl = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name=name,
        data=application_data(infrastructure_areas=list(areas)),
        proposal=PROPOSAL,
    )
    return advance(city, decl, to)


def advance(city, decl, to):
    u = city.users
    return scenario.advance(
        decl,
        to,
        clerk=u["culture_clerk"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["finance"], u["expert"]],
    )


def answer_all(decl) -> None:
    for inv in decl.invitations.filter(submitted_at__isnull=True).select_related("reviewer"):
        services.review_opinion_submit(actor=inv.reviewer, invitation=inv, recommendation="pass", opinion="同意。")


def item(city, plan_year, name=STORAGE, area="云存储") -> CoordinatedItem:
    return coordination.coordinated_item_create(
        actor=city.users["office_reviewer"], plan_year=plan_year, name=name, area=area, description="统一扩容。"
    )


def fresh(decl) -> Declaration:
    return Declaration.objects.get(pk=decl.pk)


# -- recorded at declaration ---------------------------------------------------------------------------


@pytest.mark.article("第六条")
def test_the_areas_are_recorded_in_the_policys_order_and_unknown_areas_are_refused(city, plan_year):
    decl = flagged(city, plan_year, areas=("安全防护", "云存储", "云存储"), to="draft")
    assert decl.infrastructure_areas == ["云存储", "安全防护"]
    assert decl.infrastructure_flagged

    with pytest.raises(ValidationError) as exc:
        services.declaration_create(
            actor=city.users["culture_clerk"],
            plan_year=plan_year,
            name="机房改造",
            data=application_data(infrastructure_areas=["机房"]),
        )
    assert exc.value.message_dict == {"infrastructure_areas": ["“机房”不是第六条所列的基础性系统。"]}
    assert Declaration.objects.count() == 1


# -- the coordinated plan ------------------------------------------------------------------------------


@pytest.mark.article("第六条")
def test_the_office_adds_an_item_to_its_coordinated_plan(city, plan_year):
    created = item(city, plan_year)

    assert (created.plan_year, created.name, created.area) == (plan_year, STORAGE, "云存储")
    event = AuditEvent.objects.get(action="coordinated_item.create")
    assert event.after == {"plan_year": 2027, "name": STORAGE, "area": "云存储", "description": "统一扩容。"}
    assert event.actor_id == city.users["office_reviewer"].pk


@pytest.mark.article("第六条")
def test_only_the_office_plans_and_only_the_policys_areas(city, plan_year):
    with pytest.raises(Refused) as refused:
        coordination.coordinated_item_create(
            actor=city.users["culture_clerk"], plan_year=plan_year, name=STORAGE, area="云存储"
        )
    assert refused.value.message == "只有办公室可以编制全市统筹建设计划（第六条）。"
    with pytest.raises(ValidationError) as invalid:
        coordination.coordinated_item_create(
            actor=city.users["office_reviewer"], plan_year=plan_year, name=" ", area="机房"
        )
    assert invalid.value.message_dict == {
        "name": ["请填写统筹建设内容。"],
        "area": ["请选择第六条所列的基础性系统类别。"],
    }
    item(city, plan_year)
    with pytest.raises(ValidationError) as twice:
        item(city, plan_year)
    assert twice.value.message_dict == {"name": [f"2027 年度统筹建设计划中已有“{STORAGE}”。"]}
    assert CoordinatedItem.objects.count() == 1
    assert AuditEvent.objects.filter(action="coordinated_item.create").count() == 1


# -- folding into the plan -----------------------------------------------------------------------------


@pytest.mark.article("第六条")
@pytest.mark.parametrize("stage", ["submitted", "in_initial_review"])
def test_the_office_folds_a_flagged_project_into_a_coordinated_item(city, plan_year, frozen_clock, stage):
    decl = flagged(city, plan_year, to=stage)
    target = item(city, plan_year)
    frozen_clock(dt.date(2026, 11, 5))

    folded = coordination.coordination_fold(
        actor=city.users["office_head"], declaration=decl, coordinated_item=target, reason="并入全市政务云统一扩容。"
    )

    assert folded.stage == fresh(decl).stage == "coordinated"
    assert folded.stage_info.terminal
    decision = InfrastructureDecision.objects.get(declaration=decl)
    assert (decision.decision, decision.coordinated_item, decision.reason) == (
        "coordinated",
        target,
        "并入全市政务云统一扩容。",
    )
    assert decision.decided_by == city.users["office_head"]
    assert list(target.declarations.values_list("declaration", flat=True)) == [decl.pk]
    event = AuditEvent.objects.get(action="declaration.fold_into_coordination")
    assert (event.object_id, event.reason, event.actor_id) == (
        str(decl.pk),
        "并入全市政务云统一扩容。",
        decision.decided_by_id,
    )
    assert event.before == {"stage": stage}
    assert event.after["stage"] == "coordinated"
    assert event.after["coordinated_item"] == STORAGE
    assert event.created_at.date() == dt.date(2026, 11, 5)


@pytest.mark.article("第六条")
def test_the_unit_sees_its_project_left_its_declaration(city, plan_year):
    decl = flagged(city, plan_year)
    coordination.coordination_fold(
        actor=city.users["office_reviewer"], declaration=decl, coordinated_item=item(city, plan_year), reason="统筹。"
    )

    notices = [i for i in todo_items_coordination(city.users["culture_clerk"]) if i.declaration.pk == decl.pk]

    assert len(notices) == 1
    assert notices[0].kind == "notice"
    assert notices[0].action == "已纳入办公室统筹建设"
    assert f"纳入统筹建设事项：{STORAGE}" in notices[0].note


@pytest.mark.article("第六条")
def test_a_project_touching_no_infrastructure_cannot_be_folded(city, plan_year):
    decl = flagged(city, plan_year, areas=())

    with pytest.raises(Refused) as exc:
        coordination.coordination_fold(
            actor=city.users["office_reviewer"],
            declaration=decl,
            coordinated_item=item(city, plan_year),
            reason="统筹。",
        )

    assert exc.value.message == GUARDS["infrastructure_flagged"].refusal
    assert fresh(decl).stage == "submitted"
    assert not InfrastructureDecision.objects.exists()


@pytest.mark.article("第六条")
def test_folding_needs_the_office_an_item_of_the_same_year_and_a_reason(city, plan_year):
    decl = flagged(city, plan_year)
    later = services.plan_year_open(actor=city.users["office_reviewer"], year=2028)
    own, other = item(city, plan_year), item(city, later)

    with pytest.raises(Refused) as not_office:
        coordination.coordination_fold(
            actor=city.users["culture_clerk"], declaration=decl, coordinated_item=own, reason="统筹。"
        )
    assert not_office.value.message == "您的角色无权执行此操作。"
    with pytest.raises(ValidationError) as invalid:
        coordination.coordination_fold(
            actor=city.users["office_reviewer"], declaration=decl, coordinated_item=other, reason="  "
        )
    assert invalid.value.message_dict == {
        "coordinated_item": ["请选择该项目计划年度的统筹建设事项。"],
        "reason": ["请填写统筹说明。"],
    }
    assert fresh(decl).stage == "submitted"
    assert not InfrastructureDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="declaration.fold_into_coordination").exists()


# -- admitting it standalone ---------------------------------------------------------------------------


@pytest.mark.article("第六条")
def test_a_flagged_project_cannot_pass_the_initial_review_until_the_office_decides(city, plan_year):
    decl = flagged(city, plan_year, name="协同办公移动端", areas=("协同办公",), to="in_initial_review")
    answer_all(decl)
    office = city.users["office_reviewer"]

    with pytest.raises(Refused) as exc:
        services.initial_review_pass(actor=office, declaration=decl, opinion="同意。")
    assert exc.value.message == GUARDS["infrastructure_settled"].refusal
    assert fresh(decl).stage == "in_initial_review"

    decision = coordination.coordination_standalone(
        actor=office, declaration=decl, reason="应急指挥须在断网条件下独立运行，同意单独立项。"
    )

    assert (decision.decision, decision.coordinated_item) == ("standalone", None)
    assert fresh(decl).stage == "in_initial_review"  # the decision is not a stage change
    event = AuditEvent.objects.get(action="declaration.infrastructure_standalone")
    assert event.reason == "应急指挥须在断网条件下独立运行，同意单独立项。"
    assert event.before == {"infrastructure_decision": None}
    assert event.after["infrastructure_decision"] == "standalone"
    assert event.after["stage"] == "in_initial_review"
    passed = services.initial_review_pass(actor=office, declaration=fresh(decl), opinion="同意，须对接统一身份认证。")
    assert passed.stage == "initially_passed"


@pytest.mark.article("第六条")
def test_admitting_it_standalone_needs_a_reason_and_the_office(city, plan_year):
    decl = flagged(city, plan_year, to="in_initial_review")

    with pytest.raises(ValidationError) as no_reason:
        coordination.coordination_standalone(actor=city.users["office_reviewer"], declaration=decl, reason=" \n")
    assert no_reason.value.message_dict == {"reason": ["请填写同意单独立项的理由（第六条）。"]}
    for user in ("culture_clerk", "finance", "expert"):
        with pytest.raises(Refused) as refused:
            coordination.coordination_standalone(actor=city.users[user], declaration=decl, reason="理由。")
        assert refused.value.message == "只有办公室可以决定基础性系统项目是否单独立项（第六条）。"
    assert not InfrastructureDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="declaration.infrastructure_standalone").exists()


@pytest.mark.article("第六条")
def test_the_office_decides_once_while_the_project_is_before_or_in_the_initial_review(city, plan_year):
    office = city.users["office_reviewer"]
    draft = flagged(city, plan_year, name="草稿项目", to="draft")
    plain = flagged(city, plan_year, name="普通项目", areas=())
    decided = flagged(city, plan_year, name="已决定项目")
    coordination.coordination_standalone(actor=office, declaration=decided, reason="理由一。")

    with pytest.raises(Refused) as not_yet:
        coordination.coordination_standalone(actor=office, declaration=draft, reason="理由。")
    assert not_yet.value.message == "项目当前状态（草稿）不能作出统筹决定。"
    with pytest.raises(Refused) as not_flagged:
        coordination.coordination_standalone(actor=office, declaration=plain, reason="理由。")
    assert not_flagged.value.message == GUARDS["infrastructure_flagged"].refusal
    with pytest.raises(Refused) as twice:
        coordination.coordination_standalone(actor=office, declaration=decided, reason="理由二。")
    assert twice.value.message == "办公室已对该项目作出决定：同意单独立项。"
    with pytest.raises(Refused) as fold_after:
        coordination.coordination_fold(
            actor=office, declaration=decided, coordinated_item=item(city, plan_year), reason="统筹。"
        )
    assert fold_after.value.message == "办公室已对该项目作出决定：同意单独立项。"

    assert InfrastructureDecision.objects.get().reason == "理由一。"
    assert fresh(decided).stage == "submitted"
    assert AuditEvent.objects.filter(action="declaration.infrastructure_standalone").count() == 1
    assert not AuditEvent.objects.filter(action="declaration.fold_into_coordination").exists()


# -- the cockpit ---------------------------------------------------------------------------------------


@pytest.mark.supports("第六条")
def test_the_office_has_each_undecided_flagged_project_to_do_with_a_due_date(city, plan_year, frozen_clock):
    frozen_clock(dt.date(2026, 10, 20))
    waiting = flagged(city, plan_year, name="待决定项目")
    decided = flagged(city, plan_year, name="已决定项目")
    flagged(city, plan_year, name="普通项目", areas=())
    coordination.coordination_standalone(actor=city.users["office_reviewer"], declaration=decided, reason="理由。")

    items = todo_items_coordination(city.users["office_head"])

    assert [i.declaration.pk for i in items] == [waiting.pk]
    todo = items[0]
    assert (todo.group, todo.kind, todo.article) == ("office", "todo", "第六条")
    assert todo.due == dt.date(2026, 10, 25)  # policy service_days.initial_review_start = 5
    assert not todo.overdue
    assert "云存储" in todo.action
    assert todo.url.endswith(f"/intake/{waiting.pk}/#infrastructure")
    frozen_clock(dt.date(2026, 10, 26))
    assert todo_items_coordination(city.users["office_head"])[0].overdue
    assert todo_items_coordination(city.users["finance"]) == []
    assert todo_items_coordination(city.users["culture_clerk"]) == []
