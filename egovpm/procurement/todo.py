"""What procurement and disbursement leave waiting (egovpm.lifecycle.agenda; the cockpit asks this module).

Finance (第四条): each contract in force with an amount still to pay, and (beside them) what it has paid
this year. The
unit (第十一条): its contracts paid in full, to record as performed. A fixed number of queries per role."""

from __future__ import annotations

from django.urls import reverse

from egovpm.core import clock
from egovpm.core.money import fmt_wan, to_wan
from egovpm.lifecycle.agenda import NOTICE, TodoItem
from egovpm.lifecycle.roles import APPLICANT_ROLES, Role

from . import selectors
from .workflow import CONTRACT


def _url(contract) -> str:
    return reverse("procurement:project_detail", kwargs={"pk": contract.project_id}) + f"#contract-{contract.pk}"


def todo_items(user) -> list[TodoItem]:
    if not user.is_authenticated:
        return []
    items: list[TodoItem] = []
    if user.has_role(Role.FINANCE_REVIEWER):
        disburse = next(a for a in CONTRACT.activities if a.name == "disburse")
        year = clock.today().year
        rows = list(selectors.contracts_to_pay(user, year))
        for c in rows:
            items.append(
                TodoItem(
                    group="finance",
                    title=c.project.name,
                    action=f"{disburse.label}：{c.number} {c.name}",
                    note=f"合同金额 {fmt_wan(c.amount)} 万元，已拨付 {fmt_wan(c.paid or 0)} 万元。",
                    url=reverse("procurement:payment_create", kwargs={"pk": c.pk}),
                    article=disburse.article,
                )
            )
        if rows:  # the year's figure rides on the list's one query
            items.append(
                TodoItem(
                    group="notice",
                    title=f"{year} 年度电子政务项目资金拨付",
                    action=f"本年度已拨付 {fmt_wan(to_wan(rows[0].paid_in_year))} 万元",
                    url=reverse("procurement:ledger") + f"?year={year}",
                    article="第四条",
                    kind=NOTICE,
                )
            )
    if user.unit_id and user.roles & APPLICANT_ROLES:
        settle = CONTRACT.transition("settle_contract")
        for c in selectors.contracts_paid_in_full(user):
            items.append(
                TodoItem(
                    group="applicant",
                    title=c.project.name,
                    action=f"{settle.label}：{c.number} {c.name}",
                    note=f"合同金额 {fmt_wan(c.amount)} 万元已全部拨付。",
                    url=_url(c),
                    article=settle.article,
                )
            )
    return items
