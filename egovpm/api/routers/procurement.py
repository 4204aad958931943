"""第十一条 procurement, contracts and the software licence register of a project, and 第四条 Finance's
payments and their ledger: the same selectors and services as the procurement pages."""

from typing import Annotated

from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from egovpm.lifecycle.engine import is_party
from egovpm.lifecycle.roles import APPLICANT_ROLES, FINANCE_ROLES
from egovpm.procurement import selectors, services
from egovpm.procurement.models import Procurement
from egovpm.projects import engine

from ..access import ActionPath, ObjectId, answers, require_roles
from ..errors import forbidden, not_found
from ..schemas.procurement import (
    ContractActionIn,
    ContractIn,
    ContractOut,
    LicenceIn,
    LicenceOut,
    LineIn,
    PaymentFilters,
    PaymentIn,
    PaymentOut,
    PaymentPage,
    ProcurementIn,
    ProcurementOut,
    ProcurementProjectOut,
)

router = Router(tags=["采购、合同与拨付 / Procurement and payments"])

READERS = tuple(selectors.VIEWER_ROLES)
UNIT_ONLY = "只有项目建设单位可以登记采购、合同和正版软件。"
FINANCE_ONLY = "只有市财政局可以登记拨付（第四条）。"


def _project_or_404(user, pk: int):
    project = selectors.project_get(user, pk)
    if project is None:
        raise not_found("该项目不存在或不在您的查看范围内。")
    return project


def _procurement_or_404(user, pk: int) -> Procurement:
    procurement = Procurement.objects.select_related("project").filter(pk=pk).first()
    if procurement is None or selectors.project_get(user, procurement.project_id) is None:
        raise not_found("该采购不存在或不在您的查看范围内。")
    return procurement


def _contract_or_404(user, pk: int):
    contract = selectors.contract_get(user, pk)
    if contract is None:
        raise not_found("该合同不存在或不在您的查看范围内。")
    return contract


def _ref(project) -> dict:
    return {"id": project.pk, "code": project.code, "name": project.name}


def _procurement(p) -> dict:
    return {
        "id": p.pk,
        "subject": p.subject,
        "method": p.method,
        "method_label": p.get_method_display(),
        "non_government_reason": p.non_government_reason,
        "supplier": p.supplier,
        "amount": p.amount,
        "procured_on": p.procured_on,
        "lines": [
            {
                "name": line.name,
                "quantity": line.quantity,
                "origin": line.origin,
                "origin_label": line.get_origin_display(),
                "foreign_reason": line.foreign_reason,
            }
            for line in p.lines.all()
        ],
    }


def _contract(row: dict) -> dict:
    c = row["contract"]
    return {
        "id": c.pk,
        "procurement_id": c.procurement_id,
        "number": c.number,
        "name": c.name,
        "supplier": c.supplier,
        "signed_on": c.signed_on,
        "amount": c.amount,
        "paid": row["paid"],
        "stage": c.stage,
        "stage_label": c.get_stage_display(),
        "parts": [{"kind": p.kind, "kind_label": p.get_kind_display(), "amount": p.amount} for p in c.parts.all()],
        "may_disburse": row["can_pay"],
        "disburse_refusal": row["pay_refusal"],
    }


def _licence(licence) -> dict:
    return {
        "id": licence.pk,
        "product": licence.product,
        "licence_type": licence.licence_type,
        "licence_type_label": licence.get_licence_type_display(),
        "licence_number": licence.licence_number,
        "quantity": licence.quantity,
    }


def _payment(p) -> dict:
    return {
        "id": p.pk,
        "project": _ref(p.project),
        "unit": {"id": p.unit_id, "code": p.unit.code, "name": p.unit.name},
        "contract_id": p.contract_id,
        "contract_number": p.contract.number,
        "supplier": p.contract.supplier,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "funding_source": p.funding_source,
        "funding_source_label": p.get_funding_source_display(),
        "amount": p.amount,
        "paid_on": p.paid_on,
        "year": p.year,
        "voucher_number": p.voucher_number,
    }


def _project_out(user, project) -> dict:
    context = selectors.procurement_page_context(user, project)
    return {
        "project": _ref(project),
        "procurements": [_procurement(p) for p in context["procurements"]],
        "contracts": [_contract(row) for row in context["contracts"]],
        "licences": [_licence(licence) for licence in context["licences"]],
        "overview": context["overview"],
    }


def _contract_out(user, contract) -> dict:
    context = selectors.procurement_page_context(user, contract.project)
    return _contract(next(row for row in context["contracts"] if row["contract"].pk == contract.pk))


@router.get(
    "/projects/{project_id}",
    **answers(ProcurementProjectOut, 401, 403, 404, 422),
    operation_id="procurement_project_get",
    summary="项目的采购、合同与资金 / A project's procurement and money",
    description=(
        "采购（方式、供应商、标的及产地）、合同（按概算类别的金额、已拨付）、正版软件登记，以及核定概算、已签合同、"
        "已拨付与剩余的对照（第十一条、第十四条、第四条）。市财政局、审计局与办公室看到全部项目，项目单位看到本单位及下属单位的。"
        " / Procurements, contracts, the licence register and the money overview (Art. 11, 14, 4). Finance, Audit"
        " and the Office see every project; a unit its own and its subordinates'."
    ),
)
def procurement_project_get(request, project_id: ObjectId):
    require_roles(request.user, READERS)
    return _project_out(request.user, _project_or_404(request.user, project_id))


@router.post(
    "/projects/{project_id}/procurements",
    **answers(ProcurementOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="procurement_record",
    summary="登记采购 / Record a procurement",
    description=(
        "第十一条：采购方式（非政府采购须写明法定理由）、供应商、金额、日期与采购标的（进口须说明理由）。角色：项目建设单位。"
        " / Art. 11: method (the legal reason outside government procurement), supplier, amount, date and items"
        " (the reason when imported). Roles: the project's unit."
    ),
)
def procurement_record(request, project_id: ObjectId, payload: ProcurementIn):
    require_roles(request.user, APPLICANT_ROLES, UNIT_ONLY)
    project = _project_or_404(request.user, project_id)
    procurement = services.procurement_record(actor=request.user, project=project, **payload.model_dump())
    return Status(201, _procurement(procurement))


@router.post(
    "/procurements/{procurement_id}/lines",
    **answers(ProcurementOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="procurement_line_add",
    summary="添加采购标的 / Add an item to a procurement",
    description="第十一条：优先采购本国货物、工程和服务；进口须说明理由。 / Art. 11: an item and its origin.",
)
def procurement_line_add(request, procurement_id: ObjectId, payload: LineIn):
    require_roles(request.user, APPLICANT_ROLES, UNIT_ONLY)
    procurement = _procurement_or_404(request.user, procurement_id)
    services.procurement_line_add(actor=request.user, procurement=procurement, **payload.model_dump())
    return Status(201, _procurement(procurement))


@router.post(
    "/procurements/{procurement_id}/contracts",
    **answers(ContractOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="contract_sign",
    summary="登记合同 / Record a contract",
    description=(
        "第十一条、第十四条：合同按概算类别的金额；某类合同累计超过核定概算中该类金额时 409，并说明金额。角色：项目建设单位。"
        " / Art. 11, 14: the contract's amount by estimate item kind; 409 with the figures when the contracts of a"
        " kind would pass the approved estimate of that kind. Roles: the project's unit."
    ),
)
def contract_sign(request, procurement_id: ObjectId, payload: ContractIn):
    require_roles(request.user, APPLICANT_ROLES, UNIT_ONLY)
    procurement = _procurement_or_404(request.user, procurement_id)
    contract = services.contract_sign(actor=request.user, procurement=procurement, **payload.model_dump())
    return Status(201, _contract_out(request.user, contract))


@router.post(
    "/projects/{project_id}/licences",
    **answers(LicenceOut, 400, 401, 403, 404, 409, 413, 422, status=201),
    operation_id="licence_record",
    summary="登记正版软件 / Record a software licence",
    description=(
        "multipart/form-data：软件产品、授权类型、授权编号、数量与 evidence（授权证明）。第十一条：项目建设必须使用正版软件。"
        " / multipart/form-data with the licence's fields and evidence. Art. 11: genuine software only."
    ),
)
def licence_record(
    request,
    project_id: ObjectId,
    payload: Form[LicenceIn],
    evidence: Annotated[UploadedFile, File(description="授权证明 / Evidence")],
):
    require_roles(request.user, APPLICANT_ROLES, UNIT_ONLY)
    project = _project_or_404(request.user, project_id)
    licence = services.licence_record(actor=request.user, project=project, evidence=evidence, **payload.model_dump())
    return Status(201, _licence(licence))


@router.post(
    "/contracts/{contract_id}/payments",
    **answers(PaymentOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="payment_record",
    summary="登记拨付 / Record a payment",
    description=(
        "第四条：市财政局按合同、资金来源登记拨付。暂缓拨付、暂停或终止（第十八条）时，或累计超过合同金额、该年度安排资金、"
        "核定概算时 409，并说明理由与金额。角色：市财政局。"
        " / Art. 4: Finance records a payment against a contract by funding source. 409 with the reason and figures"
        " while funds are withheld, the project suspended or terminated (Art. 18), or past the contract, the year's"
        " arranged funds or the approved estimate. Roles: Finance."
    ),
)
def payment_record(request, contract_id: ObjectId, payload: PaymentIn):
    require_roles(request.user, FINANCE_ROLES, FINANCE_ONLY)
    contract = _contract_or_404(request.user, contract_id)
    payment = services.payment_record(actor=request.user, contract=contract, **payload.model_dump())
    return Status(201, _payment(payment))


@router.post(
    "/contracts/{contract_id}/actions/{action}",
    **answers(ContractOut, 400, 401, 403, 404, 409, 422),
    operation_id="contract_act",
    summary="办理合同操作 / Take a contract action",
    description=(
        "settle_contract：项目建设单位登记合同履行完毕（reason 必填），此后不再拨付。 / settle_contract: the unit"
        " records the contract as performed (reason required); no payment follows."
    ),
)
def contract_act(request, contract_id: ObjectId, action: ActionPath, payload: ContractActionIn):
    require_roles(request.user, READERS)
    contract = _contract_or_404(request.user, contract_id)
    t = next((t for t in contract.workflow.transitions if t.action == action), None)
    if t is None:
        raise not_found(f"合同没有“{action}”这项操作。")
    party, why = is_party(t, engine.actor_of(request.user), engine.facts_of(contract))
    if not party:
        raise forbidden(why)
    contract = engine.run_step(actor=request.user, obj=contract, action=action, reason=payload.reason)
    return _contract_out(request.user, contract)


@router.get(
    "/payments",
    **answers(PaymentPage, 401, 403, 422),
    operation_id="payment_list",
    summary="资金拨付台账 / Payment ledger",
    description=(
        "与“资金拨付台账”页面相同：市财政局、审计局与办公室看到全部，项目单位看到本单位及下属单位的（第四条）。按拨付日期倒序。"
        " / The same as the ledger page: Finance, Audit and the Office see all, a unit its own and its"
        " subordinates' (Art. 4); newest first."
    ),
)
def payment_list(request, filters: Query[PaymentFilters]):
    require_roles(request.user, READERS)
    payments = selectors.payment_ledger(request.user, unit_id=filters.unit_id, year=filters.year)
    return {
        "count": payments.count(),
        "total": selectors.ledger_total(payments),
        "items": [_payment(p) for p in payments[filters.offset : filters.offset + filters.limit]],
    }
