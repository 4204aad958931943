"""What every endpoint does first: the role check (403), the object through the user's visibility
(404), and the documentation of its answers; and one way of paging."""

from __future__ import annotations

from typing import Annotated

from ninja import Path

from egovpm.intake.selectors import declaration_get

from .errors import STATUS_DESCRIPTIONS, ErrorOut, forbidden, not_found
from .schemas.base import MAX_ID

DeclarationId = Annotated[int, Path(ge=1, le=MAX_ID, description="申报 ID / Declaration id")]
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="对象 ID / Object id")]
ActionPath = Annotated[
    str,
    Path(
        pattern=r"^[a-z_]{1,60}$",
        description="操作代码，见 GET /lifecycle（api 为 true 的操作） / Action code, see GET /lifecycle",
    ),
]
Year = Annotated[int, Path(ge=2019, le=2100, description="计划年度 / Plan year")]

BINARY = {"schema": {"type": "string", "format": "binary"}}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def answers(ok, *codes: int, status: int = 200, content: dict | None = None) -> dict:
    """`response=` and `openapi_extra=` of an operation: its success body and every error it may give,
    each documented in Chinese and English."""
    responses = {status: {"description": "成功 / Success"}}
    if content:
        responses[status]["content"] = content
    for code in codes:
        responses[code] = {"description": STATUS_DESCRIPTIONS[code]}
    return {
        "response": {status: ok, **dict.fromkeys(codes, ErrorOut)},
        "openapi_extra": {"responses": responses},
    }


def require_roles(user, roles, message: str = "您的角色无权使用该接口。") -> None:
    if not user.roles & frozenset(roles):
        raise forbidden(message)


def visible_declaration(user, pk: int):
    declaration = declaration_get(user, pk)
    if declaration is None:
        raise not_found("该项目不存在或不在您的查看范围内。")
    return declaration


def paginate(queryset, page, present) -> dict:
    """{count, items} of one page; `queryset` is already in a stable order."""
    return {
        "count": queryset.count(),
        "items": [present(obj) for obj in queryset[page.offset : page.offset + page.limit]],
    }
