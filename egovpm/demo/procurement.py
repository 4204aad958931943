"""Demo procurement, contracts, software licences and Finance's payments (第十一条, 第四条) for every project
whose estimate has been approved, through the platform's own services: one open-tender procurement of
domestic goods and services, a contract of half the approved development and hardware amounts, the
database licence with its evidence, and a first payment of 40 % of the contract where the year has funds
arranged for the project. Run after the construction steps of the schedule (`procurement_steps()`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from egovpm.construction.selectors import approved_amounts, approved_estimate
from egovpm.core import clock
from egovpm.core.money import to_wan
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.orgs.models import User
from egovpm.procurement import selectors, services
from egovpm.projects.models import Project
from egovpm.testing.scenario import pdf_file

SHARE = Decimal("0.5")
FIRST_PAYMENT = Decimal("0.4")
KINDS = ("development", "hardware")


def procurement_for(project: Project, *, clerk, finance, on: dt.date) -> dict:
    """The procurement, contract, licence and (where the year's funds allow) a payment of one project with
    an approved estimate; what was made."""
    approved = approved_amounts(project)
    parts = {kind: to_wan(approved[kind] * SHARE) for kind in KINDS if approved.get(kind)}
    if not parts:
        return {}
    amount = sum(parts.values(), Decimal("0.00"))
    bought = services.procurement_record(
        actor=clerk,
        project=project,
        subject=f"{project.name}建设采购",
        method="open_tender",
        supplier="启东智慧城市科技有限公司",
        amount=amount,
        procured_on=on,
        lines=[
            {"name": "应用系统开发服务", "quantity": 1, "origin": "domestic", "foreign_reason": ""},
            {"name": "国产服务器", "quantity": 2, "origin": "domestic", "foreign_reason": ""},
        ],
    )
    contract = services.contract_sign(
        actor=clerk,
        procurement=bought,
        number=f"QDHT-{on.year}-{project.pk:04d}",
        name=f"{project.name}建设合同",
        signed_on=on,
        parts=parts,
    )
    licence = services.licence_record(
        actor=clerk,
        project=project,
        product="国产数据库管理系统",
        licence_type="perpetual",
        licence_number=f"DB-{project.code}",
        quantity=1,
        evidence=pdf_file("正版软件授权书.pdf"),
    )
    made = {"procurement": bought, "contract": contract, "licence": licence}
    kind = next(iter(parts))
    figures = selectors.payment_figures(contract, on.year)
    room = figures["arranged_for_year"] - figures["paid_in_year"]
    first = min(to_wan(parts[kind] * FIRST_PAYMENT), room)
    if first > 0:
        made["payment"] = services.payment_record(
            actor=finance,
            contract=contract,
            kind=kind,
            funding_source="fiscal",
            amount=first,
            paid_on=on,
            voucher_number=f"CZBF-{on.year}-{project.pk:04d}",
        )
    return made


def procurement_steps(at: dt.datetime, *, finance_username: str) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """One step at `at`: every project with an approved estimate and no procurement yet gets its own."""

    def run() -> None:
        finance = User.objects.get(username=finance_username)
        for project in Project.objects.filter(procurements__isnull=True).select_related("unit").order_by("code"):
            if approved_estimate(project) is None:
                continue
            clerk = next((u for u in project.unit.users.order_by("pk") if u.roles & APPLICANT_ROLES), None)
            if clerk is not None:
                procurement_for(project, clerk=clerk, finance=finance, on=clock.today())

    return [(at, run)]
