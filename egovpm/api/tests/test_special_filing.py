"""第六条, 第八条/第九条 and 第十条 through the API: the special application from letter to written opinion,
the Office's 第六条 decisions, and filings with their routing; each endpoint for an allowed role, a refused
role (403) and an object out of sight (404)."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import pytest

from egovpm.conftest import PROPOSAL, application_data, stage_of
from egovpm.coordination import services as coordination
from egovpm.coordination.models import InfrastructureDecision
from egovpm.documents.models import Document, DocumentKind
from egovpm.filings import services as filing
from egovpm.filings.models import Filing
from egovpm.intake import services as intake_services
from egovpm.intake.models import ApprovalOpinion, Declaration, ReviewInvitation, SpecialRequest
from egovpm.intake.services import plan_year_open, special
from egovpm.testing import scenario

from .conftest import application_json

REASON = "2026年8月省卫健委部署互联网医院监管平台对接任务，年初编制计划时无法预见。"
MATERIALS = "1. 项目建议书；2. 可行性研究报告。"


def b64_pdf(name: str) -> dict:
    return {"filename": name, "content_base64": base64.b64encode(scenario.pdf_file(name).read()).decode()}


@pytest.fixture
def year2026(city, frozen_clock):
    """Plan year 2026, the current year: the general window closed on 2025-10-31."""
    frozen_clock(dt.date(2026, 11, 10))
    return plan_year_open(actor=city.users["office_reviewer"], year=2026)


def letter_json(**overrides) -> dict:
    return {
        **application_json(),
        "plan_year": 2026,
        "name": "互联网医院监管平台对接",
        "basis": "unforeseeable",
        "unforeseeable_reason": REASON,
        **overrides,
    }


def special_in_review(city, plan_year) -> Declaration:
    """A hospital special application taken to the joint review through the services."""
    u = city.users
    decl = special.special_create(
        actor=u["clerk"],
        plan_year=plan_year,
        name="互联网医院监管平台对接",
        data=application_data(),
        basis="unforeseeable",
        unforeseeable_reason=REASON,
    )
    decl = special.special_submit(actor=u["clerk"], declaration=decl)
    decl = special.special_start_agree(actor=u["office_reviewer"], declaration=decl, required_materials=MATERIALS)
    intake_services.declaration_document_upload(
        actor=u["clerk"], declaration=decl, kind=DocumentKind.SPECIAL_MATERIAL, upload=scenario.pdf_file("可研.pdf")
    )
    return special.special_materials_submit(actor=u["clerk"], declaration=decl)


# -- 第八条, 第九条 --------------------------------------------------------------------------------------


@pytest.mark.article("第九条(三)")
def test_a_special_application_walks_from_letter_to_written_opinion_through_the_api(api_as, city, year2026):
    clerk, office, head, finance, expert = (
        api_as("clerk"),
        api_as("office_reviewer"),
        api_as("office_head"),
        api_as("finance"),
        api_as("expert"),
    )
    created = clerk.post("/special-applications", letter_json())
    assert created.status_code == 201, created.content.decode()
    pk = created.json()["id"]
    assert created.json()["procedure"] == "special"
    assert created.json()["basis"] == "unforeseeable"
    assert created.json()["unforeseeable_reason"] == REASON

    assert clerk.act(pk, "submit_special_request")["stage"] == "requested"
    assert office.act(pk, "agree_special_start", {"reason": MATERIALS})["stage"] == "materials_requested"
    result = clerk.act(
        pk,
        "submit_special_materials",
        {"documents": [{"kind": "special_material", **b64_pdf("可行性研究报告.pdf")}]},
    )
    assert result["stage"] == "materials_submitted"
    assert [d["kind"] for d in result["documents"]] == ["special_material"]

    # 第九条(三): the joint review, by the departments concerned and experts
    reviewer_ids = [city.users["expert"].pk, city.users["finance"].pk]
    assert office.act(pk, "start_joint_review", {"reviewer_ids": reviewer_ids})["stage"] == "in_joint_review"
    assert set(ReviewInvitation.objects.filter(declaration_id=pk).values_list("reviewer_id", flat=True)) == set(
        reviewer_ids
    )
    for reviewer in (expert, finance):
        invitation = next(i for i in reviewer.get("/invitations").json() if i["declaration"]["id"] == pk)
        answered = reviewer.post(
            f"/invitations/{invitation['id']}/opinion", {"recommendation": "adjust", "opinion": "建议利用政务云。"}
        )
        assert answered.status_code == 200, answered.content.decode()

    # one adjustment: the Office asks, the unit resubmits to the joint review
    assert office.act(pk, "request_adjustment", {"reason": "请按会审意见压缩硬件投资。"})["stage"] == (
        "adjustment_requested"
    )
    assert clerk.act(pk, "resubmit_adjusted", {"reason": "已改用政务云资源。"})["stage"] == "in_joint_review"

    # 第九条(四): the written opinion, then Finance arranges funds
    result = head.act(
        pk, "approve_special", {"reason": "经会审，同意按调整后的方案建设。", "approved_amount": "150.00"}
    )
    assert result["stage"] == "approved"
    opinion = ApprovalOpinion.objects.get(declaration_id=pk)
    assert opinion.approved_amount == Decimal("150.00")
    assert clerk.act(pk, "apply_special_funds")["stage"] == "funds_applied"
    listed = finance.get("/special-applications").json()
    assert [row["id"] for row in listed["items"]] == [pk]
    assert listed["items"][0]["approval_number"] == opinion.number
    # more than the written opinion approved is refused at the field, nothing changes
    refused = finance.post(f"/declarations/{pk}/actions/arrange_special_funds", {"amount": "150.01"})
    assert refused.status_code == 422
    assert "书面意见核定" in refused.json()["errors"]["amount"][0]
    assert stage_of(pk) == "funds_applied"
    assert finance.act(pk, "arrange_special_funds", {"amount": "120.00"})["stage"] == "funded"
    assert finance.get("/special-applications").json()["items"][0]["arranged_amount"] == "120.00"


def test_the_lifecycle_offers_the_new_actions_through_the_api(api_as, city):
    workflows = {wf["name"]: wf for wf in api_as("clerk").get("/lifecycle").json()["workflows"]}
    offered = {t["action"]: t for wf in workflows.values() for t in wf["transitions"]}
    for action in (
        "start_joint_review",
        "approve_special",
        "arrange_special_funds",
        "fold_into_coordination",
        "request_filing_info",
        "supply_filing_info",
        "route_filing",
    ):
        assert offered[action]["api"] is True, action
    assert offered["fold_into_coordination"]["fields"] == ["coordinated_item_id"]


@pytest.mark.article("第九条(一)")
def test_special_applications_list_and_letter_by_role(api_as, city, year2026):
    special_in_review(city, year2026)
    assert api_as("clerk").get("/special-applications").json()["count"] == 1
    assert api_as("office_reviewer").get("/special-applications", {"stage": "materials_submitted"}).json()["count"] == 1
    # another unit does not see it; Finance sees it only once there is a written opinion
    assert api_as("culture_clerk").get("/special-applications").json()["count"] == 0
    assert api_as("finance").get("/special-applications").json()["count"] == 0
    for who in ("expert", "audit", "supervisor"):
        response = api_as(who).get("/special-applications")
        assert response.status_code == 403 and response.json()["code"] == "forbidden"

    # the letter must state its ground (第八条(一)); the Office does not write letters
    before = Declaration.objects.count()
    refused = api_as("clerk").post("/special-applications", letter_json(unforeseeable_reason=" "))
    assert refused.status_code == 422
    assert refused.json()["errors"]["unforeseeable_reason"] == [special.MISSING_REASON]
    assert api_as("office_reviewer").post("/special-applications", letter_json()).status_code == 403
    # a project of another unit is out of sight
    other = special.special_create(
        actor=city.users["culture_clerk"],
        plan_year=year2026,
        name="他单位项目",
        data=application_data(),
        basis="unforeseeable",
        unforeseeable_reason=REASON,
    )
    hidden = api_as("clerk").post("/special-applications", letter_json(project_id=other.project_id))
    assert hidden.status_code == 422 and "project_id" in hidden.json()["errors"]
    assert Declaration.objects.count() == before + 1


@pytest.mark.article("第九条(三)")
def test_the_joint_review_the_opinion_and_the_funds_each_by_their_party(api_as, city, year2026):
    decl = special_in_review(city, year2026)
    pk = decl.pk
    ids = [city.users["expert"].pk]
    # the unit cannot start the joint review; another unit does not see the application
    assert api_as("clerk").act(pk, "start_joint_review", {"reviewer_ids": ids}, status=403)["code"] == "forbidden"
    assert api_as("culture_clerk").act(pk, "start_joint_review", {"reviewer_ids": ids}, status=404)
    # only Finance, Audit and experts may be invited
    refused = api_as("office_reviewer").act(
        pk, "start_joint_review", {"reviewer_ids": [city.users["clerk"].pk]}, status=422
    )
    assert "reviewer_ids" in refused["errors"]
    refused = api_as("office_reviewer").act(pk, "start_joint_review", {"reviewer_ids": []}, status=422)
    assert "reviewer_ids" in refused["errors"]
    assert stage_of(pk) == "materials_submitted"
    assert not ReviewInvitation.objects.filter(declaration_id=pk).exists()

    api_as("office_reviewer").act(pk, "start_joint_review", {"reviewer_ids": ids})
    # the written opinion is the Office head's, and waits for every opinion
    body = {"reason": "同意。", "approved_amount": "100.00"}
    assert api_as("office_reviewer").act(pk, "approve_special", body, status=403)["code"] == "forbidden"
    assert api_as("culture_clerk").act(pk, "approve_special", body, status=404)
    assert api_as("office_head").act(pk, "approve_special", body, status=409)["code"] == "refused"
    assert api_as("office_head").act(pk, "approve_special", {"reason": "同意。"}, status=422)["errors"][
        "approved_amount"
    ]
    assert stage_of(pk) == "in_joint_review"
    assert not ApprovalOpinion.objects.filter(declaration_id=pk).exists()
    # Finance arranges the funds: not the Office
    assert api_as("office_head").act(pk, "arrange_special_funds", {"amount": "1.00"}, status=403)
    assert api_as("culture_clerk").act(pk, "arrange_special_funds", {"amount": "1.00"}, status=404)
    assert SpecialRequest.objects.get(declaration_id=pk).required_materials == MATERIALS


# -- 第六条 ----------------------------------------------------------------------------------------------


def flagged(city, plan_year, name="文旅数据云存储扩容") -> Declaration:
    u = city.users
    decl = scenario.declare(
        clerk=u["culture_clerk"],
        plan_year=plan_year,
        name=name,
        data=application_data(infrastructure_areas=["云存储"]),
        proposal=PROPOSAL,
    )
    return scenario.advance(
        decl,
        "submitted",
        clerk=u["culture_clerk"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["finance"], u["expert"]],
    )


@pytest.mark.article("第六条")
def test_the_office_admits_a_flagged_project_standalone_once(api_as, city, plan_year):
    decl = flagged(city, plan_year)
    path = f"/declarations/{decl.pk}/infrastructure-decision"
    body = {"reason": "业务专用存储，不宜纳入统筹。"}
    assert api_as("culture_clerk").post(path, body).status_code == 403
    draft = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name="草稿",
        data=application_data(infrastructure_areas=["云存储"]),
    )
    assert api_as("office_reviewer").post(f"/declarations/{draft.pk}/infrastructure-decision", body).status_code == 404
    empty = api_as("office_reviewer").post(path, {"reason": " "})
    assert empty.status_code == 422 and "reason" in empty.json()["errors"]
    assert not InfrastructureDecision.objects.exists()

    made = api_as("office_reviewer").post(path, body)
    assert made.status_code == 201, made.content.decode()
    assert made.json()["decision"] == "standalone"
    assert made.json()["stage"] == "submitted"
    again = api_as("office_reviewer").post(path, body)
    assert again.status_code == 409
    assert again.json()["message"].startswith("办公室已对该项目作出决定")
    assert InfrastructureDecision.objects.count() == 1


@pytest.mark.article("第六条")
def test_the_office_folds_a_flagged_project_into_its_coordinated_plan(api_as, city, plan_year):
    decl = flagged(city, plan_year)
    item = coordination.coordinated_item_create(
        actor=city.users["office_reviewer"], plan_year=plan_year, name="全市政务云存储扩容", area="云存储"
    )
    body = {"coordinated_item_id": item.pk, "reason": "纳入全市政务云存储统一扩容。"}
    assert api_as("culture_clerk").act(decl.pk, "fold_into_coordination", body, status=403)
    draft = scenario.declare(
        clerk=city.users["culture_clerk"],
        plan_year=plan_year,
        name="草稿",
        data=application_data(infrastructure_areas=["云存储"]),
    )
    assert api_as("office_reviewer").act(draft.pk, "fold_into_coordination", body, status=404)
    wrong = api_as("office_reviewer").act(
        decl.pk,
        "fold_into_coordination",
        {**body, "coordinated_item_id": item.pk + 999},
        status=422,
    )
    assert "coordinated_item_id" in wrong["errors"]
    assert stage_of(decl.pk) == "submitted"

    result = api_as("office_reviewer").act(decl.pk, "fold_into_coordination", body)
    assert result["stage"] == "coordinated"
    assert InfrastructureDecision.objects.get(declaration=decl).coordinated_item == item


# -- 第十条 ----------------------------------------------------------------------------------------------


def filing_form(**overrides) -> dict:
    data = {
        "kind": "higher_authority",
        "name": "“雪亮工程”市级节点",
        "higher_authority": "江苏省公安厅",
        "approval_reference": "苏公科〔2026〕18号",
        "total_investment": "500.00",
        "needs_matching_funds": "true",
        "matching_amount": "200.00",
        "description": "按省公安厅部署建设公共安全视频监控联网共享平台市级节点。",
        "approval_document": scenario.pdf_file("省公安厅批复.pdf"),
    }
    data.update(overrides)
    return data


def file_project(city, clerk: str = "clerk", **overrides) -> Filing:
    args = {
        "kind": Filing.Kind.HIGHER_AUTHORITY,
        "name": "“雪亮工程”市级节点",
        "higher_authority": "江苏省公安厅",
        "approval_reference": "苏公科〔2026〕18号",
        "total_investment": Decimal("500.00"),
        "needs_matching_funds": True,
        "matching_amount": Decimal("200.00"),
        "description": "按省公安厅部署建设。",
        "approval_document": scenario.pdf_file("省公安厅批复.pdf"),
    }
    args.update(overrides)
    return filing.filing_create(actor=city.users[clerk], **args)


@pytest.mark.article("第十条")
def test_a_filing_with_matching_funds_is_filed_and_routed_into_the_general_procedure(api_as, city, plan_year):
    clerk = api_as("clerk")
    created = clerk.upload("/filings", filing_form())
    assert created.status_code == 201, created.content.decode()
    body = created.json()
    assert (body["stage"], body["needs_matching_funds"], body["matching_amount"]) == ("filed", True, "200.00")
    assert [d["kind"] for d in body["documents"]] == ["higher_approval"]
    assert [a["action"] for a in body["actions"]] == ["route_filing"]
    pk = body["id"]
    assert [f["id"] for f in api_as("office_reviewer").get("/filings").json()["items"]] == [pk]

    response = clerk.post(
        f"/filings/{pk}/actions/route_filing",
        {
            "procedure": "general",
            "plan_year": 2027,
            "leader_name": "张明",
            "leader_phone": "0513-83312345",
            "start_date": "2027-03-01",
            "planned_end_date": "2027-12-31",
        },
    )
    assert response.status_code == 200, response.content.decode()
    assert response.json()["stage"] == "routed"
    decl = Declaration.objects.get(pk=response.json()["routed_declaration_id"])
    assert (decl.procedure, decl.stage, decl.plan_year.year) == ("general", "draft", 2027)
    assert (decl.current_fiscal, decl.current_national) == (Decimal("200.00"), Decimal("300.00"))
    assert decl.documents.filter(kind=DocumentKind.HIGHER_APPROVAL).count() == 1
    assert clerk.get(f"/declarations/{decl.pk}").status_code == 200
    # routed once: the second time the rule refuses
    again = clerk.post(f"/filings/{pk}/actions/route_filing", {"procedure": "general", "plan_year": 2027})
    assert again.status_code == 409
    assert Declaration.objects.count() == 1


@pytest.mark.article("第十条")
def test_filings_are_seen_and_filed_by_their_parties_only(api_as, city, plan_year):
    mine = file_project(city)
    assert api_as("clerk").get(f"/filings/{mine.pk}").json()["id"] == mine.pk
    assert api_as("supervisor").get("/filings").json()["count"] == 1
    assert api_as("office_reviewer").get("/filings", {"matching": "false"}).json()["count"] == 0
    assert api_as("culture_clerk").get("/filings").json()["count"] == 0
    missing = api_as("culture_clerk").get(f"/filings/{mine.pk}")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    for who in ("finance", "expert"):
        assert api_as(who).get("/filings").status_code == 403
        assert api_as(who).get(f"/filings/{mine.pk}").status_code == 403

    # the Office does not file; a file-less or incomplete filing is refused at its field; nothing saved
    assert api_as("office_reviewer").upload("/filings", filing_form()).status_code == 403
    no_file = filing_form()
    del no_file["approval_document"]
    assert api_as("clerk").upload("/filings", no_file).status_code == 422
    refused = api_as("clerk").upload("/filings", filing_form(higher_authority=""))
    assert refused.status_code == 422 and "higher_authority" in refused.json()["errors"]
    assert Filing.objects.count() == 1


@pytest.mark.article("第十条")
def test_the_office_asks_for_more_and_the_unit_answers_through_the_api(api_as, city, plan_year):
    mine = file_project(city, needs_matching_funds=False, matching_amount=None)
    path = f"/filings/{mine.pk}/actions"
    # the unit cannot ask; another unit does not see it; unknown actions are 404
    assert api_as("clerk").post(f"{path}/request_filing_info", {"reason": "?"}).status_code == 403
    assert api_as("culture_clerk").post(f"{path}/supply_filing_info", {"reason": "!"}).status_code == 404
    assert api_as("office_reviewer").post(f"{path}/approve", {}).status_code == 404
    empty = api_as("office_reviewer").post(f"{path}/request_filing_info", {"reason": ""})
    assert empty.status_code == 409, empty.content.decode()
    assert Filing.objects.get(pk=mine.pk).stage == "filed"

    asked = api_as("office_reviewer").post(f"{path}/request_filing_info", {"reason": "请补充省厅资金安排。"})
    assert asked.status_code == 200 and asked.json()["stage"] == "info_requested"
    assert api_as("office_reviewer").post(f"{path}/supply_filing_info", {"reason": "x"}).status_code == 403
    answered = api_as("clerk").post(f"{path}/supply_filing_info", {"reason": "省厅全额安排。"})
    assert answered.status_code == 200 and answered.json()["stage"] == "filed"
    # not needing matching funds, the filing is not routed
    routed = api_as("clerk").post(f"{path}/route_filing", {"procedure": "general", "plan_year": 2027})
    assert routed.status_code == 409
    assert Filing.objects.get(pk=mine.pk).routed_declaration is None


@pytest.mark.article("第十条")
def test_the_unit_adds_documents_to_its_filing_through_the_api(api_as, city, plan_year):
    mine = file_project(city, needs_matching_funds=False, matching_amount=None)
    path = f"/filings/{mine.pk}/documents"
    added = api_as("clerk").upload(path, {"kind": "other", "file": scenario.pdf_file("省厅资金安排说明.pdf")})
    assert added.status_code == 201, added.content.decode()
    assert added.json()["kind"] == "other" and added.json()["original_name"] == "省厅资金安排说明.pdf"
    newer = api_as("clerk").upload(path, {"kind": "higher_approval", "file": scenario.pdf_file("新批复.pdf")})
    assert newer.status_code == 201 and newer.json()["version"] == 2
    detail = api_as("clerk").get(f"/filings/{mine.pk}").json()
    names = {(d["original_name"], d["version"]) for d in detail["documents"]}
    assert {("省厅资金安排说明.pdf", 1), ("新批复.pdf", 2)} <= names
    # only the filing's unit; another unit does not see it; a kind the filing does not take is refused
    before = Document.objects.count()
    office = api_as("office_reviewer").upload(path, {"kind": "other", "file": scenario.pdf_file("a.pdf")})
    assert office.status_code == 403
    other = api_as("culture_clerk").upload(path, {"kind": "other", "file": scenario.pdf_file("a.pdf")})
    assert other.status_code == 404
    wrong = api_as("clerk").upload(path, {"kind": "proposal", "file": scenario.pdf_file("a.pdf")})
    assert wrong.status_code == 409, wrong.content.decode()
    assert Document.objects.count() == before
