"""Fixtures of the acceptance tests: a project of the hospital whose construction completed on 2026-10-15
(the six months run to 2027-04-15), with the supervision app's two guards stood in for (a qualified firm,
no open rectification), so that this app's tests stand alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egovpm.acceptance.selectors import acceptance_of_project
from egovpm.conftest import declaration_at
from egovpm.projects import engine as project_engine
from egovpm.projects.models import Project

SUPERVISION = {"supervision_firm_qualified": True, "no_open_rectification": True}
RESPONSIBILITY = {
    "implementation_body": "市人民医院信息科",
    "leader_name": "张明",
    "leader_phone": "13912345678",
    "responsible_leader": "李华",
    "responsible_leader_title": "副院长",
}
ITEMS = ("hardware", "software", "development", "integration", "supervision", "other")
AMOUNTS = dict(zip(ITEMS, map(Decimal, ("80.00", "40.00", "120.00", "20.00", "10.00", "5.00")), strict=True))
# 第十九条 建设规模较小: within the policy's 50 万元
SMALL = dict(zip(ITEMS, map(Decimal, ("0.00", "20.00", "25.00", "0.00", "0.00", "0.00")), strict=True))


@pytest.fixture
def supervision(monkeypatch):
    """The supervision app's contribution stood in for, the other apps' (acceptance's own) kept."""
    contributors = {model: list(fns) for model, fns in project_engine._guard_values.items()}
    contributors.setdefault(Project, []).append(lambda project: dict(SUPERVISION))
    monkeypatch.setattr(project_engine, "_guard_values", contributors)


def completed(city, *, name: str = "互联网医院", clerk: str = "clerk", amounts=None):
    """A funded project built and declared complete through construction's services (today)."""
    from egovpm.construction import services as cs

    u = city.users
    declaration = declaration_at(city, "funded", name=name, clerk=clerk)
    construction = cs.construction_open(actor=u[clerk], project=declaration.project)
    cs.responsibility_record(actor=u[clerk], construction=construction, data=RESPONSIBILITY)
    estimate = cs.estimate_submit(
        actor=u[clerk], construction=construction, design_summary="政务云部署。", amounts=amounts or AMOUNTS
    )
    cs.estimate_approve(actor=u["office_reviewer"], estimate=estimate, opinion="同意。")
    construction = cs.construction_start(actor=u[clerk], construction=construction)
    cs.sharing_exempt(actor=u["office_reviewer"], construction=construction, reason="内部系统，不产生共享数据。")
    cs.construction_declare_completion(actor=u[clerk], construction=construction)
    return acceptance_of_project(declaration.project_id)


@pytest.fixture
def acceptance(city, frozen_clock, supervision):
    return completed(city)


@pytest.fixture
def other_acceptance(city, frozen_clock, supervision):
    return completed(city, name="智慧文旅", clerk="culture_clerk")
