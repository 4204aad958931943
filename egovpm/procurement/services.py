"""Use cases of 第十一条 and 第四条: the unit records its procurements, contracts and software licences;
Finance records each payment. Each one function: permission (the engine for a contract's steps), the
domain's check, the audit event, one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.services import document_store, files_atomic
from egovpm.lifecycle.engine import GUARDS
from egovpm.projects.engine import is_applicant_of, lock, perform, require, take
from egovpm.projects.models import Project
from egovpm.projects.selectors import project_facts

from . import domain, selectors
from .models import Contract, ContractPart, Payment, Procurement, ProcurementLine, SoftwareLicence
from .workflow import CONSTRUCTION_GUARDS

KIND_LABELS = dict(ContractPart._meta.get_field("kind").choices)
SOURCE_CODES = {code for code, _ in domain.FUNDING_SOURCES}
METHOD_CODES = {code for code, _ in domain.METHODS}
ORIGIN_CODES = {code for code, _ in domain.ORIGINS}


def _may_record(actor, project: Project, what: str) -> None:
    """第十一条 项目建设单位: only the project's own unit records its construction, and not while the project
    is suspended or terminated (第十八条: the same guards as the contract's steps)."""
    require(is_applicant_of(actor, project), f"只有项目建设单位可以登记{what}。")
    guards = project_facts(project)[1]
    for name in CONSTRUCTION_GUARDS:
        if not guards.get(name, True):
            raise Refused(GUARDS[name].refusal)


def _text(value) -> str:
    return (value or "").strip()


def procurement_record(
    *,
    actor,
    project: Project,
    subject: str,
    method: str,
    supplier: str,
    amount: Decimal,
    procured_on: dt.date,
    non_government_reason: str = "",
    lines: list[dict] = (),
) -> Procurement:
    """第十一条: a procurement with its method (the legal reason when outside government procurement) and
    what it buys, each item's origin (the reason when imported)."""
    _may_record(actor, project, "采购")
    problems = domain.procurement_problems(
        method=method, non_government_reason=non_government_reason, supplier=supplier, amount=amount
    )
    if method not in METHOD_CODES:
        problems["method"] = "请选择采购方式。"
    if not _text(subject):
        problems["subject"] = "请填写采购项目名称。"
    if not lines:
        problems["item_name"] = "请至少填写一项采购的货物、工程或服务。"
    for line in lines:
        for field, message in _line_problems(line).items():
            problems.setdefault(field, message)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        procurement = Procurement(
            project=project,
            unit_id=project.unit_id,
            subject=_text(subject),
            method=method,
            non_government_reason=_text(non_government_reason) if method == domain.NON_GOVERNMENT else "",
            supplier=_text(supplier),
            amount=amount,
            procured_on=procured_on,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        procurement.full_clean()
        procurement.save()
        for line in lines:
            _line_save(procurement, line)
        audit_record(
            actor=actor,
            action="procurement.record",
            obj=procurement,
            after={
                "project": project.code,
                "method": method,
                "supplier": procurement.supplier,
                "amount": amount,
                "lines": [{"name": i.name, "origin": i.origin} for i in procurement.lines.all()],
            },
            reason=procurement.non_government_reason,
        )
    return procurement


def _line_problems(line: dict) -> dict[str, str]:
    problems = {}
    if not _text(line.get("name")):
        problems["item_name"] = "请填写采购的货物、工程或服务名称。"
    if line.get("origin") not in ORIGIN_CODES:
        problems["origin"] = "请选择产地（本国或进口）。"
    if not line.get("quantity") or line["quantity"] < 1:
        problems["quantity"] = "数量至少为 1。"
    problems.update(domain.line_problems(origin=line.get("origin", ""), foreign_reason=line.get("foreign_reason", "")))
    return problems


def _line_save(procurement: Procurement, line: dict) -> ProcurementLine:
    item = ProcurementLine(
        procurement=procurement,
        name=_text(line["name"]),
        quantity=line["quantity"],
        origin=line["origin"],
        foreign_reason=_text(line.get("foreign_reason")) if line["origin"] == domain.IMPORTED else "",
    )
    item.full_clean()
    item.save()
    return item


def procurement_line_add(
    *, actor, procurement: Procurement, name: str, quantity: int, origin: str, foreign_reason: str = ""
) -> ProcurementLine:
    """第十一条 优先采购本国货物、工程和服务: one more item of a procurement, with its origin."""
    _may_record(actor, procurement.project, "采购")
    line = {"name": name, "quantity": quantity, "origin": origin, "foreign_reason": foreign_reason}
    problems = _line_problems(line)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        item = _line_save(procurement, line)
        audit_record(
            actor=actor,
            action="procurement.add_line",
            obj=procurement,
            after={"name": item.name, "quantity": item.quantity, "origin": item.origin},
            reason=item.foreign_reason,
        )
    return item


def licence_record(
    *,
    actor,
    project: Project,
    product: str,
    licence_type: str,
    licence_number: str,
    quantity: int,
    evidence,
) -> SoftwareLicence:
    """第十一条 项目建设必须使用正版软件: a licence of the project's register, with its evidence."""
    _may_record(actor, project, "正版软件")
    if evidence is None:
        raise ValidationError({"evidence": "请上传授权证明（授权书、许可证或采购凭证）。"})
    with files_atomic():
        licence = SoftwareLicence(
            project=project,
            unit_id=project.unit_id,
            product=_text(product),
            licence_type=licence_type,
            licence_number=_text(licence_number),
            quantity=quantity,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        licence.full_clean()
        licence.save()
        document_store(actor=actor, owner=licence, kind="software_licence", upload=evidence)
        audit_record(
            actor=actor,
            action="software_licence.record",
            obj=licence,
            after={"project": project.code, "product": licence.product, "licence_number": licence.licence_number},
        )
    return licence


def contract_sign(
    *,
    actor,
    procurement: Procurement,
    number: str,
    name: str,
    signed_on: dt.date,
    parts: dict[str, Decimal],
    supplier: str = "",
    upload=None,
) -> Contract:
    """第十一条 合同管理 under 第十四条: a contract of a procurement, its amount by the estimate's item kinds;
    the contracts of a kind may not add up past the approved estimate's amount of that kind."""
    project = procurement.project
    _may_record(actor, project, "合同")
    parts = {kind: amount for kind, amount in parts.items() if amount}
    if not parts:
        raise ValidationError({"parts": "请按概算类别填写合同金额。"})
    if any(kind not in KIND_LABELS for kind in parts):
        raise ValidationError({"parts": "概算类别不正确。"})
    if any(amount < 0 for amount in parts.values()):
        raise ValidationError({"parts": "合同金额不能为负数。"})
    with files_atomic():
        # Two contracts of one project signed at once are weighed one after the other.
        lock(Project, project.pk)
        approved = selectors.approved_amounts(project) if selectors.approved_estimate(project) else {}
        # Every kind is named once an estimate is approved (0.00 where it has none); before, none is.
        for kind, amount in parts.items():
            problem = domain.contract_kind_problem(
                kind_label=KIND_LABELS[kind],
                contracted=selectors.contracted_of_kind(project, kind),
                amount=amount,
                approved=approved.get(kind),
            )
            if problem:
                raise Refused(problem)
        now = clock.now()
        contract = Contract(
            project=project,
            unit_id=project.unit_id,
            procurement=procurement,
            number=_text(number),
            name=_text(name),
            supplier=_text(supplier) or procurement.supplier,
            signed_on=signed_on,
            amount=sum(parts.values(), Decimal("0.00")),
            stage_changed_at=now,
            recorded_by=actor,
            recorded_at=now,
        )
        contract.full_clean()
        contract.save()
        ContractPart.objects.bulk_create(
            ContractPart(contract=contract, kind=kind, amount=amount) for kind, amount in parts.items()
        )
        if upload is not None:
            document_store(actor=actor, owner=contract, kind="contract", upload=upload)
        audit_record(
            actor=actor,
            action="contract.sign",
            obj=contract,
            after={
                "project": project.code,
                "procurement": procurement.pk,
                "amount": contract.amount,
                "parts": {kind: str(amount) for kind, amount in parts.items()},
            },
        )
    return contract


def contract_settle(*, actor, contract: Contract, note: str) -> Contract:
    """第十一条: the unit records that the contract has been performed; no payment follows."""
    return take(actor=actor, obj=contract, action="settle_contract", reason=note)


def payment_record(
    *,
    actor,
    contract: Contract,
    kind: str,
    funding_source: str,
    amount: Decimal,
    paid_on: dt.date,
    voucher_number: str = "",
    note: str = "",
) -> Payment:
    """第四条 市财政局负责电子政务项目财政性资金拨付: Finance pays against a contract in one of its item kinds,
    from one funding source. Refused by the table while funds are withheld or the project is suspended or
    terminated (第十八条), and by the figures past the contract's amount, the funds arranged for the year
    or the approved estimate."""
    problems = {}
    if funding_source not in SOURCE_CODES:
        problems["funding_source"] = "请选择资金来源。"
    if kind not in set(contract.parts.values_list("kind", flat=True)):
        problems["kind"] = "请选择该合同中的概算类别。"
    if amount is None or amount <= 0:
        problems["amount"] = "拨付金额必须大于零。"
    if paid_on is None:
        problems["paid_on"] = "请填写拨付日期。"
    elif paid_on > clock.today():
        problems["paid_on"] = "拨付日期不能晚于今天。"
    if problems:
        raise ValidationError(problems)

    def pay(locked: Contract):
        # Payments of one project are weighed one after the other (year's funds, estimate).
        lock(Project, locked.project_id)
        figures = selectors.payment_figures(locked, paid_on.year)
        problem = domain.payment_problem(amount=amount, **figures)
        if problem:
            raise Refused(problem)
        payment = Payment(
            contract=locked,
            project_id=locked.project_id,
            unit_id=locked.unit_id,
            kind=kind,
            funding_source=funding_source,
            amount=amount,
            paid_on=paid_on,
            year=paid_on.year,
            voucher_number=_text(voucher_number),
            note=_text(note),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        payment.full_clean()
        payment.save()
        before = {"paid_on_contract": figures["paid_on_contract"], "paid_in_year": figures["paid_in_year"]}
        after = {
            "payment": payment.pk,
            "amount": amount,
            "kind": kind,
            "funding_source": funding_source,
            "paid_on": paid_on.isoformat(),
            "year": payment.year,
            "arranged_for_year": figures["arranged_for_year"],
        }
        return payment, before, after

    return perform(actor=actor, obj=contract, activity="disburse", reason=note, apply=pay)
