"""Shared fixtures: a small city built through the same services the platform uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egovpm.core import clock
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_create

PASSWORD = "Egovpm#2026"

# A date inside the declaration window of plan year 2027 (declared in 2026, closing 2026-10-31).
IN_WINDOW = dt.date(2026, 10, 15)


@pytest.fixture
def frozen_clock():
    """Freeze the clock; call the returned function to move it. Restored after the test."""
    previous = clock._provider

    def move(at):
        if isinstance(at, dt.date) and not isinstance(at, dt.datetime):
            at = dt.datetime.combine(at, dt.time(10, 0), tzinfo=clock.TZ)
        clock.set_provider(lambda: at)

    move(IN_WINDOW)
    yield move
    clock.set_provider(previous)


@pytest.fixture
def city(db):
    """Units and one user per role. Returns a namespace with .units and .users."""
    return build_city()


def build_city():
    """The city of the `city` fixture, for fixtures of a wider scope (the access matrix builds it once)."""

    class City:
        pass

    c = City()
    office = unit_create(
        name="市政务信息系统整合共享工作领导小组办公室", code="0001", kind="office", short_name="政务办"
    )
    finance = unit_create(name="市财政局", code="0002", kind="finance", short_name="财政局")
    audit = unit_create(name="市审计局", code="0003", kind="audit", short_name="审计局")
    health = unit_create(name="市卫生健康委员会", code="0101", short_name="卫健委")
    hospital = unit_create(name="市人民医院", code="0102", parent=health, short_name="人民医院")
    culture = unit_create(name="市文化广电和旅游局", code="0103", short_name="文广旅局")
    c.units = {
        "office": office,
        "finance": finance,
        "audit": audit,
        "health": health,
        "hospital": hospital,
        "culture": culture,
    }

    def mk(username, name, unit, *roles):
        return user_create(username=username, password=PASSWORD, full_name=name, unit=unit, roles=list(roles))

    c.users = {
        "clerk": mk("clerk", "张明", hospital, Role.UNIT_CLERK),
        "hospital_leader": mk("hospital_leader", "李华", hospital, Role.UNIT_LEADER),
        "supervisor": mk("supervisor", "王强", health, Role.SUPERVISOR_APPROVER),
        "health_clerk": mk("health_clerk", "赵敏", health, Role.UNIT_CLERK),
        "culture_clerk": mk("culture_clerk", "孙丽", culture, Role.UNIT_CLERK),
        "office_reviewer": mk("office_reviewer", "周伟", office, Role.OFFICE_REVIEWER),
        "office_head": mk("office_head", "吴刚", office, Role.OFFICE_HEAD),
        "finance": mk("finance", "郑洁", finance, Role.FINANCE_REVIEWER),
        "audit": mk("audit", "冯涛", audit, Role.AUDIT_REVIEWER),
        "expert": mk("expert", "陈教授", None, Role.EXPERT),
        "expert2": mk("expert2", "林工", None, Role.EXPERT),
        "sysadmin": mk("sysadmin", "何管理", office, Role.SYSADMIN),
        "secadmin": mk("secadmin", "许安全", office, Role.SECADMIN),
        "auditadmin": mk("auditadmin", "韩审计", office, Role.AUDITADMIN),
    }
    return c


def application_data(**overrides) -> dict:
    """A complete, consistent application form (附件1)."""
    data = {
        "leader_name": "张明",
        "leader_phone": "0513-83312345",
        "start_date": dt.date(2027, 3, 1),
        "planned_end_date": dt.date(2027, 12, 31),
        "nature": "new",
        "purpose_and_content": "建设全市统一的互联网医院服务平台，包括信息网络系统、信息资源系统及信息业务系统。",
        "plan_compiled": True,
        "plan_expert_reviewed": False,
        "total_investment": Decimal("300.00"),
        "annual_requirement": Decimal("200.00"),
        "prior_total": Decimal("0.00"),
        "prior_fiscal": Decimal("0.00"),
        "prior_self_raised": Decimal("0.00"),
        "prior_national": Decimal("0.00"),
        "prior_other": Decimal("0.00"),
        "current_total": Decimal("200.00"),
        "current_fiscal": Decimal("180.00"),
        "current_self_raised": Decimal("20.00"),
        "current_national": Decimal("0.00"),
        "current_other": Decimal("0.00"),
        "attachments_note": "项目建议书",
        "remarks": "",
        # 第二条, 第三条 (the areas of 第六条 default to none: pass infrastructure_areas=[...] to flag)
        "category": "application_system",
        "work_kind": "new",
        "fiscal_share": "whole",
        "capital_subproject": False,
        "capital_project_name": "",
    }
    data.update(overrides)
    return data


PROPOSAL = {
    "overview": "项目名称、建设单位、工程背景、建设规模与投资概算。",
    "necessity": "现有系统分散，群众就医需多次往返。",
    "status_and_needs": "现状与需求分析。",
    "content_plan_scale": "建设内容、方案与规模。",
    "functions_and_indicators": "系统功能与主要技术经济指标。",
    "schedule": "2027年3月至12月。",
    "investment_and_funding": "财政拨款180万元，单位自筹20万元。",
    "benefits": "缩短群众办事时间，提升服务效能。",
    "classification_note": "",
}


@pytest.fixture(autouse=True)
def _append_only_guard_around_flush(request):
    """Tests that commit end with Django emptying every table; the audit triggers would refuse it."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    from egovpm.audit.testing import lift_append_only_guard, restore_append_only_guard

    request.getfixturevalue("transactional_db")
    restore_append_only_guard()
    yield
    lift_append_only_guard()


@pytest.fixture
def plan_year(city, frozen_clock):
    """Plan year 2027, opened by the Office; the clock stands inside its window (2026-10-15)."""
    from egovpm.intake.services import plan_year_open

    return plan_year_open(actor=city.users["office_reviewer"], year=2027)
