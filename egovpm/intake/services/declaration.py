"""第七条(一): declaring a project for next year's plan, and the supervising department's consent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import Document, DocumentKind, OutlineCheck
from egovpm.documents.services import document_store, files_atomic
from egovpm.intake import domain
from egovpm.intake.checks import application_check_problems
from egovpm.intake.models import Declaration, PlanYear, Proposal
from egovpm.intake.workflow import materials
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.policy.domain import deadline_open
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import (
    ensure,
    is_applicant_of,
    is_office,
    lock,
    lock_sequence,
    perform,
    require,
    take,
    upload_kinds,
)
from egovpm.projects.hooks import PROJECT_DESCRIBED, announce
from egovpm.projects.models import Project

APPLICATION_FIELDS = (
    "leader_name",
    "leader_phone",
    "start_date",
    "planned_end_date",
    "nature",
    "purpose_and_content",
    "plan_compiled",
    "plan_expert_reviewed",
    "total_investment",
    "annual_requirement",
    *(f"{row}_{col}" for row in domain.FUNDING_ROWS for col in domain.FUNDING_COLUMNS),
    "attachments_note",
    "remarks",
    "infrastructure_areas",  # 第六条
)
# 第二条, 第三条: what the project is; they live on the Project and persist across plan years.
PROJECT_FIELDS = ("category", "work_kind", "fiscal_share", "capital_subproject", "capital_project_name")
PROPOSAL_FIELDS = (
    "overview",
    "necessity",
    "status_and_needs",
    "content_plan_scale",
    "functions_and_indicators",
    "schedule",
    "investment_and_funding",
    "benefits",
    "classification_note",
)


def _snapshot(decl: Declaration) -> dict:
    return {
        **{name: getattr(decl, name) for name in APPLICATION_FIELDS},
        **{name: getattr(decl.project, name) for name in PROJECT_FIELDS},
    }


def _scope_problems(data: dict) -> dict[str, str]:
    """第二条: a sub-project of a capital construction project names that project; 第六条: the
    infrastructure areas are those of the policy."""
    found = {}
    if data.get("capital_subproject") and not str(data.get("capital_project_name") or "").strip():
        found["capital_project_name"] = "大型基建项目中的电子政务子项目须填写所属基建项目名称（第二条）。"
    areas = data.get("infrastructure_areas") or []
    categories = get_policy().intake.infrastructure_categories
    if not isinstance(areas, list | tuple):
        found["infrastructure_areas"] = "请勾选涉及的基础性系统。"
    elif unknown := [str(a) for a in areas if a not in categories]:
        found["infrastructure_areas"] = f"“{'、'.join(unknown)}”不是第六条所列的基础性系统。"
    return found


def _scoped(data: dict) -> dict:
    """The data with the areas in the policy's order and the capital project's name only where it applies."""
    data = dict(data)
    if "infrastructure_areas" in data:
        chosen = set(data["infrastructure_areas"] or ())
        data["infrastructure_areas"] = [a for a in get_policy().intake.infrastructure_categories if a in chosen]
    if "capital_subproject" in data:
        name = str(data.get("capital_project_name") or "").strip()
        data["capital_project_name"] = name if data["capital_subproject"] else ""
    return data


def _validate_application(data: dict, project: Project | None = None) -> None:
    problems = {
        **domain.funding_problems(data),
        **domain.application_problems(
            nature=data.get("nature", ""),
            start_date=data.get("start_date"),
            planned_end_date=data.get("planned_end_date"),
            total_investment=data.get("total_investment"),
            annual_requirement=data.get("annual_requirement"),
            current_total=data.get("current_total"),
        ),
        **_scope_problems(data),
    }
    # what the later stages ask of an existing project (intake.checks: operations' 第二十一条 O&M funds)
    for field, message in application_check_problems(project, data).items():
        problems.setdefault(field, message)
    if problems:
        raise ValidationError(problems)


def _next_project_code(year: int) -> str:
    prefix = f"QD{year}-"
    last = Project.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def project_save(*, actor, plan_year: PlanYear, name: str, scope: dict, project: Project | None) -> Project:
    """A new project of the actor's unit, or the existing one renamed and re-categorised (第二条/第三条),
    for a declaration of either procedure. Caller holds the transaction and has checked the unit."""
    if project is None:
        project = Project(
            code=_next_project_code(plan_year.year),
            name=name.strip(),
            unit_id=actor.unit_id,
            created_at=clock.now(),
            created_by=actor,
            **scope,
        )
        project.full_clean()
        project.save()
        return project
    project.name = name.strip()
    for key, value in scope.items():
        setattr(project, key, value)
    project.full_clean()
    project.save(update_fields=["name", *scope])
    return project


def application_apply(decl: Declaration, *, name: str, data: dict) -> None:
    """Write the form's fields (附件1) to a draft declaration and its project (第二条/第三条), for either
    procedure. Caller holds the transaction, has checked permission and validated `data`."""
    for key, value in data.items():
        if key in APPLICATION_FIELDS:
            setattr(decl, key, value)
    decl.full_clean()
    decl.save()
    scope = [k for k in PROJECT_FIELDS if k in data]
    for key in scope:
        setattr(decl.project, key, data[key])
    decl.project.name = name.strip()
    decl.project.full_clean()
    decl.project.save(update_fields=["name", *scope])
    announce(PROJECT_DESCRIBED, project=decl.project)


def plan_year_open(*, actor, year: int, notes: str = "") -> PlanYear:
    """The Office opens the annual plan of `year` for declarations."""
    require(is_office(actor), "只有办公室可以开放年度计划。")
    with transaction.atomic():
        lock_sequence("plan_year")
        if PlanYear.objects.filter(year=year).exists():
            raise Refused(f"{year} 年度计划已开放。")
        plan_year = PlanYear.objects.create(year=year, opened_at=clock.now(), notes=notes)
        audit_record(actor=actor, action="plan_year.open", obj=plan_year, after={"year": year})
    return plan_year


def declaration_create(
    *, actor, plan_year: PlanYear, name: str, data: dict, project: Project | None = None
) -> Declaration:
    """A unit declares a project (new, or an existing one for another year) for `plan_year`.
    `data` holds the fields of the application form (附件1), already typed."""
    require(actor.unit_id is not None and actor.has_role(*APPLICANT_ROLES), "只有申报单位的经办人可以填报。")
    open_, why = deadline_open("intake.declaration", clock.today(), get_policy(), plan_year=plan_year.year)
    if not open_:
        raise Refused(why, code="window_closed")
    if not name.strip():
        raise ValidationError({"name": "请填写项目名称。"})
    _validate_application(data, project)
    data = _scoped(data)
    scope = {k: data[k] for k in PROJECT_FIELDS if k in data}
    with transaction.atomic():
        lock(PlanYear, plan_year.pk)  # one at a time: the project code and the one-a-year check
        now = clock.now()
        if project is not None:
            require(project.unit_id == actor.unit_id, "只能为本单位的项目申报。")
            if Declaration.objects.filter(project=project, plan_year=plan_year, procedure="general").exists():
                raise Refused(f"该项目已有 {plan_year.year} 年度的申报。")
        project = project_save(actor=actor, plan_year=plan_year, name=name, scope=scope, project=project)
        decl = Declaration(
            project=project,
            plan_year=plan_year,
            unit_id=actor.unit_id,
            created_at=now,
            stage_changed_at=now,
            **{k: v for k, v in data.items() if k in APPLICATION_FIELDS},
        )
        decl.full_clean()
        decl.save()
        announce(PROJECT_DESCRIBED, project=project)
        audit_record(
            actor=actor, action="declaration.create", obj=decl, after={"name": project.name, **_snapshot(decl)}
        )
    return decl


def declaration_update(*, actor, declaration: Declaration, name: str, data: dict) -> Declaration:
    """Edit the application form while it is a draft."""
    require(is_applicant_of(actor, declaration), "只有申报单位可以修改申报表。")
    ensure(actor, declaration, "edit")
    if not name.strip():
        raise ValidationError({"name": "请填写项目名称。"})
    _validate_application(data, declaration.project)
    data = _scoped(data)
    with transaction.atomic():
        decl = lock(Declaration, declaration.pk)
        ensure(actor, decl, "edit")
        before = {"name": decl.project.name, **_snapshot(decl)}
        application_apply(decl, name=name, data=data)
        after = {"name": decl.project.name, **_snapshot(decl)}
        changed = {k for k in after if before[k] != after[k]}
        audit_record(
            actor=actor,
            action="declaration.update",
            obj=decl,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return decl


def proposal_save(*, actor, declaration: Declaration, data: dict) -> Proposal:
    """Fill the project proposal (附件2) online, section by section."""
    require(is_applicant_of(actor, declaration), "只有申报单位可以填写项目建议书。")
    ensure(actor, declaration, "edit")
    missing = {
        f: "请填写本节内容。"
        for f in PROPOSAL_FIELDS
        if f != "classification_note" and not str(data.get(f, "")).strip()
    }
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        declaration = lock(Declaration, declaration.pk)
        ensure(actor, declaration, "edit")
        proposal, created = Proposal.objects.select_for_update().get_or_create(
            declaration=declaration, defaults={f: data.get(f, "") for f in PROPOSAL_FIELDS}
        )
        if not created:
            for f in PROPOSAL_FIELDS:
                setattr(proposal, f, data.get(f, ""))
        proposal.full_clean()
        proposal.save()
        audit_record(
            actor=actor,
            action="proposal.save",
            obj=declaration,
            after={"sections": [f for f in PROPOSAL_FIELDS if getattr(proposal, f)]},
        )
    return proposal


def declaration_document_upload(*, actor, declaration: Declaration, kind: str, upload):
    """Upload a material of the declaration (proposal, status statement, budget list, feasibility…)."""
    require(is_applicant_of(actor, declaration), "只有申报单位可以上传申报材料。")
    if kind not in upload_kinds(actor, declaration):
        label = DocumentKind(kind).label if kind in DocumentKind.values else kind
        raise Refused(f"当前状态（{declaration.stage_info.label}）不能上传“{label}”。")
    with files_atomic():
        locked = lock(Declaration, declaration.pk)
        if kind not in upload_kinds(actor, locked):
            raise Refused(f"当前状态（{locked.stage_info.label}）不能上传该材料。", code="stale")
        return document_store(actor=actor, owner=locked, kind=kind, upload=upload)


def declaration_outline_accept(*, actor, declaration: Declaration, document: Document, reason: str) -> OutlineCheck:
    """第七条(一)(三): the Office accepts a version of the proposal (附件2) or feasibility study report (附件3) whose
    outline check found sections or annexes missing (or could not read it), and records why. The findings
    stay on the check, with who accepted them, when and why; the audit event names the version's SHA-256."""
    require(is_office(actor), "只有办公室可以接受章节缺项的材料。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写接受该材料的理由。"})

    def accept(decl: Declaration):
        check = (
            OutlineCheck.objects.select_for_update()
            .select_related("document")
            .filter(document_id=document.pk, document__in=Document.objects.of(decl))
            .first()
        )
        if check is None:
            raise Refused("该材料不属于本项目申报，或没有章节检查结果。")
        if not check.has_findings:
            raise Refused("该材料未发现章节缺项，无须接受。")
        if check.accepted_at is not None:
            raise Refused("该材料的章节缺项已被接受。", code="stale")
        check.accepted_by, check.accepted_at, check.accept_reason = actor, clock.now(), reason.strip()
        check.full_clean()
        check.save()
        doc = check.document
        subject = {"document": doc.pk, "kind": doc.kind, "version": doc.version, "sha256": doc.sha256}
        after = {
            **subject,
            "missing_sections": [s["code"] for s in check.missing_sections],
            "missing_annexes": check.missing_annexes,
            "status": check.status,
            "accepted": True,
        }
        return check, {**subject, "accepted": False}, after

    return perform(actor=actor, obj=declaration, activity="accept_outline_findings", reason=reason, apply=accept)


def declaration_submit(*, actor, declaration: Declaration) -> Declaration:
    """Send the declaration on: to the supervising department if the unit has one, else to the Office."""
    missing = domain.declaration_material_problems(declaration.nature, materials(declaration), get_policy())
    if missing:
        raise Refused("申报材料不齐全：" + "".join(missing), code="incomplete")
    action = "submit_to_supervisor" if declaration.unit.parent_id else "submit"

    def stamp(decl: Declaration) -> dict:
        decl.submitted_at = clock.now()
        return {"submitted_at": decl.submitted_at}

    return take(actor=actor, obj=declaration, action=action, apply=stamp)


def declaration_consent(*, actor, declaration: Declaration, opinion: str = "") -> Declaration:
    """The supervising department consents; the declaration reaches the Office."""
    return take(actor=actor, obj=declaration, action="consent", reason=opinion)


def declaration_refuse_consent(*, actor, declaration: Declaration, reason: str) -> Declaration:
    """The supervising department sends it back to the unit as a draft, with its reason."""
    return take(actor=actor, obj=declaration, action="refuse_consent", reason=reason)
