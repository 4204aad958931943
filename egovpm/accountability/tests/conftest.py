"""Fixtures of the accountability tests: a submitted (not funded) and a funded project of the hospital, and
records written straight to the database where the engine would refuse them — the data a detector is meant
to find (第三十条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egovpm.conftest import declaration_at
from egovpm.core import clock


@pytest.fixture
def unfunded(city, frozen_clock):
    """A project whose declaration reached the Office but was not funded."""
    return declaration_at(city, "submitted").project


@pytest.fixture
def funded(city, frozen_clock):
    return declaration_at(city, "funded").project


def construction_of(city, project):
    from egovpm.construction.models import Construction

    return Construction.objects.create(
        project=project,
        unit=project.unit,
        stage_changed_at=clock.now(),
        planned_end_date=dt.date(2027, 12, 31),
        opened_by=city.users["clerk"],
        opened_at=clock.now(),
    )


def operation_of(city, project, *, mode="self", procurement=None):
    from egovpm.operations.models import Operation

    return Operation.objects.create(
        project=project,
        unit=project.unit,
        stage_changed_at=clock.now(),
        operating_body="市人民医院信息科",
        cost_assurance="年度部门预算。",
        mode=mode,
        entrusted_body="某运维公司" if mode != "self" else "",
        entrusted_qualification="ITSS 三级" if mode != "self" else "",
        procurement=procurement,
        opened_by=city.users["clerk"],
        opened_at=clock.now(),
    )


def procurement_of(city, project, *, method="non_government"):
    from egovpm.procurement.models import Procurement

    return Procurement.objects.create(
        project=project,
        unit=project.unit,
        subject="服务器采购",
        method=method,
        non_government_reason="单位自行采购。" if method == "non_government" else "",
        supplier="某科技公司",
        amount=Decimal("30.00"),
        procured_on=dt.date(2026, 10, 1),
        recorded_by=city.users["clerk"],
        recorded_at=clock.now(),
    )


def proposed(project, kind):
    from egovpm.accountability.models import Violation

    return Violation.objects.filter(project=project, kind=kind, stage="proposed")
