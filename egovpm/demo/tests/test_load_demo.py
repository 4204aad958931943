"""`manage.py load_demo`: a believable Qidong, built through the services, in every stage of 第七条, with
special applications (第八条, 第九条), filings (第十条) and coordinated projects (第六条), all in one
time-ordered schedule."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from egovpm.audit.models import AuditEvent
from egovpm.catalog.models import CatalogEntryVersion, ResourceCatalogEntry
from egovpm.coordination.models import InfrastructureDecision
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.demo import build, people, projects
from egovpm.filings.models import Filing
from egovpm.intake.models import (
    ApprovalOpinion,
    Declaration,
    PlanTransmission,
    ProcurementItem,
    ReviewInvitation,
    SpecialException,
)
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.orgs.models import RoleGrant, Unit, User
from egovpm.security.services_accounts import unit_create

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def private_files(settings, tmp_path):
    """Uploaded demo files go to a temporary directory, not the checkout's var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "egovpm.documents.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files"), "base_url": None},
        },
    }
    return tmp_path / "files"


def assert_the_funded_projects_are_in_construction() -> None:
    """第十一条 to 第十六条: fifteen funded projects in construction at believable stages: ten started with
    progress (one behind), one adjusted (estimate v2), one refused post-hoc adjustment, one completed, one
    that cannot start because its firm's qualification expired; the others in preparation."""
    from egovpm.construction import selectors as construction
    from egovpm.construction.models import Adjustment, Construction, DesignChange, Estimate
    from egovpm.demo.construction import WITHHELD
    from egovpm.procurement import selectors as procurement
    from egovpm.procurement import services as procurement_services
    from egovpm.procurement.models import Contract, Payment

    constructions = Construction.objects.all()
    assert constructions.count() == 15
    assert not constructions.exclude(project__declarations__stage="funded").exists()
    assert constructions.filter(responsibilities__isnull=True).exists()
    assert constructions.filter(involves_secrets=True).count() == 1
    statuses = Counter(Estimate.objects.values_list("status", flat=True))
    assert statuses["approved"] >= 10 and statuses["returned"] == 1 and statuses["submitted"] >= 1
    assert not Estimate.objects.filter(status="returned", returned_reason="").exists()

    stages = Counter(constructions.values_list("stage", flat=True))
    # 第十九条 to 第二十一条: more complete in the evening, for the acceptance demo (demo.acceptance)
    assert stages == {"under_construction": 5, "construction_completed": 5, "preparing": 5}
    started = constructions.exclude(stage="preparing")
    assert not started.filter(progress_reports__isnull=True).exists()
    # 第十五条: one reported no progress; its linear plan leaves it behind by the spring
    behind = started.get(progress_reports__percent=0)
    assert "滞后" in behind.progress_reports.get().schedule_status
    with clock.frozen(dt.datetime(2027, 4, 15, 9, 0, tzinfo=clock.TZ)):
        assert construction.is_behind_plan(behind)
    # 第十四条: one estimate v2 from an approved adjustment; a post-hoc change and its refused adjustment
    assert Estimate.objects.filter(version=2, status="approved", adjustment__status="approved").count() == 1
    refused = Adjustment.objects.get(status="refused")
    assert "第十四条" in refused.decision_reason
    assert DesignChange.objects.filter(post_hoc=True, construction=refused.construction).exists()
    # 第十六条: the completed one is connected to the sharing platform
    assert all(c.sharing_connections.exists() for c in constructions.filter(stage="construction_completed"))
    # 第十三条: the one entrusted to the firm whose qualification expired cannot start
    expired = constructions.get(stage="preparing", project__supervisions__firm__short_name="华远监理")
    assert expired.estimates.filter(status="approved").exists()
    # 第十一条, 第四条, 第十八条: contracts within the estimate; the payment where 2026 funds exist; after the
    # inspection the funds are withheld
    assert Contract.objects.filter(project__construction__in=started).count() >= 10
    for contract in Contract.objects.select_related("project"):
        assert contract.amount <= procurement.estimate_total(contract.project)
    payment = Payment.objects.get(contract__project__name=WITHHELD)
    assert payment.amount <= procurement.arranged_for_year(payment.contract.project, 2026)
    assert payment.contract.project.restrictions.filter(kind="withhold_funds", lifted_at__isnull=True).exists()
    with pytest.raises(Refused):
        procurement_services.payment_record(
            actor=User.objects.get(username="finance1"),
            contract=payment.contract,
            kind=payment.kind,
            funding_source="fiscal",
            amount=Decimal("1.00"),
            paid_on=dt.date(2026, 11, 25),
            voucher_number="CZBF-REFUSED",
        )
    # the cockpit's money of the projects in construction (Office, Finance, Audit): non-trivial figures
    finance = User.objects.get(username="finance1")
    money = procurement.money_by_plan_year(finance)
    total = money["total"]
    assert total["projects"] == 15
    assert total["estimate"] > total["contracted"] > total["paid"] > 0
    assert total["remaining"] == total["estimate"] - total["paid"]
    with clock.frozen(dt.datetime(2027, 4, 15, 9, 0, tzinfo=clock.TZ)):
        assert procurement.money_by_plan_year(finance)["total"]["behind_plan"] >= 1


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def assert_acceptance_is_there() -> None:
    """第十九条 to 第二十一条: the five completed projects at the acceptance stages a user should meet (two
    delegated to their unit, so that demo.operations has one accepted project for each O&M mode)."""
    from egovpm.acceptance.models import Acceptance, CompletionRound

    acceptances = Acceptance.objects.all()
    assert acceptances.count() == 5
    assert Counter(acceptances.values_list("stage", flat=True)) == {
        "filed": 1,
        "accepted": 2,
        "acceptance_failed": 1,
        "initial_acceptance": 1,
    }
    by_group = acceptances.get(stage="filed").rounds.get()
    assert not by_group.delegated and set(by_group.members.values_list("kind", flat=True)) == {
        "office_staff",
        "expert",
        "department",
    }
    assert all(a.delegated for a in acceptances.filter(stage="accepted"))
    failed = CompletionRound.objects.get(outcome="not_accepted")
    assert "档案" in failed.reasons and failed.checks.filter(passed=False).count() == 1
    extended = acceptances.get(stage="initial_acceptance")
    assert extended.extensions.get().stage == "approved"


def assert_a_catalog_changed_after_the_feasibility_stage() -> None:
    """第十六条: one funded project's catalog was revised after the feasibility stage, its versions kept."""
    revised = CatalogEntryVersion.objects.filter(project__name=build.CATALOG_REVISED).exclude(change="added")
    assert [(v.change, v.stage) for v in revised] == [("edited", "funded")]
    assert CatalogEntryVersion.objects.filter(project__name=build.CATALOG_REVISED, stage="funded").count() == 2
    assert ResourceCatalogEntry.objects.filter(project__name=build.CATALOG_REVISED, version=2).count() == 1


def assert_the_special_procedure_the_filings_and_the_coordination_are_there() -> None:
    """第八条, 第九条 (plan year 2026), 第十条 and 第六条, told in the same schedule as the annual plan."""
    special = Declaration.objects.filter(procedure="special")
    assert set(special.values_list("plan_year__year", flat=True)) == {2026}
    assert set(special.values_list("stage", flat=True)) >= {
        "funded",
        "funds_applied",
        "adjustment_requested",
        "refused",
        "materials_requested",
    }
    # 第八条(二): the second application for the same matter started on the Office's exception
    assert SpecialException.objects.filter(used_by__declaration__stage="materials_requested").exists()
    # their written opinions (11-24, 11-25) follow the general procedure's in the one yearly sequence
    opinions = list(ApprovalOpinion.objects.order_by("seq").select_related("declaration"))
    assert [o.issued_on for o in opinions] == sorted(o.issued_on for o in opinions)
    assert [o.seq for o in opinions] == list(range(1, len(opinions) + 1))
    procedures = [o.declaration.procedure for o in opinions]
    assert procedures == sorted(procedures)  # "general" ones first, then "special"
    assert procedures.count("special") == special.filter(stage__in=["approved", "funds_applied", "funded"]).count()

    # 第十条: a filing of each kind, one routed into the 2027 general procedure before the window closed
    filings = Filing.objects.select_related("routed_declaration__plan_year")
    assert set(filings.values_list("kind", flat=True)) == set(Filing.Kind.values)
    routed = filings.get(stage="routed").routed_declaration
    assert (routed.plan_year.year, routed.procedure) == (projects.PLAN_YEAR, "general")
    assert routed.submitted_at.astimezone(clock.TZ).date() <= dt.date(2026, 10, 31)
    assert filings.filter(stage="filed").exists()

    # 第六条: folded into the coordinated plan, and admitted standalone with a reason
    assert Declaration.objects.filter(plan_year__year=projects.PLAN_YEAR, stage="coordinated").exists()
    standalone = InfrastructureDecision.objects.filter(decision="standalone").select_related("declaration")
    assert standalone.exists()
    assert all(d.reason and d.declaration.stage != "coordinated" for d in standalone)

    # interleaved with the rest of the year in the one chain: they begin long before the annual plan
    first = {}
    for action, created_at in AuditEvent.objects.order_by("seq").values_list("action", "created_at"):
        first.setdefault(action.split(".")[0], created_at.astimezone(clock.TZ).date())
    assert first["special"] < dt.date(2026, 8, 1) and first["filing"] < dt.date(2026, 8, 1)


# The demo is a fixed script of service calls at fixed instants; the services it calls are tested on both
# databases on their own.
@pytest.mark.any_database
def test_the_demo_city_covers_every_role_and_every_stage_and_its_audit_chain_verifies(
    db, client, private_files, frozen_clock
):
    # The demo dates its own steps in 2026; it must load just as well on any later real date.
    frozen_clock(dt.date(2028, 5, 4))
    output = load_demo()

    assert "已载入演示数据" in output and "5 个特殊申报，4 个备案" in output
    assert "office_head" in output and people.PASSWORD in output
    assert Unit.objects.count() >= 40
    assert Unit.objects.filter(parent__isnull=False).count() >= 8
    assert set(Role) <= set(RoleGrant.objects.values_list("role", flat=True))
    assert all(u.check_password(people.PASSWORD) for u in User.objects.filter(username__in=["office_head", "expert1"]))

    of_2027 = Declaration.objects.filter(plan_year__year=projects.PLAN_YEAR)
    assert of_2027.count() >= 95
    stages = Counter(of_2027.values_list("stage", flat=True))
    assert {s.code for s in DECLARATION.stages} <= set(stages), f"stages without a declaration: {stages}"
    assert Declaration.objects.filter(plan_year__year=projects.NEXT_PLAN_YEAR, stage="draft").exists()
    assert set(of_2027.values_list("nature", flat=True)) >= {"new", "continuing", "maintenance"}

    # opinions of Finance, Audit and experts; procurement; approvals; the plan sent to Finance
    assert set(ReviewInvitation.objects.exclude(opinion="").values_list("party", flat=True)) == {
        "finance",
        "audit",
        "expert",
    }
    assert ProcurementItem.objects.exists()
    assert (
        ApprovalOpinion.objects.filter(declaration__plan_year__year=projects.PLAN_YEAR).count()
        == of_2027.filter(stage__in=["approved", "in_budget_library", "funded"]).count()
    )
    assert PlanTransmission.objects.count() == 1
    assert not of_2027.filter(stage="not_arranged", initial_opinion="").exists()

    # every step happened in 2026 before the demo's present, in the order of the audit chain
    times = [t.astimezone(clock.TZ) for t in AuditEvent.objects.order_by("seq").values_list("created_at", flat=True)]
    assert times == sorted(times)
    assert times[0].date() >= dt.date(2026, 1, 1)
    assert times[-1].date() <= dt.date(2026, 11, 25)
    assert all(
        d.submitted_at.astimezone(clock.TZ).date() <= dt.date(2026, 10, 31) for d in of_2027.exclude(submitted_at=None)
    )

    assert_the_special_procedure_the_filings_and_the_coordination_are_there()
    assert_a_catalog_changed_after_the_feasibility_stage()
    assert_the_funded_projects_are_in_construction()
    assert_supervision_is_there()
    assert_acceptance_is_there()
    assert_a_project_in_construction_is_suspended(client)
    assert_operations_are_there()
    assert_the_expert_library_and_a_draw_are_there()

    verified = io.StringIO()
    call_command("verify_audit", stdout=verified)
    assert "审计链完整" in verified.getvalue()

    # idempotent: a second run changes nothing and prints the accounts
    events, declarations = AuditEvent.objects.count(), Declaration.objects.count()
    again = load_demo()
    assert "演示数据已存在" in again and "clerk_wjw" in again
    assert AuditEvent.objects.count() == events
    assert Declaration.objects.count() == declarations
    # besides 2027's and the next year's drafts, the O&M declarations of the projects in operation (第二十四条)
    o_and_m = Declaration.objects.filter(plan_year__year=projects.NEXT_PLAN_YEAR, project__operation__isnull=False)
    assert (
        Declaration.objects.filter(procedure="general").count()
        == of_2027.filter(procedure="general").count() + len(projects.NEXT_YEAR_DRAFTS) + o_and_m.count()
    )


def assert_the_expert_library_and_a_draw_are_there() -> None:
    """第七条(二): forty experts across the fields, some tied to demo units; a draw with a decline and its
    replacement, three scoring sheets, and the draw re-run from its seed."""
    from egovpm.experts.models import Assignment, ExpertDraw, ExpertProfile, ExpertTie
    from egovpm.experts.services import expert_draw_verify

    assert ExpertProfile.objects.count() == 40
    assert ExpertProfile.objects.filter(employer_unit__isnull=False).count() >= 3
    assert ExpertTie.objects.filter(kind="former_employer").exists()
    draw = ExpertDraw.objects.get()
    assert set(draw.assignments.values_list("status", flat=True)) == {"accepted", "declined"}
    assert draw.rounds.filter(replaces__isnull=False).count() == 1
    assert Assignment.objects.filter(draw=draw, sheet__isnull=False).count() == 3
    assert any(e["code"] == "employer" for r in draw.rounds.all() for e in r.excluded)
    with transaction.atomic():
        assert all(r["ok"] for r in expert_draw_verify(actor=User.objects.get(username="audit1"), draw=draw))
        transaction.set_rollback(True)


def assert_supervision_is_there():
    """第十三条, 第十七条, 第十八条: a qualified firm on several funded projects and one whose qualification
    expired, a lapsed order with withheld funds, a suspended project, a request answered and one lapsed."""
    from egovpm.projects.models import Restriction
    from egovpm.supervision import selectors as supervision
    from egovpm.supervision.models import InformationRequest, Supervision

    xincheng = Supervision.objects.filter(firm__short_name="信诚监理", stage="active")
    assert xincheng.filter(project__declarations__stage="funded").count() >= 3
    firms = {row["firm"].short_name: row["valid"] for row in supervision.firm_list()}
    assert firms == {"信诚监理": True, "华远监理": False}
    active = set(Restriction.objects.filter(lifted_at__isnull=True).values_list("kind", flat=True))
    assert active == {"withhold_funds", "suspend"}
    assert set(InformationRequest.objects.values_list("stage", flat=True)) == {"answered", "requested"}
    assert User.objects.get(username="jl_xincheng").has_role(Role.SUPERVISION_ENGINEER)


def assert_a_project_in_construction_is_suspended(client) -> None:
    """第十八条: one project 建设中 was suspended through the proper path (a finding, its rectification
    rejected, the Office's 暂停项目建设 with its reason); its construction page refuses construction actions."""
    from django.urls import reverse

    from egovpm.construction.models import Construction
    from egovpm.demo.construction import SUSPENDED, SUSPENDED_UNIT
    from egovpm.demo.people import clerk_of
    from egovpm.projects.engine import facts_of, may
    from egovpm.supervision.models import Sanction

    construction = Construction.objects.select_related("project").get(project__name=SUSPENDED)
    assert construction.stage == "under_construction"
    sanction = Sanction.objects.select_related("rectification", "restriction").get(project=construction.project)
    assert sanction.kind == "suspend" and sanction.rectification.stage == "rejected"
    assert "第十八条" in sanction.reason and sanction.restriction.lifted_at is None
    why = "项目已被暂停建设（第十八条），暂停解除前不能办理建设事项。"
    clerk = User.objects.get(username=clerk_of(SUSPENDED_UNIT))
    assert may(clerk, construction, "request_adjustment") == (False, why)
    # completion waits on the sharing platform too (第十六条): the suspension is one of its refused guards
    assert not may(clerk, construction, "declare_completion")[0]
    assert facts_of(construction).guards["not_suspended"] is False
    client.force_login(clerk)
    page = client.get(reverse("construction:detail", kwargs={"pk": construction.pk})).content.decode()
    assert 'data-action="declare_completion"' in page and sanction.reason in page
    adjustment = client.get(reverse("construction:adjustment", kwargs={"pk": construction.pk}))
    assert why in adjustment.content.decode()


def test_the_demo_is_not_loaded_over_other_data(db):
    unit_create(name="某单位", code="X01")
    err = io.StringIO()
    call_command("load_demo", stdout=io.StringIO(), stderr=err)
    assert "已有非演示数据，未载入演示数据" in err.getvalue()
    assert not User.objects.exists()
    assert Unit.objects.count() == 1


def test_reset_is_refused_outside_development(db, settings):
    settings.DEBUG = False
    unit_create(name="某单位", code="X01")
    with pytest.raises(CommandError, match="只允许在开发环境"):
        load_demo("--reset")
    assert Unit.objects.filter(code="X01").exists()


def test_the_demo_content_is_consistent():
    names = [p.name for p in projects.PROJECTS]
    assert len(names) == len(set(names))
    units = {u.key for u in people.UNITS}
    assert all(p.unit in units for p in (*projects.PROJECTS, *projects.NEXT_YEAR_DRAFTS))
    assert all(p.reason for p in projects.PROJECTS if p.fate in ("not_arranged", "returned"))
    # awaiting consent needs a supervising department
    assert all(people.supervisor_of(p.unit) for p in projects.PROJECTS if p.fate == "awaiting_consent")
    for n, p in enumerate(projects.PROJECTS):
        form = projects.application(p, n)
        for row in ("prior", "current"):
            parts = sum(form[f"{row}_{c}"] for c in ("fiscal", "self_raised", "national", "other"))
            assert form[f"{row}_total"] == parts, p.name
        assert 10 <= form["total_investment"] <= 800
        assert form["current_total"] <= form["annual_requirement"] <= form["total_investment"]
    usernames = [u.username for u in people.USERS]
    assert len(usernames) == len(set(usernames))


def test_the_generated_parts_of_the_docs_are_up_to_date():
    """README's demo accounts come from egovpm.demo.people; CONTRIBUTING's tables from the lifecycle table."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "docs.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def assert_operations_are_there() -> None:
    """第二十一条 to 第二十四条: projects in operation under each mode, a change of mode, incidents, next
    year's O&M declarations in the annual plan, a final audit."""
    from egovpm.operations.models import FinalAudit, ModeRecord, Operation, OperationIncident

    running = Operation.objects.filter(stage="in_operation")
    assert set(running.values_list("mode", flat=True)) == {"self", "centralized", "outsourced"}
    assert not running.filter(mode="outsourced", procurement__isnull=True).exists()
    assert ModeRecord.objects.filter(number=2).exclude(reason="").exists()
    assert OperationIncident.objects.filter(resolved_at__isnull=True).exists()
    o_and_m = Declaration.objects.filter(
        plan_year__year=projects.NEXT_PLAN_YEAR, nature="maintenance", project__operation__isnull=False
    )
    assert o_and_m.filter(stage="submitted").exists() and o_and_m.filter(stage="draft").exists()
    assert FinalAudit.objects.filter(stage="open", findings__isnull=False).exists()
