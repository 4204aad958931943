"""第十一条, 第十四条: opening the construction of a funded project, and the approved estimate baseline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at
from egovpm.construction import selectors, services
from egovpm.construction.models import Construction, EstimateStatus
from egovpm.core.errors import Refused

from .conftest import AMOUNTS, approve_baseline


@pytest.mark.article("第十一条")
def test_a_project_not_yet_funded_cannot_be_opened_for_construction(city, frozen_clock):
    decl = declaration_at(city, "in_budget_library")
    with pytest.raises(Refused, match="尚未安排资金"):
        services.construction_open(actor=city.users["clerk"], project=decl.project)
    assert not Construction.objects.exists()


@pytest.mark.supports("第十一条")
def test_the_unit_opens_its_funded_project_once_and_it_is_audited(city, funded):
    construction = services.construction_open(actor=city.users["clerk"], project=funded.project)
    assert construction.stage == "preparing"
    assert construction.unit_id == funded.project.unit_id
    assert construction.planned_end_date == funded.planned_end_date
    assert AuditEvent.objects.filter(action="construction.open", object_id=str(construction.pk)).exists()
    with pytest.raises(Refused, match="无须重复"):
        services.construction_open(actor=city.users["clerk"], project=funded.project)


@pytest.mark.supports("第十一条")
def test_another_unit_cannot_open_the_project(city, funded):
    with pytest.raises(Refused):
        services.construction_open(actor=city.users["culture_clerk"], project=funded.project)


@pytest.mark.article("第十四条")
def test_the_approved_version_is_the_baseline(city, construction):
    assert selectors.approved_estimate(construction.project) is None
    assert set(selectors.approved_amounts(construction.project).values()) == {Decimal("0.00")}
    estimate = approve_baseline(city, construction)
    assert estimate.status == EstimateStatus.APPROVED and estimate.version == 1
    assert selectors.approved_estimate(construction.project) == estimate
    assert selectors.approved_amounts(construction.project) == AMOUNTS
    assert estimate.total == sum(AMOUNTS.values())


@pytest.mark.article("第十四条")
def test_the_unit_cannot_approve_its_own_estimate(city, construction):
    estimate = services.estimate_submit(
        actor=city.users["clerk"], construction=construction, design_summary="方案", amounts=AMOUNTS
    )
    with pytest.raises(Refused):
        services.estimate_approve(actor=city.users["hospital_leader"], estimate=estimate)
    estimate.refresh_from_db()
    assert estimate.status == EstimateStatus.SUBMITTED


@pytest.mark.article("第十四条")
def test_a_returned_estimate_carries_its_reason_and_a_new_version_follows(city, construction):
    u = city.users
    first = services.estimate_submit(
        actor=u["clerk"], construction=construction, design_summary="方案", amounts=AMOUNTS
    )
    with pytest.raises(Refused, match="尚待"):
        services.estimate_submit(actor=u["clerk"], construction=construction, design_summary="方案", amounts=AMOUNTS)
    services.estimate_return(actor=u["office_reviewer"], estimate=first, reason="硬件投资偏高，请利用政务云。")
    second = services.estimate_submit(
        actor=u["clerk"], construction=construction, design_summary="方案（修改）", amounts=AMOUNTS
    )
    assert second.version == 2
    assert selectors.approved_estimate(construction.project) is None


@pytest.mark.supports("第十四条")
def test_a_negative_item_is_refused_at_its_field(city, construction):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.estimate_submit(
            actor=city.users["clerk"],
            construction=construction,
            design_summary="方案",
            amounts={**AMOUNTS, "hardware": Decimal("-1.00")},
        )
    assert "item_hardware" in exc.value.message_dict
    assert not construction.estimates.exists()
