"""Lifecycle actions through the API: the lifecycle table says who may take them, and each goes to the
same service as the UI's button (REASON_ACTIONS of the declaration page, or the service behind the
action's own page for the actions that need more than a reason)."""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from egovpm.audit.selectors import audit_events_for
from egovpm.core.errors import Refused
from egovpm.intake import selectors, services
from egovpm.intake.services import transitions
from egovpm.intake.views.detail import REASON_ACTIONS

from .errors import forbidden, invalid, not_found

LIBRARY_CODE_MAX = 40
START_REVIEW_FIELDS = {"review_round": "review_round_id", "reviewers": "reviewer_ids"}


def _start_initial_review(actor, declaration, payload) -> None:
    # As the page of this action: the table decides first whether the declaration may enter the review.
    allowed, why = transitions.check(actor, declaration, "start_initial_review")
    if not allowed:
        raise Refused(why)
    errors = {}
    review_round = selectors.review_round_get(payload.review_round_id) if payload.review_round_id else None
    if review_round is None:
        errors["review_round_id"] = "请选择本计划年度的初审轮次。"
    wanted = set(payload.reviewer_ids)
    reviewers = list(selectors.reviewer_users().filter(pk__in=wanted))
    if len(reviewers) != len(wanted):
        errors["reviewer_ids"] = "所选人员不能受邀参加初审（只能邀请财政、审计人员或专家）。"
    if errors:
        raise invalid(errors)
    try:
        services.initial_review_start(
            actor=actor, declaration=declaration, review_round=review_round, reviewers=reviewers
        )
    except ValidationError as exc:
        # the service names its arguments; the caller sent the body's fields
        raise ValidationError({START_REVIEW_FIELDS.get(k, k): v for k, v in exc.error_dict.items()}) from exc


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
    REASON_ACTIONS["place_in_budget_library"](actor, declaration, code)


# Actions that need more than a reason: the body fields each reads, and how it calls its service.
FORM_ACTIONS = {
    "start_initial_review": (["review_round_id", "reviewer_ids"], _start_initial_review),
    "approve": (["approved_amount"], _approve),
    "arrange_funds": (["amount"], _arrange_funds),
    "place_in_budget_library": (["library_code"], _place_in_budget_library),
}
ACTION_FIELDS = {action: fields for action, (fields, _) in FORM_ACTIONS.items()}


def offered_by_api(action: str) -> bool:
    """Whether the API takes this action (those with a page of their own beyond FORM_ACTIONS do not yet)."""
    return action in FORM_ACTIONS or action in REASON_ACTIONS


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
    if action not in {t.action for t in declaration.workflow.transitions} or not offered_by_api(action):
        raise not_found(f"该申报没有“{action}”这项操作，或接口暂不办理（见 GET /lifecycle 的 api 字段）。")
    t = declaration.workflow.transition(action)
    if not actor.roles & t.roles:
        raise forbidden(f"您的角色不能办理“{t.label}”（{t.article}）。")
    uploads = _decoded(payload)
    with transaction.atomic():
        documents = [
            services.declaration_document_upload(actor=actor, declaration=declaration, kind=kind, upload=upload)
            for kind, upload in uploads
        ]
        if action in FORM_ACTIONS:
            FORM_ACTIONS[action][1](actor, declaration, payload)
        else:
            REASON_ACTIONS[action](actor, declaration, payload.reason)
    declaration.refresh_from_db()
    return declaration, documents, audit_events_for(declaration).last()
