"""Fixtures of the construction tests: a funded project of the hospital opened for construction, and the
supervision app's guard values (第十三条, 第十八条) stood in for, so that this app's tests stand alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egovpm.conftest import declaration_at
from egovpm.projects import engine as project_engine
from egovpm.projects.models import Project

# What the supervision app would say of the project: a qualified firm assigned, no open rectification.
SUPERVISION = {"supervision_firm_qualified": True, "no_open_rectification": True}

AMOUNTS = {
    "hardware": Decimal("80.00"),
    "software": Decimal("40.00"),
    "development": Decimal("120.00"),
    "integration": Decimal("20.00"),
    "supervision": Decimal("10.00"),
    "other": Decimal("5.00"),
}

RESPONSIBILITY = {
    "implementation_body": "市人民医院信息科",
    "leader_name": "张明",
    "leader_phone": "13912345678",
    "responsible_leader": "李华",
    "responsible_leader_title": "副院长",
}


@pytest.fixture
def supervision(monkeypatch):
    """The supervision app's contribution to a project's facts; change the dict to change the answer."""
    values = dict(SUPERVISION)
    contributors = dict(project_engine._guard_values)
    contributors[Project] = [lambda project: dict(values)]
    monkeypatch.setattr(project_engine, "_guard_values", contributors)
    return values


@pytest.fixture
def funded(city, frozen_clock):
    """A funded declaration of the hospital (plan year 2027)."""
    return declaration_at(city, "funded")


@pytest.fixture
def construction(city, funded, supervision):
    from egovpm.construction.services import construction_open

    return construction_open(actor=city.users["clerk"], project=funded.project)


def approve_baseline(city, construction, amounts=None):
    from egovpm.construction.services import estimate_approve, estimate_submit

    estimate = estimate_submit(
        actor=city.users["clerk"],
        construction=construction,
        design_summary="采用政务云部署，建设预约挂号、在线问诊、处方流转三个子系统。",
        amounts=amounts or AMOUNTS,
    )
    return estimate_approve(actor=city.users["office_reviewer"], estimate=estimate, opinion="同意。")


def started(city, construction):
    from egovpm.construction.services import construction_start, responsibility_record

    responsibility_record(actor=city.users["clerk"], construction=construction, data=RESPONSIBILITY)
    approve_baseline(city, construction)
    return construction_start(actor=city.users["clerk"], construction=construction)
