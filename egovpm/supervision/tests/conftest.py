"""A supervision firm with an account and a valid qualification, and a project of the hospital."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.conftest import PASSWORD, application_data
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_create
from egovpm.supervision import services
from egovpm.testing import scenario

pdf = scenario.pdf_file


@pytest.fixture
def firm(city):
    unit = unit_create(name="江苏某信息工程监理有限公司", code="9001", kind="supervision_firm", short_name="某监理")
    engineer = user_create(
        username="engineer", password=PASSWORD, full_name="钱监理", unit=unit, roles=[Role.SUPERVISION_ENGINEER]
    )
    services.firm_qualification_record(
        actor=city.users["office_reviewer"],
        firm=unit,
        grade="class_b",
        certificate_number="JL-2025-0001",
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2027, 5, 1),
    )
    unit.engineer = engineer
    return unit


@pytest.fixture
def other_firm(city):
    return unit_create(name="另一信息工程监理公司", code="9002", kind="supervision_firm", short_name="另一监理")


@pytest.fixture
def project(city, plan_year):
    return scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data()
    ).project


@pytest.fixture
def other_project(city, plan_year):
    return scenario.declare(
        clerk=city.users["culture_clerk"], plan_year=plan_year, name="智慧文旅", data=application_data()
    ).project


def assign(city, project, firm, *, actor=None):
    return services.supervision_assign(
        actor=actor or city.users["clerk"],
        project=project,
        firm=firm,
        contract_number="QD-JL-2027-01",
        contract_signed_on=dt.date(2026, 10, 1),
        contract=pdf("监理合同.pdf"),
    )


def order(city, project, *, due=dt.date(2026, 11, 14)):
    """An inspection of `project` whose finding orders a rectification by `due`."""
    office = city.users["office_reviewer"]
    inspection = services.inspection_open(actor=office, project=project, scope="年度稽察：六个方面。")
    finding = services.finding_record(
        actor=office,
        inspection=inspection,
        area="funds",
        description="资金使用未按合同约定。",
        evidence=pdf("证据.pdf"),
        requirement="按合同约定整改资金支付。",
        due=due,
    )
    return inspection, finding.rectification
