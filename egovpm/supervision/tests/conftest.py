"""A supervision firm with an account and a valid qualification, and a project of the hospital."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.conftest import application_data
from egovpm.security.services_accounts import unit_create
from egovpm.supervision import services
from egovpm.testing import scenario

pdf = scenario.pdf_file


@pytest.fixture
def firm(city):
    """The city's supervision firm (its account: city.users["engineer"]), qualified until 2027-05-01."""
    unit = city.units["firm"]
    services.firm_qualification_record(
        actor=city.users["office_reviewer"],
        firm=unit,
        grade="class_b",
        certificate_number="JL-2025-0001",
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2027, 5, 1),
    )
    unit.engineer = city.users["engineer"]
    return unit


@pytest.fixture
def other_firm(city):
    return unit_create(name="另一信息工程监理公司", code="9002", kind="supervision_firm", short_name="另一监理")


def submitted(city, plan_year, *, clerk: str = "clerk", name: str = "互联网医院"):
    """A project whose declaration reached the Office (the Office sees nothing of a draft)."""
    u = city.users
    decl = scenario.declare(clerk=u[clerk], plan_year=plan_year, name=name, data=application_data())
    return scenario.advance(
        decl,
        "submitted",
        clerk=u[clerk],
        supervisor=u["supervisor"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[],
    ).project


@pytest.fixture
def project(city, plan_year):
    return submitted(city, plan_year)


@pytest.fixture
def other_project(city, plan_year):
    return submitted(city, plan_year, clerk="culture_clerk", name="智慧文旅")


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
