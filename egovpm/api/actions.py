"""Lifecycle actions through the API: the lifecycle table says who may take them, and each goes to the
same service as the UI's button (the service the table names, or the service behind the action's own page
for the actions that need more than a reason)."""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from egovpm.audit.services import events_recorded
from egovpm.coordination import selectors as selectors_coordination
from egovpm.coordination import services as coordination
from egovpm.core.errors import Refused
from egovpm.filings import services as filing_services
from egovpm.intake import selectors_plan, selectors_review, services
from egovpm.intake.services import special
from egovpm.lifecycle.table import Transition
from egovpm.projects import engine

from .errors import forbidden, invalid, not_found
from .schemas.filings import FilingActionIn

LIBRARY_CODE_MAX = 40
START_REVIEW_FIELDS = {"review_round": "review_round_id", "reviewers": "reviewer_ids"}
JOINT_REVIEW_FIELDS = {"reviewers": "reviewer_ids"}
FOLD_FIELDS = {"coordinated_item": "coordinated_item_id"}


def _renamed(exc: ValidationError, names: dict) -> ValidationError:
    """The service names its arguments; the caller sent the body's fields."""
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


def _start_initial_review(actor, declaration, payload) -> None:
    # As the page of this action: the table decides first whether the declaration may enter the review.
    allowed, why = engine.may(actor, declaration, "start_initial_review")
    if not allowed:
        raise Refused(why)
    errors = {}
    review_round = selectors_review.review_round_get(payload.review_round_id) if payload.review_round_id else None
    if review_round is None:
        errors["review_round_id"] = "请选择本计划年度的初审轮次。"
    wanted = set(payload.reviewer_ids)
    reviewers = list(selectors_review.reviewer_users().filter(pk__in=wanted))
    if len(reviewers) != len(wanted):
        errors["reviewer_ids"] = "所选人员不能受邀参加初审（只能邀请财政、审计人员或专家）。"
    if errors:
        raise invalid(errors)
    try:
        services.initial_review_start(
            actor=actor, declaration=declaration, review_round=review_round, reviewers=reviewers
        )
    except ValidationError as exc:
        raise _renamed(exc, START_REVIEW_FIELDS) from exc


def _approve(actor, declaration, payload) -> None:
    if payload.approved_amount is None:
        raise invalid({"approved_amount": "请填写核定投资。"})
    services.re_review_approve(
        actor=actor, declaration=declaration, opinion=payload.reason, approved_amount=payload.approved_amount
    )


def _arrange_funds(actor, declaration, payload) -> None:
    if payload.amount is None:
        raise invalid({"amount": "请填写年度安排资金。"})
    services.budget_funds_arrange(actor=actor, declaration=declaration, amount=payload.amount)


def _place_in_budget_library(actor, declaration, payload) -> None:
    code = payload.library_code if payload.library_code is not None else payload.reason
    if len(code.strip()) > LIBRARY_CODE_MAX:
        raise invalid({"library_code": f"预算项目库编码最多 {LIBRARY_CODE_MAX} 个字符。"})
    services.budget_library_place(actor=actor, declaration=declaration, library_code=code)


def _start_joint_review(actor, declaration, payload) -> None:
    # 第九条(三), as the page of this action: the table decides first whether the joint review may start.
    allowed, why = engine.may(actor, declaration, "start_joint_review")
    if not allowed:
        raise Refused(why)
    wanted = set(payload.reviewer_ids)
    reviewers = list(selectors_review.reviewer_users().filter(pk__in=wanted))
    if len(reviewers) != len(wanted):
        raise invalid({"reviewer_ids": "所选人员不能受邀参加会审（只能邀请有关部门人员或专家）。"})
    try:
        special.joint_review_start(actor=actor, declaration=declaration, reviewers=reviewers)
    except ValidationError as exc:
        raise _renamed(exc, JOINT_REVIEW_FIELDS) from exc


def _approve_special(actor, declaration, payload) -> None:
    if payload.approved_amount is None:
        raise invalid({"approved_amount": "请填写核定投资。"})
    special.special_approve(
        actor=actor, declaration=declaration, opinion=payload.reason, approved_amount=payload.approved_amount
    )


def _arrange_special_funds(actor, declaration, payload) -> None:
    if payload.amount is None:
        raise invalid({"amount": "请填写安排资金。"})
    special.special_funds_arrange(
        actor=actor, declaration=declaration, amount=payload.amount, library_code=payload.library_code or ""
    )


def _fold_into_coordination(actor, declaration, payload) -> None:
    # 第六条, as the page of this action: the table decides first; the item must be one of the
    # declaration's plan year (the page offers only those).
    allowed, why = engine.may(actor, declaration, coordination.FOLD, reason=payload.reason or "-")
    if not allowed:
        raise Refused(why)
    item = None
    if payload.coordinated_item_id is not None:
        item = selectors_coordination.fold_items(declaration).filter(pk=payload.coordinated_item_id).first()
    if item is None:
        raise invalid({"coordinated_item_id": "请选择该项目计划年度的统筹建设事项。"})
    try:
        coordination.coordination_fold(
            actor=actor, declaration=declaration, coordinated_item=item, reason=payload.reason
        )
    except ValidationError as exc:
        raise _renamed(exc, FOLD_FIELDS) from exc


# Actions that need more than a reason: the body fields each reads, and how it calls its service.
FORM_ACTIONS = {
    "start_initial_review": (["review_round_id", "reviewer_ids"], _start_initial_review),
    "approve": (["approved_amount"], _approve),
    "arrange_funds": (["amount"], _arrange_funds),
    "place_in_budget_library": (["library_code"], _place_in_budget_library),
    "start_joint_review": (["reviewer_ids"], _start_joint_review),
    "approve_special": (["approved_amount"], _approve_special),
    "arrange_special_funds": (["amount", "library_code"], _arrange_special_funds),
    "fold_into_coordination": (["coordinated_item_id"], _fold_into_coordination),
}


def _route(actor, filing, payload: FilingActionIn):
    plan_year = selectors_plan.plan_year_get(payload.plan_year) if payload.plan_year else None
    return filing_services.filing_route(
        actor=actor,
        filing=filing,
        procedure=payload.procedure or "",
        plan_year=plan_year,
        leader_name=payload.leader_name,
        leader_phone=payload.leader_phone,
        start_date=payload.start_date,
        planned_end_date=payload.planned_end_date,
        nature=payload.nature,
        infrastructure_areas=payload.infrastructure_areas,
        special=payload.special() if payload.procedure == "special" else None,
    )


# 第十条: the action of the FILING workflow with a page of its own, the body fields it reads, and its service.
FILING_ACTIONS = {
    "route_filing": (
        ["procedure", "plan_year", "leader_name", "leader_phone", "start_date", "planned_end_date", "nature"],
        _route,
    ),
}


ACTION_FIELDS = {action: fields for action, (fields, _) in (FORM_ACTIONS | FILING_ACTIONS).items()}


def offered_by_api(t: Transition) -> bool:
    """Whether the API takes this transition: through the service the table names, or through one of the
    pages' services above (those with a page of their own beyond FORM_ACTIONS do not yet)."""
    return t.action in FORM_ACTIONS or t.action in FILING_ACTIONS or bool(t.service and not t.form)


def _decoded(payload) -> list[tuple[str, SimpleUploadedFile]]:
    files, errors = [], {}
    for i, doc in enumerate(payload.documents):
        try:
            data = base64.b64decode(doc.content_base64, validate=True)
        except (binascii.Error, ValueError):
            errors[f"documents.{i}.content_base64"] = "不是有效的 Base64 编码。"
            continue
        files.append((doc.kind, SimpleUploadedFile(doc.filename, data)))
    if errors:
        raise invalid(errors)
    return files


def declaration_act(*, actor, declaration, action: str, payload):
    """Upload the documents sent with the action, then take it, in one transaction: a refusal leaves
    nothing behind. Returns (declaration as it is now, the documents, the audit event written)."""
    t = next((t for t in declaration.workflow.transitions if t.action == action), None)
    if t is None or not offered_by_api(t):
        raise not_found(f"该申报没有“{action}”这项操作，或接口暂不办理（见 GET /lifecycle 的 api 字段）。")
    if not actor.roles & t.roles:
        raise forbidden(f"您的角色不能办理“{t.label}”（{t.article}）。")
    uploads = _decoded(payload)
    with events_recorded() as events, transaction.atomic():
        documents = [
            services.declaration_document_upload(actor=actor, declaration=declaration, kind=kind, upload=upload)
            for kind, upload in uploads
        ]
        if action in FORM_ACTIONS:
            FORM_ACTIONS[action][1](actor, declaration, payload)
        else:
            engine.run_step(actor=actor, obj=declaration, action=action, reason=payload.reason)
    declaration.refresh_from_db()
    return declaration, documents, events[-1]
