"""Use cases of 第七条, one function each: permission, domain rule, audit event, one transaction.

Views, the API and the demo data all call these; nothing else changes a declaration."""

from .budget import budget_funds_arrange, budget_library_place, plan_send_to_finance
from .declaration import (
    declaration_consent,
    declaration_create,
    declaration_document_upload,
    declaration_outline_accept,
    declaration_refuse_consent,
    declaration_submit,
    declaration_update,
    plan_year_open,
    proposal_save,
)
from .feasibility import (
    feasibility_submit,
    re_review_approve,
    re_review_return,
    re_review_start,
)
from .review import (
    initial_review_not_arrange,
    initial_review_pass,
    initial_review_start,
    procurement_item_add,
    procurement_item_remove,
    review_experts_draw,
    review_opinion_submit,
    review_round_open,
)

__all__ = [
    "budget_funds_arrange",
    "budget_library_place",
    "declaration_consent",
    "declaration_create",
    "declaration_document_upload",
    "declaration_outline_accept",
    "declaration_refuse_consent",
    "declaration_submit",
    "declaration_update",
    "feasibility_submit",
    "initial_review_not_arrange",
    "initial_review_pass",
    "initial_review_start",
    "plan_send_to_finance",
    "plan_year_open",
    "procurement_item_add",
    "procurement_item_remove",
    "proposal_save",
    "re_review_approve",
    "re_review_return",
    "re_review_start",
    "review_experts_draw",
    "review_opinion_submit",
    "review_round_open",
]
