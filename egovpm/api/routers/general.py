"""Who am I, the lifecycle table, the units."""

from ninja import Query, Router

from egovpm.intake.selectors import units_visible_to
from egovpm.lifecycle.roles import BUSINESS_ROLES

from .. import present
from ..access import ObjectId, answers, paginate, require_roles
from ..errors import not_found
from ..schemas.base import LifecycleOut, MeOut, PageParams, UnitOut, UnitPage

router = Router(tags=["通用 / General"])


@router.get(
    "/me",
    **answers(MeOut, 401),
    operation_id="me",
    summary="当前用户 / Current user",
    description="令牌所属用户、单位、角色及令牌的权限范围。 / The token's user, unit, roles and the token's scope.",
)
def me(request):
    return present.me(request.user, request.api_token)


@router.get(
    "/lifecycle",
    **answers(LifecycleOut, 401),
    operation_id="lifecycle",
    summary="申报流程表 / The lifecycle table",
    description=(
        "平台唯一流程表中的各流程（一般申报程序 declaration，第七条；特殊申报程序 special；备案 filing）的全部状态与操作；"
        "fields 列出办理该操作时请求体中除 reason 外还需的字段，api 表示能否通过本接口办理。"
        " / Every stage and transition of each workflow of the platform's one table (general procedure, Art. 7;"
        " special procedure; filing); `fields` lists the body fields an action needs besides `reason`, `api`"
        " whether this API takes it."
    ),
)
def lifecycle(request):
    return present.lifecycle()


@router.get(
    "/units",
    **answers(UnitPage, 401, 403, 422),
    operation_id="unit_list",
    summary="单位 / Units",
    description=(
        "您可见的申报单位：办公室、财政局、审计局看到全部部门；申报单位看到本单位及下属单位。按单位代码排序。"
        " 角色：业务角色。 / Units visible to you (the Office and bureaus see every department; a unit sees"
        " itself and its subordinates), by code. Roles: business roles."
    ),
)
def unit_list(request, page: Query[PageParams]):
    require_roles(request.user, BUSINESS_ROLES)
    units = units_visible_to(request.user).select_related("parent").order_by("code", "id")
    return paginate(units, page, present.unit)


@router.get(
    "/units/{unit_id}",
    **answers(UnitOut, 401, 403, 404, 422),
    operation_id="unit_get",
    summary="单位详情 / One unit",
    description="您可见范围内的一个单位。 / One unit within what you may see.",
)
def unit_get(request, unit_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    unit = units_visible_to(request.user).select_related("parent").filter(pk=unit_id).first()
    if unit is None:
        raise not_found("该单位不存在或不在您的查看范围内。")
    return present.unit(unit)
