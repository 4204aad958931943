"""第七条(四)(五): plan years, the annual plan and the pre-approved list for Finance, the budget
project library."""

from django.db.models import prefetch_related_objects
from ninja import Query, Router
from ninja.responses import Status

from egovpm.audit.services import events_recorded
from egovpm.intake import exports, selectors, selectors_plan, services
from egovpm.intake.views.plan import NOT_SENT, PLAN_READERS
from egovpm.lifecycle.roles import BUSINESS_ROLES, OFFICE_ROLES, Role
from egovpm.security.http import audit_download

from .. import present
from ..access import BINARY, XLSX_TYPE, Year, answers, require_roles
from ..errors import ApiError, not_found
from ..schemas.catalog import FormatParam
from ..schemas.plan import BudgetFilters, BudgetLibraryOut, PlanOut, PlanYearIn, PlanYearOut, SendOut

router = Router(tags=["年度计划与预算库 / Annual plan and budget library"])

BUDGET_READERS = (Role.FINANCE_REVIEWER, *OFFICE_ROLES)
OFFICE_ONLY = "只有办公室可以办理。"


def _plan_year_or_404(year: int):
    plan_year = selectors_plan.plan_year_get(year)
    if plan_year is None:
        raise not_found("没有该年度计划。")
    return plan_year


@router.get(
    "/plan-years",
    **answers(list[PlanYearOut], 401, 403),
    operation_id="plan_year_list",
    summary="计划年度 / Plan years",
    description=(
        "全部计划年度（新的在前），及一般申报程序是否正在受理（第七条(一)，10月31日截止）。角色：业务角色。"
        " / Every plan year, newest first, and whether its general declaration window is open (Art. 7(1),"
        " closing 10-31). Roles: business roles."
    ),
)
def plan_year_list(request):
    require_roles(request.user, BUSINESS_ROLES)
    open_years, _ = selectors.declaration_windows()
    open_ids = {py.pk for py in open_years}
    return [present.plan_year(py, open_ids) for py in selectors_plan.plan_year_choices()]


@router.post(
    "/plan-years",
    **answers(PlanYearOut, 400, 401, 403, 409, 422, status=201),
    operation_id="plan_year_open",
    summary="开放年度计划 / Open a plan year",
    description=(
        "办公室开放某年度计划的申报；已开放时拒绝（409）。角色：办公室。"
        " / The Office opens a plan year for declarations; refused when already open (409). Roles: the Office."
    ),
)
def plan_year_open(request, payload: PlanYearIn):
    require_roles(request.user, OFFICE_ROLES, "只有办公室可以开放年度计划。")
    plan_year = services.plan_year_open(actor=request.user, year=payload.year, notes=payload.notes)
    open_years, _ = selectors.declaration_windows()
    return Status(201, present.plan_year(plan_year, {py.pk for py in open_years}))


def _plan(request, year: int, declarations_of, title: str, build, filename: str, fallback: str, fmt: str):
    require_roles(request.user, PLAN_READERS, "只有办公室和市财政局可以查看年度计划。")
    plan_year = _plan_year_or_404(year)
    if not selectors_plan.plan_visible_to(request.user, plan_year):
        raise ApiError("not_sent", NOT_SENT)
    declarations = list(declarations_of(request.user, plan_year))
    if fmt == "xlsx":
        audit_download(request, f"export.{build.__name__.removesuffix('_xlsx')}", obj=plan_year, filters={"year": year})
        return exports.xlsx_response(build(year=plan_year.year, declarations=declarations), filename, fallback=fallback)
    transmissions = selectors_plan.plan_transmissions(plan_year)
    return {
        "year": plan_year.year,
        "title": title,
        "sent": bool(transmissions),
        "transmissions": [present.transmission(t) for t in transmissions],
        "totals": selectors_plan.funding_totals(declarations),
        "declarations": [present.plan_declaration(d) for d in declarations],
    }


@router.get(
    "/plan-years/{year}/annual-plan",
    **answers(PlanOut, 401, 403, 404, 409, 422, content={XLSX_TYPE: BINARY}),
    operation_id="annual_plan",
    summary="年度计划 / The annual plan",
    description=(
        "该年度报送办公室的全部项目及资金合计（第七条(四)）；format=xlsx 下载与页面相同的表格。"
        "财政局在办公室报送后才能查看（否则 409 not_sent）。角色：办公室、市财政局。"
        " / Every declaration of the year that reached the Office, with totals (Art. 7(4)); format=xlsx gives the"
        " same sheet as the page. Finance sees it once the Office has sent it (else 409 not_sent)."
        " Roles: the Office, Finance."
    ),
)
def annual_plan(request, year: Year, params: Query[FormatParam]):
    return _plan(
        request,
        year,
        selectors_plan.plan_declarations,
        f"{year}年度市电子政务年度计划",
        exports.annual_plan_xlsx,
        f"{year}年度电子政务年度计划.xlsx",
        f"annual-plan-{year}.xlsx",
        params.format,
    )


@router.get(
    "/plan-years/{year}/pre-approved",
    **answers(PlanOut, 401, 403, 404, 409, 422, content={XLSX_TYPE: BINARY}),
    operation_id="preapproved_list",
    summary="预审合格项目清单 / Pre-approved projects",
    description=(
        "复核通过的项目及书面意见文号、核定投资（第七条(四)）；format=xlsx 下载表格。财政局看到已报送的。"
        "角色：办公室、市财政局。 / Projects that passed the re-review with their written opinion and approved"
        " amount (Art. 7(4)); format=xlsx downloads the sheet. Finance sees those sent. Roles: the Office, Finance."
    ),
)
def preapproved_list(request, year: Year, params: Query[FormatParam]):
    return _plan(
        request,
        year,
        selectors_plan.preapproved_declarations,
        f"{year}年度电子政务预审合格项目清单",
        exports.preapproved_xlsx,
        f"{year}年度电子政务预审合格项目清单.xlsx",
        f"pre-approved-{year}.xlsx",
        params.format,
    )


@router.post(
    "/plan-years/{year}/send-to-finance",
    **answers(SendOut, 401, 403, 404, 409, 422),
    operation_id="plan_send_to_finance",
    summary="向财政局报送 / Send to Finance",
    description=(
        "办公室将年度计划和预审合格项目清单报送市财政局：本年度全部复核通过、尚未报送的项目（第七条(四)）；"
        "没有待报送项目时 409。角色：办公室。 / The Office sends Finance the annual plan and the pre-approved list:"
        " every approved declaration of the year not sent yet (Art. 7(4)); 409 when there is none."
        " Roles: the Office."
    ),
)
def plan_send_to_finance(request, year: Year):
    require_roles(request.user, OFFICE_ROLES, OFFICE_ONLY)
    plan_year = _plan_year_or_404(year)
    with events_recorded() as events:
        transmission = services.plan_send_to_finance(actor=request.user, plan_year=plan_year)
    transmission = next(t for t in selectors_plan.plan_transmissions(plan_year) if t.pk == transmission.pk)
    return {**present.transmission(transmission), "audit_event_id": events[-1].pk}


@router.get(
    "/budget-library",
    **answers(BudgetLibraryOut, 401, 403, 422),
    operation_id="budget_library",
    summary="部门预算项目库 / Budget project library",
    description=(
        "市财政局的部门预算项目库（第七条(五)）：待入库、办公室尚未报送、已入库待安排资金、已安排资金。"
        "入库与安排资金通过 POST /declarations/{id}/actions/place_in_budget_library 与 arrange_funds 办理。"
        "角色：市财政局、办公室。 / Finance's budget project library (Art. 7(5)): to place, not yet sent, placed,"
        " funded. Placing and arranging funds are the actions place_in_budget_library and arrange_funds."
        " Roles: Finance, the Office."
    ),
)
def budget_library(request, filters: Query[BudgetFilters]):
    require_roles(request.user, BUDGET_READERS, "只有市财政局和办公室可以查看部门预算项目库。")
    sections = selectors_plan.budget_library_sections(request.user, plan_year=filters.plan_year)
    prefetch_related_objects([d for rows in sections.values() for d in rows], "unit__parent")
    return {name: [present.plan_declaration(d) for d in rows] for name, rows in sections.items()}
