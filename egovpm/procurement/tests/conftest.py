"""Fixtures of the procurement tests: the hospital's funded project (plan year 2027, 180.00 万元 arranged)
opened for construction with its estimate approved (construction's AMOUNTS: 软件 40.00, 开发 120.00 …), a
procurement, and a contract of 30.00 万元 软件 + 60.00 万元 开发; the clock in 2027."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egovpm.construction.tests.conftest import approve_baseline, supervision  # noqa: F401  (a fixture)
from egovpm.procurement import services

D = Decimal
IN_2027 = dt.date(2027, 5, 10)


@pytest.fixture
def project(city, frozen_clock, supervision):  # noqa: F811
    from egovpm.conftest import declaration_at
    from egovpm.construction.services import construction_open

    funded = declaration_at(city, "funded")
    construction = construction_open(actor=city.users["clerk"], project=funded.project)
    approve_baseline(city, construction)
    frozen_clock(IN_2027)
    return funded.project


def record_procurement(city, project, **overrides):
    data = {
        "subject": "互联网医院平台软件开发采购",
        "method": "open_tender",
        "supplier": "启东智慧科技有限公司",
        "amount": D("90.00"),
        "procured_on": dt.date(2027, 4, 1),
        "lines": [{"name": "互联网医院平台软件", "quantity": 1, "origin": "domestic", "foreign_reason": ""}],
    }
    data.update(overrides)
    return services.procurement_record(actor=city.users["clerk"], project=project, **data)


@pytest.fixture
def procurement(city, project):
    return record_procurement(city, project)


def sign(city, procurement, *, number="QDHT-2027-001", parts=None, **overrides):
    return services.contract_sign(
        actor=city.users["clerk"],
        procurement=procurement,
        number=number,
        name="互联网医院平台建设合同",
        signed_on=dt.date(2027, 4, 20),
        parts=parts or {"software": D("30.00"), "development": D("60.00")},
        **overrides,
    )


@pytest.fixture
def contract(city, procurement):
    return sign(city, procurement)


def pay(city, contract, amount, *, kind="development", source="fiscal", paid_on=IN_2027, user="finance"):
    return services.payment_record(
        actor=city.users[user],
        contract=contract,
        kind=kind,
        funding_source=source,
        amount=D(amount),
        paid_on=paid_on,
        voucher_number="CZBF-2027-0001",
    )


def in_construction(city, funded, *, clerk=None) -> dict:
    """For the suites that need a project in construction (the API's, the access matrix's, the hostile
    input's): the funded declaration's project opened for construction with construction's AMOUNTS
    approved, a procurement of 60.00 万元 and its contract of 60.00 万元 开发."""
    from egovpm.construction import services as construction
    from egovpm.construction.tests.conftest import AMOUNTS

    clerk = clerk or city.users["clerk"]
    opened = construction.construction_open(actor=clerk, project=funded.project)
    estimate = construction.estimate_submit(
        actor=clerk, construction=opened, design_summary="政务云部署，三个子系统。", amounts=AMOUNTS
    )
    construction.estimate_approve(actor=city.users["office_reviewer"], estimate=estimate, opinion="同意。")
    bought = services.procurement_record(
        actor=clerk,
        project=funded.project,
        subject="平台软件开发",
        method="open_tender",
        supplier="启东智慧科技有限公司",
        amount=D("60.00"),
        procured_on=dt.date(2026, 10, 1),
        lines=[{"name": "平台软件", "quantity": 1, "origin": "domestic", "foreign_reason": ""}],
    )
    contract = services.contract_sign(
        actor=clerk,
        procurement=bought,
        number="HT-001",
        name="平台软件开发合同",
        signed_on=dt.date(2026, 10, 2),
        parts={"development": D("60.00")},
    )
    return {"built": funded.project, "procurement": bought, "contract": contract}
