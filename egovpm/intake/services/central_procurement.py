"""第七条(二) "对项目中涉及的通用设备和软件归集形成集中采购计划": the unit's hardware and software configuration
list (软硬件配置清单, with the feasibility materials: online or from the XLSX template), and the Office's
centralized procurement plan of a plan year — proposed from the approved projects' lists (and the items the
Office marked in its initial-review rounds), edited, issued with a number and a date."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.intake import domain
from egovpm.intake.configuration_xlsx import read_configuration
from egovpm.intake.models import (
    CentralProcurementLine,
    CentralProcurementPlan,
    ConfigurationItem,
    Declaration,
    PlanYear,
    ProcurementCategory,
    ProcurementItem,
)
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import is_office, lock, lock_sequence, perform, require

# The approved projects of a plan year (第七条(四) onwards). Folded (统筹) and refused ones never get here.
APPROVED_STAGES = ("approved", "in_budget_library", "funded")
ONLY_THE_OFFICE = "只有办公室可以编制集中采购计划（第七条(二)）。"
ISSUED = "该年度集中采购计划已印发，不能再修改。"
FIELDS = ("category", "name", "specification", "quantity", "unit_price", "domestic")


def _snapshot(item: ConfigurationItem) -> dict:
    return {"item": item.pk, **{f: getattr(item, f) for f in FIELDS}}


def _item_problems(data: dict) -> dict[str, str]:
    """The configuration line's fields, each with its Chinese message at the field."""
    found = {}
    if data.get("category") not in ProcurementCategory.values:
        found["category"] = "请选择类别（硬件或软件）。"
    if not str(data.get("name") or "").strip():
        found["name"] = "请填写品目名称。"
    quantity = data.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        found["quantity"] = "数量应为正整数。"
    price = data.get("unit_price")
    if not isinstance(price, Decimal) or not price.is_finite() or price < 0:
        found["unit_price"] = "单价应为不小于0的金额（万元）。"
    return found


def _new_item(actor, declaration, data: dict) -> ConfigurationItem:
    item = ConfigurationItem(
        declaration=declaration, entered_by=actor, entered_at=clock.now(), **{f: data[f] for f in FIELDS if f in data}
    )
    item.full_clean()
    item.save()
    return item


def configuration_item_add(*, actor, declaration: Declaration, data: dict) -> ConfigurationItem:
    """The unit adds a line to its configuration list while it prepares the feasibility materials."""
    if problems := _item_problems(data):
        raise ValidationError(problems)

    def apply(locked):
        item = _new_item(actor, locked, data)
        return item, {}, _snapshot(item)

    return perform(actor=actor, obj=declaration, activity="edit_configuration", apply=apply)


def configuration_item_remove(*, actor, item: ConfigurationItem) -> None:
    def apply(locked):
        current = ConfigurationItem.objects.filter(pk=item.pk, declaration=locked).first()
        if current is None:
            raise Refused("该条目已被删除，请刷新页面。", code="stale")
        before = _snapshot(current)
        current.delete()
        return None, before, {}

    perform(actor=actor, obj=item.declaration, activity="edit_configuration", apply=apply)


def configuration_import(*, actor, declaration: Declaration, content: bytes) -> list[ConfigurationItem]:
    """The unit imports its configuration list from the template (added to the lines it has). A row with a
    problem refuses the whole file, each problem named by its row; nothing is half imported."""
    rows, problems = read_configuration(content)
    if problems:
        raise ValidationError({"file": problems})

    def apply(locked):
        items = [_new_item(actor, locked, row) for row in rows]
        return items, {}, {"imported": len(items), "items": [i.pk for i in items]}

    return perform(actor=actor, obj=declaration, activity="edit_configuration", apply=apply)


def _lines(plan_year: PlanYear) -> list[domain.ConfigurationLine]:
    """The configuration lists of the plan year's approved projects, and the items the Office marked for
    them in the initial review (intake.ProcurementItem), as the grouping reads them."""
    approved = Declaration.objects.filter(plan_year=plan_year, stage__in=APPROVED_STAGES)
    lines = [
        domain.ConfigurationLine(
            i.pk, i.declaration.project_id, i.category, i.name, i.specification, i.quantity, i.amount
        )
        for i in ConfigurationItem.objects.filter(declaration__in=approved).select_related("declaration")
    ]
    lines += [
        domain.ConfigurationLine(
            -i.pk, i.declaration.project_id, i.category, i.name, i.specification, i.quantity, i.estimated_amount
        )
        for i in ProcurementItem.objects.filter(declaration__in=approved).select_related("declaration")
    ]
    return lines


def central_procurement_propose(*, actor, plan_year: PlanYear) -> CentralProcurementPlan:
    """Group the approved projects' equivalent items into the plan's lines (items of two or more projects),
    replacing the lines of a draft; an issued plan stays as issued."""
    require(is_office(actor), ONLY_THE_OFFICE)
    with transaction.atomic():
        lock(PlanYear, plan_year.pk)
        plan = CentralProcurementPlan.objects.filter(plan_year=plan_year).first()
        if plan is not None and plan.issued:
            raise Refused(ISSUED, code="issued")
        if plan is None:
            plan = CentralProcurementPlan(plan_year=plan_year)
        plan.proposed_at, plan.proposed_by = clock.now(), actor
        plan.full_clean()
        plan.save()
        plan.lines.all().delete()
        groups = domain.group_configuration(_lines(plan_year))
        project_declarations = dict(
            Declaration.objects.filter(plan_year=plan_year, stage__in=APPROVED_STAGES).values_list("project_id", "pk")
        )
        for group in groups:
            line = CentralProcurementLine.objects.create(
                plan=plan,
                category=group.category,
                name=group.name[:100],
                specification=group.specification[:200],
                quantity=group.quantity,
                amount=group.amount,
            )
            line.declarations.set([project_declarations[p] for p in group.projects])
            line.items.set([item.key for item in group.lines if item.key > 0])
        audit_record(
            actor=actor,
            action="central_procurement.propose",
            obj=plan,
            after={
                "plan_year": plan_year.year,
                "lines": len(groups),
                "amount": str(sum((g.amount for g in groups), Decimal("0.00"))),
            },
        )
    return plan


def _open_line(line_pk: int) -> CentralProcurementLine:
    line = CentralProcurementLine.objects.select_related("plan").filter(pk=line_pk).first()
    if line is None:
        raise Refused("该品目已被移出计划，请刷新页面。", code="stale")
    line.plan = lock(CentralProcurementPlan, line.plan_id)
    if line.plan.issued:
        raise Refused(ISSUED, code="issued")
    return line


def central_procurement_line_update(
    *, actor, line: CentralProcurementLine, quantity: int, amount: Decimal
) -> CentralProcurementLine:
    """The Office adjusts a line's total quantity and amount before issuing."""
    require(is_office(actor), ONLY_THE_OFFICE)
    with transaction.atomic():
        current = _open_line(line.pk)
        before = {"quantity": current.quantity, "amount": str(current.amount)}
        current.quantity, current.amount = quantity, amount
        current.full_clean()
        current.save()
        audit_record(
            actor=actor,
            action="central_procurement.line_update",
            obj=current.plan,
            before={"line": current.pk, **before},
            after={"line": current.pk, "quantity": quantity, "amount": str(amount)},
        )
    return current


def central_procurement_line_remove(*, actor, line: CentralProcurementLine) -> None:
    """The Office takes a line out of the plan before issuing (bought by the projects themselves)."""
    require(is_office(actor), ONLY_THE_OFFICE)
    with transaction.atomic():
        current = _open_line(line.pk)
        audit_record(
            actor=actor,
            action="central_procurement.line_remove",
            obj=current.plan,
            before={"line": current.pk, "name": current.name, "quantity": current.quantity},
        )
        current.delete()


def central_procurement_issue(*, actor, plan: CentralProcurementPlan) -> CentralProcurementPlan:
    """第七条(二): the Office issues the plan: numbered by the policy's format, dated today; no more edits."""
    require(is_office(actor), ONLY_THE_OFFICE)
    with transaction.atomic():
        lock_sequence("central_procurement")
        current = lock(CentralProcurementPlan, plan.pk)
        if current.issued:
            raise Refused(ISSUED, code="issued")
        if not current.lines.exists():
            raise Refused("计划中没有品目，不能印发。", code="empty")
        today = clock.today()
        seq = CentralProcurementPlan.objects.filter(issued_on__year=today.year).count() + 1
        current.number = get_policy().intake.central_procurement_number_format.format(year=today.year, seq=seq)
        current.issued_on, current.issued_by = today, actor
        current.full_clean()
        current.save()
        audit_record(
            actor=actor,
            action="central_procurement.issue",
            obj=current,
            after={"number": current.number, "issued_on": today.isoformat(), "lines": current.lines.count()},
        )
    return current
