"""第十二条 to 第十六条: starting, changing, reporting and completing the construction, each rule with what
the user reads and nothing changed when it refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egovpm.construction import selectors, services
from egovpm.construction.models import AdjustmentStatus, EstimateStatus
from egovpm.core.errors import Refused
from egovpm.documents.models import Document
from egovpm.projects.engine import may
from egovpm.projects.services import restriction_place
from egovpm.testing.scenario import pdf_file

from .conftest import AMOUNTS, RESPONSIBILITY, approve_baseline, started

TODAY = dt.date(2026, 10, 15)


def _start(city, construction):
    return services.construction_start(actor=city.users["clerk"], construction=construction)


@pytest.mark.article("第十二条")
def test_start_is_refused_until_the_responsibility_is_recorded(city, construction):
    approve_baseline(city, construction)
    with pytest.raises(Refused, match="项目实施机构、项目负责人"):
        _start(city, construction)
    construction.refresh_from_db()
    assert construction.stage == "preparing" and construction.started_on is None


@pytest.mark.article("第十四条")
def test_start_is_refused_before_the_estimate_is_approved(city, construction):
    services.responsibility_record(actor=city.users["clerk"], construction=construction, data=RESPONSIBILITY)
    services.estimate_submit(
        actor=city.users["clerk"], construction=construction, design_summary="方案", amounts=AMOUNTS
    )
    with pytest.raises(Refused, match="尚未核定初步设计方案和投资概算"):
        _start(city, construction)
    construction.refresh_from_db()
    assert construction.stage == "preparing"


@pytest.mark.article("第十三条")
def test_start_is_refused_without_a_qualified_supervision_firm(city, construction, supervision):
    services.responsibility_record(actor=city.users["clerk"], construction=construction, data=RESPONSIBILITY)
    approve_baseline(city, construction)
    supervision["supervision_firm_qualified"] = False
    allowed, why = may(city.users["clerk"], construction, "start_construction")
    assert not allowed and "监理" in why
    with pytest.raises(Refused, match="具有信息工程监理相应资质"):
        _start(city, construction)
    supervision["supervision_firm_qualified"] = True
    assert _start(city, construction).stage == "under_construction"


@pytest.mark.article("第十八条")
def test_start_is_refused_while_the_project_is_suspended(city, construction):
    services.responsibility_record(actor=city.users["clerk"], construction=construction, data=RESPONSIBILITY)
    approve_baseline(city, construction)
    restriction_place(
        actor=city.users["office_head"], project=construction.project, kind="suspend", reason="拒不整改。"
    )
    with pytest.raises(Refused, match="暂停建设"):
        _start(city, construction)
    construction.refresh_from_db()
    assert construction.stage == "preparing"


@pytest.mark.supports("第十三条")
def test_start_records_the_date(city, construction, frozen_clock):
    construction = started(city, construction)
    assert construction.stage == "under_construction" and construction.started_on == TODAY


@pytest.mark.article("第十二条")
def test_the_responsibility_is_versioned_with_before_and_after(city, construction):
    from egovpm.audit.models import AuditEvent

    u = city.users
    services.responsibility_record(actor=u["clerk"], construction=construction, data=RESPONSIBILITY)
    second = services.responsibility_record(
        actor=u["clerk"], construction=construction, data={**RESPONSIBILITY, "leader_name": "王芳"}
    )
    assert second.version == 2 and construction.responsibilities.count() == 2
    event = AuditEvent.objects.filter(action="construction.record_responsibility").order_by("-seq").first()
    assert event.before["leader_name"] == "张明" and event.after["leader_name"] == "王芳"
    with pytest.raises(ValidationError) as exc:
        services.responsibility_record(
            actor=u["clerk"], construction=construction, data={**RESPONSIBILITY, "responsible_leader": " "}
        )
    assert "负总责" in exc.value.message_dict["responsible_leader"][0]


def _raised(**changes):
    return {**AMOUNTS, **{k: Decimal(v) for k, v in changes.items()}}


@pytest.mark.article("第十四条")
def test_an_adjustment_approved_before_the_change_creates_version_2(city, construction):
    construction = started(city, construction)
    u = city.users
    adjustment = services.adjustment_request(
        actor=u["clerk"],
        construction=construction,
        changes="增加互联网医院移动端。",
        reason="省卫健委要求接入省平台。",
        amounts=_raised(development="150.00"),
    )
    assert selectors.approved_amounts(construction.project)["development"] == Decimal("120.00")
    services.adjustment_approve(actor=u["office_reviewer"], adjustment=adjustment, opinion="同意调整。")
    baseline = selectors.approved_estimate(construction.project)
    assert baseline.version == 2 and baseline.adjustment_id == adjustment.pk
    assert baseline.status == EstimateStatus.APPROVED
    assert selectors.approved_amounts(construction.project)["development"] == Decimal("150.00")
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
    # the change it covers is not post hoc
    change = services.design_change_report(
        actor=u["clerk"],
        construction=construction,
        description="增加移动端。",
        major=True,
        items=["development"],
        adjustment=adjustment,
    )
    assert not change.post_hoc


@pytest.mark.article("第十四条")
def test_a_refused_adjustment_keeps_the_baseline_and_carries_its_reason(city, construction):
    construction = started(city, construction)
    u = city.users
    adjustment = services.adjustment_request(
        actor=u["clerk"],
        construction=construction,
        changes="增加硬件。",
        reason="扩容。",
        amounts=_raised(hardware="90"),
    )
    with pytest.raises(ValidationError):
        services.adjustment_refuse(actor=u["office_reviewer"], adjustment=adjustment, reason="")
    services.adjustment_refuse(actor=u["office_reviewer"], adjustment=adjustment, reason="可利用政务云资源。")
    assert selectors.approved_estimate(construction.project).version == 1


@pytest.mark.article("第十四条")
def test_after_a_post_hoc_major_change_no_adjustment_raising_its_items_is_accepted(city, construction):
    construction = started(city, construction)
    u = city.users
    change = services.design_change_report(
        actor=u["clerk"],
        construction=construction,
        description="未经报批，将单机版改为分布式部署，硬件超概算。",
        major=True,
        items=["hardware", "integration"],
    )
    assert change.post_hoc
    with pytest.raises(Refused, match="不再受理事后调整概算申请") as exc:
        services.adjustment_request(
            actor=u["clerk"],
            construction=construction,
            changes="追加分布式部署硬件。",
            reason="已实施。",
            amounts=_raised(hardware="120.00"),
        )
    assert "硬件" in exc.value.message
    assert not construction.adjustments.exists()
    # lowering the overrun items, or raising an item the change did not touch, stays possible
    ok = services.adjustment_request(
        actor=u["clerk"],
        construction=construction,
        changes="压缩硬件，增加开发。",
        reason="优化方案。",
        amounts=_raised(hardware="60.00", development="140.00"),
    )
    assert ok.status == AdjustmentStatus.SUBMITTED


@pytest.mark.article("第十四条")
def test_an_adjustment_pending_when_a_post_hoc_change_is_reported_cannot_be_approved(city, construction):
    construction = started(city, construction)
    u = city.users
    pending = services.adjustment_request(
        actor=u["clerk"],
        construction=construction,
        changes="增加硬件。",
        reason="扩容。",
        amounts=_raised(hardware="95"),
    )
    services.design_change_report(
        actor=u["clerk"], construction=construction, description="擅自扩容。", major=True, items=["hardware"]
    )
    with pytest.raises(Refused, match="不再受理"):
        services.adjustment_approve(actor=u["office_reviewer"], adjustment=pending)
    pending.refresh_from_db()
    assert pending.status == AdjustmentStatus.SUBMITTED
    assert selectors.approved_estimate(construction.project).version == 1


@pytest.mark.article("第十五条")
def test_a_project_behind_its_plan_by_the_policy_margin_is_flagged(city, construction, frozen_clock):
    construction = started(city, construction)  # started 2026-10-15, planned end 2027-12-31
    services.progress_report_submit(
        actor=city.users["clerk"],
        construction=construction,
        data={
            "period_end": TODAY,
            "percent": 5,
            "milestones": "完成需求调研。",
            "schedule_status": "按计划推进。",
            "estimate_control": "未超概算。",
        },
    )
    frozen_clock(dt.date(2027, 1, 15))  # the plan expects 20 %: 15 points behind, within the margin of 20
    assert not selectors.is_behind_plan(construction)
    frozen_clock(dt.date(2027, 4, 15))  # about 41 %: 36 points behind
    assert selectors.is_behind_plan(construction)
    listed = selectors.construction_list(city.users["office_reviewer"]).get(pk=construction.pk)
    assert selectors.is_behind_plan(listed)
    assert [c.pk for c in selectors.behind_plan_of(selectors.construction_list(city.users["clerk"]))] == [
        construction.pk
    ]


@pytest.mark.supports("第十五条")
def test_the_margin_is_policy_data(city, construction, frozen_clock, settings, tmp_path):
    import json

    from egovpm.policy.loader import DATA_DIR, reset_cache

    construction = started(city, construction)
    frozen_clock(dt.date(2027, 4, 15))
    assert selectors.is_behind_plan(construction)
    data = json.loads((DATA_DIR / "qidong-2019.json").read_text(encoding="utf-8"))
    data["construction"]["behind_plan_margin"] = 60
    path = tmp_path / "wide-margin.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    settings.EGOVPM_POLICY = str(path)
    reset_cache()
    try:
        assert not selectors.is_behind_plan(construction)
    finally:
        reset_cache()


@pytest.mark.article("第十五条")
def test_the_unit_reports_an_incident(city, construction):
    construction = started(city, construction)
    with pytest.raises(ValidationError) as exc:
        services.incident_report(
            actor=city.users["clerk"], construction=construction, kind="major_loss", occurred_on=None, description=""
        )
    assert {"occurred_on", "description"} <= set(exc.value.message_dict)
    incident = services.incident_report(
        actor=city.users["clerk"],
        construction=construction,
        kind="serious_delay",
        occurred_on=TODAY,
        description="供应商延期交货三个月。",
    )
    assert incident.pk and construction.incidents.count() == 1


def _complete(city, construction):
    return services.construction_declare_completion(actor=city.users["clerk"], construction=construction)


@pytest.mark.article("第十六条")
def test_completion_is_refused_without_the_sharing_platform_connection(city, construction):
    construction = started(city, construction)
    with pytest.raises(Refused, match="共享交换平台"):
        _complete(city, construction)
    construction.refresh_from_db()
    assert construction.stage == "under_construction" and construction.completed_on is None
    entries = list(selectors.catalog_entries_of(construction.project))
    with pytest.raises(ValidationError) as exc:
        services.sharing_record(
            actor=city.users["clerk"], construction=construction, connected_on=TODAY, interface="RESTful", entry_ids=[]
        )
    assert "entries" in exc.value.message_dict
    services.sharing_record(
        actor=city.users["clerk"],
        construction=construction,
        connected_on=TODAY,
        interface="市共享交换平台前置机，RESTful 接口",
        entry_ids=[e.pk for e in entries],
    )
    done = _complete(city, construction)
    assert done.stage == "construction_completed" and done.completed_on == TODAY


@pytest.mark.article("第十六条")
def test_the_office_records_why_the_connection_does_not_apply(city, construction):
    construction = started(city, construction)
    with pytest.raises(Refused):
        services.sharing_exempt(actor=city.users["clerk"], construction=construction, reason="内部系统。")
    services.sharing_exempt(
        actor=city.users["office_reviewer"], construction=construction, reason="单机版内部管理系统，不产生共享数据。"
    )
    assert _complete(city, construction).stage == "construction_completed"


@pytest.mark.article("第十八条")
def test_completion_is_refused_with_an_open_rectification(city, construction, supervision):
    construction = started(city, construction)
    services.sharing_exempt(actor=city.users["office_reviewer"], construction=construction, reason="不产生共享数据。")
    supervision["no_open_rectification"] = False
    with pytest.raises(Refused, match="整改"):
        _complete(city, construction)


@pytest.mark.article("第十一条")
@pytest.mark.article("第三十一条")
def test_a_project_involving_state_secrets_refuses_every_upload(city, funded, supervision):
    u = city.users
    construction = services.construction_open(actor=u["clerk"], project=funded.project, involves_secrets=True)
    for call in (
        lambda: services.construction_document_upload(
            actor=u["clerk"], construction=construction, kind="management_rules", upload=pdf_file()
        ),
        lambda: services.estimate_submit(
            actor=u["clerk"],
            construction=construction,
            design_summary="方案",
            amounts=AMOUNTS,
            design_document=pdf_file(),
        ),
        lambda: services.responsibility_record(
            actor=u["clerk"], construction=construction, data=RESPONSIBILITY, management_rules=pdf_file()
        ),
    ):
        with pytest.raises(Refused, match="涉及国家秘密"):
            call()
    assert not Document.objects.filter(project=funded.project).exclude(owner_id=funded.pk).exists()
    assert not construction.estimates.exists() and not construction.responsibilities.exists()
    # the records themselves are kept
    services.responsibility_record(actor=u["clerk"], construction=construction, data=RESPONSIBILITY)
    assert construction.responsibilities.count() == 1


@pytest.mark.supports("第十一条")
def test_a_project_without_secrets_stores_its_materials(city, construction):
    doc = services.construction_document_upload(
        actor=city.users["clerk"], construction=construction, kind="management_rules", upload=pdf_file("制度.pdf")
    )
    assert doc.owner == construction and doc.kind == "management_rules"


@pytest.mark.supports("第十二条")
def test_progress_percent_beyond_100_is_refused_at_its_field(city, construction):
    construction = started(city, construction)
    with pytest.raises(ValidationError) as exc:
        services.progress_report_submit(
            actor=city.users["clerk"],
            construction=construction,
            data={
                "period_end": TODAY,
                "percent": 120,
                "milestones": "x",
                "schedule_status": "x",
                "estimate_control": "x",
            },
        )
    assert "percent" in exc.value.message_dict
    assert not construction.progress_reports.exists()
