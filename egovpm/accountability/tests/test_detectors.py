"""第三十条: each automatic proposal — the platform sees the violation in the records and proposes it to the
Office with the evidence, once (idempotent)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from egovpm.accountability import services
from egovpm.audit.models import AuditEvent
from egovpm.construction.models import Adjustment, DesignChange
from egovpm.core import clock

from .conftest import construction_of, operation_of, procurement_of, proposed


@pytest.mark.article("第三十条(一)")
def test_construction_without_approval_is_proposed_once(city, unfunded):
    construction_of(city, unfunded)
    made = services.violations_propose(actor=city.users["office_reviewer"])
    violation = proposed(unfunded, "unapproved_construction").get()
    assert violation in made
    assert "未经立项批复" in violation.facts and "已开始建设" in violation.facts
    assert violation.source == "detected" and violation.unit_id == unfunded.unit_id
    assert AuditEvent.objects.filter(action="violation.propose", object_id=str(violation.pk)).exists()
    # the cron run again: nothing new
    call_command("propose_violations")
    assert proposed(unfunded, "unapproved_construction").count() == 1


@pytest.mark.article("第三十条(二)")
def test_refused_estimate_adjustment_is_proposed(city, funded):
    construction = construction_of(city, funded)
    Adjustment.objects.create(
        construction=construction,
        changes="增加硬件数量",
        reason="业务量增加",
        status="refused",
        requested_by=city.users["clerk"],
        requested_at=clock.now(),
        decided_by=city.users["office_reviewer"],
        decided_at=clock.now(),
        decision_reason="超出批复规模。",
    )
    services.violations_propose()
    facts = proposed(funded, "unapproved_scale").get().facts
    assert "增加硬件数量" in facts and "超出批复规模" in facts


@pytest.mark.article("第三十条(三)")
def test_post_hoc_design_change_is_proposed(city, funded):
    construction = construction_of(city, funded)
    DesignChange.objects.create(
        construction=construction,
        description="改为自建机房",
        major=True,
        post_hoc=True,
        reported_by=city.users["clerk"],
        reported_at=clock.now(),
    )
    services.violations_propose()
    assert "改为自建机房" in proposed(funded, "unapproved_content").get().facts


@pytest.mark.article("第三十条(四)")
def test_project_under_construction_without_catalog_is_proposed(city, funded):
    construction_of(city, funded)
    funded.catalog_entries.all().delete()
    services.violations_propose()
    assert "信息资源目录" in proposed(funded, "no_catalog").get().facts


@pytest.mark.article("第三十条(五)")
def test_procurement_outside_government_procurement_is_proposed(city, funded):
    operation_of(city, funded, mode="outsourced", procurement=procurement_of(city, funded))
    services.violations_propose()
    facts = proposed(funded, "no_procurement").get().facts
    assert "服务器采购" in facts and "外包运维未经政府采购" in facts


@pytest.mark.article("第三十条(六)")
def test_operation_without_completion_acceptance_is_proposed(city, funded):
    operation_of(city, funded)
    services.violations_propose()
    assert "未经竣工验收" in proposed(funded, "unaccepted_use").get().facts


@pytest.mark.supports("第三十条")
def test_a_funded_project_in_order_proposes_nothing(city, funded):
    construction_of(city, funded)
    procurement_of(city, funded, method="public_tender")
    assert services.violations_propose() == []
