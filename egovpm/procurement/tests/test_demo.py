"""The demo's procurement for a project with an approved estimate (egovpm.demo.procurement)."""

import pytest

from egovpm.demo.procurement import procurement_for

from .conftest import IN_2027, D


@pytest.mark.supports("第四条")
def test_the_demo_gives_a_project_with_an_approved_estimate_its_procurement_contract_licence_and_payment(city, project):
    made = procurement_for(project, clerk=city.users["clerk"], finance=city.users["finance"], on=IN_2027)
    # construction's AMOUNTS: development 120.00, hardware 80.00 → a contract of 60.00 + 40.00
    assert made["contract"].amount == D("100.00")
    assert made["payment"].amount == D("24.00")
    assert made["licence"].documents.count() == 1
