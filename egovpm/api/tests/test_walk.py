"""第七条 through the API alone: one project from declaration to funded, each party with its own token;
and the rules of each clause refusing through the API as they do on the pages."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import pytest

from egovpm.audit.models import AuditEvent
from egovpm.conftest import PROPOSAL
from egovpm.intake.models import Declaration
from egovpm.testing import scenario

from .conftest import application_json

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def b64_pdf(name: str) -> dict:
    return {"filename": name, "content_base64": base64.b64encode(scenario.pdf_file(name).read()).decode()}


def assert_last_event(result: dict, pk: int) -> None:
    """The answer names the audit event the action just wrote: the declaration's newest."""
    newest = AuditEvent.objects.filter(object_type="intake.declaration", object_id=str(pk)).order_by("-seq").first()
    assert (result["audit_event_id"], result["audit_event_seq"]) == (newest.pk, newest.seq)
    assert newest.after["stage"] == result["stage"]


@pytest.mark.article("第七条")
def test_one_project_walks_the_annual_procedure_through_the_api_alone(api_as, city, frozen_clock):
    from dataclasses import replace

    from egovpm.security.policy import security_policy
    from egovpm.security.services import security_policy_update

    # the walk spans four months: the integrators' tokens are made to last the year (the default is 90 days)
    security_policy_update(actor=city.users["secadmin"], policy=replace(security_policy(), api_token_days=365))
    clerk, supervisor = api_as("clerk"), api_as("supervisor")
    office, head, finance = api_as("office_reviewer"), api_as("office_head"), api_as("finance")
    audit, expert = api_as("audit"), api_as("expert")

    # the Office opens plan year 2027; the window of 第七条(一) is open until 2026-10-31
    opened = office.post("/plan-years", {"year": 2027, "notes": "2027年度电子政务项目计划"})
    assert opened.status_code == 201 and opened.json()["declaration_open"] is True

    # 第七条(一): the hospital declares (附件1), fills the proposal (附件2) and submits
    created = clerk.post("/declarations", {**application_json(), "plan_year": 2027, "name": "互联网医院"})
    assert created.status_code == 201, created.content.decode()
    pk = created.json()["id"]
    assert created.json()["stage"] == "draft"
    assert created.json()["missing_materials"]
    assert clerk.put(f"/declarations/{pk}/proposal", PROPOSAL).status_code == 200
    assert clerk.get(f"/declarations/{pk}").json()["missing_materials"] == []
    result = clerk.act(pk, "submit_to_supervisor")
    assert result["stage"] == "awaiting_consent"
    assert_last_event(result, pk)
    result = supervisor.act(pk, "consent", {"reason": "同意上报。"})
    assert result["stage"] == "submitted"
    assert_last_event(result, pk)

    # 第七条(二): the Office opens a round and invites Finance, Audit and an expert
    rnd = office.post("/review-rounds", {"plan_year": 2027, "name": "第一批初审"})
    assert rnd.status_code == 201
    groups = {g["party"]: g["users"] for g in office.get("/reviewers").json()}
    reviewer_ids = [groups["finance"][0]["id"], groups["audit"][0]["id"], groups["expert"][0]["id"]]
    result = office.act(pk, "start_initial_review", {"review_round_id": rnd.json()["id"], "reviewer_ids": reviewer_ids})
    assert result["stage"] == "in_initial_review"
    for reviewer in (finance, audit, expert):
        invitations = reviewer.get("/invitations").json()
        assert [i["declaration"]["id"] for i in invitations] == [pk]
        opinion = reviewer.post(
            f"/invitations/{invitations[0]['id']}/opinion",
            {"recommendation": "adjust", "opinion": f"{reviewer.user}：建议压缩硬件投资。"},
        )
        assert opinion.status_code == 200 and opinion.json()["submitted_at"]
    item = office.post(
        f"/declarations/{pk}/procurement-items",
        {"category": "equipment", "name": "服务器", "quantity": 2, "estimated_amount": "20.00"},
    )
    assert item.status_code == 201
    plan = office.get(f"/review-rounds/{rnd.json()['id']}").json()["procurement_plan"]
    assert [(r["name"], r["quantity"]) for r in plan] == [("服务器", 2)]
    result = office.act(pk, "pass_initial_review", {"reason": "原则同意，建议优先利用政务云资源。"})
    assert result["stage"] == "initially_passed"

    # 第七条(三): feasibility report, resource catalog and expert opinion by 11-30
    frozen_clock(dt.date(2026, 11, 20))
    upload = clerk.upload(
        f"/declarations/{pk}/documents",
        {"kind": "feasibility_report", "file": scenario.pdf_file("可行性研究报告.pdf")},
    )
    assert upload.status_code == 201 and upload.json()["version"] == 1
    entry = clerk.post(f"/declarations/{pk}/catalog", scenario.catalog_entry_data(1))
    assert entry.status_code == 201
    result = clerk.act(
        pk,
        "submit_feasibility",
        {"documents": [{"kind": "expert_opinion", **b64_pdf("专家初步论证意见.pdf")}]},
    )
    assert result["stage"] == "feasibility_submitted"
    assert [d["kind"] for d in result["documents"]] == ["expert_opinion"]
    assert_last_event(result, pk)

    # 第七条(四): re-review by 12-31 with a written opinion; the plan goes to Finance
    frozen_clock(dt.date(2026, 12, 10))
    office.act(pk, "start_re_review")
    result = head.act(pk, "approve", {"reason": "经复核，同意纳入年度计划。", "approved_amount": "280.00"})
    assert result["stage"] == "approved"
    detail = clerk.get(f"/declarations/{pk}").json()
    assert detail["approval_opinion"]["approved_amount"] == "280.00"
    assert detail["approval_opinion"]["number"].startswith("启政信办复〔2026〕")
    sent = office.post("/plan-years/2027/send-to-finance")
    assert sent.status_code == 200 and sent.json()["project_count"] == 1
    plan = finance.get("/plan-years/2027/pre-approved").json()
    assert [d["id"] for d in plan["declarations"]] == [pk]
    assert plan["totals"]["approved_amount"] == "280.00"
    sheet = finance.get("/plan-years/2027/annual-plan", {"format": "xlsx"})
    assert sheet.status_code == 200 and sheet["Content-Type"] == XLSX
    assert "attachment" in sheet["Content-Disposition"]

    # 第七条(五): Finance places it in the budget project library and records the funds arranged
    frozen_clock(dt.date(2027, 1, 15))
    assert [d["id"] for d in finance.get("/budget-library").json()["to_place"]] == [pk]
    finance.act(pk, "place_in_budget_library", {"library_code": "YS2027-001"})
    result = finance.act(pk, "arrange_funds", {"amount": "170.00"})
    assert result["stage"] == "funded"
    assert_last_event(result, pk)
    library = finance.get("/budget-library").json()
    assert [(d["id"], d["library_code"], d["arranged_amount"]) for d in library["funded"]] == [
        (pk, "YS2027-001", "170.00")
    ]

    # the whole way is in the history and the audit chain verifies
    actions = [e["action"] for e in clerk.get(f"/declarations/{pk}/history").json()]
    assert actions[0] == "declaration.create" and actions[-1] == "declaration.arrange_funds"
    verified = api_as("auditadmin").get("/audit/verify").json()
    # the verification is itself recorded, after the head it verified
    assert verified["ok"] is True and verified["count"] == verified["head"]["seq"] == AuditEvent.objects.count() - 1
    declaration = Declaration.objects.get(pk=pk)
    assert declaration.stage == "funded" and declaration.budget_entry.arranged_amount == Decimal("170.00")


@pytest.mark.article("第七条(一)")
def test_declaring_after_the_window_is_refused(api_as, plan_year, frozen_clock):
    frozen_clock(dt.date(2026, 11, 1))
    before = Declaration.objects.count()
    response = api_as("clerk").post("/declarations", {**application_json(), "plan_year": 2027, "name": "迟报项目"})
    assert response.status_code == 409
    assert response.json()["code"] == "window_closed"
    assert "2026年10月31日 截止（第七条(一)）" in response.json()["message"]
    assert Declaration.objects.count() == before


@pytest.mark.article("第七条(一)")
def test_the_office_sees_a_subordinates_declaration_only_after_consent(api_as, city, plan_year):
    clerk, office = api_as("clerk"), api_as("office_reviewer")
    decl = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=scenario_data(), proposal=PROPOSAL
    )
    clerk.act(decl.pk, "submit_to_supervisor")
    assert office.get(f"/declarations/{decl.pk}").status_code == 404
    refused = clerk.post(f"/declarations/{decl.pk}/actions/consent", {})
    assert refused.status_code == 403  # an applicant role does not consent
    api_as("supervisor").act(decl.pk, "consent")
    assert office.get(f"/declarations/{decl.pk}").json()["stage"] == "submitted"


@pytest.mark.article("第七条(一)")
def test_submitting_without_the_materials_is_refused(api_as, city, plan_year):
    clerk = api_as("clerk")
    created = clerk.post("/declarations", {**application_json(), "plan_year": 2027, "name": "缺材料项目"})
    pk = created.json()["id"]
    response = clerk.post(f"/declarations/{pk}/actions/submit_to_supervisor", {})
    assert response.status_code == 409
    assert response.json()["code"] == "incomplete"
    assert response.json()["message"].startswith("申报材料不齐全")
    assert Declaration.objects.get(pk=pk).stage == "draft"


def scenario_data():
    from egovpm.conftest import application_data

    return application_data()


@pytest.fixture
def in_review(api_as, city, plan_year):
    walk = {
        "clerk": city.users["clerk"],
        "supervisor": city.users["supervisor"],
        "office_reviewer": city.users["office_reviewer"],
        "office_head": city.users["office_head"],
        "finance": city.users["finance"],
        "reviewers": [city.users["finance"], city.users["expert"]],
    }
    decl = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="在审项目", data=scenario_data(), proposal=PROPOSAL
    )
    return scenario.advance(decl, "in_initial_review", **walk), walk


@pytest.mark.article("第七条(二)")
def test_the_initial_review_concludes_only_on_every_opinion_and_not_arranged_needs_its_reason(api_as, in_review):
    decl, _ = in_review
    office = api_as("office_reviewer")
    early = office.post(f"/declarations/{decl.pk}/actions/pass_initial_review", {"reason": "同意。"})
    assert early.status_code == 409
    assert "尚有 2 位" in early.json()["message"]
    for name in ("finance", "expert"):
        reviewer = api_as(name)
        invitation = reviewer.get("/invitations").json()[0]
        reviewer.post(
            f"/invitations/{invitation['id']}/opinion", {"recommendation": "not_arrange", "opinion": "不具备条件。"}
        )
    no_reason = office.post(f"/declarations/{decl.pk}/actions/not_arrange", {"reason": "  "})
    assert no_reason.status_code == 409
    assert no_reason.json()["message"] == "请填写不予安排的理由。"
    assert Declaration.objects.get(pk=decl.pk).stage == "in_initial_review"
    result = office.act(decl.pk, "not_arrange", {"reason": "与全市统建平台重复。"})
    assert result["stage"] == "not_arranged"
    assert api_as("clerk").get(f"/declarations/{decl.pk}").json()["initial_opinion"] == "与全市统建平台重复。"


@pytest.mark.article("第七条(二)")
def test_the_unit_receives_the_offices_conclusion_not_each_reviewers_opinion(api_as, in_review):
    decl, _ = in_review
    expert = api_as("expert")
    invitation = expert.get("/invitations").json()[0]
    expert.post(f"/invitations/{invitation['id']}/opinion", {"recommendation": "adjust", "opinion": "专家的具体意见。"})
    unit_view = api_as("clerk").get(f"/declarations/{decl.pk}").json()
    assert unit_view["invitations"] == []
    unit_history = api_as("clerk").get(f"/declarations/{decl.pk}/history").json()
    submitted = [e for e in unit_history if e["action"] == "review_opinion.submit"]
    assert submitted and all(e["reason"] == "" and e["after"] == {} for e in submitted)
    office_history = api_as("office_head").get(f"/projects/{decl.project_id}/history").json()
    assert "专家的具体意见。" in [e["reason"] for e in office_history]
    assert "专家的具体意见。" in [
        i["opinion"] for i in api_as("office_head").get(f"/declarations/{decl.pk}").json()["invitations"]
    ]


@pytest.mark.article("第七条(三)")
def test_feasibility_materials_sent_with_the_action_are_kept_only_if_it_is_taken(api_as, city, plan_year, frozen_clock):
    walk = {
        "clerk": city.users["clerk"],
        "office_reviewer": city.users["office_reviewer"],
        "office_head": city.users["office_head"],
        "finance": city.users["finance"],
        "supervisor": city.users["supervisor"],
        "reviewers": [city.users["expert"]],
    }
    decl = scenario.declare(
        clerk=city.users["clerk"], plan_year=plan_year, name="可研项目", data=scenario_data(), proposal=PROPOSAL
    )
    decl = scenario.advance(decl, "initially_passed", **walk)
    frozen_clock(dt.date(2026, 11, 20))
    clerk = api_as("clerk")
    refused = clerk.post(
        f"/declarations/{decl.pk}/actions/submit_feasibility",
        {"documents": [{"kind": "feasibility_report", **b64_pdf("可行性研究报告.pdf")}]},
    )
    assert refused.status_code == 409
    assert refused.json()["message"].startswith("可研材料不齐全")
    # the report sent with the refused action was not kept
    assert not decl.documents.filter(kind="feasibility_report").exists()
    assert Declaration.objects.get(pk=decl.pk).stage == "initially_passed"
    frozen_clock(dt.date(2026, 12, 1))
    clerk.post(f"/declarations/{decl.pk}/catalog", scenario.catalog_entry_data(1))
    late = clerk.post(
        f"/declarations/{decl.pk}/actions/submit_feasibility",
        {
            "documents": [
                {"kind": "feasibility_report", **b64_pdf("可行性研究报告.pdf")},
                {"kind": "expert_opinion", **b64_pdf("专家初步论证意见.pdf")},
            ]
        },
    )
    assert late.status_code == 409
    assert "2026年11月30日" in late.json()["message"]
    assert not decl.documents.exclude(kind="proposal").exists()


@pytest.mark.article("第七条(四)")
def test_finance_sees_the_plan_only_once_the_office_sent_it(api_as, world):
    finance, office = api_as("finance"), api_as("office_reviewer")
    pre = finance.get("/plan-years/2027/pre-approved").json()
    assert world["approved"].pk not in [d["id"] for d in pre["declarations"]]
    assert world["library"].pk in [d["id"] for d in pre["declarations"]]
    sent = office.post("/plan-years/2027/send-to-finance")
    assert sent.status_code == 200
    again = office.post("/plan-years/2027/send-to-finance")
    assert again.status_code == 409 and again.json()["message"] == "没有待报送财政的复核通过项目。"
    pre = finance.get("/plan-years/2027/pre-approved").json()
    assert world["approved"].pk in [d["id"] for d in pre["declarations"]]


@pytest.mark.article("第七条(四)")
def test_a_plan_year_not_yet_sent_is_closed_to_finance(api_as, city, plan_year):
    response = api_as("finance").get("/plan-years/2027/annual-plan")
    assert response.status_code == 409
    assert response.json()["code"] == "not_sent"
    assert api_as("office_reviewer").get("/plan-years/2027/annual-plan").status_code == 200


@pytest.mark.article("第七条(五)")
def test_finance_arranges_no_more_than_was_requested(api_as, world):
    library = world["library"]
    response = api_as("finance").post(f"/declarations/{library.pk}/actions/arrange_funds", {"amount": "200.01"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"]["amount"] == ["安排资金不能超过本年度申请资金（200.00 万元）。"]
    library.refresh_from_db()
    assert library.stage == "in_budget_library"
