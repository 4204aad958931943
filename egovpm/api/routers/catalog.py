"""The information resource catalog for the city sharing and exchange platform (第七条(三), 第十六条): every
entry a user may see, a project's catalog with its history, and the changes the project's unit makes
until the project is accepted (each one a new version)."""

from ninja import Query, Router
from ninja.responses import Status

from egovpm.catalog import selectors
from egovpm.catalog import services as catalog_services
from egovpm.catalog.exports import catalog_xlsx, sharing_xlsx
from egovpm.core import clock
from egovpm.intake import exports
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES
from egovpm.security.http import audit_download

from .. import present
from ..access import BINARY, XLSX_TYPE, ObjectId, answers, paginate, require_roles
from ..errors import not_found
from ..schemas.catalog import (
    CatalogEntryIn,
    CatalogEntryOut,
    CatalogFilters,
    CatalogPage,
    CatalogVersionOut,
    FormatParam,
)

router = Router(tags=["资源目录 / Resource catalog"])

ONLY_THE_UNIT = catalog_services.ONLY_THE_UNIT


def _entry_or_404(user, pk: int):
    entry = selectors.catalog_entry_get(user, pk)
    if entry is None:
        raise not_found("该目录条目不存在或不在您的查看范围内。")
    return entry


def _project_or_404(user, pk: int):
    project = selectors.catalog_project_get(user, pk)
    if project is None:
        raise not_found("该项目不存在或不在您的查看范围内。")
    return project


def catalog_of(request, project, params: FormatParam):
    """The project's catalog as JSON, or with format=xlsx as the sheet (also GET /declarations/{id}/catalog)."""
    entries = selectors.catalog_entries_of(project)
    if params.format == "xlsx":
        audit_download(request, "export.catalog", obj=project, filters={"project": project.pk})
        return exports.xlsx_response(
            catalog_xlsx(project=project, entries=entries),
            f"{project.name}·政务信息资源目录.xlsx",
            fallback=f"resource-catalog-{project.code}.xlsx",
        )
    return [present.catalog_entry(e) for e in entries]


def entry_add(request, project, payload: CatalogEntryIn):
    """Add an entry to the project's catalog (also POST /declarations/{id}/catalog)."""
    entry = catalog_services.catalog_entry_save(actor=request.user, project=project, data=payload.model_dump())
    return Status(201, present.catalog_entry(selectors.catalog_entries_of(project).get(pk=entry.pk)))


@router.get(
    "",
    **answers(CatalogPage, 401, 403, 422, content={XLSX_TYPE: BINARY}),
    operation_id="catalog_list",
    summary="政务信息资源目录（共享平台） / Resource catalog for the sharing platform",
    description=(
        "您可见的全部项目的资源目录条目（当前版本），附所属项目、单位与首次申报年度；plan_year 筛选该年度有申报的项目；"
        "按项目编号、资源代码、ID 排序。format=xlsx 下载全部条目的表格（不分页）。角色：业务角色。"
        " / Every catalog entry (current version) of the projects you may see, with its project, unit and the year"
        " it was first declared; plan_year keeps the projects declared that year; by project code, resource code,"
        " id. format=xlsx downloads all entries as one sheet. Roles: business roles."
    ),
)
def catalog_list(request, filters: Query[CatalogFilters]):
    require_roles(request.user, BUSINESS_ROLES)
    entries = selectors.catalog_entries_visible_to(request.user, plan_year=filters.plan_year)
    if filters.format == "xlsx":
        audit_download(request, "export.catalog_all", filters={"plan_year": filters.plan_year})
        content = sharing_xlsx(title=f"政务信息资源目录（导出日期：{clock.today():%Y-%m-%d}）", entries=entries)
        return exports.xlsx_response(content, "政务信息资源目录.xlsx", fallback="resource-catalog.xlsx")
    return paginate(entries, filters, present.catalog_entry)


@router.get(
    "/projects/{project_id}",
    **answers(list[CatalogEntryOut], 401, 403, 404, 422, content={XLSX_TYPE: BINARY}),
    operation_id="project_catalog",
    summary="项目的政务信息资源目录 / The project's resource catalog",
    description=(
        "项目的政务信息资源目录（当前版本，第七条(三)、第十六条）；format=xlsx 下载表格，供共享交换平台使用。角色：业务角色。"
        " / The project's information resource catalog as it stands (Art. 7(3), 16); format=xlsx downloads the"
        " sheet for the sharing platform. Roles: business roles."
    ),
)
def project_catalog(request, project_id: ObjectId, params: Query[FormatParam]):
    require_roles(request.user, BUSINESS_ROLES)
    return catalog_of(request, _project_or_404(request.user, project_id), params)


@router.post(
    "/projects/{project_id}",
    **answers(CatalogEntryOut, 400, 401, 403, 404, 409, 422, status=201),
    operation_id="project_catalog_entry_create",
    summary="登记资源目录条目 / Add a catalog entry",
    description=(
        "项目建设单位自初审通过起、至项目竣工验收前登记目录条目（第七条(三)、第十六条），记为第 1 版。"
        "有条件共享或不予共享须写明条件或依据。 / From the initial review passed until the project is accepted,"
        " the project's unit adds an entry (Art. 7(3), 16), as its version 1. Conditional or no sharing needs its"
        " condition or legal basis."
    ),
)
def project_catalog_entry_create(request, project_id: ObjectId, payload: CatalogEntryIn):
    require_roles(request.user, APPLICANT_ROLES, ONLY_THE_UNIT)
    return entry_add(request, _project_or_404(request.user, project_id), payload)


@router.get(
    "/projects/{project_id}/history",
    **answers(list[CatalogVersionOut], 401, 403, 404, 422),
    operation_id="project_catalog_history",
    summary="资源目录变更历史 / The catalog's history",
    description=(
        "项目资源目录每个条目的每个版本（登记、修改、删除），最新在前；版本只增不改（第十六条）。角色：业务角色。"
        " / Every version of every entry of the project's catalog (added, edited, removed), the newest first;"
        " versions are append-only (Art. 16). Roles: business roles."
    ),
)
def project_catalog_history(request, project_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    project = _project_or_404(request.user, project_id)
    return [present.catalog_version(row) for row in selectors.catalog_history(project)]


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
        "竣工验收前，项目建设单位修改其目录条目；原版本保留（第十六条）。 / Until the project is accepted, its unit"
        " edits an entry; the earlier version is kept (Art. 16)."
    ),
)
def catalog_entry_update(request, entry_id: ObjectId, payload: CatalogEntryIn):
    require_roles(request.user, APPLICANT_ROLES, ONLY_THE_UNIT)
    entry = _entry_or_404(request.user, entry_id)
    catalog_services.catalog_entry_save(
        actor=request.user, project=entry.project, data=payload.model_dump(), entry=entry
    )
    return present.catalog_entry(_entry_or_404(request.user, entry_id))


@router.delete(
    "/{entry_id}",
    **answers(None, 401, 403, 404, 409, 422, status=204),
    operation_id="catalog_entry_delete",
    summary="删除目录条目 / Delete a catalog entry",
    description=(
        "竣工验收前，项目建设单位删除其目录条目，其历史版本保留；验收后拒绝（409）。 / Until the project is"
        " accepted, its unit removes an entry, whose versions stay; refused afterwards (409)."
    ),
)
def catalog_entry_remove(request, entry_id: ObjectId):
    require_roles(request.user, APPLICANT_ROLES, ONLY_THE_UNIT)
    entry = _entry_or_404(request.user, entry_id)
    catalog_services.catalog_entry_delete(actor=request.user, entry=entry)
    return Status(204, None)
