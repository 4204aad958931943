"""第四条, deny by default: every role against every page of the platform, own and other unit.

EXPECTED is the access matrix. Each cell is what a GET answers:
  ok      200, the page opens;
  bounce  302 back to a page of the platform with a message (the object is visible to the user but
          the page does not apply to it now, e.g. editing a declaration that is no longer a draft);
  denied  403 (role) or 404 (object not visible to the user);
  login   302 to the login page (anonymous).
A URL that is added without a row here fails test_every_page_is_in_the_matrix."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from egovpm.conftest import PROPOSAL, application_data
from egovpm.documents.models import Document
from egovpm.intake import services
from egovpm.intake.models import ProcurementItem
from egovpm.intake.services import coordination, filing, special
from egovpm.testing import scenario

NAMESPACES = ("intake", "catalog", "documents", "cockpit", "api")
# Pages that change something answer only POST; GET on them is refused for everyone.
POST_ONLY = {
    "intake:declaration_act",
    "intake:procurement_item_add",
    "intake:procurement_item_remove",
    "intake:plan_send",
    "catalog:entry_delete",
    "intake:coordinated_item_create",
    "intake:filing_act",
    "api:token_revoke",
}
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
    "sysadmin",
    "anonymous",
)


def build_world(city):
    u = city.users
    py = services.plan_year_open(actor=u["office_reviewer"], year=2027)
    walk = {
        "clerk": u["clerk"],
        "supervisor": u["supervisor"],
        "office_reviewer": u["office_reviewer"],
        "office_head": u["office_head"],
        "finance": u["finance"],
        "reviewers": [u["finance"], u["audit"], u["expert"]],
    }
    a = scenario.declare(clerk=u["clerk"], plan_year=py, name="在审项目", data=application_data(), proposal=PROPOSAL)
    a = scenario.advance(a, "in_initial_review", **walk)
    services.procurement_item_add(
        actor=u["office_reviewer"],
        declaration=a,
        data={
            "category": "equipment",
            "name": "服务器",
            "specification": "",
            "quantity": 2,
            "estimated_amount": "20.00",
        },
    )
    b = scenario.declare(clerk=u["clerk"], plan_year=py, name="已批项目", data=application_data(), proposal=PROPOSAL)
    b = scenario.advance(b, "in_budget_library", **walk)
    other = scenario.declare(
        clerk=u["culture_clerk"], plan_year=py, name="他单位草稿", data=application_data(), proposal=PROPOSAL
    )
    flagged = scenario.declare(
        clerk=u["clerk"],
        plan_year=py,
        name="云存储扩容",
        proposal=PROPOSAL,
        data=application_data(infrastructure_areas=["云存储"]),
    )
    flagged = scenario.advance(flagged, "submitted", **walk)
    coordination.coordinated_item_create(
        actor=u["office_reviewer"], plan_year=py, name="全市政务云存储扩容", area="云存储"
    )
    special_decl = special.special_create(
        actor=u["clerk"],
        plan_year=py,
        name="特殊申报项目",
        data=application_data(),
        basis="unforeseeable",
        unforeseeable_reason="上级新部署的任务，年初无法预见。",
    )
    special_decl = special.special_submit(actor=u["clerk"], declaration=special_decl)
    the_filing = filing.filing_create(
        actor=u["clerk"],
        kind="self_initiated",
        name="自主立项项目",
        approval_reference="院〔2026〕5号",
        total_investment=Decimal("50.00"),
        description="医院自筹建设的内部管理系统。",
        approval_document=scenario.pdf_file("立项批复.pdf"),
    )
    return {
        "a": a,
        "b": b,
        "other": other,
        "round": a.review_round,
        "invitation": a.invitations.get(reviewer=u["expert"]),
        "entry": b.catalog_entries.first(),
        "document": Document.objects.filter(declaration=b).first(),
        "item": ProcurementItem.objects.get(declaration=a),
        "flagged": flagged,
        "special": special_decl,
        "filing": the_filing,
    }


def page_urls(world) -> dict[str, str]:
    """One concrete URL per page name, pointing at an object of the hospital (the clerk's unit)."""
    a, b = world["a"], world["b"]
    return {
        "cockpit:todo": reverse("cockpit:todo"),
        "cockpit:help_lifecycle": reverse("cockpit:help_lifecycle"),
        "intake:declaration_list": reverse("intake:declaration_list"),
        "intake:declaration_create": reverse("intake:declaration_create"),
        "intake:declaration_detail": reverse("intake:declaration_detail", args=[a.pk]),
        "intake:declaration_edit": reverse("intake:declaration_edit", args=[a.pk]),
        "intake:application_docx": reverse("intake:application_docx", args=[a.pk]),
        "intake:application_pdf": reverse("intake:application_pdf", args=[a.pk]),
        "intake:proposal_edit": reverse("intake:proposal_edit", args=[a.pk]),
        "intake:document_upload": reverse("intake:document_upload", args=[a.pk]),
        "intake:round_list": reverse("intake:round_list"),
        "intake:round_create": reverse("intake:round_create"),
        "intake:round_detail": reverse("intake:round_detail", args=[world["round"].pk]),
        "intake:initial_review_start": reverse("intake:initial_review_start", args=[a.pk]),
        "intake:invitation_list": reverse("intake:invitation_list"),
        "intake:invitation_detail": reverse("intake:invitation_detail", args=[world["invitation"].pk]),
        "intake:re_review_approve": reverse("intake:re_review_approve", args=[b.pk]),
        "intake:approval_opinion": reverse("intake:approval_opinion", args=[b.pk]),
        "intake:plan_index": reverse("intake:plan_index"),
        "intake:plan_detail": reverse("intake:plan_detail", args=[2027]),
        "intake:plan_annual_xlsx": reverse("intake:plan_annual_xlsx", args=[2027]),
        "intake:plan_preapproved_xlsx": reverse("intake:plan_preapproved_xlsx", args=[2027]),
        "intake:budget_library": reverse("intake:budget_library"),
        "intake:budget_arrange": reverse("intake:budget_arrange", args=[b.pk]),
        "catalog:declaration_catalog": reverse("catalog:declaration_catalog", args=[b.pk]),
        "catalog:catalog_xlsx": reverse("catalog:catalog_xlsx", args=[b.pk]),
        "catalog:entry_edit": reverse("catalog:entry_edit", args=[world["entry"].pk]),
        "documents:download": reverse("documents:download", args=[world["document"].pk]),
        "intake:coordination_list": reverse("intake:coordination_list"),
        "intake:coordination_fold": reverse("intake:coordination_fold", args=[world["flagged"].pk]),
        "intake:coordination_standalone": reverse("intake:coordination_standalone", args=[world["flagged"].pk]),
        "intake:special_list": reverse("intake:special_list"),
        "intake:special_create": reverse("intake:special_create"),
        "intake:special_exception_list": reverse("intake:special_exception_list"),
        "intake:special_edit": reverse("intake:special_edit", args=[world["special"].pk]),
        "intake:joint_review_start": reverse("intake:joint_review_start", args=[world["special"].pk]),
        "intake:special_approve": reverse("intake:special_approve", args=[world["special"].pk]),
        "intake:special_funds_arrange": reverse("intake:special_funds_arrange", args=[world["special"].pk]),
        "api:token_list": reverse("api:token_list"),
        "intake:filing_list": reverse("intake:filing_list"),
        "intake:filing_create": reverse("intake:filing_create"),
        "intake:filing_detail": reverse("intake:filing_detail", args=[world["filing"].pk]),
        "intake:filing_route": reverse("intake:filing_route", args=[world["filing"].pk]),
        "intake:filing_upload": reverse("intake:filing_upload", args=[world["filing"].pk]),
    }


def outcome(client, url: str) -> str:
    response = client.get(url)
    if response.status_code == 200:
        return "ok"
    if response.status_code in (403, 404):
        return "denied"
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else "bounce"
    return str(response.status_code)


def login_as(client, city, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.force_login(city.users[role])


def matrix(client, city, urls: dict[str, str]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {name: {} for name in urls}
    for role in ROLES:
        login_as(client, city, role)
        for name, url in urls.items():
            result[name][role] = outcome(client, url)
    return result


EXPECTED = {
    "api:token_list": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "ok",
        "sysadmin": "ok",
        "anonymous": "login",
    },
    "cockpit:todo": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "ok",
        "sysadmin": "ok",
        "anonymous": "login",
    },
    "cockpit:help_lifecycle": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "ok",
        "sysadmin": "ok",
        "anonymous": "login",
    },
    "intake:declaration_list": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "ok",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:declaration_create": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:declaration_detail": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:declaration_edit": {
        "clerk": "bounce",
        "hospital_leader": "bounce",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:application_docx": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:application_pdf": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:proposal_edit": {
        "clerk": "bounce",
        "hospital_leader": "bounce",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:document_upload": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:round_list": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:round_create": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:round_detail": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:initial_review_start": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "bounce",
        "office_head": "bounce",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:invitation_list": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "ok",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:invitation_detail": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:re_review_approve": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:approval_opinion": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:plan_index": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:plan_detail": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:plan_annual_xlsx": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:plan_preapproved_xlsx": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:budget_library": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:budget_arrange": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "catalog:declaration_catalog": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "catalog:catalog_xlsx": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "catalog:entry_edit": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "documents:download": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "ok",
        "expert": "ok",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:coordination_list": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:coordination_fold": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:coordination_standalone": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:special_list": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:special_create": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:special_exception_list": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:special_edit": {
        "clerk": "bounce",
        "hospital_leader": "bounce",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:joint_review_start": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "bounce",
        "office_head": "bounce",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:special_approve": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:special_funds_arrange": {
        "clerk": "denied",
        "hospital_leader": "denied",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "ok",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:filing_list": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:filing_create": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "ok",
        "culture_clerk": "ok",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:filing_detail": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "ok",
        "health_clerk": "ok",
        "culture_clerk": "denied",
        "office_reviewer": "ok",
        "office_head": "ok",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:filing_route": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
    "intake:filing_upload": {
        "clerk": "ok",
        "hospital_leader": "ok",
        "supervisor": "denied",
        "health_clerk": "denied",
        "culture_clerk": "denied",
        "office_reviewer": "denied",
        "office_head": "denied",
        "finance": "denied",
        "audit": "denied",
        "expert": "denied",
        "expert2": "denied",
        "sysadmin": "denied",
        "anonymous": "login",
    },
}


def url_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(p, "url_patterns"):
            ns = p.namespace or namespace
            names |= url_names(p.url_patterns, ns)
        elif p.name and namespace in NAMESPACES:
            names.add(f"{namespace}:{p.name}")
    return names


def test_every_page_is_in_the_matrix():
    assert url_names() == set(EXPECTED) | POST_ONLY


@pytest.mark.article("第四条")
def test_every_role_against_every_page(city, frozen_clock, client):
    world = build_world(city)
    actual = matrix(client, city, page_urls(world))
    wrong = [
        f"{name} as {role}: expected {EXPECTED[name][role]}, got {got}"
        for name, row in actual.items()
        for role, got in row.items()
        if got != EXPECTED[name][role]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.article("第四条")
def test_changes_answer_post_only(city, frozen_clock, client):
    world = build_world(city)
    a = world["a"]
    urls = [
        reverse("intake:declaration_act", args=[a.pk, "pass_initial_review"]),
        reverse("intake:procurement_item_add", args=[a.pk]),
        reverse("intake:procurement_item_remove", args=[world["item"].pk]),
        reverse("intake:plan_send", args=[2027]),
        reverse("catalog:entry_delete", args=[world["entry"].pk]),
        reverse("intake:coordinated_item_create"),
        reverse("intake:filing_act", args=[world["filing"].pk, "request_filing_info"]),
        reverse("api:token_revoke", args=[1]),
    ]
    assert len(urls) == len(POST_ONLY)
    for role in ("office_reviewer", "clerk", "finance"):
        login_as(client, city, role)
        for url in urls:
            assert client.get(url).status_code in (403, 404, 405), (role, url)
    assert ProcurementItem.objects.filter(pk=world["item"].pk).exists()


@pytest.mark.article("第四条")
def test_a_unit_sees_only_its_own_and_its_subordinates_projects(city, frozen_clock, client):
    world = build_world(city)
    other = world["other"]
    pages = ["intake:declaration_detail", "catalog:declaration_catalog", "catalog:catalog_xlsx"]
    for role in ("clerk", "hospital_leader", "supervisor", "health_clerk", "office_reviewer", "finance", "expert"):
        login_as(client, city, role)
        for name in pages:
            assert outcome(client, reverse(name, args=[other.pk])) == "denied", (role, name)
        listed = client.get(reverse("intake:declaration_list")).content.decode()
        assert "他单位草稿" not in listed, role
    login_as(client, city, "culture_clerk")
    assert outcome(client, reverse("intake:declaration_detail", args=[other.pk])) == "ok"
    assert "在审项目" not in client.get(reverse("intake:declaration_list")).content.decode()
    login_as(client, city, "health_clerk")  # the supervising department's own clerk sees its subordinate's
    assert "在审项目" in client.get(reverse("intake:declaration_list")).content.decode()
