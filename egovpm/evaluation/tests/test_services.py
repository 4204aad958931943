"""Criteria versioning and concurrence (第二十九条), the three kinds of evaluation (第二十六条–第二十八条), the
assessor and its conflicts of interest (第二十五条), scores and the rectification an ex-post result below the
pass score orders (第二十七条)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at
from egovpm.core.errors import Refused
from egovpm.evaluation import services
from egovpm.evaluation.models import CriteriaVersion, Evaluation
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_create

from .conftest import in_force, score_all

pytestmark = pytest.mark.django_db


@pytest.mark.article("第二十九条")
def test_a_draft_takes_effect_only_after_finance_and_audit_concur(city, frozen_clock):
    u = city.users
    version = services.criteria_draft(actor=u["office_reviewer"], content=services.seed_content())
    assert version.stage == "draft"
    with pytest.raises(Refused, match="会签同意后方可生效"):
        services.criteria_put_in_force(actor=u["office_head"], criteria=version)
    services.criteria_concur_finance(actor=u["finance"], version=version, opinion="同意。")
    with pytest.raises(Refused, match="会签同意后方可生效"):
        services.criteria_put_in_force(actor=u["office_head"], criteria=version)
    with pytest.raises(Refused):
        services.criteria_concur_audit(actor=u["finance"], version=version, opinion="同意。")
    services.criteria_concur_audit(actor=u["audit"], version=version, opinion="同意，注意可量化。")
    version = services.criteria_put_in_force(actor=u["office_head"], criteria=version)
    assert version.stage == "in_force"
    assert set(version.concurrences.values_list("party", flat=True)) == {"finance", "audit"}
    assert AuditEvent.objects.filter(action="evaluation_criteria.concur_audit").exists()


@pytest.mark.article("第二十九条")
def test_a_new_version_supersedes_and_the_evaluation_keeps_its_own(city, criteria, accepted, completed):
    u = city.users
    project = accepted(completed)
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=project, kind="ex_post", evaluator=u["assessor"], contract_number="HT-1"
    )
    content = services.seed_content()
    content["title"] = "启东市电子政务项目效果评估标准和实施方案（第二版）"
    content["pass_score"] = "70"
    second = in_force(city, content)
    criteria.refresh_from_db()
    assert (criteria.stage, second.stage, second.number) == ("superseded", "in_force", 2)
    evaluation.refresh_from_db()
    assert evaluation.criteria_id == criteria.pk
    criteria.content = {**criteria.content, "pass_score": "10"}
    with pytest.raises(ValueError, match="append-only"):
        criteria.save()
    with pytest.raises(ValueError):
        CriteriaVersion.objects.get(pk=criteria.pk).delete()


@pytest.mark.article("第二十九条")
def test_a_draft_not_whole_is_refused_at_its_field(city, frozen_clock):
    content = json.loads(json.dumps(services.seed_content()))
    content["indicators"][0]["weight"] = "5"
    with pytest.raises(ValidationError) as exc:
        services.criteria_draft(actor=city.users["office_reviewer"], content=content)
    assert "权重合计应为100" in exc.value.message_dict["content"][0]
    assert not CriteriaVersion.objects.exists()


@pytest.mark.article("第二十七条")
def test_ex_post_only_after_acceptance(city, criteria, completed):
    with pytest.raises(Refused, match="事后评估在项目验收后进行"):
        services.evaluation_order(
            actor=city.users["office_reviewer"], project=completed, kind="ex_post", evaluator=city.users["assessor"]
        )
    assert not Evaluation.objects.exists()


@pytest.mark.article("第二十五条")
def test_an_evaluator_with_a_conflict_of_interest_is_refused(city, criteria, accepted, completed):
    from egovpm.operations.tests.conftest import procure

    u = city.users
    project = accepted(completed)
    order = {"actor": u["office_reviewer"], "project": project, "kind": "ex_post"}
    # an assessor whose name is the project's supplier (procurement), and a supervision engineer
    supplier_unit = unit_create(name="启东数智运维有限公司", code="0301", kind="assessor", short_name="数智")
    supplier = user_create(
        username="supplier_assessor", password="x" * 16, full_name="甲", unit=supplier_unit, roles=[Role.ASSESSOR]
    )
    procure(city, project)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_order(**order, evaluator=supplier)
    assert "供应商" in exc.value.message_dict["evaluator"][0]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_order(**order, evaluator=u["engineer"])
    assert "评价人员" in exc.value.message_dict["evaluator"][0]
    assert not Evaluation.objects.exists()


@pytest.mark.article("第二十五条")
def test_the_project_unit_and_supervision_firm_conflict(city, criteria, accepted, completed):
    from egovpm.supervision.models import Supervision

    project = accepted(completed)
    assert services.conflict_problem(project, project.unit).startswith("评价人员所在单位是该项目的建设单位")
    firm = Supervision.objects.filter(project=project).values_list("firm", flat=True).first()
    if firm is not None:
        from egovpm.orgs.models import Unit

        assert "监理单位" in services.conflict_problem(project, Unit.objects.get(pk=firm))
    assert services.conflict_problem(project, city.units["assessor"]) == ""


@pytest.mark.article("第二十五条")
def test_only_the_assigned_assessor_scores(city, criteria, accepted, completed):
    u = city.users
    project = accepted(completed)
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=project, kind="ex_post", evaluator=u["assessor"], contract_number="HT-1"
    )
    other_unit = unit_create(name="南通某评估公司", code="0302", kind="assessor", short_name="某评估")
    other = user_create(
        username="other_assessor", password="x" * 16, full_name="乙", unit=other_unit, roles=[Role.ASSESSOR]
    )
    with pytest.raises(Refused, match="只有承担该评估的评价人员"):
        services.evaluation_start(actor=other, evaluation=evaluation)
    with pytest.raises(Refused):
        services.evaluation_start(actor=u["clerk"], evaluation=evaluation)
    services.evaluation_start(actor=u["assessor"], evaluation=evaluation)


@pytest.mark.article("第二十五条")
def test_every_indicator_is_scored_before_submission_and_the_total_is_weighted(city, criteria, accepted, completed):
    u = city.users
    project = accepted(completed)
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=project, kind="ex_post", evaluator=u["assessor"]
    )
    evaluation = services.evaluation_start(actor=u["assessor"], evaluation=evaluation)
    with pytest.raises(ValidationError) as exc:
        services.score_record(
            actor=u["assessor"], evaluation=evaluation, indicator="E2", score="80", evidence=" ", comment="好"
        )
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.score_record(
            actor=u["assessor"], evaluation=evaluation, indicator="F1", score="80", evidence="x", comment="y"
        )
    for code, value in {"E2": "40", "E3": "50", "I2": "60"}.items():
        services.score_record(
            actor=u["assessor"], evaluation=evaluation, indicator=code, score=value, evidence="记录", comment="意见"
        )
    with pytest.raises(Refused, match="请先对每一项评价指标评分"):
        services.evaluation_submit(actor=u["assessor"], evaluation=evaluation, opinion="意见")
    services.score_record(
        actor=u["assessor"], evaluation=evaluation, indicator="O2", score="90", evidence="记录", comment="意见"
    )
    evaluation = services.evaluation_submit(actor=u["assessor"], evaluation=evaluation, opinion="意见")
    assert evaluation.total == Decimal("58.00")


@pytest.mark.article("第二十七条")
def test_an_ex_post_result_below_the_pass_score_orders_rectification(city, criteria, accepted, completed, frozen_clock):
    u = city.users
    project = accepted(completed)
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=project, kind="ex_post", evaluator=u["assessor"]
    )
    evaluation = score_all(city, evaluation, "50")
    with pytest.raises(ValidationError) as exc:
        services.evaluation_conclude(
            actor=u["office_head"], evaluation=evaluation, rectification_due=dt.date(2030, 1, 1)
        )
    assert "rectification_due" in exc.value.message_dict
    evaluation = services.evaluation_conclude(actor=u["office_head"], evaluation=evaluation)
    assert evaluation.below_threshold and evaluation.total == Decimal("50.00")
    assert evaluation.rectification_due is not None
    assert AuditEvent.objects.filter(action="evaluation.conclude_evaluation").exists()


@pytest.mark.article("第二十六条")
def test_ex_ante_names_a_declaration_of_the_project(city, criteria):
    u = city.users
    declaration = declaration_at(city, "in_initial_review")
    with pytest.raises(ValidationError):
        services.evaluation_order(
            actor=u["office_reviewer"], project=declaration.project, kind="ex_ante", evaluator=u["assessor"]
        )
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"],
        project=declaration.project,
        kind="ex_ante",
        evaluator=u["office_reviewer"],
        declaration=declaration,
    )
    assert evaluation.declaration_id == declaration.pk


@pytest.mark.article("第二十八条")
def test_in_use_only_for_a_project_in_operation(city, criteria, accepted, completed):
    u = city.users
    project = accepted(completed)
    with pytest.raises(Refused, match="运行中的项目"):
        services.evaluation_order(
            actor=u["office_reviewer"], project=project, kind="in_use", evaluator=u["assessor"], round_label="2028年度"
        )


@pytest.mark.supports("第二十九条")
def test_the_to_do_lists_name_the_concurrence_and_the_assigned_evaluation(city, criteria, accepted, completed):
    from egovpm.evaluation.todo import todo_items

    u = city.users
    services.criteria_draft(actor=u["office_reviewer"], content=services.seed_content())
    assert any("会签" in i.action for i in todo_items(u["finance"]))
    assert any("会签" in i.action for i in todo_items(u["audit"]))
    services.evaluation_order(
        actor=u["office_reviewer"], project=accepted(completed), kind="ex_post", evaluator=u["assessor"]
    )
    assert [i.action for i in todo_items(u["assessor"])] == ["开始评分"]


@pytest.mark.article("第二十七条")
def test_a_lapsed_rectification_leads_to_criticism_on_the_units_record(
    city, criteria, accepted, completed, frozen_clock
):
    from egovpm.core import clock
    from egovpm.projects.unit_records import unit_records

    u = city.users
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=accepted(completed), kind="ex_post", evaluator=u["assessor"]
    )
    evaluation = services.evaluation_conclude(actor=u["office_head"], evaluation=score_all(city, evaluation, "40"))
    rectification = evaluation.rectification
    assert (rectification.stage, rectification.due) == ("ordered", evaluation.rectification_due)
    with pytest.raises(Refused, match="整改期限未过"):
        services.rectification_criticise(actor=u["office_head"], rectification=rectification, reason="拒不整改。")
    # the due day itself is still in time (Asia/Shanghai): 15:59 UTC is 23:59 that day, 16:01 UTC the next
    due = rectification.due
    frozen_clock(dt.datetime(due.year, due.month, due.day, 15, 59, tzinfo=dt.UTC))
    with pytest.raises(Refused):
        services.rectification_criticise(actor=u["office_head"], rectification=rectification, reason="拒不整改。")
    frozen_clock(dt.datetime(due.year, due.month, due.day, 16, 1, tzinfo=dt.UTC))
    assert clock.today() > due
    with pytest.raises(Refused):
        services.rectification_answer(actor=u["culture_clerk"], rectification=rectification, answer="已整改。")
    rectification = services.rectification_criticise(
        actor=u["office_head"], rectification=rectification, reason="逾期未整改，予以通报批评。"
    )
    assert rectification.stage == "criticised"
    records = [r for r in unit_records([completed.unit_id]) if r.label == "通报批评" and r.article == "第二十七条"]
    assert [r.text for r in records] == ["逾期未整改，予以通报批评。"]


@pytest.mark.article("第二十七条")
def test_an_answered_rectification_is_accepted_or_criticised(city, criteria, accepted, completed):
    u = city.users
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=accepted(completed), kind="ex_post", evaluator=u["assessor"]
    )
    evaluation = services.evaluation_conclude(actor=u["office_head"], evaluation=score_all(city, evaluation, "40"))
    rectification = services.rectification_answer(
        actor=u["clerk"], rectification=evaluation.rectification, answer="已优化系统性能。"
    )
    rectification = services.rectification_criticise(
        actor=u["office_head"], rectification=rectification, reason="整改后仍不符合要求。"
    )
    assert rectification.stage == "criticised"
