"""第八条, 第九条 through the services: the letter's grounds, the once-a-year limit and its exception,
each step by its party, the joint review with an adjustment, the written opinion and the funds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egovpm.api.tests.conftest import Api
from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_events_for
from egovpm.conftest import application_data, stage_of
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake import services
from egovpm.intake.models import (
    ApprovalOpinion,
    BudgetLibraryEntry,
    Declaration,
    ReviewInvitation,
    SpecialException,
    SpecialRequest,
)
from egovpm.intake.services import special
from egovpm.lifecycle.engine import GUARDS
from egovpm.projects.models import Project
from egovpm.testing import scenario

REASON = "2026年8月省卫健委部署互联网医院监管平台对接任务，年初编制计划时无法预见。"
LETTER = {"basis": "unforeseeable", "unforeseeable_reason": REASON}
MATERIALS = "1. 项目建议书；2. 可行性研究报告；3. 省卫健委对接任务文件。"
SPECIAL_PATH = (
    "draft",
    "requested",
    "materials_requested",
    "materials_submitted",
    "in_joint_review",
    "approved",
    "funds_applied",
    "funded",
)


@pytest.fixture
def year2026(city, frozen_clock):
    """Plan year 2026 (the current year): its general window closed on 2025-10-31."""
    frozen_clock(dt.date(2026, 11, 10))
    return services.plan_year_open(actor=city.users["office_reviewer"], year=2026)


def special_draft(
    city, plan_year, *, clerk: str = "clerk", name: str = "互联网医院监管平台对接", project=None, **letter
):
    return special.special_create(
        actor=city.users[clerk],
        plan_year=plan_year,
        name=name,
        data=application_data(),
        project=project,
        **{**LETTER, **letter},
    )


def upload_material(city, decl, clerk: str = "clerk", name: str = "可行性研究报告.pdf"):
    return services.declaration_document_upload(
        actor=city.users[clerk], declaration=decl, kind=DocumentKind.SPECIAL_MATERIAL, upload=scenario.pdf_file(name)
    )


def answer_all(decl, recommendation: str = "adjust", opinion: str = "建议压缩硬件投资，利用政务云资源。"):
    for inv in ReviewInvitation.objects.filter(declaration=decl, submitted_at__isnull=True).select_related("reviewer"):
        services.review_opinion_submit(
            actor=inv.reviewer, invitation=inv, recommendation=recommendation, opinion=opinion
        )


def special_advance(city, decl, to: str, *, clerk: str = "clerk", reviewers=("expert", "finance")):
    """Carry a special application along SPECIAL_PATH to `to`, each step by its party's service."""
    u = city.users
    while SPECIAL_PATH.index(decl.stage) < SPECIAL_PATH.index(to):
        stage = decl.stage
        if stage == "draft":
            decl = special.special_submit(actor=u[clerk], declaration=decl)
        elif stage == "requested":
            decl = special.special_start_agree(
                actor=u["office_reviewer"], declaration=decl, required_materials=MATERIALS
            )
        elif stage == "materials_requested":
            upload_material(city, decl, clerk)
            decl = special.special_materials_submit(actor=u[clerk], declaration=decl)
        elif stage == "materials_submitted":
            decl = special.joint_review_start(
                actor=u["office_reviewer"], declaration=decl, reviewers=[u[r] for r in reviewers]
            )
        elif stage == "in_joint_review":
            answer_all(decl)
            special.special_approve(
                actor=u["office_head"],
                declaration=decl,
                opinion="经会审，同意该项目按调整后的方案建设。",
                approved_amount=decl.total_investment,
            )
            decl = Declaration.objects.get(pk=decl.pk)
        elif stage == "approved":
            decl = special.special_funds_apply(actor=u[clerk], declaration=decl)
        elif stage == "funds_applied":
            special.special_funds_arrange(actor=u["finance"], declaration=decl, amount=decl.current_fiscal)
            decl = Declaration.objects.get(pk=decl.pk)
    return decl


# -- 第八条(一)(三): the letter states its ground --------------------------------------------------------


@pytest.mark.article("第八条(一)")
def test_an_application_for_unforeseeable_reasons_must_state_them(city, year2026):
    with pytest.raises(ValidationError) as refused:
        special_draft(city, year2026, unforeseeable_reason="   ")

    assert refused.value.message_dict["unforeseeable_reason"] == [special.MISSING_REASON]
    assert "不可预见" in special.MISSING_REASON
    assert not Declaration.objects.exists()
    assert not Project.objects.exists()
    assert not SpecialRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="special.create").exists()


@pytest.mark.article("第八条(三)")
def test_a_city_approved_project_must_name_the_approval(city, year2026):
    with pytest.raises(ValidationError) as refused:
        special_draft(city, year2026, basis="city_approved", unforeseeable_reason="", city_approval_reference="")
    assert refused.value.message_dict["city_approval_reference"] == [special.MISSING_APPROVAL]
    assert not Declaration.objects.exists()

    decl = special_draft(
        city,
        year2026,
        basis="city_approved",
        unforeseeable_reason="写了也不保存",
        city_approval_reference="启政复〔2026〕38号",
        city_approval_date=dt.date(2026, 9, 1),
    )

    request = decl.special_request
    assert (request.basis, request.city_approval_reference, request.unforeseeable_reason) == (
        "city_approved",
        "启政复〔2026〕38号",
        "",
    )
    assert (decl.procedure, decl.stage) == ("special", "draft")


@pytest.mark.article("第八条")
def test_no_ground_and_a_bad_form_are_refused_together(city, year2026):
    with pytest.raises(ValidationError) as refused:
        special.special_create(
            actor=city.users["clerk"],
            plan_year=year2026,
            name="",
            data=application_data(current_total=Decimal("100.00")),
            basis="",
        )
    errors = refused.value.message_dict
    assert {"name", "basis", "current_total"} <= set(errors)
    assert not Declaration.objects.exists()


def test_only_an_applicant_unit_writes_a_letter(city, year2026):
    for who in ("office_reviewer", "finance", "expert"):
        with pytest.raises(Refused):
            special_draft(city, year2026, clerk=who)
    assert not Declaration.objects.exists()


def test_the_letter_is_created_as_a_special_draft_with_its_audit_event(city, year2026):
    decl = special_draft(city, year2026)

    assert (decl.procedure, decl.stage, decl.unit, decl.plan_year) == (
        "special",
        "draft",
        city.units["hospital"],
        year2026,
    )
    assert decl.special_request.unforeseeable_reason == REASON
    event = audit_events_for(decl).get(action="special.create")
    assert event.after["unforeseeable_reason"] == REASON


def test_the_draft_is_edited_by_its_unit_only_while_a_draft(city, year2026):
    decl = special_draft(city, year2026)
    with pytest.raises(Refused):
        special.special_update(
            actor=city.users["culture_clerk"], declaration=decl, name="改名", data=application_data(), **LETTER
        )

    special.special_update(
        actor=city.users["clerk"],
        declaration=decl,
        name="互联网医院监管平台对接（一期）",
        data=application_data(current_total=Decimal("150.00"), current_fiscal=Decimal("130.00")),
        basis="city_approved",
        city_approval_reference="启政复〔2026〕40号",
    )
    decl.refresh_from_db()
    assert decl.project.name == "互联网医院监管平台对接（一期）"
    assert decl.current_total == Decimal("150.00")
    assert decl.special_request.basis == "city_approved"
    assert audit_events_for(decl).filter(action="special.update").count() == 1

    special.special_submit(actor=city.users["clerk"], declaration=decl)
    with pytest.raises(Refused, match="申请书已提交"):
        special.special_update(
            actor=city.users["clerk"], declaration=decl, name="再改", data=application_data(), **LETTER
        )


# -- 第八条(二): once a plan year per department per matter --------------------------------------------------


@pytest.mark.article("第八条(二)")
def test_a_second_application_for_the_same_matter_is_refused_until_the_office_records_an_exception(city, year2026):
    u = city.users
    first = special_advance(city, special_draft(city, year2026), "requested")
    second = special_draft(city, year2026, project=first.project)

    with pytest.raises(Refused) as refused:
        special.special_submit(actor=u["clerk"], declaration=second)
    assert refused.value.message == GUARDS["special_once_a_year"].refusal
    assert "每年只能启动一次" in refused.value.message
    assert stage_of(second) == "draft"
    assert not audit_events_for(second).filter(action="special.submit_special_request").exists()

    exception = special.special_exception_grant(
        actor=u["office_reviewer"],
        unit=city.units["hospital"],
        plan_year=year2026,
        project=first.project,
        reason="省卫健委追加部署第二批对接任务，经办公室研究同意再次启动。",
    )
    special.special_submit(actor=u["clerk"], declaration=second)

    assert stage_of(second) == "requested"
    exception.refresh_from_db()
    assert exception.used_by.declaration_id == second.pk
    event = audit_events_for(second).get(action="special.submit_special_request")
    assert event.after["exception"] == exception.pk

    # the exception is used up: a third application is refused again
    third = special_draft(city, year2026, project=first.project)
    with pytest.raises(Refused, match="每年只能启动一次"):
        special.special_submit(actor=u["clerk"], declaration=third)
    assert stage_of(third) == "draft"
    assert SpecialException.objects.filter(used_by__isnull=True).count() == 0


@pytest.mark.article("第八条(二)")
def test_the_limit_is_per_matter_per_department_per_year(city, year2026):
    u = city.users
    first = special_advance(city, special_draft(city, year2026), "requested")

    other_matter = special_draft(city, year2026, name="预约挂号系统升级")
    assert special.special_submit(actor=u["clerk"], declaration=other_matter).stage == "requested"

    culture = special_draft(city, year2026, clerk="culture_clerk", name="文旅监管平台对接")
    assert special.special_submit(actor=u["culture_clerk"], declaration=culture).stage == "requested"

    next_year = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    later = special.special_create(
        actor=u["clerk"],
        plan_year=next_year,
        name="互联网医院监管平台对接",
        data=application_data(),
        project=first.project,
        **LETTER,
    )
    assert special.special_submit(actor=u["clerk"], declaration=later).stage == "requested"


@pytest.mark.article("第八条(二)")
def test_a_refused_application_still_counts_and_an_unsubmitted_draft_does_not(city, year2026):
    u = city.users
    draft = special_draft(city, year2026)
    first = special_draft(city, year2026, project=draft.project)
    first = special.special_submit(actor=u["clerk"], declaration=first)  # the draft above does not count
    special.special_start_refuse(actor=u["office_reviewer"], declaration=first, reason="可纳入下年度一般申报。")

    with pytest.raises(Refused, match="每年只能启动一次"):
        special.special_submit(actor=u["clerk"], declaration=draft)


@pytest.mark.article("第八条(二)")
def test_only_the_office_records_an_exception_and_always_with_its_reason(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "requested")
    grant = {"unit": city.units["hospital"], "plan_year": year2026, "project": decl.project}

    with pytest.raises(Refused, match="只有办公室"):
        special.special_exception_grant(actor=u["clerk"], reason="自己给自己开例外", **grant)
    with pytest.raises(ValidationError) as no_reason:
        special.special_exception_grant(actor=u["office_reviewer"], reason="  ", **grant)
    assert "例外理由" in no_reason.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as wrong_unit:
        special.special_exception_grant(
            actor=u["office_reviewer"], reason="理由", **{**grant, "unit": city.units["culture"]}
        )
    assert "不属于所选单位" in wrong_unit.value.message_dict["project"][0]
    assert not SpecialException.objects.exists()

    exception = special.special_exception_grant(actor=u["office_head"], reason="确需再次启动。", **grant)
    assert audit_events_for(exception).get(action="special.exception_grant").reason == "确需再次启动。"
    with pytest.raises(Refused, match="尚未使用的例外"):
        special.special_exception_grant(actor=u["office_head"], reason="再记一条。", **grant)


# -- 第九条: each step by its party -------------------------------------------------------------------------


@pytest.mark.article("第九条(二)")
def test_each_step_is_taken_by_its_party_only(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "requested")

    with pytest.raises(Refused, match="角色无权"):
        special.special_start_agree(actor=u["clerk"], declaration=decl, required_materials=MATERIALS)
    with pytest.raises(Refused):
        special.special_start_agree(actor=u["finance"], declaration=decl, required_materials=MATERIALS)
    with pytest.raises(Refused, match="需报送的指定材料"):
        special.special_start_agree(actor=u["office_reviewer"], declaration=decl, required_materials=" ")
    assert stage_of(decl) == "requested"

    decl = special.special_start_agree(actor=u["office_reviewer"], declaration=decl, required_materials=MATERIALS)
    assert decl.special_request.required_materials == MATERIALS
    upload_material(city, decl)

    with pytest.raises(Refused):
        special.special_materials_submit(actor=u["office_reviewer"], declaration=decl)
    with pytest.raises(Refused, match="申报单位本身"):
        special.special_materials_submit(actor=u["culture_clerk"], declaration=decl)
    with pytest.raises(Refused, match="申报材料"):
        upload_material(city, decl, clerk="culture_clerk")
    assert stage_of(decl) == "materials_requested"

    decl = special.special_materials_submit(actor=u["hospital_leader"], declaration=decl)
    assert decl.stage == "materials_submitted"


@pytest.mark.article("第九条(二)")
def test_the_materials_must_be_uploaded_before_they_are_submitted(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "materials_requested")

    with pytest.raises(Refused) as refused:
        special.special_materials_submit(actor=u["clerk"], declaration=decl)
    assert refused.value.message == GUARDS["special_materials_complete"].refusal
    assert stage_of(decl) == "materials_requested"

    with pytest.raises(Refused, match="不能上传"):
        services.declaration_document_upload(
            actor=u["clerk"], declaration=decl, kind=DocumentKind.FEASIBILITY_REPORT, upload=scenario.pdf_file()
        )
    upload_material(city, decl)
    assert special.special_materials_submit(actor=u["clerk"], declaration=decl).stage == "materials_submitted"


@pytest.mark.article("第八条(一)")
def test_the_office_may_refuse_to_start_with_its_reason(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "requested")
    with pytest.raises(Refused, match="不同意启动的理由"):
        special.special_start_refuse(actor=u["office_reviewer"], declaration=decl, reason="")

    special.special_start_refuse(
        actor=u["office_reviewer"], declaration=decl, reason="所述原因年初已可预见，请纳入下年度一般申报。"
    )
    assert stage_of(decl) == "refused"
    assert "年初已可预见" in audit_events_for(decl).get(action="special.refuse_special_start").reason


# -- 第九条(三)(四): joint review, adjustment, written opinion, funds -------------------------------------------


@pytest.mark.article("第九条(三)")
def test_joint_review_with_one_adjustment_then_a_numbered_written_opinion(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "materials_submitted")

    with pytest.raises(ValidationError):
        special.joint_review_start(actor=u["office_reviewer"], declaration=decl, reviewers=[])
    with pytest.raises(ValidationError, match="不能受邀参加会审"):
        special.joint_review_start(actor=u["office_reviewer"], declaration=decl, reviewers=[u["clerk"]])
    with pytest.raises(Refused):
        special.joint_review_start(actor=u["clerk"], declaration=decl, reviewers=[u["expert"]])
    assert not ReviewInvitation.objects.exists()

    decl = special.joint_review_start(
        actor=u["office_reviewer"], declaration=decl, reviewers=[u["expert"], u["finance"]]
    )
    invitations = list(ReviewInvitation.objects.filter(declaration=decl).order_by("party"))
    assert [(i.party, i.due_date) for i in invitations] == [
        ("expert", dt.date(2026, 11, 20)),
        ("finance", dt.date(2026, 11, 20)),
    ]

    # the written opinion waits for every opinion
    with pytest.raises(Refused, match="尚有 2 位"):
        special.special_approve(
            actor=u["office_head"], declaration=decl, opinion="同意。", approved_amount=Decimal("280.00")
        )
    answer_all(decl)

    with pytest.raises(Refused, match="会审调整意见"):
        special.special_adjustment_request(actor=u["office_reviewer"], declaration=decl, opinion="")
    with pytest.raises(Refused):
        special.special_adjustment_request(actor=u["clerk"], declaration=decl, opinion="自行调整")
    decl = special.special_adjustment_request(
        actor=u["office_reviewer"], declaration=decl, opinion="请将硬件采购调整为租用政务云资源，压减投资。"
    )
    assert decl.stage == "adjustment_requested"

    upload_material(city, decl, name="调整后的实施方案.pdf")
    with pytest.raises(Refused, match="调整情况说明"):
        special.special_resubmit(actor=u["clerk"], declaration=decl, note="")
    with pytest.raises(Refused):
        special.special_resubmit(actor=u["office_reviewer"], declaration=decl, note="代为报送")
    decl = special.special_resubmit(
        actor=u["clerk"], declaration=decl, note="已改为租用政务云资源，总投资压减至280万元。"
    )
    assert decl.stage == "in_joint_review"

    with pytest.raises(Refused):
        special.special_approve(
            actor=u["office_reviewer"], declaration=decl, opinion="同意。", approved_amount=Decimal("280.00")
        )
    with pytest.raises(ValidationError):
        special.special_approve(
            actor=u["office_head"], declaration=decl, opinion="同意。", approved_amount=Decimal("999.00")
        )
    opinion = special.special_approve(
        actor=u["office_head"],
        declaration=decl,
        opinion="经会审，同意该项目按调整后的方案建设。",
        approved_amount=Decimal("280.00"),
    )

    assert opinion.number == "启政信办复〔2026〕001号"
    assert (opinion.issued_on, opinion.approved_amount) == (dt.date(2026, 11, 10), Decimal("280.00"))
    assert stage_of(decl) == "approved"


@pytest.mark.article("第九条(四)")
def test_written_opinions_of_both_procedures_share_one_numbering(city, year2026):
    first = special_advance(city, special_draft(city, year2026), "approved")
    second = special_advance(city, special_draft(city, year2026, name="预约挂号系统升级"), "approved")
    numbers = list(
        ApprovalOpinion.objects.filter(declaration__in=[first, second]).order_by("seq").values_list("number", flat=True)
    )
    assert numbers == ["启政信办复〔2026〕001号", "启政信办复〔2026〕002号"]


@pytest.mark.article("第九条(三)")
def test_the_joint_review_may_reject(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "in_joint_review")
    with pytest.raises(Refused):
        special.special_reject(actor=u["office_reviewer"], declaration=decl, reason="不通过")
    special.special_reject(actor=u["office_head"], declaration=decl, reason="与市级平台功能重复。")
    assert stage_of(decl) == "rejected"


@pytest.mark.article("第九条(四)")
def test_the_unit_applies_for_funds_and_finance_arranges_at_most_the_approved_amount(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "approved")

    with pytest.raises(Refused):
        special.special_funds_apply(actor=u["office_reviewer"], declaration=decl)
    with pytest.raises(Refused):
        special.special_funds_arrange(actor=u["finance"], declaration=decl, amount=Decimal("100.00"))
    decl = special.special_funds_apply(actor=u["clerk"], declaration=decl, note="凭书面意见申请财政资金。")
    assert decl.stage == "funds_applied"
    assert decl.sent_to_finance_at is not None

    with pytest.raises(ValidationError, match="不能超过书面意见核定的投资"):
        special.special_funds_arrange(actor=u["finance"], declaration=decl, amount=Decimal("300.01"))
    with pytest.raises(Refused):
        special.special_funds_arrange(actor=u["clerk"], declaration=decl, amount=Decimal("100.00"))
    assert not BudgetLibraryEntry.objects.exists()

    entry = special.special_funds_arrange(
        actor=u["finance"], declaration=decl, amount=Decimal("180.00"), library_code="TS2026-01"
    )
    assert (entry.arranged_amount, entry.library_code, entry.placed_by) == (
        Decimal("180.00"),
        "TS2026-01",
        u["finance"],
    )
    assert stage_of(decl) == "funded"


def test_special_actions_refuse_a_general_declaration(city, plan_year):
    decl = scenario.declare(
        clerk=city.users["culture_clerk"], plan_year=plan_year, name="文旅平台", data=application_data()
    )
    with pytest.raises(Refused, match="不是特殊申报程序"):
        special.special_submit(actor=city.users["culture_clerk"], declaration=decl)


def test_every_step_writes_its_audit_event(city, year2026):
    u = city.users
    decl = special_advance(city, special_draft(city, year2026), "in_joint_review")
    answer_all(decl)
    decl = special.special_adjustment_request(actor=u["office_reviewer"], declaration=decl, opinion="请调整。")
    decl = special.special_resubmit(actor=u["clerk"], declaration=decl, note="已调整。")
    decl = special_advance(city, decl, "funded")

    actions = list(audit_events_for(decl).filter(action__startswith="special.").values_list("action", flat=True))
    assert actions == [
        "special.create",
        "special.submit_special_request",
        "special.agree_special_start",
        "special.submit_special_materials",
        "special.start_joint_review",
        "special.request_adjustment",
        "special.resubmit_adjusted",
        "special.approve_special",
        "special.apply_special_funds",
        "special.arrange_special_funds",
    ]
    assert audit_events_for(decl).filter(action="review_opinion.submit").count() == 2


# -- the demo ----------------------------------------------------------------------------------------------


@pytest.mark.article("第八条(二)")
def test_the_demo_tells_each_path_of_the_special_procedure(db):
    """The demo's special applications on the demo city's people (without the rest of the demo)."""
    from egovpm.demo.build import Builder
    from egovpm.demo.special import build_special

    Builder().people()
    assert build_special() == {"special": 5}

    rows = Declaration.objects.filter(procedure="special").select_related("unit", "special_request")
    assert {(d.unit.short_name, d.stage) for d in rows} == {
        ("应急管理局", "adjustment_requested"),
        ("商务局", "refused"),
        ("数据局", "funds_applied"),
        ("数据局", "materials_requested"),
        ("疾控中心", "funded"),
    }
    assert SpecialException.objects.get().used_by.declaration.stage == "materials_requested"
    assert {d.special_request.basis for d in rows} == {"unforeseeable", "city_approved"}
    last = AuditEvent.objects.order_by("-seq").first()
    assert last.created_at.date() <= dt.date(2026, 11, 25)
    assert build_special() == {"special": 5}  # once


@pytest.mark.article("第九条(四)")
def test_an_approved_special_application_reads_as_passed_joint_review_everywhere(city, year2026, client):
    """One stage column holds both procedures' stages: at approved a special application is 会审通过, not the
    general procedure's 复核通过 — on its page and in the API."""
    decl = special_advance(city, special_draft(city, year2026), "approved")
    assert decl.get_stage_display() == "会审通过"
    client.force_login(city.users["clerk"])
    page = client.get(f"/intake/{decl.pk}/").content.decode()
    assert "会审通过" in page and "复核通过" not in page

    answer = Api(client, city.users["office_reviewer"], "read").get(f"/declarations/{decl.pk}")
    assert answer.status_code == 200
    assert answer.json()["stage_label"] == "会审通过"


@pytest.mark.supports("第九条")
def test_a_declaration_holds_only_its_own_procedures_stages(city, year2026):
    from django.db import IntegrityError, transaction

    decl = special_draft(city, year2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        Declaration.objects.filter(pk=decl.pk).update(stage="in_re_review")  # a general-procedure stage
    Declaration.objects.filter(pk=decl.pk).update(stage="in_joint_review")
    assert Declaration.objects.get(pk=decl.pk).get_stage_display() == "会审中"
