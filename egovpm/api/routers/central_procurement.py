"""第七条(二): a plan year's centralized procurement plan — read it, group it from the approved projects'
configuration lists, issue it — and a declaration's configuration list, through the same services as the pages."""

from ninja import Router
from ninja.responses import Status

from egovpm.intake import selectors_plan, selectors_procurement
from egovpm.intake.services import central_procurement as services
from egovpm.intake.views.plan import PLAN_READERS
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES, OFFICE_ROLES

from ..access import DeclarationId, Year, answers, require_roles, visible_declaration
from ..errors import not_found
from ..schemas.central_procurement import CentralPlanOut, ConfigurationItemIn, ConfigurationItemOut

router = Router(tags=["集中采购计划 / Centralized procurement"])


def item_out(i) -> dict:
    return {
        "id": i.pk,
        "category": i.category,
        "name": i.name,
        "specification": i.specification,
        "quantity": i.quantity,
        "unit_price": i.unit_price,
        "amount": i.amount,
        "domestic": i.domestic,
    }


def plan_out(plan) -> dict:
    totals = selectors_procurement.central_plan_totals(plan)
    return {
        "plan_year": plan.plan_year.year,
        "issued": plan.issued,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "amount": totals["amount"],
        "lines": [
            {
                "id": line.pk,
                "category": line.category,
                "name": line.name,
                "specification": line.specification,
                "quantity": line.quantity,
                "amount": line.amount,
                "declaration_ids": [d.pk for d in line.declarations.all()],
            }
            for line in totals["lines"]
        ],
    }


def _plan_year_or_404(year: int):
    plan_year = selectors_plan.plan_year_get(year)
    if plan_year is None:
        raise not_found("没有该年度计划。")
    return plan_year


@router.get(
    "/central-procurement/{year}",
    **answers(CentralPlanOut, 401, 403, 404, 422),
    operation_id="central_procurement_get",
    summary="年度集中采购计划 / The plan year's centralized procurement plan",
    description=(
        "第七条(二)：复核通过项目中两个及以上项目共同需要的通用设备和软件，附数量、金额与需求项目；草案仅办公室可见，"
        "印发后市财政局亦可查看。角色：办公室、市财政局。 / Art. 7(2): the equipment and software two or more approved"
        " projects need, with totals and projects; a draft only for the Office, once issued for Finance too."
    ),
)
def central_procurement_get(request, year: Year):
    require_roles(request.user, PLAN_READERS)
    plan = selectors_procurement.central_plan_of(_plan_year_or_404(year))
    if plan is None or not (plan.issued or request.user.roles & OFFICE_ROLES):
        raise not_found("该年度尚无集中采购计划。")
    return plan_out(plan)


@router.post(
    "/central-procurement/{year}/propose",
    **answers(CentralPlanOut, 401, 403, 404, 409, 422),
    operation_id="central_procurement_propose",
    summary="归集生成集中采购计划 / Group the plan",
    description=(
        "按计划年度归集复核通过项目的软硬件配置清单中相同的品目（第七条(二)），替换草案；已印发的计划 409。角色：办公室。"
        " / Groups the approved projects' equivalent items of the plan year (Art. 7(2)), replacing the draft;"
        " an issued plan answers 409. Roles: the Office."
    ),
)
def central_procurement_propose(request, year: Year):
    require_roles(request.user, OFFICE_ROLES, services.ONLY_THE_OFFICE)
    plan = services.central_procurement_propose(actor=request.user, plan_year=_plan_year_or_404(year))
    return plan_out(selectors_procurement.central_plan_of(plan.plan_year))


@router.post(
    "/central-procurement/{year}/issue",
    **answers(CentralPlanOut, 401, 403, 404, 409, 422),
    operation_id="central_procurement_issue",
    summary="印发集中采购计划 / Issue the plan",
    description=(
        "办公室印发集中采购计划：按政策的文号格式编号、以当日为印发日期，此后不能再修改（第七条(二)）。角色：办公室。"
        " / The Office issues the plan, numbered by the policy and dated today; no edits after (Art. 7(2))."
    ),
)
def central_procurement_issue(request, year: Year):
    require_roles(request.user, OFFICE_ROLES, services.ONLY_THE_OFFICE)
    plan = selectors_procurement.central_plan_of(_plan_year_or_404(year))
    if plan is None:
        raise not_found("请先归集生成集中采购计划。")
    services.central_procurement_issue(actor=request.user, plan=plan)
    return plan_out(selectors_procurement.central_plan_of(plan.plan_year))


@router.get(
    "/declarations/{declaration_id}/configuration",
    **answers(list[ConfigurationItemOut], 401, 403, 404, 422),
    operation_id="configuration_list",
    summary="软硬件配置清单 / Configuration list",
    description=(
        "可行性研究报告的软硬件配置清单（第七条(二)）。角色：业务角色。 / The feasibility report's hardware and"
        " software configuration list (Art. 7(2)). Roles: business roles."
    ),
)
def configuration_list(request, declaration_id: DeclarationId):
    require_roles(request.user, BUSINESS_ROLES)
    declaration = visible_declaration(request.user, declaration_id)
    return [item_out(i) for i in selectors_procurement.configuration_of(declaration)]


@router.post(
    "/declarations/{declaration_id}/configuration",
    **answers(ConfigurationItemOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="configuration_item_add",
    summary="填报配置清单条目 / Add a configuration line",
    description=(
        "申报单位在初审通过后、报送可研材料前填报软硬件配置清单（第七条(二)）。角色：申报单位。 / The unit adds a"
        " line while it prepares the feasibility materials (Art. 7(2)). Roles: the applicant unit."
    ),
)
def configuration_item_add(request, declaration_id: DeclarationId, payload: ConfigurationItemIn):
    require_roles(request.user, APPLICANT_ROLES, "只有申报单位可以填报软硬件配置清单。")
    declaration = visible_declaration(request.user, declaration_id)
    item = services.configuration_item_add(actor=request.user, declaration=declaration, data=payload.model_dump())
    return Status(201, item_out(item))
