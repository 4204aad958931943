"""The rules of acceptance (第十九条 to 第二十一条, 附件4), through the services: the six-month clock and its
extension, the application refused naming what is missing, delegation, the group, the checklist, the
outcome and the new round, and what acceptance contributes to the project."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egovpm.acceptance import domain, selectors, services
from egovpm.acceptance.models import Acceptance, AcceptanceDocument, CompletionRound
from egovpm.acceptance.testing import check_all, record_documents, report_file
from egovpm.audit.models import AuditEvent
from egovpm.catalog.services import catalog_entry_delete
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.projects import engine
from egovpm.projects.models import DeadlineExtension

from .conftest import SMALL, completed

COMPLETED = dt.date(2026, 10, 15)
DUE = dt.date(2027, 4, 15)


def _at_utc(moment: str) -> dt.datetime:
    return dt.datetime.fromisoformat(moment).replace(tzinfo=dt.UTC).astimezone(clock.TZ)


def _applied(city, acceptance, *, delegate: bool = False):
    u = city.users
    record_documents(u["clerk"], acceptance)
    if delegate:
        acceptance = services.acceptance_delegate(
            actor=u["office_reviewer"], acceptance=acceptance, reason="内容简单。"
        )
    return services.acceptance_apply(actor=u["clerk"], acceptance=acceptance, statement="申请竣工验收。")


def _started(city, acceptance):
    """Applied, the Office's group formed (its reviewer and an expert), the acceptance started."""
    u = city.users
    acceptance = _applied(city, acceptance)
    office = u["office_reviewer"]
    services.group_member_add(
        actor=office, acceptance=acceptance, kind="office_staff", user=u["office_head"], duty="组长"
    )
    services.group_member_add(actor=office, acceptance=acceptance, kind="expert", user=u["expert"])
    return services.completion_acceptance_start(actor=office, acceptance=acceptance)


# 第二十条, 附件4 一: the clock ----------------------------------------------------------------------------


@pytest.mark.article("第二十条")
def test_the_record_opens_when_construction_completes_and_counts_six_calendar_months(city, acceptance):
    assert acceptance.stage == "initial_acceptance" and acceptance.construction_completed_on == COMPLETED
    assert selectors.due_in_force(acceptance) == DUE
    assert AuditEvent.objects.filter(action="acceptance.open", object_id=str(acceptance.pk)).exists()


@pytest.mark.article("附件4 一")
@pytest.mark.parametrize(
    ("moment", "state"),
    [
        ("2027-03-10T02:00:00", "running"),
        ("2027-03-20T02:00:00", "due_soon"),  # policy: reminded 30 days before
        ("2027-04-15T15:59:00", "due_soon"),  # 23:59 in Asia/Shanghai, the due day: still in time
        ("2027-04-15T16:01:00", "overdue"),  # 00:01 of 04-16 in Asia/Shanghai
    ],
)
def test_the_clock_runs_by_the_asia_shanghai_day(city, acceptance, frozen_clock, moment, state):
    frozen_clock(_at_utc(moment))
    assert selectors.clock_of(acceptance)["state"] == state


@pytest.mark.article("第二十条")
def test_an_extension_approved_moves_the_deadline_through_the_one_mechanism(city, acceptance, frozen_clock):
    u = city.users
    frozen_clock(dt.date(2027, 4, 20))
    assert selectors.clock_of(acceptance)["state"] == "overdue"
    extension = services.acceptance_extension_request(
        actor=u["clerk"], acceptance=acceptance, requested_due=dt.date(2027, 6, 30), reason="等级测评机构排期延后。"
    )
    assert extension.stage == "requested" and extension.current_due == DUE
    # one request at a time
    with pytest.raises(Refused, match="已有延期验收申请"):
        services.acceptance_extension_request(
            actor=u["clerk"], acceptance=acceptance, requested_due=dt.date(2027, 7, 30), reason="再延。"
        )
    with pytest.raises(Refused):
        services.acceptance_extension_approve(actor=u["clerk"], extension=extension, opinion="同意。")
    extension = services.acceptance_extension_approve(
        actor=u["office_reviewer"], extension=extension, opinion="同意延期。"
    )
    assert extension.stage == "approved" and extension.grant.due == dt.date(2027, 6, 30)
    grant = DeadlineExtension.objects.get()
    assert (grant.key, grant.previous_due, grant.obj) == ("acceptance.initial_acceptance", DUE, acceptance)
    acceptance.refresh_from_db()
    assert selectors.due_in_force(acceptance) == dt.date(2027, 6, 30)
    assert selectors.clock_of(acceptance)["state"] == "running"


@pytest.mark.article("第二十条")
def test_an_extension_refused_leaves_the_deadline(city, acceptance):
    u = city.users
    extension = services.acceptance_extension_request(
        actor=u["clerk"], acceptance=acceptance, requested_due=dt.date(2027, 6, 30), reason="人员调整。"
    )
    extension = services.acceptance_extension_refuse(actor=u["office_head"], extension=extension, reason="理由不充分。")
    assert extension.stage == "refused" and extension.grant is None
    assert not DeadlineExtension.objects.exists()
    assert selectors.due_in_force(acceptance) == DUE
    with pytest.raises(ValidationError) as bad:
        services.acceptance_extension_request(
            actor=u["clerk"], acceptance=acceptance, requested_due=DUE, reason="人员调整。"
        )
    assert "须晚于现行期限" in bad.value.message_dict["requested_due"][0]


# 第二十条, 附件4 四, 六: the application -----------------------------------------------------------------


@pytest.mark.article("第二十条")
@pytest.mark.parametrize(("kind", "label"), [k for k in domain.APPLICATION_REQUIRES if k[0] != domain.CATALOG])
def test_the_application_is_refused_naming_each_missing_document(city, acceptance, kind, label):
    u = city.users
    record_documents(u["clerk"], acceptance, kinds={s.kind for s in domain.SLOTS} - {kind})
    with pytest.raises(Refused) as refused:
        services.acceptance_apply(actor=u["clerk"], acceptance=acceptance, statement="申请竣工验收。")
    assert label in refused.value.message and "竣工验收申请须附" in refused.value.message
    assert [other for _, other in domain.APPLICATION_REQUIRES if other in refused.value.message] == [label]
    acceptance.refresh_from_db()
    assert acceptance.stage == "initial_acceptance" and not CompletionRound.objects.exists()


@pytest.mark.article("第二十条")
def test_the_application_needs_the_projects_current_resource_catalog(city, acceptance):
    u = city.users
    record_documents(u["clerk"], acceptance)
    for entry in acceptance.project.catalog_entries.all():
        catalog_entry_delete(actor=u["clerk"], entry=entry)
    with pytest.raises(Refused, match="政务信息资源目录"):
        services.acceptance_apply(actor=u["clerk"], acceptance=acceptance, statement="申请竣工验收。")
    assert not CompletionRound.objects.exists()


@pytest.mark.article("附件4 六")
def test_each_document_is_typed_with_its_author_and_date(city, acceptance):
    u = city.users
    base = {"actor": u["clerk"], "acceptance": acceptance, "author_person": "张明", "dated": dt.date(2026, 10, 10)}
    with pytest.raises(ValidationError) as bad:
        services.acceptance_document_record(
            **base, kind="single_item_report", author_organisation="市人民医院", document=report_file()
        )
    assert bad.value.message_dict == {"subject": ["请填写合同或子系统名称。"]}
    with pytest.raises(ValidationError) as bad:
        services.acceptance_document_record(
            **base, kind="risk_assessment_report", author_organisation=" ", document=report_file()
        )
    assert bad.value.message_dict == {"author_organisation": ["请填写编制单位。"]}
    # 相关单位 may make the risk assessment (附件4 六(二))
    record = services.acceptance_document_record(
        **base, kind="risk_assessment_report", author_organisation="江苏某测评中心", document=report_file()
    )
    assert (record.author_organisation, record.dated, record.documents.get().kind) == (
        "江苏某测评中心",
        dt.date(2026, 10, 10),
        "risk_assessment_report",
    )
    # the other unit may not
    with pytest.raises(Refused):
        services.acceptance_document_record(
            **(base | {"actor": u["culture_clerk"]}),
            kind="construction_summary",
            author_organisation="市文化广电和旅游局",
            document=report_file(),
        )
    assert AcceptanceDocument.objects.count() == 1


# 第十九条, 附件4 五: delegation ---------------------------------------------------------------------------


@pytest.mark.article("第十九条")
def test_a_small_project_is_delegated_on_the_threshold_without_more_reason(city, frozen_clock, supervision):
    small = completed(city, name="小型系统", amounts=SMALL)
    delegated = services.acceptance_delegate(actor=city.users["office_reviewer"], acceptance=small)
    assert delegated.delegated and delegated.delegation_basis == Acceptance.Delegation.THRESHOLD
    assert "不超过 50.00 万元" in delegated.delegation_reason


@pytest.mark.article("第十九条")
@pytest.mark.article("附件4 五")
def test_a_larger_project_is_delegated_only_by_a_decision_with_its_reason(city, acceptance):
    u = city.users
    with pytest.raises(ValidationError) as bad:
        services.acceptance_delegate(actor=u["office_reviewer"], acceptance=acceptance)
    assert "超过 50.00 万元" in bad.value.message_dict["reason"][0]
    with pytest.raises(Refused):
        services.acceptance_delegate(actor=u["clerk"], acceptance=acceptance, reason="自行验收。")
    delegated = services.acceptance_delegate(actor=u["office_head"], acceptance=acceptance, reason="建设内容较简单。")
    assert delegated.delegation_basis == Acceptance.Delegation.DECISION
    # the unit now organises: it starts and concludes, the Office no longer
    applied = services.acceptance_apply(actor=u["clerk"], acceptance=_docs(city, delegated), statement="申请。")
    assert not engine.may(u["office_reviewer"], applied, "start_completion_acceptance")[0]
    started = services.completion_acceptance_start(actor=u["clerk"], acceptance=applied)
    check_all(u["clerk"], started)
    accepted = services.completion_acceptance_accept(actor=u["clerk"], acceptance=started, opinion="同意通过。")
    assert accepted.stage == "accepted" and accepted.rounds.get().delegated


def _docs(city, acceptance):
    record_documents(city.users["clerk"], acceptance)
    return acceptance


# 附件4 七: the group, the checklist, the outcome ---------------------------------------------------------


@pytest.mark.article("附件4 七")
def test_the_group_is_the_offices_staff_and_experts_and_the_projects_unit_recuses(city, acceptance):
    u = city.users
    applied = _applied(city, acceptance)
    office = u["office_reviewer"]
    with pytest.raises(ValidationError) as bad:
        services.group_member_add(actor=office, acceptance=applied, kind="office_staff", user=u["clerk"])
    assert bad.value.message_dict == {"user": ["项目建设单位的人员不能作为本项目竣工验收组成员（回避）。"]}
    with pytest.raises(ValidationError) as bad:
        services.group_member_add(actor=office, acceptance=applied, kind="department", unit=city.units["hospital"])
    assert "回避" in bad.value.message_dict["unit"][0]
    with pytest.raises(ValidationError, match="专家"):
        services.group_member_add(actor=office, acceptance=applied, kind="expert", user=u["finance"])
    services.group_member_add(actor=office, acceptance=applied, kind="office_staff", user=u["office_head"])
    # without an expert the group is not formed
    with pytest.raises(Refused, match="竣工验收组"):
        services.completion_acceptance_start(actor=office, acceptance=applied)
    services.group_member_add(actor=office, acceptance=applied, kind="expert", user=u["expert"])
    services.group_member_add(actor=office, acceptance=applied, kind="department", unit=city.units["culture"])
    with pytest.raises(Refused):  # the Office organises: not the unit
        services.completion_acceptance_start(actor=u["clerk"], acceptance=applied)
    started = services.completion_acceptance_start(actor=office, acceptance=applied)
    assert started.stage == "in_completion_acceptance"
    assert set(started.rounds.get().members.values_list("kind", flat=True)) == {"office_staff", "expert", "department"}


@pytest.mark.article("附件4 四")
@pytest.mark.article("附件4 三")
def test_the_checklist_is_required_before_a_conclusion(city, acceptance):
    u = city.users
    started = _started(city, acceptance)
    office = u["office_reviewer"]
    for action, text in (("conclude_accepted", "同意。"), ("conclude_not_accepted", "不同意。")):
        allowed, why = engine.may(office, started, action, text)
        assert not allowed and "附件4 二、四" in why
    with pytest.raises(ValidationError) as bad:
        services.check_record(actor=office, acceptance=started, code="tested", evidence="测试报告。", passed=False)
    assert bad.value.message_dict == {"note": ["请填写不满足的情况。"]}
    with pytest.raises(ValidationError) as bad:
        services.review_record(actor=office, acceptance=started, areas=["construction"], bases=[], findings="查。")
    assert set(bad.value.message_dict) == {"areas", "bases"}
    check_all(office, started)
    done = services.completion_acceptance_accept(actor=office, acceptance=started, opinion="建议加强运维。")
    current = done.rounds.get()
    assert (done.stage, current.outcome, current.opinion) == ("accepted", "accepted", "建议加强运维。")
    assert set(current.review_bases) == {code for code, _ in domain.BASES}


@pytest.mark.article("附件4 二")
def test_a_failed_task_or_condition_bars_acceptance_and_is_named(city, acceptance):
    u = city.users
    started = _started(city, acceptance)
    office = u["office_reviewer"]
    check_all(office, started, failing=("task_assets", "archives"))
    with pytest.raises(Refused) as refused:
        services.completion_acceptance_accept(actor=office, acceptance=started, opinion="同意。")
    assert "审核项目形成的资产情况" in refused.value.message and "档案文件整理齐全" in refused.value.message
    assert Acceptance.objects.get().stage == "in_completion_acceptance"


@pytest.mark.article("第二十一条")
def test_not_accepted_then_applies_again_in_a_new_round_with_its_history(city, acceptance):
    u = city.users
    started = _started(city, acceptance)
    office = u["office_reviewer"]
    check_all(office, started, failing=("archives",))
    failed = services.completion_acceptance_reject(
        actor=office, acceptance=started, reasons="档案不全：请补齐监理档案后重新申请。"
    )
    assert failed.stage == "acceptance_failed"
    assert selectors.project_guard_values(failed.project) == {"completion_accepted": False, "catalog_open": True}
    # the unit does what was asked, then applies again
    record_documents(u["clerk"], failed, kinds={"archive_list"})
    again = services.acceptance_apply(actor=u["clerk"], acceptance=failed, statement="已补齐档案，再次申请。")
    rounds = list(again.rounds.order_by("number"))
    assert [(r.number, r.outcome) for r in rounds] == [(1, "not_accepted"), (2, "")]
    assert rounds[0].reasons.startswith("档案不全") and rounds[0].checks.count() == len(domain.CHECKLIST)
    assert rounds[1].checks.count() == 0  # the new round is checked afresh


@pytest.mark.article("第二十一条")
def test_accepted_contributes_completion_accepted_and_closes_the_catalog(city, acceptance):
    u = city.users
    project = acceptance.project
    declaration = project.declarations.get()
    assert engine.contributed_guard_values(project)["completion_accepted"] is False
    assert engine.may(u["clerk"], declaration, "edit_catalog")[0]
    started = _started(city, acceptance)
    check_all(u["office_reviewer"], started)
    accepted = services.completion_acceptance_accept(actor=u["office_reviewer"], acceptance=started, opinion="同意。")
    values = engine.contributed_guard_values(project)
    assert values["completion_accepted"] is True and values["catalog_open"] is False
    allowed, why = engine.may(u["clerk"], declaration, "edit_catalog")
    assert not allowed and "竣工验收" in why
    # 第二十一条 报项目审批部门备案: the Office records the filing; accepted stays accepted
    with pytest.raises(Refused):
        services.acceptance_report_file(actor=u["clerk"], acceptance=accepted)
    filed = services.acceptance_report_file(actor=u["office_head"], acceptance=accepted, note="已备案。")
    assert filed.stage == "filed" and filed.rounds.get().filed_at is not None
    assert engine.contributed_guard_values(project)["completion_accepted"] is True
    assert selectors.acceptance_of_project(project.pk) == filed


@pytest.mark.supports("第二十一条")
def test_every_decision_is_on_the_audit_chain(city, acceptance):
    started = _started(city, acceptance)
    check_all(city.users["office_reviewer"], started)
    services.completion_acceptance_accept(actor=city.users["office_reviewer"], acceptance=started, opinion="同意。")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "acceptance.open",
        "acceptance.record_document",
        "acceptance.apply_completion",
        "acceptance.add_member",
        "acceptance.start_completion_acceptance",
        "acceptance.record_check",
        "acceptance.record_review",
        "acceptance.conclude_accepted",
    } <= actions


@pytest.mark.supports("第十九条")
def test_the_reminder_and_the_delegation_threshold_are_policy_data():
    import copy

    from egovpm.policy.domain import parse_policy, problems
    from egovpm.policy.loader import get_policy

    data = copy.deepcopy(get_policy().raw)
    policy = parse_policy(data)
    assert (policy.acceptance.remind_days_before, str(policy.acceptance.delegation_threshold_wan)) == (30, "50.00")
    assert policy.deadline("acceptance.initial_acceptance").months == 6
    data["acceptance"] |= {"delegation_threshold": "五十", "remind_days_before": -1}
    found = problems(parse_policy(data))
    assert any("delegation_threshold" in p for p in found) and any("remind_days_before" in p for p in found)
