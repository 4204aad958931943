"""Bearer-token authentication of /api/v1/: the call runs as the token's user, with that user's roles."""

from __future__ import annotations

from ninja.security import HttpBearer

from .errors import ApiError
from .models import TokenScope
from .services import api_token_use

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <令牌>`. A revoked or unknown token, or an inactive user, answers 401; a
    read-scoped token answers 403 `scope` to any change."""

    openapi_description = (
        "个人 API 令牌，在“API 令牌”页面（/api/tokens/）创建，仅显示一次。"
        " / A personal API token created on the token page (/api/tokens/); it is shown once."
    )

    def authenticate(self, request, token: str):
        api_token = api_token_use(secret=token.strip())
        if api_token is None:
            return None
        request.user = api_token.user  # before the scope check, so that its refusal is audited as this user
        if request.method not in SAFE_METHODS and api_token.scope != TokenScope.WRITE:
            raise ApiError("scope", "只读令牌不能用于修改数据，请使用读写（write）令牌。")
        request.api_token = api_token
        return api_token
