"""The project's parties and the restrictions of 第十八条, as the one engine reads them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egovpm.audit.models import AuditEvent
from egovpm.conftest import application_data
from egovpm.core.errors import Refused
from egovpm.lifecycle.engine import Actor, Facts, decide
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import Transition
from egovpm.policy.loader import get_policy
from egovpm.projects import selectors, services
from egovpm.projects.models import Participant, Restriction
from egovpm.security.services_accounts import unit_create
from egovpm.testing import scenario

# A construction step as a later stage's table would state it: blocked by suspension and termination.
BUILD = Transition(
    "report_progress",
    "报告建设进度",
    ("under_construction",),
    "under_construction",
    actor="supervision_firm",
    roles=frozenset({Role.UNIT_CLERK}),
    article="第十二条",
    guards=("not_terminated", "not_suspended"),
    service="egovpm.construction.services.progress_report",
)


@pytest.fixture
def project(city, plan_year):
    decl = scenario.declare(clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data())
    return decl.project


def may_build(project, unit_id: int) -> tuple[bool, str]:
    units, guards = selectors.project_facts(project)
    facts = Facts(stage="under_construction", unit_id=project.unit_id, party_units=units, guards=guards)
    actor = Actor(roles=frozenset({Role.UNIT_CLERK}), unit_id=unit_id)
    return decide(BUILD, actor=actor, facts=facts, today=dt.date(2027, 5, 1), policy=get_policy())


@pytest.mark.article("第十三条")
def test_the_supervision_firm_is_a_party_only_to_the_projects_it_supervises(city, project):
    firm = unit_create(name="江苏某信息工程监理有限公司", code="9001", short_name="某监理")
    other = unit_create(name="另一监理公司", code="9002", short_name="另一监理")
    assert may_build(project, firm.pk) == (False, "只有该项目确定的参与方可以办理此事项。")
    services.participant_assign(
        actor=city.users["office_reviewer"],
        project=project,
        role=Participant.Role.SUPERVISION_FIRM,
        unit=firm,
        reason="经公开招标确定，合同编号 QD-JL-2027-01。",
    )
    assert may_build(project, firm.pk) == (True, "")
    assert may_build(project, other.pk)[0] is False
    rows = {r["role"]: r["unit"] for r in selectors.participants_of(project)}
    assert rows["unit"] == project.unit and rows["supervising_department"] == project.unit.parent
    assert rows["approving_department"] == city.units["office"]  # 第十四条: the Office unless named
    assert rows["supervision_firm"] == firm


@pytest.mark.article("第十八条")
def test_a_suspension_blocks_construction_until_lifted_and_a_termination_for_good(city, project):
    office = city.users["office_reviewer"]
    firm = unit_create(name="江苏某信息工程监理有限公司", code="9001", short_name="某监理")
    services.participant_assign(
        actor=office, project=project, role=Participant.Role.SUPERVISION_FIRM, unit=firm, reason="合同已签订。"
    )
    suspension = services.restriction_place(
        actor=office, project=project, kind=Restriction.Kind.SUSPEND, reason="限期整改逾期未整改。"
    )
    assert may_build(project, firm.pk) == (False, "项目已被暂停建设（第十八条），暂停解除前不能办理建设事项。")
    with pytest.raises(Refused, match="已在执行中"):
        services.restriction_place(actor=office, project=project, kind=Restriction.Kind.SUSPEND, reason="再次暂停")
    services.restriction_lift(actor=office, restriction=suspension, reason="整改已通过复查。")
    assert may_build(project, firm.pk) == (True, "")
    ended = services.restriction_place(
        actor=office, project=project, kind=Restriction.Kind.TERMINATE, reason="整改后仍不符合要求。"
    )
    assert may_build(project, firm.pk) == (False, "项目已终止（第十八条），不能再办理任何事项。")
    with pytest.raises(Refused, match="不能解除"):
        services.restriction_lift(actor=office, restriction=ended, reason="撤销")
    with pytest.raises(Refused, match="已终止"):
        services.restriction_place(actor=office, project=project, kind=Restriction.Kind.WITHHOLD_FUNDS, reason="x")
    actions = list(AuditEvent.objects.filter(action__startswith="project.restriction").values_list("action", flat=True))
    assert actions == ["project.restriction_place", "project.restriction_lift", "project.restriction_place"]


@pytest.mark.article("第十八条")
def test_only_the_office_restricts_and_always_with_a_reason(city, project):
    with pytest.raises(Refused, match="只有办公室"):
        services.restriction_place(
            actor=city.users["clerk"], project=project, kind=Restriction.Kind.SUSPEND, reason="自行暂停"
        )
    with pytest.raises(ValidationError) as empty:
        services.restriction_place(
            actor=city.users["office_reviewer"], project=project, kind=Restriction.Kind.SUSPEND, reason="\u200b \u200b"
        )
    assert empty.value.message_dict == {"reason": ["请填写采取措施的理由。"]}
    assert not Restriction.objects.exists()


@pytest.mark.article("第十四条")
def test_a_project_names_one_approving_department_at_a_time(city, project):
    office = city.users["office_reviewer"]
    services.participant_assign(
        actor=office,
        project=project,
        role=Participant.Role.APPROVING_DEPARTMENT,
        unit=city.units["health"],
        reason="市政府决定由卫健委审批本项目初步设计。",
    )
    assert selectors.approving_department(project) == city.units["health"]
    with pytest.raises(Refused, match="已确定项目审批部门"):
        services.participant_assign(
            actor=office,
            project=project,
            role=Participant.Role.APPROVING_DEPARTMENT,
            unit=city.units["audit"],
            reason="x",
        )
