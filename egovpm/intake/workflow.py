"""The intake workflows' part in the one engine: the facts of a declaration (general or special
procedure) and the guards they answer (egovpm.intake.domain.GUARDS). Registered by IntakeConfig.ready().
第六条's guards of a declaration are coordination's (egovpm.coordination.workflow), the filing's facts the
filings app's."""

from __future__ import annotations

from egovpm.documents.models import DocumentKind
from egovpm.experts.selectors import pending_of
from egovpm.intake import domain
from egovpm.intake.models import Declaration, SpecialException
from egovpm.lifecycle.engine import Facts, register_guards
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import register_facts
from egovpm.projects.selectors import extended_due


def register() -> None:
    register_guards(*domain.GUARDS)
    register_facts(Declaration, declaration_facts)


def materials(declaration: Declaration) -> domain.Materials:
    kinds = set(declaration.documents.values_list("kind", flat=True))
    return domain.Materials(
        has_proposal=DocumentKind.PROPOSAL in kinds or hasattr(declaration, "proposal"),
        has_status_statement=DocumentKind.STATUS_STATEMENT in kinds,
        has_budget_list=DocumentKind.BUDGET_LIST in kinds,
        has_feasibility_report=DocumentKind.FEASIBILITY_REPORT in kinds,
        has_expert_opinion=DocumentKind.EXPERT_OPINION in kinds,
        catalog_entries=declaration.project.catalog_entries.count(),
    )


def declaration_facts(declaration: Declaration) -> Facts:
    """Gather what the guards of the table need to know about a declaration."""
    guards: dict[str, bool] = {}
    messages: dict[str, str] = {}
    supervisor_id = declaration.unit.parent_id
    guards["has_supervisor"] = supervisor_id is not None
    guards["no_supervisor"] = supervisor_id is None
    stage = declaration.stage
    if stage in ("in_initial_review", "in_joint_review"):
        pending = declaration.invitations.filter(submitted_at__isnull=True).count()
        # 第七条(二), 第九条(三): the drawn experts answer and score before the review concludes
        drawn = pending_of(declaration)
        guards["opinions_complete"] = pending + drawn == 0
        review = "初审" if stage == "in_initial_review" else "会审"
        if pending:
            messages["opinions_complete"] = f"尚有 {pending} 位受邀单位或专家未提交{review}意见。"
        elif drawn:
            messages["opinions_complete"] = f"尚有 {drawn} 位抽取的专家未确认或未提交{review}打分表。"
    if stage == "initially_passed":
        missing = domain.feasibility_material_problems(declaration.nature, materials(declaration), get_policy())
        guards["feasibility_complete"] = not missing
        if missing:
            messages["feasibility_complete"] = "可研材料不齐全：" + "".join(missing)
    # 第七条(四): re-reviewed once a year at most
    guards["re_review_once"] = declaration.re_review_count < 1
    # 第八条(二), 第九条(二)
    if stage == "draft" and declaration.procedure == "special":
        guards["special_once_a_year"] = special_allowance(declaration) is not False
    if stage == "materials_requested":
        guards["special_materials_complete"] = declaration.documents.filter(kind=DocumentKind.SPECIAL_MATERIAL).exists()
    guards["plan_sent"] = declaration.sent_to_finance_at is not None
    return Facts(
        stage=stage,
        unit_id=declaration.unit_id,
        supervisor_id=supervisor_id,
        plan_year=declaration.plan_year.year,
        stage_label=declaration.stage_info.label,
        extended_due=extended_due(declaration),
        guards=guards,
        guard_messages=messages,
    )


def special_allowance(declaration: Declaration) -> SpecialException | None | bool:
    """第八条(二): a department starts the special procedure for one matter (project) at most
    `policy.intake.special_procedure_per_year` times a plan year, unless the Office recorded an exception.
    Returns None when within the limit, the unused exception that allows one more, or False."""
    earlier = (
        Declaration.objects.filter(
            procedure="special",
            unit_id=declaration.unit_id,
            plan_year_id=declaration.plan_year_id,
            project_id=declaration.project_id,
        )
        .exclude(pk=declaration.pk)
        .exclude(stage="draft")
        .count()
    )
    if earlier < get_policy().intake.special_procedure_per_year:
        return None
    exception = SpecialException.objects.filter(
        unit_id=declaration.unit_id,
        plan_year_id=declaration.plan_year_id,
        project_id=declaration.project_id,
        used_by__isnull=True,
    ).first()
    return exception or False
