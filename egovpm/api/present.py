"""Objects read by the selectors, laid out as the response bodies of egovpm.api.schemas (plain dicts)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from egovpm.audit.domain import GENESIS
from egovpm.audit.labels import action_label
from egovpm.intake.services.declaration import APPLICATION_FIELDS, PROPOSAL_FIELDS
from egovpm.lifecycle.roles import ROLE_LABELS
from egovpm.lifecycle.table import WORKFLOWS, Transition
from egovpm.security.masking import mask_personal, phone_for, reveal_personal

from .actions import offered_by_api


def _one(obj, relation: str):
    try:
        return getattr(obj, relation)
    except ObjectDoesNotExist:
        return None


def unit_ref(unit) -> dict | None:
    if unit is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def unit(u) -> dict:
    return {
        **unit_ref(u),
        "short_name": u.short_name,
        "kind": u.kind,
        "kind_label": u.get_kind_display(),
        "parent": unit_ref(u.parent),
        "is_active": u.is_active,
    }


def project_ref(project) -> dict:
    return {"id": project.pk, "code": project.code, "name": project.name}


def user_name(user) -> str:
    return str(user) if user is not None else ""


def me(user, token) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "name": str(user),
        "unit": unit_ref(user.unit),
        "roles": [{"code": str(r), "label": ROLE_LABELS[r]} for r in sorted(user.roles)],
        "token": {"name": token.name, "prefix": token.prefix, "scope": token.scope},
    }


def transition(t: Transition) -> dict:
    return {
        "action": t.action,
        "label": t.label,
        "sources": list(t.sources),
        "target": t.target,
        "actor": t.actor,
        "roles": sorted(str(r) for r in t.roles),
        "article": t.article,
        "requires_reason": t.requires_reason,
        "reason_label": t.reason_label,
        "guards": list(t.guards),
        "deadline": t.deadline,
        "fields": list(t.inputs),
        "api": offered_by_api(t),
    }


def lifecycle() -> dict:
    return {"workflows": [workflow(wf) for wf in WORKFLOWS.values()]}


def workflow(wf) -> dict:
    return {
        "name": wf.name,
        "label": wf.label,
        "initial": wf.initial,
        "stages": [
            {
                "code": s.code,
                "label": s.label,
                "applicant_label": s.applicant_label,
                "terminal": s.terminal,
                "article": s.article,
            }
            for s in wf.stages
        ],
        "transitions": [transition(t) for t in wf.transitions],
    }


def plan_year(py, open_ids: set[int]) -> dict:
    return {"year": py.year, "opened_at": py.opened_at, "notes": py.notes, "declaration_open": py.pk in open_ids}


def declaration_summary(d) -> dict:
    return {
        "id": d.pk,
        "project": project_ref(d.project),
        "unit": unit_ref(d.unit),
        "plan_year": d.plan_year.year,
        "procedure": d.procedure,
        "procedure_label": d.get_procedure_display(),
        "nature": d.nature,
        "nature_label": d.get_nature_display(),
        "stage": d.stage,
        "stage_label": d.get_stage_display(),
        "stage_changed_at": d.stage_changed_at,
        "total_investment": d.total_investment,
        "current_total": d.current_total,
        "submitted_at": d.submitted_at,
    }


def declaration_ref(d) -> dict:
    return {
        "id": d.pk,
        "plan_year": d.plan_year.year,
        "stage": d.stage,
        "project": project_ref(d.project),
        "unit": unit_ref(d.unit),
    }


def document(doc) -> dict:
    return {
        "id": doc.pk,
        "kind": doc.kind,
        "kind_label": doc.get_kind_display(),
        "version": doc.version,
        "original_name": doc.original_name,
        "content_type": doc.content_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "uploaded_by": user_name(doc.uploaded_by),
        "uploaded_at": doc.uploaded_at,
        "declaration_id": doc.owner_id,  # the API serves a declaration's documents only (selectors.document_get)
        "download_url": reverse("api:v1:document_download", kwargs={"document_id": doc.pk}),
        "outline_check": outline_check(doc),
    }


def outline_check(doc) -> dict | None:
    """附件2, 附件3: the outline check of a proposal or feasibility report version (select_related by callers)."""
    try:
        check = doc.outline_check
    except ObjectDoesNotExist:
        return None
    return {
        "status": check.status,
        "message": check.message,
        "summary": check.summary,
        "missing_sections": check.missing_sections,
        "missing_annexes": check.missing_annexes,
        "headings_found": check.headings_found,
        "accepted": check.accepted_at is not None,
        "accepted_by": user_name(check.accepted_by) if check.accepted_by_id else None,
        "accepted_at": check.accepted_at,
        "accept_reason": check.accept_reason,
    }


def invitation_brief(inv) -> dict:
    return {
        "id": inv.pk,
        "party": inv.party,
        "party_label": inv.get_party_display(),
        "reviewer": user_name(inv.reviewer),
        "due_date": inv.due_date,
        "recommendation": inv.recommendation,
        "opinion": inv.opinion,
        "submitted_at": inv.submitted_at,
    }


def invitation(inv) -> dict:
    return {**invitation_brief(inv), "invited_at": inv.invited_at, "declaration": declaration_summary(inv.declaration)}


def procurement_item(item) -> dict:
    return {
        "id": item.pk,
        "declaration_id": item.declaration_id,
        "category": item.category,
        "category_label": item.get_category_display(),
        "name": item.name,
        "specification": item.specification,
        "quantity": item.quantity,
        "estimated_amount": item.estimated_amount,
    }


def approval_opinion(op) -> dict | None:
    if op is None:
        return None
    return {"number": op.number, "issued_on": op.issued_on, "text": op.text, "approved_amount": op.approved_amount}


def budget_entry(entry) -> dict | None:
    if entry is None:
        return None
    return {
        "library_code": entry.library_code,
        "placed_at": entry.placed_at,
        "arranged_amount": entry.arranged_amount,
        "arranged_at": entry.arranged_at,
    }


def action_offer(a) -> dict:
    t = a.transition
    return {
        "action": t.action,
        "label": t.label,
        "allowed": a.allowed,
        "reason": a.reason,
        "requires_reason": t.requires_reason,
        "reason_label": t.reason_label,
        "fields": list(t.inputs),
        "article": t.article,
    }


def declaration_detail(d, context: dict, actions: list, *, viewer) -> dict:
    """`context` is intake.selectors.declaration_page_context(user, d): what the UI page shows. The
    leader's phone is masked for a `viewer` who does not need it, as on the page (security.masking)."""
    proposal = context["proposal"]
    return {
        **declaration_summary(d),
        **{name: getattr(d, name) for name in APPLICATION_FIELDS},
        "leader_phone": phone_for(viewer, d, d.leader_phone),
        "supervising_unit": unit_ref(d.unit.parent),
        "initial_opinion": d.initial_opinion,
        "feasibility_submitted_at": d.feasibility_submitted_at,
        "re_review_count": d.re_review_count,
        "return_reason": d.return_reason,
        "sent_to_finance_at": d.sent_to_finance_at,
        "missing_materials": context["missing_materials"],
        "proposal": {f: getattr(proposal, f) for f in PROPOSAL_FIELDS} if proposal else None,
        "documents": [document(doc) for doc in context["current_documents"].values()],
        "invitations": [invitation_brief(i) for i in context["invitations"]],
        "procurement_items": [procurement_item(i) for i in context["procurement_items"]],
        "catalog_entry_count": len(context["catalog_entries"]),
        "approval_opinion": approval_opinion(context["approval_opinion"]),
        "budget_entry": budget_entry(context["budget_entry"]),
        "actions": [action_offer(a) for a in actions],
    }


def event(e, *, show_opinion: bool, personal_in_full: bool) -> dict:
    """An audit event. 第七条(二): a reviewer's own opinion is for the Office and the reviewers; others
    see that it was submitted, not what it says. Personal data in before/after (the leader's phone) is
    masked unless `personal_in_full` (security.masking: as on the declaration's page)."""
    hidden = e.action == "review_opinion.submit" and not show_opinion
    shown = reveal_personal if personal_in_full else mask_personal
    return {
        "id": e.pk,
        "seq": e.seq,
        "created_at": e.created_at,
        "action": e.action,
        "action_label": action_label(e.action),
        "actor_name": e.actor_name,
        "actor_unit": e.actor_unit,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "reason": "" if hidden else e.reason,
        "before": {} if hidden else shown(e.before),
        "after": {} if hidden else shown(e.after),
    }


def project(p) -> dict:
    return {
        **project_ref(p),
        "unit": unit_ref(p.unit),
        "created_at": p.created_at,
        "declarations": [
            {"id": d.pk, "plan_year": d.plan_year.year, "stage": d.stage, "stage_label": d.get_stage_display()}
            for d in p.visible_declarations
        ],
    }


def catalog_fields(e) -> dict:
    """The fields of a catalog entry or of one of its versions."""
    return {
        **{f: getattr(e, f) for f in ("name", "code", "provider", "category", "summary", "format")},
        "items": e.item_list(),
        "share_type": e.share_type,
        "share_type_label": e.get_share_type_display(),
        "share_condition": e.share_condition,
        "open_attribute": e.open_attribute,
        "open_attribute_label": e.get_open_attribute_display(),
        "update_cycle": e.update_cycle,
        "update_cycle_label": e.get_update_cycle_display(),
    }


def catalog_entry(e) -> dict:
    return {
        "id": e.pk,
        "project": project_ref(e.project),
        "unit": unit_ref(e.project.unit),
        "first_declaration": {"id": e.first_declaration_id, "plan_year": e.first_declaration.plan_year.year},
        "version": e.version,
        **catalog_fields(e),
    }


def catalog_version(row) -> dict:
    """A version of a catalog entry (catalog.selectors.VersionRow: the version and the fields it changed)."""
    v = row.version
    return {
        "entry_id": v.entry_key,
        "number": v.number,
        "change": v.change,
        "change_label": v.get_change_display(),
        "changed_fields": row.changed,
        "changed_at": v.changed_at,
        "changed_by": user_name(v.changed_by),
        "declaration": {"id": v.declaration_id, "plan_year": v.declaration.plan_year.year},
        "stage": v.stage,
        "stage_label": v.stage_label,
        **catalog_fields(v),
    }


def review_round(rnd) -> dict:
    return {
        "id": rnd.pk,
        "plan_year": rnd.plan_year.year,
        "name": rnd.name,
        "notes": rnd.notes,
        "opened_at": rnd.opened_at,
        "opened_by": user_name(rnd.opened_by),
    }


def review_round_listed(rnd) -> dict:
    return {
        **review_round(rnd),
        "declaration_count": rnd.declaration_count,
        "invitation_count": rnd.invitation_count,
        "opinion_count": rnd.opinion_count,
    }


def procurement_plan_row(row: dict) -> dict:
    return {
        "category": row["category"],
        "category_label": row["category_label"],
        "name": row["name"],
        "specification": row["specification"],
        "quantity": row["quantity"],
        "amount": row["amount"],
        "projects": sorted({item.declaration.project.code for item in row["items"]}),
    }


def plan_declaration(d) -> dict:
    opinion = _one(d, "approval_opinion")
    entry = _one(d, "budget_entry")
    return {
        **declaration_summary(d),
        "supervising_unit": unit_ref(d.unit.parent),
        "current_fiscal": d.current_fiscal,
        "current_self_raised": d.current_self_raised,
        "current_national": d.current_national,
        "current_other": d.current_other,
        "initial_opinion": d.initial_opinion,
        "sent_to_finance_at": d.sent_to_finance_at,
        "approval_number": opinion.number if opinion else "",
        "approved_amount": opinion.approved_amount if opinion else None,
        "library_code": entry.library_code if entry else "",
        "arranged_amount": entry.arranged_amount if entry else None,
    }


def transmission(t) -> dict:
    return {
        "id": t.pk,
        "sent_at": t.sent_at,
        "sent_by": user_name(t.sent_by),
        "project_count": t.project_count,
        "total_amount": t.total_amount,
    }


def audit_head(e) -> dict:
    if e is None:
        return {"seq": 0, "hash": GENESIS, "created_at": None}
    return {"seq": e.seq, "hash": e.hash, "created_at": e.created_at}


def special_application(d) -> dict:
    letter = _one(d, "special_request")
    opinion = _one(d, "approval_opinion")
    entry = _one(d, "budget_entry")
    return {
        **declaration_summary(d),
        "basis": letter.basis if letter else "",
        "basis_label": letter.get_basis_display() if letter else "",
        "unforeseeable_reason": letter.unforeseeable_reason if letter else "",
        "city_approval_reference": letter.city_approval_reference if letter else "",
        "city_approval_date": letter.city_approval_date if letter else None,
        "required_materials": letter.required_materials if letter else "",
        "approval_number": opinion.number if opinion else "",
        "approved_amount": opinion.approved_amount if opinion else None,
        "arranged_amount": entry.arranged_amount if entry else None,
    }


def infrastructure_decision(decision, declaration, event) -> dict:
    return {
        "declaration_id": declaration.pk,
        "decision": decision.decision,
        "decision_label": decision.get_decision_display(),
        "reason": decision.reason,
        "coordinated_item_id": decision.coordinated_item_id,
        "decided_by": user_name(decision.decided_by),
        "decided_at": decision.decided_at,
        "stage": declaration.stage,
        "audit_event_id": event.pk,
    }


def filing_summary(f) -> dict:
    return {
        "id": f.pk,
        "project": project_ref(f.project),
        "unit": unit_ref(f.unit),
        "kind": f.kind,
        "kind_label": f.get_kind_display(),
        "stage": f.stage,
        "stage_label": f.get_stage_display(),
        "needs_matching_funds": f.needs_matching_funds,
        "matching_amount": f.matching_amount,
        "total_investment": f.total_investment,
        "filed_at": f.filed_at,
        "routed_declaration_id": f.routed_declaration_id,
    }


def filing_document(doc) -> dict:
    return {
        "id": doc.pk,
        "kind": doc.kind,
        "kind_label": doc.get_kind_display(),
        "version": doc.version,
        "original_name": doc.original_name,
        "content_type": doc.content_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "uploaded_by": user_name(doc.uploaded_by),
        "uploaded_at": doc.uploaded_at,
    }


def filing(f, context: dict) -> dict:
    return {
        **filing_summary(f),
        "higher_authority": f.higher_authority,
        "approval_reference": f.approval_reference,
        "description": f.description,
        "filed_by": user_name(f.filed_by),
        "stage_changed_at": f.stage_changed_at,
        "documents": [filing_document(d) for d in context["documents"]],
        "actions": [action_offer(a) for a in context["actions"]],
    }
