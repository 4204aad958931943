"""Fixtures of the operations tests: a project of the hospital whose construction is complete (through
construction's services), accepted through acceptance's services where a test needs it, and the values the
supervision app contributes to a project stood in for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egovpm.acceptance.testing import accept_project
from egovpm.conftest import declaration_at
from egovpm.construction.tests.conftest import started
from egovpm.projects import engine as project_engine
from egovpm.projects.models import Project
from egovpm.testing import scenario

pdf = scenario.pdf_file

# What the supervision app would say of the project: a qualified firm, no open rectification.
SUPERVISION = {"supervision_firm_qualified": True, "no_open_rectification": True}


@pytest.fixture
def contributed(monkeypatch):
    """Supervision's values stood in for, after every app's own contribution to a Project's facts (acceptance's
    `completion_accepted` among them, which the tests reach through acceptance's services). Returns the ids of
    projects whose acceptance a test withdraws after the fact (completion_accepted False whatever acceptance
    says), to show that each step checks it again itself."""
    withdrawn: set[int] = set()

    def values(project):
        return {**SUPERVISION, **({"completion_accepted": False} if project.pk in withdrawn else {})}

    contributors = dict(project_engine._guard_values)
    contributors[Project] = [*contributors.get(Project, ()), values]
    monkeypatch.setattr(project_engine, "_guard_values", contributors)
    return withdrawn


@pytest.fixture
def accepted(city, contributed):
    """Completion acceptance concluded "accepted" for a completed project, through acceptance's services."""

    def accept(project):
        accept_project(city, project)
        return project

    return accept


def complete(city, *, name: str = "互联网医院") -> Project:
    """A funded project of the hospital (plan year 2027) built on the platform to construction_completed."""
    from egovpm.construction import services

    funded = declaration_at(city, "funded", name=name)
    construction = services.construction_open(actor=city.users["clerk"], project=funded.project)
    construction = started(city, construction)
    services.sharing_exempt(
        actor=city.users["office_reviewer"], construction=construction, reason="内部业务系统，不产生共享数据。"
    )
    services.construction_declare_completion(actor=city.users["clerk"], construction=construction)
    return Project.objects.select_related("unit").get(pk=funded.project_id)


@pytest.fixture
def completed(city, frozen_clock, contributed):
    return complete(city)


def prepare(city, project):
    from egovpm.operations import services

    return services.operation_prepare(
        actor=city.users["clerk"],
        project=project,
        operating_body="市人民医院信息科",
        cost_assurance="列入医院年度部门预算，按第二十四条申报运行维护经费。",
        rules=pdf("运行维护管理制度.pdf"),
    )


def running(city, project):
    """The accepted project's operation under self-management, in operation."""
    from egovpm.operations import services

    operation = prepare(city, project)
    services.operation_mode_set(actor=city.users["clerk"], operation=operation, mode="self")
    return services.operation_enter(actor=city.users["clerk"], operation=operation)


@pytest.fixture
def in_operation(city, completed, accepted):
    return running(city, accepted(completed))


def procure(city, project, *, method="open_tender"):
    from egovpm.procurement.services import procurement_record

    return procurement_record(
        actor=city.users["clerk"],
        project=project,
        subject="互联网医院运行维护服务",
        method=method,
        supplier="启东数智运维有限公司",
        amount=Decimal("30.00"),
        procured_on=dt.date(2026, 10, 15),
        non_government_reason="单位内部人员运维，不涉及政府采购。" if method == "non_government" else "",
        lines=[{"name": "运行维护服务", "origin": "domestic", "foreign_reason": "", "quantity": 1}],
    )
