"""Lifecycle actions through the API: the lifecycle table says who may take them, what they take besides a
reason (Transition.inputs) and which service takes them, the same as the UI's button or page. An action with
a page of its own (Transition.form) has its inputs read by the reader registered here for that form."""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from egovpm.audit.services import events_recorded
from egovpm.coordination import selectors as selectors_coordination
from egovpm.coordination import services as coordination
from egovpm.intake import selectors_plan, selectors_review, services
from egovpm.lifecycle.table import FORMS, Transition, register_form
from egovpm.projects import engine

from .errors import forbidden, invalid, not_found
from .schemas.filings import FilingActionIn

# The service's arguments that the body names by their ids.
ID_FIELDS = {"review_round": "review_round_id", "reviewers": "reviewer_ids", "coordinated_item": "coordinated_item_id"}


def _renamed(exc: ValidationError) -> ValidationError:
    """The service names its arguments; the caller sent the body's fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({ID_FIELDS.get(k, k): v for k, v in exc.error_dict.items()})


def reads(*forms: str):
    """Register the decorated function as the reader of the inputs of `forms` (lifecycle.table.FORMS): it
    takes (actor, object, body) and returns the keyword arguments of the transition's service."""

    def decorator(read):
        for name in forms:
            register_form(name, read)
        return read

    return decorator


@reads("initial_review_start")
def _start_initial_review(actor, declaration, payload) -> dict:
    # As the page of this action: the table decides first whether the declaration may enter the review.
    engine.ensure(actor, declaration, "start_initial_review")
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
    return {"review_round": review_round, "reviewers": reviewers}


@reads("joint_review_start")
def _start_joint_review(actor, declaration, payload) -> dict:
    # 第九条(三), as the page of this action: the table decides first whether the joint review may start.
    engine.ensure(actor, declaration, "start_joint_review")
    wanted = set(payload.reviewer_ids)
    reviewers = list(selectors_review.reviewer_users().filter(pk__in=wanted))
    if len(reviewers) != len(wanted):
        raise invalid({"reviewer_ids": "所选人员不能受邀参加会审（只能邀请有关部门人员或专家）。"})
    return {"reviewers": reviewers}


@reads("re_review_approve", "special_approve")
def _approve(actor, declaration, payload) -> dict:
    if payload.approved_amount is None:
        raise invalid({"approved_amount": "请填写核定投资。"})
    return {"opinion": payload.reason, "approved_amount": payload.approved_amount}


@reads("budget_arrange")
def _arrange_funds(actor, declaration, payload) -> dict:
    if payload.amount is None:
        raise invalid({"amount": "请填写年度安排资金。"})
    return {"amount": payload.amount}


@reads("special_funds_arrange")
def _arrange_special_funds(actor, declaration, payload) -> dict:
    if payload.amount is None:
        raise invalid({"amount": "请填写安排资金。"})
    return {"amount": payload.amount, "library_code": payload.library_code or ""}


@reads("coordination:coordination_fold")
def _fold_into_coordination(actor, declaration, payload) -> dict:
    # 第六条, as the page of this action: the table decides first; the item must be one of the
    # declaration's plan year (the page offers only those).
    engine.ensure(actor, declaration, coordination.FOLD, reason=payload.reason or "-")
    item = None
    if payload.coordinated_item_id is not None:
        item = selectors_coordination.fold_items(declaration).filter(pk=payload.coordinated_item_id).first()
    if item is None:
        raise invalid({"coordinated_item_id": "请选择该项目计划年度的统筹建设事项。"})
    return {"coordinated_item": item, "reason": payload.reason}


@reads("filing_route")
def _route(actor, filing, payload: FilingActionIn) -> dict:
    plan_year = selectors_plan.plan_year_get(payload.plan_year) if payload.plan_year else None
    return {
        "procedure": payload.procedure or "",
        "plan_year": plan_year,
        "leader_name": payload.leader_name,
        "leader_phone": payload.leader_phone,
        "start_date": payload.start_date,
        "planned_end_date": payload.planned_end_date,
        "nature": payload.nature,
        "infrastructure_areas": payload.infrastructure_areas,
        "special": payload.special() if payload.procedure == "special" else None,
    }


def offered_by_api(t: Transition) -> bool:
    """Whether the API takes this transition: through the service the table names, with the inputs the
    table lists (read by the form's registered reader for a transition with a page of its own)."""
    return t.form in FORMS if t.form else bool(t.service)


def act(*, actor, obj, t: Transition, payload):
    """Take transition `t` on `obj` with the request body `payload`, through the service the table names:
    a transition with a form through its reader, any other through engine.run_step (the body's field its
    reason goes to, when the table lists it as an input, standing in for the reason)."""
    if t.form:
        try:
            return engine.run_form_step(actor=actor, obj=obj, action=t.action, data=payload)
        except ValidationError as exc:
            raise _renamed(exc) from exc
    reason = payload.reason
    if t.reason_as in t.inputs:
        if getattr(payload, t.reason_as, None) is not None:
            reason = getattr(payload, t.reason_as)
        if t.reason_max and len(reason.strip()) > t.reason_max:
            raise invalid({t.reason_as: f"{t.reason_label}最多 {t.reason_max} 个字符。"})
    return engine.run_step(actor=actor, obj=obj, action=t.action, reason=reason)


def reason_step(*, actor, obj, action: str, reason: str) -> dict:
    """The answer to `POST …/actions/{action}` of a record whose steps need no more than a reason (a
    supervision, an acceptance, an operation…): 404 for an action the table does not offer here, 403 for a
    role it does not list, else the step through the service the table names, with the audit event it wrote."""
    t = next((t for t in obj.workflow.transitions if t.action == action), None)
    if t is None or not t.service or t.form:
        raise not_found(f"{obj.workflow.label}没有“{action}”这项操作。")
    if not actor.roles & t.roles:
        raise forbidden(f"您的角色不能办理“{t.label}”（{t.article}）。")
    with events_recorded() as events:
        taken = engine.run_step(actor=actor, obj=obj, action=action, reason=reason)
    return {
        "id": taken.pk,
        "action": action,
        "stage": taken.stage,
        "stage_label": taken.get_stage_display(),
        "audit_event_id": events[-1].pk,
    }


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
        act(actor=actor, obj=declaration, t=t, payload=payload)
    declaration.refresh_from_db()
    return declaration, documents, events[-1]
