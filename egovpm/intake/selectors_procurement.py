"""Reads of 第七条(二)'s centralized procurement: a declaration's configuration list and a plan year's plan."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from egovpm.intake.models import CentralProcurementLine, CentralProcurementPlan, ConfigurationItem, Declaration


def configuration_of(declaration: Declaration) -> QuerySet[ConfigurationItem]:
    return declaration.configuration_items.order_by("category", "id")


def configuration_item_get(user, pk: int) -> ConfigurationItem | None:
    from egovpm.intake.selectors import declarations_visible_to

    return (
        ConfigurationItem.objects.select_related("declaration", "declaration__unit", "declaration__plan_year")
        .filter(pk=pk, declaration__in=declarations_visible_to(user))
        .first()
    )


def central_plan_of(plan_year) -> CentralProcurementPlan | None:
    """The plan year's plan with its lines and each line's projects, in three queries; None before any."""
    declarations = Declaration.objects.select_related("project", "unit").order_by("project__code")
    return (
        CentralProcurementPlan.objects.select_related("plan_year", "proposed_by", "issued_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=CentralProcurementLine.objects.prefetch_related(
                    Prefetch("declarations", queryset=declarations)
                ),
            )
        )
        .filter(plan_year=plan_year)
        .first()
    )


def central_plan_totals(plan: CentralProcurementPlan | None) -> dict:
    lines = list(plan.lines.all()) if plan else []
    return {
        "lines": lines,
        "quantity": sum(line.quantity for line in lines),
        "amount": sum((line.amount for line in lines), Decimal("0.00")),
    }


def central_line_get(pk: int) -> CentralProcurementLine | None:
    return CentralProcurementLine.objects.select_related("plan", "plan__plan_year").filter(pk=pk).first()
