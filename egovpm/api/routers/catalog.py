"""The information resource catalog for the city sharing and exchange platform (第七条(三), 第十六条)."""

from ninja import Query, Router
from ninja.responses import Status

from egovpm.catalog import services as catalog_services
from egovpm.catalog.selectors import catalog_entry_get
from egovpm.core import clock
from egovpm.intake import exports
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES
from egovpm.security.http import audit_download

from .. import present
from ..access import BINARY, XLSX_TYPE, ObjectId, answers, paginate, require_roles
from ..errors import not_found
from ..schemas.catalog import CatalogEntryIn, CatalogEntryOut, CatalogFilters, CatalogPage
from ..selectors import catalog_entries_visible_to

router = Router(tags=["资源目录 / Resource catalog"])

# The sharing platform's sheet: which project and unit each entry belongs to, then the catalog's columns.
SHARING_COLUMNS = (
    exports.Column("项目编号", lambda e: e.declaration.project.code, 14),
    exports.Column("项目名称", lambda e: e.declaration.project.name, 24),
    exports.Column("申报单位", lambda e: e.declaration.unit.name, 20),
    exports.Column("计划年度", lambda e: e.declaration.plan_year.year, 8),
    *exports.CATALOG_COLUMNS,
)


def _entry_or_404(user, pk: int):
    entry = catalog_entry_get(user, pk)
    if entry is None:
        raise not_found("该目录条目不存在或不在您的查看范围内。")
    return entry


@router.get(
    "",
    **answers(CatalogPage, 401, 403, 422, content={XLSX_TYPE: BINARY}),
    operation_id="catalog_list",
    summary="政务信息资源目录（共享平台） / Resource catalog for the sharing platform",
    description=(
        "您可见的全部申报的资源目录条目，附所属项目、单位与年度；按项目编号、年度、资源代码、ID 排序。"
        "format=xlsx 下载全部条目的表格（不分页）。角色：业务角色。"
        " / Every catalog entry of the declarations you may see, with its project, unit and year; by project"
        " code, year, resource code, id. format=xlsx downloads all entries as one sheet. Roles: business roles."
    ),
)
def catalog_list(request, filters: Query[CatalogFilters]):
    require_roles(request.user, BUSINESS_ROLES)
    entries = catalog_entries_visible_to(request.user, plan_year=filters.plan_year)
    if filters.format == "xlsx":
        audit_download(request, "export.catalog_all", filters={"plan_year": filters.plan_year})
        content = exports.table_workbook(
            title=f"政务信息资源预编目录（导出日期：{clock.today():%Y-%m-%d}）",
            sheet="政务信息资源目录",
            columns=SHARING_COLUMNS,
            rows=entries,
            with_total=False,
        )
        return exports.xlsx_response(content, "政务信息资源预编目录.xlsx", fallback="resource-catalog.xlsx")
    return paginate(entries, filters, present.catalog_entry)


@router.get(
    "/{entry_id}",
    **answers(CatalogEntryOut, 401, 403, 404, 422),
    operation_id="catalog_entry_get",
    summary="目录条目 / One catalog entry",
    description="一个资源目录条目。 / One catalog entry.",
)
def catalog_entry_detail(request, entry_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    return present.catalog_entry(_entry_or_404(request.user, entry_id))


@router.put(
    "/{entry_id}",
    **answers(CatalogEntryOut, 400, 401, 403, 404, 409, 422),
    operation_id="catalog_entry_update",
    summary="修改目录条目 / Edit a catalog entry",
    description=(
        "报送可研材料前，申报单位修改其目录条目（第七条(三)）。 / The unit edits an entry before the feasibility"
        " materials are sent (Art. 7(3))."
    ),
)
def catalog_entry_update(request, entry_id: ObjectId, payload: CatalogEntryIn):
    require_roles(request.user, APPLICANT_ROLES, "只有申报单位可以编制资源目录。")
    entry = _entry_or_404(request.user, entry_id)
    catalog_services.catalog_entry_save(
        actor=request.user, declaration=entry.declaration, data=payload.model_dump(), entry=entry
    )
    return present.catalog_entry(_entry_or_404(request.user, entry_id))


@router.delete(
    "/{entry_id}",
    **answers(None, 401, 403, 404, 409, 422, status=204),
    operation_id="catalog_entry_delete",
    summary="删除目录条目 / Delete a catalog entry",
    description=(
        "报送可研材料前，申报单位删除其目录条目；之后拒绝（409）。 / The unit deletes an entry before the"
        " feasibility materials are sent; refused afterwards (409)."
    ),
)
def catalog_entry_remove(request, entry_id: ObjectId):
    require_roles(request.user, APPLICANT_ROLES, "只有申报单位可以编制资源目录。")
    entry = _entry_or_404(request.user, entry_id)
    catalog_services.catalog_entry_delete(actor=request.user, entry=entry)
    return Status(204, None)
