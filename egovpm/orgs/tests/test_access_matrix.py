"""第四条, deny by default (GB/T 22239-2019 8.1.4.2 访问控制): every page and every API operation, as every
role, on an object of each applicant unit — generated, committed, and asserted entry by entry.

access_matrix.json holds one line per entry {kind, name, object, role, outcome}, sorted:
  kind     "page" (a URL name of the platform) or "api" (an operation id of /api/v1/);
  object   "hospital" — an object of 市人民医院, the own unit of clerk and hospital_leader and the
           subordinate unit of 卫健委 (health_clerk, supervisor); "culture" — an object of 文广旅局, the own
           unit of culture_clerk and another unit for everyone else; "-" — a page without an applicant's object;
  outcome  for a page what a GET answers: ok (200), bounce (302 back to the platform with a message: the
           object is visible but the page does not apply to it now), denied (403, or 404 for an object the
           user may not see), login (302 to the login page); any other status as its number. For the API the
           HTTP status (200, 201, 401, 403, 404, 409, 422, ...).

`make matrix` (scripts/access_matrix.py) observes the live platform and rewrites the file; review its diff.
A page or operation missing from the file fails test_every_page_and_operation_is_in_the_matrix. Besides the
file, the invariants at the end hold whatever the file says."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from egovpm.api.api import api as ninja_api
from egovpm.api.models import TokenScope
from egovpm.api.services import api_token_create
from egovpm.conftest import PROPOSAL, application_data
from egovpm.testing import scenario
from egovpm.testing.otp import second_factor_code

from .world import UNITS, rolled_back

# Every test of the module needs the test database (the module's world lives in it).
pytestmark = pytest.mark.django_db

MATRIX_FILE = Path(__file__).with_name("access_matrix.json")
# `make matrix` sets this: the test writes the observed matrix instead of comparing it.
WRITE_ENV = "EGOVPM_ACCESS_MATRIX_WRITE"

ROLES = (
    "clerk",
    "hospital_leader",
    "supervisor",
    "health_clerk",
    "culture_clerk",
    "office_reviewer",
    "office_head",
    "finance",
    "audit",
    "expert",
    "expert2",
    "engineer",
    "assessor",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "anonymous",
)
ADMINS = ("sysadmin", "secadmin", "auditadmin")
# Whose own (or subordinate) unit each object belongs to; the other unit is "other" for them.
OWN_UNIT = {
    "clerk": "hospital",
    "hospital_leader": "hospital",
    "health_clerk": "hospital",
    "supervisor": "hospital",
    "culture_clerk": "culture",
}

# Pages that change something answer only POST: their GET is in the matrix and never opens.
POST_ONLY = {
    "accounts:logout": "ends the session",
    "accounts:recovery_codes_regenerate": "replaces the recovery codes",
    "accounts:two_factor_disable": "turns the second factor off",
    "intake:declaration_act": "takes a lifecycle step",
    "intake:procurement_item_add": "adds an item to the procurement plan",
    "intake:procurement_item_remove": "removes an item from the procurement plan",
    "intake:plan_send": "sends the plan to Finance",
    "coordination:coordinated_item_create": "adds an item to the coordinated plan",
    "intake:configuration_add": "adds a line to the configuration list",
    "intake:configuration_import": "imports the configuration list",
    "intake:configuration_remove": "removes a line of the configuration list",
    "intake:central_procurement_propose": "groups the centralized procurement plan",
    "intake:central_procurement_issue": "issues the centralized procurement plan",
    "intake:central_procurement_line": "edits a line of the centralized procurement plan",
    "intake:central_procurement_line_remove": "removes a line of the centralized procurement plan",
    "filings:filing_act": "takes a filing step",
    "catalog:entry_delete": "deletes a catalog entry",
    "construction:act": "takes a construction step",
    "api:token_revoke": "revokes an API token",
    "security:user_unlock": "lifts a lockout",
    "procurement:contract_act": "takes a contract step",
    "supervision:supervision_act": "takes a supervision step",
    "supervision:request_act": "takes an information request step",
    "supervision:inspection_act": "takes an inspection step",
    "supervision:rectification_act": "takes a rectification step",
    "acceptance:act": "takes an acceptance step",
    "acceptance:extension_act": "decides an extension request",
    "evaluation:score": "scores an indicator",
    "evaluation:evaluation_act": "takes an evaluation step",
    "evaluation:rectification_act": "takes a rectification step",
    "evaluation:concur": "records a concurrence",
    "evaluation:criteria_act": "takes a criteria step",
    "notifications:read": "marks a notification read",
    "notifications:read_all": "marks every notification read",
    "experts:expert_status": "verifies, suspends or removes an expert",
    "experts:tie_add": "records a tie that requires recusal",
    "experts:unavailability_add": "records a window the expert cannot sit",
    "experts:draw_pick": "picks an expert manually",
    "experts:draw_verify": "re-runs a draw",
}
# Namespaces outside the matrix: the admin site beyond its entry page (Django's own, sysadmin only),
# and the API's URL patterns (the API is enumerated by operation below).
SKIPPED_NAMESPACES = ("admin", "api:v1")
ADMIN_ENTRY = "admin:index"


# --- the pages ------------------------------------------------------------------------------------

# URL arguments of each page that takes an applicant's object: name → object of that unit.
PAGE_OBJECT: dict[str, Callable[[dict], list]] = {
    "intake:declaration_detail": lambda o: [o["a"].pk],
    "intake:declaration_edit": lambda o: [o["draft"].pk],
    "intake:proposal_edit": lambda o: [o["draft"].pk],
    "intake:document_upload": lambda o: [o["a"].pk],
    "intake:outline_accept": lambda o: [o["a"].pk, o["outline_document"].pk],
    "intake:declaration_act": lambda o: [o["a"].pk, "pass_initial_review"],
    "intake:application_docx": lambda o: [o["a"].pk],
    "intake:application_pdf": lambda o: [o["a"].pk],
    "intake:proposal_docx": lambda o: [o["draft"].pk],
    "intake:proposal_pdf": lambda o: [o["draft"].pk],
    "official:pdf": lambda o: [o["official"].pk],
    "official:docx": lambda o: [o["official"].pk],
    "intake:initial_review_start": lambda o: [o["a"].pk],
    "intake:procurement_item_add": lambda o: [o["a"].pk],
    "intake:procurement_item_remove": lambda o: [o["item"].pk],
    "intake:invitation_detail": lambda o: [o["invitation"].pk],
    "intake:re_review_approve": lambda o: [o["b"].pk],
    "intake:approval_opinion": lambda o: [o["b"].pk],
    "intake:budget_arrange": lambda o: [o["b"].pk],
    "coordination:coordination_fold": lambda o: [o["flagged"].pk],
    "intake:configuration_add": lambda o: [o["a"].pk],
    "intake:configuration_import": lambda o: [o["a"].pk],
    "intake:configuration_remove": lambda o: [10**6],
    # 第五条: the declaration in the initial review and the budget library's project, similar to it
    "duplication:judgement_create": lambda o: [o["a"].pk, o["b"].project_id],
    "duplication:statement_create": lambda o: [o["a"].pk, o["b"].project_id],
    "coordination:coordination_standalone": lambda o: [o["flagged"].pk],
    "intake:special_edit": lambda o: [o["special"].pk],
    "intake:joint_review_start": lambda o: [o["special"].pk],
    "intake:special_approve": lambda o: [o["special"].pk],
    "intake:special_funds_arrange": lambda o: [o["special"].pk],
    "filings:filing_detail": lambda o: [o["filing"].pk],
    "filings:filing_act": lambda o: [o["filing"].pk, "request_filing_info"],
    "filings:filing_route": lambda o: [o["filing"].pk],
    "filings:filing_upload": lambda o: [o["filing"].pk],
    "catalog:project_catalog": lambda o: [o["b"].project_id],
    "catalog:catalog_xlsx": lambda o: [o["b"].project_id],
    "catalog:entry_edit": lambda o: [o["entry"].pk],
    "catalog:entry_delete": lambda o: [o["entry"].pk],
    "documents:download": lambda o: [o["document"].pk],
    **{
        f"construction:{name}": lambda o: [o["construction"].pk]
        for name in (
            "detail",
            "responsibility",
            "estimate",
            "progress",
            "design_change",
            "adjustment",
            "incident",
            "sharing",
            "sharing_exempt",
            "upload",
        )
    },
    "construction:act": lambda o: [o["construction"].pk, "start_construction"],
    "construction:decide": lambda o: ["estimate", o["estimate"].pk],
    "procurement:project_detail": lambda o: [o["built"].pk],
    "procurement:procurement_create": lambda o: [o["built"].pk],
    "procurement:licence_create": lambda o: [o["built"].pk],
    "procurement:line_add": lambda o: [o["procurement"].pk],
    "procurement:contract_create": lambda o: [o["procurement"].pk],
    "procurement:payment_create": lambda o: [o["contract"].pk],
    "procurement:contract_act": lambda o: [o["contract"].pk, "settle_contract"],
    "supervision:project_detail": lambda o: [o["b"].project_id],
    "supervision:assign": lambda o: [o["b"].project_id],
    "supervision:request_create": lambda o: [o["b"].project_id],
    "supervision:inspection_open": lambda o: [o["b"].project_id],
    "supervision:report_file": lambda o: [o["supervision"].pk],
    "supervision:finding_record": lambda o: [o["inspection"].pk],
    "supervision:sanction_apply": lambda o: [o["rectification"].pk],
    "supervision:rectification_extend": lambda o: [o["rectification"].pk],
    "supervision:restriction_lift": lambda o: [o["restriction"].pk],
    "supervision:supervision_act": lambda o: [o["supervision"].pk, "end_supervision"],
    "supervision:request_act": lambda o: [o["info_request"].pk, "answer_information"],
    "supervision:inspection_act": lambda o: [o["inspection"].pk, "close_inspection"],
    "supervision:rectification_act": lambda o: [o["rectification"].pk, "submit_rectification"],
    "accountability:violation_detail": lambda o: [o["violation"].pk],
    "accountability:measure_record": lambda o: [o["violation"].pk],
    "accountability:evidence_add": lambda o: [o["violation"].pk],
    "accountability:violation_act": lambda o: [o["violation"].pk, "confirm_violation"],
    "accountability:unit_record": lambda o: [o["unit"].pk],
    "accountability:classified_detail": lambda o: [o["classified"].pk],
    "accountability:guidance_record": lambda o: [o["classified"].pk],
    "acceptance:detail": lambda o: [o["acceptance"].pk],
    "acceptance:document_record": lambda o: [o["acceptance"].pk, "construction_summary"],
    "acceptance:extension_request": lambda o: [o["acceptance"].pk],
    "acceptance:delegate": lambda o: [o["acceptance"].pk],
    "acceptance:member_add": lambda o: [o["acceptance"].pk],
    "acceptance:check_record": lambda o: [o["acceptance"].pk, "tested"],
    "acceptance:review_record": lambda o: [o["acceptance"].pk],
    "acceptance:report_docx": lambda o: [o["acceptance"].pk],
    "acceptance:report_pdf": lambda o: [o["acceptance"].pk],
    "acceptance:act": lambda o: [o["acceptance"].pk, "apply_completion"],
    "acceptance:extension_act": lambda o: [o["acceptance_extension"].pk, "approve_extension"],
    "evaluation:evaluation_detail": lambda o: [o["evaluation"].pk],
    "evaluation:score": lambda o: [o["evaluation"].pk],
    "evaluation:evaluation_act": lambda o: [o["evaluation"].pk, "start_scoring"],
    "evaluation:rectification_act": lambda o: [o["evaluation_rectification"].pk, "answer_rectification"],
    "evaluation:order": lambda o: [o["built"].pk],
    "operations:project_detail": lambda o: [o["built"].pk],
    "operations:prepare": lambda o: [o["built"].pk],
    "operations:final_audit_open": lambda o: [o["built"].pk],
    "operations:mode_set": lambda o: [o["operation"].pk],
    "operations:incident_record": lambda o: [o["operation"].pk],
    "operations:maintenance_declare": lambda o: [o["operation"].pk],
    "operations:operation_act": lambda o: [o["operation"].pk, "retire_operation"],
    "operations:audit_finding_record": lambda o: [o["final_audit"].pk],
    "operations:incident_resolve": lambda o: [o["incident"].pk],
    "operations:final_audit_act": lambda o: [o["final_audit"].pk, "close_final_audit"],
    "notifications:urge": lambda o: [o["a"].project_id],
    "intake:experts_draw": lambda o: [o["a"].pk],
    "experts:draw_detail": lambda o: [o["expert_draw"].pk],
    "experts:draw_pick": lambda o: [o["expert_draw"].pk],
    "experts:draw_verify": lambda o: [o["expert_draw"].pk],
    "experts:assignment_respond": lambda o: [o["expert_assignment"].pk],
    "experts:score_sheet": lambda o: [o["expert_assignment"].pk],
}
# URL arguments of pages whose object belongs to no applicant unit.
PAGE_SHARED: dict[str, Callable[[dict], list]] = {
    "intake:round_detail": lambda s: [s["round"].pk],
    "intake:plan_detail": lambda s: [s["plan_year"].year],
    "intake:plan_send": lambda s: [s["plan_year"].year],
    "intake:plan_annual_xlsx": lambda s: [s["plan_year"].year],
    "intake:plan_preapproved_xlsx": lambda s: [s["plan_year"].year],
    "intake:material_template": lambda s: ["workload"],
    # 第七条(二): the plan year's centralized procurement plan (none proposed in the world: its lines are ids of none)
    **{
        f"intake:{name}": lambda s: [s["plan_year"].year]
        for name in (
            "central_procurement",
            "central_procurement_propose",
            "central_procurement_issue",
            "central_procurement_xlsx",
            "central_procurement_pdf",
        )
    },
    "intake:central_procurement_line": lambda s: [10**6],
    "intake:central_procurement_line_remove": lambda s: [10**6],
    "api:token_revoke": lambda s: [1],
    "security:user_roles": lambda s: [s["user"].pk],
    "security:user_unlock": lambda s: [s["user"].pk],
    "supervision:qualification_record": lambda s: [s["firm"].pk],
    "evaluation:criteria_detail": lambda s: [s["criteria"].pk],
    "evaluation:concur": lambda s: [s["criteria"].pk],
    "evaluation:criteria_act": lambda s: [s["criteria"].pk, "withdraw_criteria"],
    # a notification is its addressee's alone: the id of none, answered 404 (or 405 to a GET) to everyone
    "notifications:read": lambda s: [10**6],
    "experts:expert_detail": lambda s: [s["expert_profile"].pk],
    "experts:expert_status": lambda s: [s["expert_profile"].pk],
    "experts:tie_add": lambda s: [s["expert_profile"].pk],
    "experts:unavailability_add": lambda s: [s["expert_profile"].pk],
}


def _walk(patterns, namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace, p


def page_names() -> dict[str, bool]:
    """Every named URL of the platform (and the admin site's entry) → whether it takes arguments."""
    names = {}
    for namespace, pattern in _walk(get_resolver().url_patterns):
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        if namespace.startswith(SKIPPED_NAMESPACES) and name != ADMIN_ENTRY:
            continue
        names[name] = bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups > 0
    return names


def page_cases(world) -> list[tuple[str, str, str]]:
    """(name, object, url) of every page; a page taking arguments nobody described fails loudly."""
    cases, unknown = [], []
    for name, takes_args in sorted(page_names().items()):
        if name in PAGE_OBJECT:
            cases += [(name, unit, reverse(name, args=PAGE_OBJECT[name](world[unit]))) for unit in UNITS]
        elif name in PAGE_SHARED:
            cases.append((name, "-", reverse(name, args=PAGE_SHARED[name](world["-"]))))
        elif not takes_args:
            cases.append((name, "-", reverse(name)))
        else:
            unknown.append(name)
    assert not unknown, f"Describe the URL arguments of {unknown} in PAGE_OBJECT or PAGE_SHARED ({__file__})"
    return cases


def page_outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code in (403, 404):
        return "denied"
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return "login"
        return "denied" if "/admin/login/" in location else "bounce"
    return str(response.status_code)


# --- the API --------------------------------------------------------------------------------------


def api_operations() -> dict[str, tuple[str, str]]:
    """operation id → (method, path template) of every operation of the NinjaAPI."""
    operations = {}
    for prefix, router in ninja_api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    operations[op.operation_id] = (method, "/api/v1" + prefix + path)
    return operations


# Which object of a unit an operation's declaration_id points at (default "b", in the budget library).
API_DECLARATION = {
    "declaration_get": "a",
    "declaration_update": "draft",
    "proposal_save": "draft",
    "declaration_history": "a",
    "document_upload": "draft",
    "procurement_item_add": "a",
    "infrastructure_standalone": "flagged",
    # 第五条: the declaration in the initial review, and the budget library's project as its similar one
    "declaration_similar_projects": "a",
    "duplication_judgement_create": "a",
    "duplication_statement_create": "a",
    "outline_accept": "a",
    "expert_draw_make": "a",
}
API_UNIT_PARAMS: dict[str, Callable[[dict, str], object]] = {
    "declaration_id": lambda o, op: o[API_DECLARATION.get(op, "b")].pk,
    "project_id": lambda o, op: o["b"].project_id,
    "document_id": lambda o, op: o["outline_document" if op == "outline_accept" else "document"].pk,
    "official_id": lambda o, op: o["official"].pk,
    "entry_id": lambda o, op: o["entry"].pk,
    "invitation_id": lambda o, op: o["invitation"].pk,
    "filing_id": lambda o, op: o["filing"].pk,
    "unit_id": lambda o, op: o["unit"].pk,
    "construction_id": lambda o, op: o["construction"].pk,
    "estimate_id": lambda o, op: o["estimate"].pk,
    # The world's constructions are in preparation (starting needs the supervision app's qualified firm),
    # so none has an adjustment request yet: the id of none, answered 404 to everyone.
    "adjustment_id": lambda o, op: 10**6,
    "procurement_id": lambda o, op: o["procurement"].pk,
    "contract_id": lambda o, op: o["contract"].pk,
    "supervision_id": lambda o, op: o["supervision"].pk,
    "information_request_id": lambda o, op: o["info_request"].pk,
    "inspection_id": lambda o, op: o["inspection"].pk,
    "rectification_id": lambda o, op: o["rectification"].pk,
    "restriction_id": lambda o, op: o["restriction"].pk,
    "acceptance_id": lambda o, op: o["acceptance"].pk,
    "extension_id": lambda o, op: o["acceptance_extension"].pk,
    "operation_id": lambda o, op: o["operation"].pk,
    "final_audit_id": lambda o, op: o["final_audit"].pk,
    "incident_id": lambda o, op: o["incident"].pk,
    "violation_id": lambda o, op: o["violation"].pk,
    "evaluation_id": lambda o, op: o["evaluation"].pk,
    "draw_id": lambda o, op: o["expert_draw"].pk,
    "assignment_id": lambda o, op: o["expert_assignment"].pk,
}
API_SHARED_PARAMS: dict[str, Callable[[dict], object]] = {
    "round_id": lambda s: s["round"].pk,
    "year": lambda s: s["plan_year"].year,
    "firm_id": lambda s: s["firm"].pk,
    "code": lambda s: "tested",  # the checklist item of acceptance_check_record (附件4 四)
    "notification_id": lambda s: 10**6,  # each user's own: the id of none
    "expert_id": lambda s: s["expert_profile"].pk,
}
API_ACTION = {
    "declaration_act": "arrange_funds",
    "filing_act": "request_filing_info",
    "construction_act": "start_construction",
    "contract_act": "settle_contract",
    "supervision_act": "end_supervision",
    "information_request_act": "answer_information",
    "inspection_act": "close_inspection",
    "rectification_act": "submit_rectification",
    "acceptance_act": "apply_completion",
    "acceptance_extension_act": "approve_extension",
    "operation_act": "retire_operation",
    "final_audit_act": "close_final_audit",
    "violation_act": "confirm_violation",
    "evaluation_act": "start_scoring",
}
_CONSTRUCTION_ITEMS = [
    {"kind": k, "amount": "10.00"}
    for k in ("hardware", "software", "development", "integration", "supervision", "other")
]
# A valid body for each operation that takes one, so that the answer is the access decision (403/404),
# the rule (409) or the success, not a validation error. Multipart where the operation uploads a file.
API_BODY: dict[str, Callable[[], dict]] = {
    "declaration_create": lambda: {**_application_json(), "plan_year": 2027, "name": "新申报项目"},
    "declaration_update": lambda: {**_application_json(), "name": "改名后的草稿"},
    "proposal_save": lambda: PROPOSAL,
    "declaration_act": lambda: {"amount": "150.00"},
    "document_upload": lambda: {"kind": "other", "file": scenario.pdf_file("其他附件.pdf")},
    "catalog_entry_create": lambda: scenario.catalog_entry_data(7),
    "project_catalog_entry_create": lambda: scenario.catalog_entry_data(8, code="QD-MATRIX-0008"),
    "procurement_item_add": lambda: {
        "category": "software",
        "name": "数据库",
        "quantity": 1,
        "estimated_amount": "12.50",
    },
    "catalog_entry_update": lambda: scenario.catalog_entry_data(9),
    "review_round_open": lambda: {"plan_year": 2027, "name": "第二批初审"},
    "review_opinion_submit": lambda: {"recommendation": "adjust", "opinion": "建议压缩硬件投资。"},
    "plan_year_open": lambda: {"year": 2028, "notes": ""},
    "plan_send_to_finance": dict,
    "special_create": lambda: {
        **_application_json(),
        "plan_year": 2027,
        "name": "新特殊申报",
        "basis": "unforeseeable",
        "unforeseeable_reason": "省里年中部署的对接任务，年初无法预见。",
    },
    "infrastructure_standalone": lambda: {"reason": "业务专用存储，同意单独立项。"},
    "duplication_judgement_create": lambda: {"verdict": "distinct", "remedy": "none", "reason": "服务对象不同。"},
    "duplication_statement_create": lambda: {"reason": "服务对象不同。"},
    "outline_accept": lambda: {"reason": "扫描件已核对纸质原件，章节齐全。"},
    "configuration_item_add": lambda: {"category": "equipment", "name": "服务器", "quantity": 2, "unit_price": "8.50"},
    "filing_create": lambda: {
        "kind": "higher_authority",
        "name": "“雪亮工程”市级节点",
        "higher_authority": "江苏省公安厅",
        "approval_reference": "苏公科〔2026〕18号",
        "total_investment": "500.00",
        "needs_matching_funds": "false",
        "description": "按省公安厅部署建设。",
        "approval_document": scenario.pdf_file("省公安厅批复.pdf"),
    },
    "filing_act": lambda: {"reason": "请补充省厅资金安排。"},
    "filing_document_upload": lambda: {"kind": "other", "file": scenario.pdf_file("补充材料.pdf")},
    "construction_open": lambda: {"project_id": 1},
    "construction_responsibility": lambda: {
        "implementation_body": "信息科",
        "leader_name": "张明",
        "leader_phone": "13912345678",
        "responsible_leader": "李华",
        "responsible_leader_title": "副院长",
    },
    "construction_estimate_submit": lambda: {"design_summary": "政务云部署。", "items": _CONSTRUCTION_ITEMS},
    "construction_estimate_decide": lambda: {"decision": "approve"},
    "construction_adjustment_request": lambda: {
        "changes": "增加移动端。",
        "reason": "省里要求。",
        "items": _CONSTRUCTION_ITEMS,
    },
    "construction_adjustment_decide": lambda: {"decision": "approve"},
    "construction_progress_report": lambda: {
        "period_end": "2026-10-01",
        "percent": 10,
        "milestones": "完成招标。",
        "schedule_status": "按计划。",
        "estimate_control": "未超概算。",
    },
    "construction_design_change_report": lambda: {"description": "调整部署方式。"},
    "construction_incident_report": lambda: {
        "kind": "serious_delay",
        "occurred_on": "2026-10-01",
        "description": "延期交货。",
    },
    "construction_sharing_record": lambda: {"connected_on": "2026-10-01", "interface": "RESTful"},
    "construction_sharing_exempt": lambda: {"reason": "内部系统。"},
    "construction_document_upload": lambda: {"kind": "management_rules", "file": scenario.pdf_file("制度.pdf")},
    "procurement_record": lambda: {
        "subject": "服务器采购",
        "method": "inquiry",
        "supplier": "启东信息设备有限公司",
        "amount": "10.00",
        "procured_on": "2026-10-15",
        "lines": [{"name": "服务器", "quantity": 2, "origin": "domestic"}],
    },
    "procurement_line_add": lambda: {"name": "交换机", "quantity": 1, "origin": "domestic"},
    "contract_sign": lambda: {
        "number": "HT-002",
        "name": "服务器采购合同",
        "signed_on": "2026-10-15",
        "parts": {"hardware": "10.00"},
    },
    "licence_record": lambda: {
        "product": "办公软件",
        "licence_type": "subscription",
        "licence_number": "OF-001",
        "quantity": "5",
        "evidence": scenario.pdf_file("授权书.pdf"),
    },
    "payment_record": lambda: {
        "kind": "development",
        "funding_source": "fiscal",
        "amount": "10.00",
        "paid_on": "2026-10-15",
    },
    "contract_act": lambda: {"reason": "合同已履行完毕。"},
    "supervision_assign": lambda: {
        "firm_id": 1,
        "contract_number": "JL-矩阵",
        "contract_signed_on": "2026-10-01",
        "contract": scenario.pdf_file("监理合同.pdf"),
    },
    "supervision_report_file": lambda: {"period_start": "2026-10-01", "period_end": "2026-10-31", "findings": "正常。"},
    "information_request_create": lambda: {"subject": "请提供合同。", "due": "2026-10-30"},
    "inspection_open": lambda: {"scope": "稽察。"},
    "finding_record": lambda: {"area": "funds", "description": "资金问题。"},
    "sanction_apply": lambda: {"kind": "criticism", "reason": "拒不整改。"},
    "restriction_lift": lambda: {"reason": "已整改。"},
    "firm_qualification_record": lambda: {
        "grade": "class_a",
        "certificate_number": "JL-矩阵-01",
        "valid_from": "2026-01-01",
        "valid_until": "2028-12-31",
    },
    "supervision_act": lambda: {"reason": "合同履行完毕。"},
    "information_request_act": lambda: {"reason": "已提供。"},
    "inspection_act": lambda: {"reason": "办结。"},
    "rectification_act": lambda: {"reason": "已整改。"},
    "acceptance_document_record": lambda: {
        "kind": "construction_summary",
        "author_organisation": "编制单位",
        "author_person": "张明",
        "dated": "2026-10-10",
        "document": scenario.pdf_file("项目建设总结.pdf"),
    },
    "acceptance_extension_request": lambda: {"requested_due": "2027-07-31", "reason": "测评排期。"},
    "acceptance_delegate": lambda: {"reason": "建设内容较简单。"},
    "acceptance_member_add": lambda: {"kind": "department", "unit_id": 1},
    "acceptance_check_record": lambda: {"evidence": "测试报告。", "passed": True},
    "acceptance_review_record": lambda: {
        "areas": [
            "construction",
            "design",
            "supervision",
            "works",
            "procurement",
            "archives",
            "estimate",
            "final_accounts",
        ],
        "bases": ["contracts"],
        "findings": "逐项检查。",
    },
    "acceptance_act": lambda: {"reason": "申请竣工验收。"},
    "acceptance_extension_act": lambda: {"reason": "同意。"},
    "violation_record": lambda: {"project_id": 1, "kind": "no_catalog", "facts": "未提供信息资源目录。"},
    "violation_act": lambda: {"reason": "经核实属实。"},
    "violation_measure_record": lambda: {"kind": "criticism", "description": "通报批评。"},
    "operation_prepare": lambda: {"operating_body": "信息中心", "cost_assurance": "部门预算。"},
    "operation_mode_set": lambda: {"mode": "self", "reason": "仍自管。"},
    "operation_incident_record": lambda: {
        "kind": "outage",
        "severity": "minor",
        "occurred_at": "2026-10-15T08:00:00+08:00",
        "description": "服务中断。",
        "measures": "重启服务。",
    },
    "operation_maintenance_declare": lambda: {
        "plan_year": 2027,
        "annual_requirement": "20.00",
        "purpose_and_content": "运行维护。",
    },
    "operation_act": lambda: {"reason": "由省级平台替代。"},
    "operation_incident_resolve": lambda: {"resolved_at": "2026-10-15T09:00:00+08:00", "measures": "更换磁盘。"},
    "final_audit_open": lambda: {"project_id": 1, "scope": "竣工决算审计。"},
    "final_audit_finding_record": lambda: {"description": "发票待补。"},
    "final_audit_act": lambda: {"reason": "决算真实。"},
    "evaluation_score": lambda: {"indicator": "E2", "score": "80", "evidence": "运行记录。", "comment": "稳定。"},
    "evaluation_act": lambda: {"reason": ""},
    "expert_enrol": lambda: {"user_id": 1, "fields": ["planning"], "title": "教授", "employer": "某大学"},
    "expert_status": lambda: {"action": "suspend", "reason": "本人申请暂停。"},
    "expert_draw_make": lambda: {"requirements": [{"field": "data", "count": 1}]},
    "expert_draw_pick": lambda: {"expert_id": 1, "field": "planning", "reason": "库内该领域专家不足。"},
    "expert_assignment_accept": lambda: {"no_conflict": True},
    "expert_assignment_decline": lambda: {"reason": "评审期间出差。"},
    "expert_score_sheet_submit": lambda: {"scores": {"necessity": "20"}, "comment": "论证充分。"},
}
MULTIPART = {
    "operation_prepare",
    "final_audit_finding_record",
    "document_upload",
    "filing_create",
    "filing_document_upload",
    "construction_document_upload",
    "licence_record",
    "supervision_assign",
    "supervision_report_file",
    "finding_record",
    "acceptance_document_record",
}


def _application_json() -> dict:
    return {k: v if isinstance(v, bool) else str(v) for k, v in application_data().items()}


def api_cases(world) -> list[tuple[str, str, str, str]]:
    """(operation id, object, method, url) of every operation; an unknown path parameter fails loudly."""
    cases, unknown = [], []
    for op_id, (method, template) in sorted(api_operations().items()):
        params = re.findall(r"{(\w+)}", template)
        unit_params = [p for p in params if p in API_UNIT_PARAMS]
        unknown += [f"{op_id}.{p}" for p in params if p not in API_UNIT_PARAMS | API_SHARED_PARAMS and p != "action"]

        if unit_params:
            cases += [(op_id, unit, method, _api_url(op_id, template, world, world[unit])) for unit in UNITS]
        else:
            cases.append((op_id, "-", method, _api_url(op_id, template, world, None)))
    assert not unknown, f"Describe the path parameters {unknown} in API_UNIT_PARAMS or API_SHARED_PARAMS"
    return cases


def _api_url(op_id: str, template: str, world: dict, objects: dict | None) -> str:
    values = {}
    for param in re.findall(r"{(\w+)}", template):
        if param in API_SHARED_PARAMS:
            values[param] = API_SHARED_PARAMS[param](world["-"])
        elif param in API_UNIT_PARAMS:
            values[param] = API_UNIT_PARAMS[param](objects, op_id)
        else:
            values[param] = API_ACTION[op_id]
    return template.format(**values)


def api_call(client: Client, op_id: str, method: str, url: str, secret: str | None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    cache.clear()  # the rate limit counts calls per token in a minute; the matrix makes many in no time
    if method in ("GET", "DELETE"):
        return getattr(client, method.lower())(url, headers=headers)
    body = API_BODY.get(op_id, dict)()
    if op_id in MULTIPART:
        return client.post(url, body, headers=headers)
    return getattr(client, method.lower())(
        url, json.dumps(body, ensure_ascii=False, default=str), content_type="application/json", headers=headers
    )


# --- observing ------------------------------------------------------------------------------------


def observe(world) -> dict[tuple[str, str, str, str], str]:
    """(kind, name, object, role) → outcome, for every page and operation as every role."""
    city = world["city"]
    pages, operations = page_cases(world), api_cases(world)
    secrets = {
        role: api_token_create(
            actor=city.users[role],
            user=city.users[role],
            name="矩阵",
            scope=TokenScope.WRITE,
            otp_token=second_factor_code(city.users[role]),
        )[1]
        for role in ROLES
        if role != "anonymous"
    }
    result = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(city.users[role])
        for name, obj, url in pages:
            result[("page", name, obj, role)] = page_outcome(rolled_back(client.get, url))
        api_client = Client()
        for op_id, obj, method, url in operations:
            response = rolled_back(api_call, api_client, op_id, method, url, secrets.get(role))
            result[("api", op_id, obj, role)] = str(response.status_code)
    return result


def dump(matrix: dict) -> str:
    lines = [
        json.dumps(dict(zip(("kind", "name", "object", "role", "outcome"), (*key, value), strict=True)))
        for key, value in sorted(matrix.items())
    ]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def load() -> dict:
    if not MATRIX_FILE.exists():
        return {}
    return {(e["kind"], e["name"], e["object"], e["role"]): e["outcome"] for e in json.loads(MATRIX_FILE.read_text())}


def observe_matrix(world) -> dict[tuple[str, str, str, str], str]:
    """The matrix of the world, as egovpm/orgs/tests/conftest.py observes it (inside its transaction)."""
    # The matrix asks who may download the application form, not how it looks (egovpm/documents/tests
    # render it): rendering it forty times would take a minute.
    form = "egovpm.intake.application_form.application_"
    pdf = mock.patch(f"{form}pdf", return_value=b"%PDF-1.4 matrix")
    docx = mock.patch(f"{form}docx", return_value=b"PK matrix")
    # nor the official documents and the online proposal (egovpm/official/tests and intake's render them)
    official = mock.patch("egovpm.official.services.official_pdf", return_value=b"%PDF-1.4 matrix")
    proposal = mock.patch("egovpm.intake.material_templates.material_pdf", return_value=b"%PDF-1.4 matrix")
    with pdf, docx, official, proposal:
        return observe(world)


@pytest.fixture
def observed(observed_world):
    """The live matrix, observed once per test run on the shared world (egovpm/orgs/tests/conftest.py)."""
    matrix = observed_world.matrix
    if os.environ.get(WRITE_ENV):
        MATRIX_FILE.write_text(dump(matrix), encoding="utf-8")
    return matrix


# --- the tests ------------------------------------------------------------------------------------

MAKE_MATRIX = "Run `make matrix` and review the diff of egovpm/orgs/tests/access_matrix.json."


def test_every_page_and_operation_is_in_the_matrix():
    committed = {(kind, name) for kind, name, _, _ in load()}
    expected = {("page", n) for n in page_names()} | {("api", op) for op in api_operations()}
    missing = sorted(expected - committed)
    stale = sorted(committed - expected)
    assert not missing, f"Not in the access matrix: {missing}. {MAKE_MATRIX}"
    assert not stale, f"In the access matrix but gone from the platform: {stale}. {MAKE_MATRIX}"


def test_post_only_pages_exist():
    assert set(POST_ONLY) <= set(page_names()), set(POST_ONLY) - set(page_names())


@pytest.mark.any_database
@pytest.mark.article("第四条")
def test_every_role_against_every_page_and_operation(observed):
    committed = load()
    wrong = [
        f"{kind} {name} [{obj}] as {role}: expected {committed[key]}, got {got}"
        for key, got in sorted(observed.items())
        for kind, name, obj, role in [key]
        if key in committed and committed[key] != got
    ]
    missing = [" ".join(key) for key in sorted(set(observed) - set(committed))]
    stale = [" ".join(key) for key in sorted(set(committed) - set(observed))]
    problems = (
        wrong + [f"new, not in the file: {m}" for m in missing] + [f"in the file, not observed: {s}" for s in stale]
    )
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems) + f"\n{MAKE_MATRIX}"


def _cells(observed, *, kind=None, role=None, obj=None):
    for (k, name, o, r), outcome in observed.items():
        if (kind is None or k == kind) and (role is None or r == role) and (obj is None or o == obj):
            yield k, name, o, r, outcome


PASSED = {"ok", "bounce"}  # a page that let the role in


def _api_passed(status: str) -> bool:
    """The operation got past the role and visibility checks (success, a rule's refusal, invalid data)."""
    return status not in ("401", "403", "404")


@pytest.mark.any_database
@pytest.mark.article("第四条")
def test_no_unit_reaches_another_units_objects(observed):
    """Department users (clerk, leader, supervisor, the supervising department's clerk) never open a page
    or call an operation on another unit's declaration, document, filing, special application or entry."""
    leaks = [
        f"{k} {name} [{o}] as {r}: {outcome}"
        for role, own in OWN_UNIT.items()
        for k, name, o, r, outcome in _cells(observed, role=role)
        if o not in ("-", own) and (outcome in PASSED if k == "page" else _api_passed(outcome))
    ]
    assert not leaks, "\n".join(leaks)


@pytest.mark.any_database
@pytest.mark.article("第四条")
def test_experts_reach_only_the_projects_they_review(observed):
    """expert reviews the hospital's declarations, expert2 the culture bureau's."""
    invited = {"expert": "hospital", "expert2": "culture"}
    leaks = [
        f"{k} {name} [{o}] as {r}: {outcome}"
        for role, unit in invited.items()
        for k, name, o, r, outcome in _cells(observed, role=role)
        if o not in ("-", unit) and (outcome in PASSED if k == "page" else _api_passed(outcome))
    ]
    assert not leaks, "\n".join(leaks)


# Pages every logged-in user has: the cockpit, the help, their own account and API tokens.
COMMON_PAGES = ("cockpit:", "accounts:", "api:token_list", "official:verify")
# Pages open to anyone, logged in or not: the login, and the public verification of an issued document's
# number and hash (egovpm/official: it reveals no content; rate-limited; egovpm/official/tests).
PUBLIC_PAGES = ("accounts:login", "official:verify")
# Each administrator's own pages (三员分立).
ADMIN_PAGES = {"sysadmin": ("admin:",), "secadmin": ("security:",), "auditadmin": ("audit:",)}
# The API operations of an administrator's own: the audit administrator verifies the chain (issue 11).
ADMIN_API = {"auditadmin": ("audit_verify",)}


@pytest.mark.any_database
@pytest.mark.article("第四条")
def test_the_three_administrators_get_only_their_own_pages(observed):
    wrong = []
    for k, name, o, role, outcome in _cells(observed):
        owner = next((a for a, prefixes in ADMIN_PAGES.items() if name.startswith(prefixes)), None)
        if k == "page" and owner and outcome in PASSED and role != owner:
            wrong.append(f"{name} opens for {role}, not only {owner}")
        if role in ADMINS and k == "page" and outcome in PASSED and owner != role and not name.startswith(COMMON_PAGES):
            wrong.append(f"{name} [{o}] opens for {role}")
        own_api = ("me", "lifecycle", *ADMIN_API.get(role, ()))
        if role in ADMINS and k == "api" and name not in own_api and outcome.startswith("2"):
            wrong.append(f"API {name} [{o}] answers {outcome} to {role}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.any_database
@pytest.mark.article("第四条")
def test_anonymous_always_logs_in(observed):
    wrong = [
        f"{k} {name} [{o}]: {outcome}"
        for k, name, o, r, outcome in _cells(observed, role="anonymous")
        if (k == "page" and name not in PUBLIC_PAGES and outcome != "login") or (k == "api" and outcome != "401")
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.any_database
@pytest.mark.article("第四条")
def test_post_only_pages_never_open_on_get(observed):
    opened = [
        f"{name} [{o}] as {r}"
        for k, name, o, r, outcome in _cells(observed, kind="page")
        if name in POST_ONLY and outcome == "ok"
    ]
    assert not opened, opened
