"""第十条: projects arranged by a higher authority, and projects a department starts on its own outside
the annual plan, filed (备案) with a copy to the Office and recorded without review; a project that
needs city matching funds is routed into the general or the special procedure with its approval
attached. One function per use case: permission, rule, transition, audit event, one transaction."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import Document, DocumentKind
from egovpm.documents.services import document_attach, document_store, files_atomic
from egovpm.filings.models import Filing
from egovpm.intake import domain
from egovpm.intake.models import PlanYear, Procedure
from egovpm.intake.services.declaration import declaration_create
from egovpm.intake.services.special import special_create
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.lifecycle.workflows import FILING
from egovpm.policy.domain import deadline_open
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import is_applicant_of, lock, lock_sequence, may, require, take, upload_kinds
from egovpm.projects.hooks import PROJECT_DESCRIBED, announce
from egovpm.projects.models import Category, FiscalShare, Project, WorkKind

ZERO = Decimal("0.00")
PROJECT_FIELDS = ("category", "work_kind", "fiscal_share", "capital_subproject", "capital_project_name")
FILING_FIELDS = (
    "kind",
    "higher_authority",
    "approval_reference",
    "needs_matching_funds",
    "matching_amount",
    "total_investment",
    "description",
)
# What a routed filing's declaration says about where it came from.
ROUTED_REMARK = "第十条：由备案转入申报程序，需市财政配套资金 {amount} 万元。"


def _filing_problems(
    *,
    kind: str,
    name: str,
    higher_authority: str,
    approval_reference: str,
    total_investment: Decimal | None,
    needs_matching_funds: bool,
    matching_amount: Decimal | None,
    description: str,
    capital_subproject: bool,
    capital_project_name: str,
) -> dict[str, str]:
    """第十条 and 第二条: what a filing must state. Keys are field names; values Chinese messages."""
    found: dict[str, str] = {}
    if kind not in Filing.Kind.values:
        found["kind"] = "请选择备案类型：上级机关安排建设，或部门自主立项。"
    if not name.strip():
        found["name"] = "请填写项目名称。"
    if kind == Filing.Kind.HIGHER_AUTHORITY and not higher_authority.strip():
        found["higher_authority"] = "属上级机关安排建设的项目，须填写安排建设的上级机关（第十条）。"
    if not approval_reference.strip():
        found["approval_reference"] = (
            "部门自主立项的项目也应按照相关规定报批：请填写立项批准文件及文号（第十条）。"
            if kind == Filing.Kind.SELF_INITIATED
            else "请填写上级机关的批准文件及文号。"
        )
    if total_investment is None or total_investment <= 0:
        found["total_investment"] = "请填写总投资（万元），须大于零。"
    if needs_matching_funds:
        if matching_amount is None or matching_amount <= 0:
            found["matching_amount"] = "需要市财政配套资金的，请填写需市财政配套的金额（万元）。"
        elif total_investment is not None and matching_amount > total_investment:
            found["matching_amount"] = "需市财政配套的金额不能超过总投资。"
    if not description.strip():
        found["description"] = "请填写建设内容和有关情况。"
    if capital_subproject and not capital_project_name.strip():
        found["capital_project_name"] = "大型基建项目中的电子政务子项目，请填写所属基建项目名称（第二条）。"
    return found


def _next_filing_code(year: int) -> str:
    prefix = f"BA{year}-"
    last = Project.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _snapshot(filing: Filing) -> dict:
    return {
        "name": filing.project.name,
        **{f: getattr(filing, f) for f in FILING_FIELDS},
        **{f: getattr(filing.project, f) for f in PROJECT_FIELDS},
    }


def _store(actor, filing: Filing, kind: str, upload, field: str) -> Document:
    """Store a filing's document; a refused file's message goes to `field` of the form."""
    try:
        return document_store(actor=actor, owner=filing, kind=kind, upload=upload)
    except Refused as exc:
        if exc.code == "bad_file":
            raise ValidationError({field: exc.message}) from exc
        raise


def filing_create(
    *,
    actor,
    kind: str,
    name: str,
    approval_reference: str,
    total_investment: Decimal | None,
    description: str,
    approval_document,
    higher_authority: str = "",
    needs_matching_funds: bool = False,
    matching_amount: Decimal | None = None,
    category: str = Category.APPLICATION_SYSTEM,
    work_kind: str = WorkKind.NEW,
    fiscal_share: str = FiscalShare.WHOLE,
    capital_subproject: bool = False,
    capital_project_name: str = "",
) -> Filing:
    """第十条: the unit files a project arranged by a higher authority, or one it started on its own
    outside the annual plan, with a copy to the Office: the project and its filing (已备案) are
    recorded without review, with the higher approval or the project's approval document."""
    require(actor.unit_id is not None and bool(actor.roles & APPLICANT_ROLES), "只有项目单位的经办人可以报送备案。")
    problems = _filing_problems(
        kind=kind,
        name=name,
        higher_authority=higher_authority,
        approval_reference=approval_reference,
        total_investment=total_investment,
        needs_matching_funds=needs_matching_funds,
        matching_amount=matching_amount,
        description=description,
        capital_subproject=capital_subproject,
        capital_project_name=capital_project_name,
    )
    if approval_document is None:
        problems["approval_document"] = (
            "请上传上级机关批准文件。" if kind == Filing.Kind.HIGHER_AUTHORITY else "请上传立项批准文件。"
        )
    if problems:
        raise ValidationError(problems)
    with files_atomic():
        now = clock.now()
        lock_sequence("filing_code")
        project = Project(
            code=_next_filing_code(clock.today().year),
            name=name.strip(),
            unit_id=actor.unit_id,
            category=category,
            work_kind=work_kind,
            fiscal_share=fiscal_share,
            capital_subproject=capital_subproject,
            capital_project_name=capital_project_name.strip() if capital_subproject else "",
            created_at=now,
            created_by=actor,
        )
        project.full_clean()
        project.save()
        filing = Filing(
            project=project,
            unit_id=actor.unit_id,
            kind=kind,
            higher_authority=higher_authority.strip() if kind == Filing.Kind.HIGHER_AUTHORITY else "",
            approval_reference=approval_reference.strip(),
            needs_matching_funds=needs_matching_funds,
            matching_amount=matching_amount if needs_matching_funds else None,
            total_investment=total_investment,
            description=description.strip(),
            stage=FILING.initial,
            stage_changed_at=now,
            filed_at=now,
            filed_by=actor,
        )
        filing.full_clean()
        filing.save()
        announce(PROJECT_DESCRIBED, project=project)
        audit_record(actor=actor, action="filing.create", obj=filing, after=_snapshot(filing))
        _store(actor, filing, DocumentKind.HIGHER_APPROVAL, approval_document, "approval_document")
    return filing


def filing_document_upload(*, actor, filing: Filing, kind: str, upload) -> Document:
    """The unit adds a document to its filing (a newer approval, a supplementary material)."""
    require(is_applicant_of(actor, filing), "只有备案单位可以上传备案材料。")
    with files_atomic():
        filing = lock(Filing, filing.pk)
        if kind not in upload_kinds(actor, filing):
            label = DocumentKind(kind).label if kind in DocumentKind.values else kind
            raise Refused(f"当前状态（{filing.get_stage_display()}）不能上传“{label}”。")
        return _store(actor, filing, kind, upload, "file")


def filing_request_info(*, actor, filing: Filing, question: str) -> Filing:
    """第十条: the Office asks the unit for more information about its filing."""
    return take(actor=actor, obj=filing, action="request_filing_info", reason=question)


def filing_supply_info(*, actor, filing: Filing, answer: str, document=None) -> Filing:
    """The unit answers the Office's request, optionally with a document; the filing is filed again."""

    def attach(locked: Filing) -> dict:
        if document is None:
            return {}
        doc = _store(actor, locked, DocumentKind.OTHER, document, "document")
        return {"document": doc.original_name}

    with files_atomic():
        return take(actor=actor, obj=filing, action="supply_filing_info", reason=answer, apply=attach)


def routed_application(
    filing: Filing,
    *,
    leader_name: str,
    leader_phone: str,
    start_date,
    planned_end_date,
    nature: str,
    infrastructure_areas: list[str] | tuple[str, ...] = (),
) -> dict:
    """The application form (附件1) of a routed filing, pre-filled from it: this year's request is the
    total investment, of which the city's matching amount is 财政拨款 and the rest comes from the higher
    authority (国家下拨) or elsewhere (其他), so that 合计 adds up."""
    total = filing.total_investment
    matching = filing.matching_amount or ZERO
    rest = total - matching
    higher = filing.kind == Filing.Kind.HIGHER_AUTHORITY
    attachment = "上级机关批准文件" if higher else "立项批准文件"
    return {
        "leader_name": leader_name,
        "leader_phone": leader_phone,
        "start_date": start_date,
        "planned_end_date": planned_end_date,
        "nature": nature,
        "purpose_and_content": filing.description,
        "plan_compiled": False,
        "plan_expert_reviewed": False,
        "total_investment": total,
        "annual_requirement": total,
        **{f"prior_{col}": ZERO for col in domain.FUNDING_COLUMNS},
        "current_total": total,
        "current_fiscal": matching,
        "current_self_raised": ZERO,
        "current_national": rest if higher else ZERO,
        "current_other": ZERO if higher else rest,
        "attachments_note": f"{attachment}（{filing.approval_reference}）",
        "remarks": ROUTED_REMARK.format(amount=f"{matching:.2f}"),
        "infrastructure_areas": list(infrastructure_areas),  # 第六条
    }


def filing_route(
    *,
    actor,
    filing: Filing,
    procedure: str,
    plan_year: PlanYear | None,
    leader_name: str,
    leader_phone: str,
    start_date,
    planned_end_date,
    nature: str = "new",
    infrastructure_areas: list[str] | tuple[str, ...] = (),
    special: dict | None = None,
) -> Filing:
    """第十条: a project that needs city matching funds enters the general or the special procedure
    with its approval attached. Creates the declaration draft, pre-filled from the filing, and marks
    the filing routed. The general procedure closes on 10-31 (第七条(一)); later, the special one."""
    allowed, why = may(actor, filing, "route_filing")
    if not allowed:
        raise Refused(why)
    if not filing.needs_matching_funds:
        raise Refused("该项目不需要市财政配套资金，抄送办公室备案即可，无须转入申报程序（第十条）。")
    if procedure not in Procedure.values:
        raise ValidationError({"procedure": "请选择一般申报程序或特殊申报程序。"})
    if plan_year is None:
        raise ValidationError({"plan_year": "请选择申报年度。"})
    if procedure == Procedure.GENERAL:
        open_, closed = deadline_open("intake.declaration", clock.today(), get_policy(), plan_year=plan_year.year)
        if not open_:
            raise ValidationError({"procedure": closed})
    data = routed_application(
        filing,
        leader_name=leader_name,
        leader_phone=leader_phone,
        start_date=start_date,
        planned_end_date=planned_end_date,
        nature=nature,
        infrastructure_areas=infrastructure_areas,
    )

    def create_declaration(locked: Filing) -> dict:
        if procedure == Procedure.GENERAL:
            decl = declaration_create(
                actor=actor, plan_year=plan_year, name=locked.project.name, data=data, project=locked.project
            )
        else:
            decl = special_create(
                actor=actor,
                plan_year=plan_year,
                name=locked.project.name,
                data=data,
                project=locked.project,
                **(special or {}),
            )
        approvals = locked.documents.filter(kind=DocumentKind.HIGHER_APPROVAL).order_by("version")
        for doc in approvals:
            document_attach(actor=actor, document=doc, owner=decl)
        locked.routed_declaration = decl
        return {"procedure": procedure, "plan_year": plan_year.year, "declaration": decl.pk}

    return take(actor=actor, obj=filing, action="route_filing", apply=create_declaration)
