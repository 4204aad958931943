"""第十三条, 第十七条, 第十八条: the firm and its qualification, information requests, inspections with
rectification orders, and the sanctions that follow an order not met."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.projects import services as project_services
from egovpm.projects.engine import facts_of, may
from egovpm.projects.models import Participant, Restriction
from egovpm.projects.selectors import project_facts
from egovpm.supervision import selectors, services
from egovpm.supervision.models import InformationRequest, Rectification, Sanction

from .conftest import assign, order, pdf

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def guards(project) -> dict[str, bool]:
    return selectors.project_guard_values(project)


@pytest.mark.article("第十三条")
def test_the_firm_qualified_guard_needs_an_assigned_firm_with_a_valid_qualification(city, project, firm, other_firm):
    assert guards(project)["supervision_firm_qualified"] is False  # no firm yet
    assign(city, project, other_firm)  # a firm with no qualification recorded
    assert guards(project)["supervision_firm_qualified"] is False
    assign(city, project, firm)
    assert guards(project)["supervision_firm_qualified"] is True
    assert Participant.objects.filter(project=project, role="supervision_firm", ended_at__isnull=True).count() == 2


@pytest.mark.article("第十三条")
def test_the_qualification_is_valid_by_the_asia_shanghai_day(city, project, firm, frozen_clock):
    assign(city, project, firm)  # valid until 2027-05-01 (included)
    frozen_clock(dt.datetime(2027, 5, 1, 15, 59, tzinfo=dt.UTC))  # 23:59 in Shanghai, 1 May
    assert guards(project)["supervision_firm_qualified"] is True
    frozen_clock(dt.datetime(2027, 5, 1, 16, 1, tzinfo=dt.UTC))  # 00:01 in Shanghai, 2 May
    assert clock.today() == dt.date(2027, 5, 2)
    assert guards(project)["supervision_firm_qualified"] is False


@pytest.mark.article("第十三条")
def test_the_guards_reach_the_projects_facts_and_a_project_records_facts(city, project, firm):
    supervision = assign(city, project, firm)
    assert facts_of(supervision).guards["supervision_firm_qualified"] is True
    assert facts_of(supervision).guards["no_open_rectification"] is True
    _, rect = order(city, project)
    assert facts_of(supervision).guards["no_open_rectification"] is False
    assert guards(project)["no_open_rectification"] is False


@pytest.mark.article("第十三条")
def test_only_a_supervision_firm_with_a_contract_is_entrusted(city, project, other_firm):
    culture = city.units["culture"]
    with pytest.raises(ValidationError) as bad:
        assign(city, project, culture)
    assert bad.value.message_dict == {"firm": ["请选择信息工程监理单位（第十三条）。"]}
    with pytest.raises(Refused, match="只有办公室或项目建设单位"):
        assign(city, project, other_firm, actor=city.users["culture_clerk"])
    assert not Participant.objects.filter(project=project).exists()


@pytest.mark.article("第十三条")
def test_the_firm_files_reports_only_on_projects_it_supervises(city, project, other_project, firm, other_firm):
    mine = assign(city, project, firm)
    theirs = assign(city, other_project, other_firm, actor=city.users["culture_clerk"])
    engineer = firm.engineer
    report = services.supervision_report_file(
        actor=engineer,
        supervision=mine,
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        findings="进度正常，质量符合合同要求。",
        document=pdf("监理月报.pdf"),
    )
    assert report.documents.count() == 1
    with pytest.raises(Refused, match="只有该项目确定的参与方"):
        services.supervision_report_file(
            actor=engineer,
            supervision=theirs,
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            findings="越权报送",
            document=None,
        )
    assert list(selectors.projects_visible_to(engineer)) == [project]
    assert selectors.project_get(engineer, other_project.pk) is None
    # once the Office ends the engagement, the firm sees the project no more
    services.supervision_end(actor=city.users["office_reviewer"], supervision=mine, reason="合同履行完毕。")
    assert selectors.project_get(engineer, project.pk) is None


@pytest.mark.article("第十七条")
def test_an_information_request_answered_on_the_platform(city, project, frozen_clock):
    finance = city.users["finance"]
    request = services.information_request_create(
        actor=finance, project=project, subject="请提供项目资金支付凭证。", due=dt.date(2026, 10, 25)
    )
    assert may(city.users["culture_clerk"], request, "answer_information")[0] is False
    answered = services.information_request_answer(
        actor=city.users["clerk"], request=request, answer="已上传支付凭证。", document=pdf("凭证.pdf")
    )
    assert answered.stage == "answered" and answered.documents.count() == 1
    assert not selectors.answered_late(answered)
    assert AuditEvent.objects.filter(action="information_request.answer_information").count() == 1


@pytest.mark.article("第十七条")
def test_an_information_request_lapses_and_a_refusal_is_recorded(city, project, frozen_clock):
    audit = city.users["audit"]
    request = services.information_request_create(
        actor=audit, project=project, subject="请提供合同原件。", due=dt.date(2026, 10, 20)
    )
    assert not selectors.information_request_lapsed(request, clock.today())
    frozen_clock(dt.date(2026, 10, 21))
    assert selectors.information_request_lapsed(request, clock.today())
    with pytest.raises(Refused, match="只有提出要求的单位"):
        services.information_request_record_refusal(actor=city.users["finance"], request=request, reason="x")
    refused = services.information_request_record_refusal(actor=audit, request=request, reason="单位拒绝提供合同原件。")
    assert refused.stage == "refused" and refused.refusal == "单位拒绝提供合同原件。"


@pytest.mark.article("第十七条")
def test_only_the_approving_department_finance_and_audit_ask(city, project):
    with pytest.raises(Refused, match="只有项目审批部门"):
        services.information_request_create(
            actor=city.users["culture_clerk"], project=project, subject="x", due=dt.date(2026, 10, 25)
        )
    with pytest.raises(ValidationError) as late:
        services.information_request_create(
            actor=city.users["office_reviewer"], project=project, subject="请提供。", due=dt.date(2027, 1, 1)
        )
    assert late.value.message_dict == {"due": ["提供资料和情况期限最长为 60 天（第十七条）。"]}
    # a 项目审批部门 the project names asks too
    project_services.participant_assign(
        actor=city.users["office_reviewer"],
        project=project,
        role=Participant.Role.APPROVING_DEPARTMENT,
        unit=city.units["culture"],
        reason="市政府决定。",
    )
    services.information_request_create(
        actor=city.users["culture_clerk"], project=project, subject="请提供。", due=dt.date(2026, 10, 25)
    )
    assert InformationRequest.objects.count() == 1


@pytest.mark.article("第十八条")
def test_a_rectification_order_sets_its_deadline_within_the_policys_limits(city, project):
    office = city.users["office_reviewer"]
    inspection = services.inspection_open(actor=office, project=project, scope="稽察")
    with pytest.raises(ValidationError) as too_long:
        services.finding_record(
            actor=office,
            inspection=inspection,
            area="quality",
            description="质量问题",
            requirement="整改",
            due=dt.date(2027, 10, 15),
        )
    assert too_long.value.message_dict == {"due": ["限期整改期限最长为 180 天（第十八条）。"]}
    assert not Rectification.objects.exists()


@pytest.mark.article("第十八条")
def test_a_lapsed_order_is_overdue_and_enables_a_sanction(city, project, frozen_clock):
    office = city.users["office_reviewer"]
    inspection, rect = order(city, project, due=dt.date(2026, 10, 20))
    with pytest.raises(Refused, match="只有逾期未整改或整改后仍不符合要求的"):
        services.sanction_apply(actor=office, rectification=rect, kind="criticism", reason="拒不整改")
    assert not Sanction.objects.exists()
    frozen_clock(dt.date(2026, 10, 21))
    rect.refresh_from_db()
    with pytest.raises(Refused, match="限期整改期限 2026年10月20日 已过"):
        services.rectification_submit(actor=city.users["clerk"], rectification=rect, answer="已整改")
    sanction = services.sanction_apply(actor=office, rectification=rect, kind="withhold_funds", reason="逾期未整改。")
    assert sanction.restriction.kind == "withhold_funds"
    _, project_guards = project_facts(project)
    assert project_guards["funds_not_withheld"] is False
    assert list(
        AuditEvent.objects.filter(action__in=("rectification.apply_sanction", "project.restriction_place")).values_list(
            "action", flat=True
        )
    ) == ["project.restriction_place", "rectification.apply_sanction"]
    # the lift is the project's, with its reason, audited
    project_services.restriction_lift(actor=office, restriction=sanction.restriction, reason="已补正。")
    assert project_facts(project)[1]["funds_not_withheld"] is True
    assert AuditEvent.objects.filter(action="project.restriction_lift", reason="已补正。").count() == 1


@pytest.mark.article("第十八条")
def test_a_rejected_rectification_may_be_answered_again_and_sanctioned(city, project):
    office, clerk = city.users["office_reviewer"], city.users["clerk"]
    inspection, rect = order(city, project)
    rect = services.rectification_submit(actor=clerk, rectification=rect, answer="已整改。", evidence=pdf("整改.pdf"))
    with pytest.raises(Refused, match="整改情况已报送或已通过"):
        services.sanction_apply(actor=office, rectification=rect, kind="criticism", reason="x")
    rect = services.rectification_reject(actor=office, rectification=rect, reason="整改后仍不符合要求。")
    assert may(clerk, rect, "submit_rectification", reason="再次整改")[0] is True
    criticism = services.sanction_apply(
        actor=office, rectification=rect, kind="criticism", reason="整改后仍不符合要求。"
    )
    assert criticism.restriction is None
    assert selectors.criticisms_of([project.unit_id]) == [criticism]
    with pytest.raises(Refused, match="尚有限期整改未通过复查"):
        services.inspection_close(actor=office, inspection=inspection, conclusion="办结")
    rect = services.rectification_submit(actor=clerk, rectification=rect, answer="再次整改。")
    rect = services.rectification_accept(actor=office, rectification=rect, opinion="整改到位。")
    assert guards(project)["no_open_rectification"] is True
    assert services.inspection_close(actor=office, inspection=inspection, conclusion="已整改。").stage == "closed"


@pytest.mark.article("第十八条")
def test_each_restriction_fails_its_guard_and_termination_is_final(city, project):
    office = city.users["office_reviewer"]
    _, rect = order(city, project)
    services.rectification_reject(
        actor=office,
        rectification=services.rectification_submit(actor=city.users["clerk"], rectification=rect, answer="整改"),
        reason="不符合要求",
    )
    rect.refresh_from_db()
    expected = {"withhold_funds": "funds_not_withheld", "suspend": "not_suspended", "terminate": "not_terminated"}
    for kind, guard in expected.items():
        sanction = services.sanction_apply(actor=office, rectification=rect, kind=kind, reason=f"决定{kind}")
        assert project_facts(project)[1][guard] is False
        if kind != "terminate":
            project_services.restriction_lift(actor=office, restriction=sanction.restriction, reason=f"解除{kind}")
            assert project_facts(project)[1][guard] is True
    with pytest.raises(Refused, match="不能解除"):
        project_services.restriction_lift(
            actor=office, restriction=Restriction.objects.get(kind="terminate"), reason="x"
        )
    assert AuditEvent.objects.filter(action="project.restriction_lift").count() == 2
    assert Sanction.objects.count() == 3


@pytest.mark.article("第十八条")
def test_only_the_office_inspects_and_sanctions(city, project):
    with pytest.raises(Refused, match="只有办公室"):
        services.inspection_open(actor=city.users["finance"], project=project, scope="稽察")
    _, rect = order(city, project)
    with pytest.raises(Refused, match="您的角色无权"):
        services.sanction_apply(actor=city.users["clerk"], rectification=rect, kind="criticism", reason="x")
