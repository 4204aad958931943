"""第七条(四) second paragraph and 第七条(五): the plan goes to Finance, Finance builds its library."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.intake.models import BudgetLibraryEntry, Declaration, PlanTransmission, PlanYear
from egovpm.intake.official_documents import plan_letter_title
from egovpm.official.services import official_issue
from egovpm.projects.engine import is_office, lock, require, take


def plan_send_to_finance(*, actor, plan_year: PlanYear) -> PlanTransmission:
    """The Office sends Finance the annual plan and the list of pre-approved projects: every approved
    declaration of the year not yet sent."""
    require(is_office(actor), "只有办公室可以向财政局报送年度计划。")
    with transaction.atomic():
        lock(PlanYear, plan_year.pk)  # two clicks, or two Office clerks: one transmission
        pending = Declaration.objects.select_for_update().filter(
            plan_year=plan_year, procedure="general", stage="approved", sent_to_finance_at__isnull=True
        )
        ids = list(pending.values_list("pk", flat=True))
        if not ids:
            raise Refused("没有待报送财政的复核通过项目。")
        now = clock.now()
        total = Declaration.objects.filter(pk__in=ids).aggregate(s=Sum("current_total"))["s"] or Decimal("0")
        Declaration.objects.filter(pk__in=ids).update(sent_to_finance_at=now)
        transmission = PlanTransmission.objects.create(
            plan_year=plan_year, sent_at=now, sent_by=actor, project_count=len(ids), total_amount=total
        )
        letter = official_issue(
            actor=actor, kind="plan_letter", owner=transmission, title=plan_letter_title(transmission)
        )
        audit_record(
            actor=actor,
            action="plan.send_to_finance",
            obj=plan_year,
            after={
                "transmission": transmission.pk,
                "declarations": ids,
                "total_amount": total,
                "letter": letter.number,
            },
        )
    return transmission


def budget_library_place(*, actor, declaration: Declaration, library_code: str = "") -> BudgetLibraryEntry:
    """Finance places an approved project in the department budget project library."""
    placed: dict = {}

    def place(decl: Declaration) -> dict:
        placed["entry"] = BudgetLibraryEntry.objects.create(
            declaration=decl, library_code=library_code.strip(), placed_at=clock.now(), placed_by=actor
        )
        return {"library_code": library_code.strip()}

    take(actor=actor, obj=declaration, action="place_in_budget_library", apply=place)
    return placed["entry"]


def budget_funds_arrange(*, actor, declaration: Declaration, amount: Decimal) -> BudgetLibraryEntry:
    """Finance records the amount the plan year's budget arranges for the project."""
    if amount is None or amount < 0:
        raise ValidationError({"amount": "安排资金不能为负数。"})
    if amount > declaration.current_total:
        raise ValidationError({"amount": f"安排资金不能超过本年度申请资金（{declaration.current_total:.2f} 万元）。"})
    result: dict = {}

    def arrange(decl: Declaration) -> dict:
        entry = BudgetLibraryEntry.objects.select_for_update().get(declaration=decl)
        entry.arranged_amount = amount
        entry.arranged_at = clock.now()
        entry.save(update_fields=["arranged_amount", "arranged_at"])
        result["entry"] = entry
        return {"arranged_amount": amount}

    take(actor=actor, obj=declaration, action="arrange_funds", apply=arrange)
    return result["entry"]
