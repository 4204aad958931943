"""Carry declarations through 第七条 with the real services: used by tests and the demo data."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from egovpm.catalog import services as catalog_services
from egovpm.documents.models import DocumentKind
from egovpm.intake import services
from egovpm.intake.models import Declaration, PlanYear, ReviewRound
from egovpm.policy.loader import get_policy

# The order in which a passing declaration meets the stages of the general procedure.
PATH = (
    "draft",
    "submitted",
    "in_initial_review",
    "initially_passed",
    "feasibility_submitted",
    "in_re_review",
    "approved",
    "in_budget_library",
    "funded",
)


def pdf_file(name: str = "材料.pdf", body: str = "egovpm") -> SimpleUploadedFile:
    """A small but real PDF."""
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% "
        + body.encode("utf-8")
        + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def declare(*, clerk, plan_year: PlanYear, name: str, data: dict, proposal: dict | None = None) -> Declaration:
    """Create a draft with the materials its nature needs (附件2 online, or maintenance documents)."""
    decl = services.declaration_create(actor=clerk, plan_year=plan_year, name=name, data=data)
    if data["nature"] == "maintenance":
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.STATUS_STATEMENT, upload=pdf_file("项目状况说明书.pdf")
        )
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.BUDGET_LIST, upload=pdf_file("预算清单.pdf")
        )
    elif proposal is not None:
        services.proposal_save(actor=clerk, declaration=decl, data=proposal)
    else:
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.PROPOSAL, upload=pdf_file("项目建议书.pdf")
        )
    return decl


def submit(decl: Declaration, *, clerk, supervisor=None) -> Declaration:
    decl = services.declaration_submit(actor=clerk, declaration=decl)
    if decl.stage == "awaiting_consent":
        decl = services.declaration_consent(actor=supervisor, declaration=decl, opinion="同意上报。")
    return decl


def catalog_entry_data(n: int = 1, **overrides) -> dict:
    data = {
        "name": f"业务数据资源{n}",
        "code": f"QD-RES-{n:04d}",
        "provider": "项目建设单位",
        "category": "基础信息资源",
        "summary": "项目运行形成的业务数据。",
        "format": "数据库",
        "items": "统一社会信用代码\n名称\n办理时间",
        "share_type": "unconditional",
        "share_condition": "",
        "open_attribute": "closed",
        "update_cycle": "daily",
    }
    data.update(overrides)
    return data


def advance(
    decl: Declaration,
    to: str,
    *,
    clerk,
    office_reviewer,
    office_head,
    finance,
    reviewers: list,
    supervisor=None,
    review_round: ReviewRound | None = None,
    opinion: str = "原则同意，建议压缩硬件投资，优先利用政务云资源。",
    approved_amount: Decimal | None = None,
    arranged_amount: Decimal | None = None,
) -> Declaration:
    """Take `decl` along PATH until it reaches `to`. Each step uses the party's own service."""
    target = PATH.index(to)
    while PATH.index(_on_path(decl.stage)) < target:
        stage = decl.stage
        if stage == "draft":
            decl = submit(decl, clerk=clerk, supervisor=supervisor)
        elif stage == "submitted":
            rnd = review_round or ReviewRound.objects.filter(plan_year=decl.plan_year).first()
            if rnd is None:
                rnd = services.review_round_open(actor=office_reviewer, plan_year=decl.plan_year, name="第一批初审")
            decl = services.initial_review_start(
                actor=office_reviewer, declaration=decl, review_round=rnd, reviewers=reviewers
            )
        elif stage == "in_initial_review":
            for inv in decl.invitations.filter(submitted_at__isnull=True).select_related("reviewer"):
                services.review_opinion_submit(
                    actor=inv.reviewer, invitation=inv, recommendation="adjust", opinion="建议调整后通过。"
                )
            decl = services.initial_review_pass(actor=office_reviewer, declaration=decl, opinion=opinion)
        elif stage == "initially_passed" and decl.nature not in get_policy().intake.feasibility_required_natures:
            decl = services.feasibility_submit(actor=clerk, declaration=decl)
        elif stage == "initially_passed":
            for kind, fname in (
                (DocumentKind.FEASIBILITY_REPORT, "可行性研究报告.pdf"),
                (DocumentKind.EXPERT_OPINION, "专家初步论证意见.pdf"),
            ):
                services.declaration_document_upload(actor=clerk, declaration=decl, kind=kind, upload=pdf_file(fname))
            catalog_services.catalog_entry_save(actor=clerk, project=decl.project, data=catalog_entry_data(decl.pk))
            decl = services.feasibility_submit(actor=clerk, declaration=decl)
        elif stage == "feasibility_submitted":
            decl = services.re_review_start(actor=office_reviewer, declaration=decl)
        elif stage == "in_re_review":
            services.re_review_approve(
                actor=office_head,
                declaration=decl,
                opinion="经复核，同意该项目纳入年度计划。",
                approved_amount=approved_amount or decl.total_investment,
            )
            decl.refresh_from_db()
        elif stage == "approved":
            if decl.sent_to_finance_at is None:
                services.plan_send_to_finance(actor=office_reviewer, plan_year=decl.plan_year)
                decl.refresh_from_db()
            services.budget_library_place(actor=finance, declaration=decl, library_code=f"YS{decl.pk:06d}")
            decl.refresh_from_db()
        elif stage == "in_budget_library":
            services.budget_funds_arrange(
                actor=finance, declaration=decl, amount=arranged_amount or decl.current_fiscal
            )
            decl.refresh_from_db()
        else:
            raise ValueError(f"cannot advance from {stage}")
    return decl


def _on_path(stage: str) -> str:
    return "draft" if stage == "awaiting_consent" else stage
