"""Bearer-token authentication of /api/v1/: the call runs as the token's user, with that user's roles."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from ninja.openapi.views import openapi_view
from ninja.security import HttpBearer

from egovpm.security.middleware import credentials_step

from .errors import ApiError
from .models import TokenScope
from .refusals import api_refusal_record
from .services import api_token_use
from .views import api_error

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


def docs_login_required(view):
    """`/api/v1/docs` and `/api/v1/openapi.json` (ninja's docs_decorator): only for a logged-in user who has
    passed the login's credential steps, or a call with a valid token. Anyone else gets the login page
    (the docs page) or 401 `unauthenticated` (the document): the map of the API is not public."""

    def wrapper(request, *args, **kwargs):
        user = request.user
        session_ok = user.is_authenticated and not credentials_step(request)
        if session_ok or TokenAuth()(request) is not None:
            return view(request, *args, **kwargs)
        if getattr(view, "func", None) is openapi_view:
            return redirect_to_login(request.get_full_path())
        api_refusal_record(request, "unauthenticated")  # audited in aggregate, like every other 401
        response = api_error(401, "unauthenticated", "请先登录平台，或以 Authorization: Bearer <令牌> 调用。")
        response["WWW-Authenticate"] = 'Bearer realm="egovpm"'
        return response

    return wrapper
