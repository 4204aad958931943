"""Every error of the API is JSON of one shape, {code, message, errors}: a stable English `code`, a
Chinese `message`, and per-field Chinese messages in `errors`. No input yields a 500: the handlers
registered here turn every exception into one of the documented answers."""

from __future__ import annotations

import logging
import math

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.db import OperationalError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from egovpm.core.busy import RETRY_AFTER_SECONDS, database_busy
from egovpm.core.errors import Refused
from egovpm.security.http import audit_refused
from egovpm.security.policy import security_policy

from .refusals import api_refusal_record

logger = logging.getLogger(__name__)

# code → (HTTP status, 中文说明 / English description). The documentation and the handlers read this.
ERROR_CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "请求无法解析（如 JSON 格式错误） / The request could not be parsed (e.g. malformed JSON)"),
    "unauthenticated": (401, "缺少、无效或已吊销的 API 令牌 / Missing, invalid or revoked API token"),
    "forbidden": (403, "您的角色无权使用该接口或办理该事项 / Your role may not use this endpoint or take this step"),
    "scope": (403, "只读令牌不能用于修改数据 / A read-scoped token cannot change data"),
    "not_found": (404, "对象不存在或不在您的查看范围内 / The object does not exist or is not visible to you"),
    "method_not_allowed": (405, "不支持该请求方法 / Method not allowed"),
    "refused": (409, "规则不允许此操作，message 说明理由 / A rule refuses the action; message gives the reason"),
    "stale": (409, "对象已被他人更新，请重新读取 / The object was changed meanwhile; read it again"),
    "incomplete": (409, "申报材料不齐全（第七条(一)） / Materials are incomplete (Art. 7(1))"),
    "window_closed": (409, "申报期限已过（第七条(一)） / The declaration window is closed (Art. 7(1))"),
    "bad_file": (409, "文件类型或内容不被接受 / The file's type or content is not accepted"),
    "not_sent": (409, "办公室尚未向财政局报送年度计划（第七条(四)） / The Office has not sent the plan to Finance yet"),
    "too_large": (413, "请求体过大 / The request body is too large"),
    "throttled": (429, "请求过于频繁，请按 Retry-After 稍后再试 / Too many requests; retry after Retry-After seconds"),
    "invalid": (422, "数据不符合要求，errors 按字段列出 / Invalid data; errors lists the messages per field"),
    "busy": (
        503,
        "系统繁忙（数据库忙），未保存任何内容，请按 Retry-After 稍后重试 / Busy (database locked); nothing was saved, retry after Retry-After seconds",
    ),
    "server_error": (500, "服务器内部错误（不应出现） / Internal error (should never happen)"),
}
STATUS_DESCRIPTIONS = {
    400: "请求无法解析 / Bad request: code bad_request",
    401: "未认证 / Unauthenticated: code unauthenticated",
    403: "无权限 / Forbidden: code forbidden (role) or scope (read-only token)",
    404: "不存在或不可见 / Not found: code not_found",
    409: "规则拒绝 / Refused by a rule: code refused, stale, incomplete, window_closed, bad_file or not_sent",
    413: "请求体过大 / Payload too large: code too_large",
    422: "数据无效 / Invalid data: code invalid, per-field messages in errors",
    429: "请求过于频繁 / Too many requests: code throttled",
}


class ErrorOut(Schema):
    """错误 / Error."""

    code: str = Field(description="稳定的错误代码（见接口说明） / Stable error code (see the API description)")
    message: str = Field(description="中文说明 / Chinese message for the user")
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="按字段的中文说明（仅 invalid） / Chinese messages per field (invalid only)"
    )


class ApiError(Exception):
    """An answer of the API other than success."""

    def __init__(self, code: str, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.status = ERROR_CODES[code][0]
        self.message = message
        self.errors = errors or {}


def not_found(message: str = "对象不存在或不在您的查看范围内。") -> ApiError:
    return ApiError("not_found", message)


def forbidden(message: str = "您的角色无权使用该接口。") -> ApiError:
    return ApiError("forbidden", message)


def invalid(errors: dict[str, str | list[str]], message: str = "") -> ApiError:
    errors = {k: [v] if isinstance(v, str) else list(v) for k, v in errors.items()}
    first = next(iter(errors.values()), [""])[0]
    return ApiError("invalid", message or first or "提交的数据不符合要求。", errors=errors)


# pydantic error type → Chinese message (ctx values are filled in).
PYDANTIC_MESSAGES = {
    "missing": "必填。",
    "int_parsing": "须为整数。",
    "int_type": "须为整数。",
    "int_from_float": "须为整数。",
    "bool_parsing": "须为 true 或 false。",
    "bool_type": "须为 true 或 false。",
    "string_type": "须为文字。",
    "string_too_short": "不能为空。",
    "string_too_long": "过长，最多 {max_length} 个字符。",
    "string_pattern_mismatch": "格式不符合要求。",
    "decimal_parsing": "请输入有效金额（万元，最多两位小数）。",
    "decimal_type": "请输入有效金额（万元，最多两位小数）。",
    "decimal_max_digits": "金额位数过多。",
    "decimal_max_places": "金额最多保留两位小数（万元）。",
    "decimal_whole_digits": "金额位数过多。",
    "finite_number": "须为有限数值。",
    "greater_than_equal": "不能小于 {ge}。",
    "greater_than": "须大于 {gt}。",
    "less_than_equal": "不能大于 {le}。",
    "less_than": "须小于 {lt}。",
    "date_parsing": "请按 年-月-日（YYYY-MM-DD）填写日期。",
    "date_from_datetime_parsing": "请按 年-月-日（YYYY-MM-DD）填写日期。",
    "date_type": "请按 年-月-日（YYYY-MM-DD）填写日期。",
    "literal_error": "取值无效，可选：{expected}。",
    "enum": "取值无效，可选：{expected}。",
    "list_type": "须为列表。",
    "too_long": "项目过多，最多 {max_length} 项。",
    "too_short": "至少需要 {min_length} 项。",
    "model_type": "须为 JSON 对象。",
    "model_attributes_type": "须为 JSON 对象。",
    "dict_type": "须为 JSON 对象。",
    "json_invalid": "JSON 格式错误。",
    "extra_forbidden": "不认识的字段。",
    "no_nul": "不能包含空字符（\\0）。",
    "bad_unicode": "含有无效的字符（不成对的代理项）。",
}
# Where ninja reports the location of an error; the field name follows it (and the body's parameter).
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _pydantic_message(error: dict) -> str:
    template = PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return "取值无效。"
    ctx = dict(error.get("ctx", {}))
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", ", ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template


def _respond(api, request, exc: ApiError):
    if exc.status in (401, 403, 429):
        # Every refusal of the API — a bad token, a role, a rule or the token's scope, the rate limit — is
        # audited, in aggregate: the first of a window on its own, the rest as one count (api.refusals).
        api_refusal_record(request, exc.code)
    body = {"code": exc.code, "message": exc.message, "errors": exc.errors}
    response = api.create_response(request, body, status=exc.status)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="egovpm"'
    if exc.status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register_handlers(api) -> None:
    """Install the handlers on the NinjaAPI: every exception answers in the one JSON shape."""

    def on(exc_class):
        def decorator(fn):
            def handle(request, exc):
                if isinstance(exc, Refused) and exc.code != "forbidden":  # 403s are audited as denied
                    audit_refused(request, exc)
                return _respond(api, request, fn(exc))

            api.add_exception_handler(exc_class, handle)
            return fn

        return decorator

    @on(ApiError)
    def _api_error(exc: ApiError) -> ApiError:
        return exc

    @on(Refused)
    def _refused(exc: Refused) -> ApiError:
        if exc.code == "forbidden":
            return ApiError("forbidden", exc.message)
        code = exc.code if exc.code in ERROR_CODES and ERROR_CODES[exc.code][0] == 409 else "refused"
        return ApiError(code, exc.message)

    @on(ValidationError)
    def _django_invalid(exc: ValidationError) -> ApiError:
        if hasattr(exc, "error_dict"):
            return invalid(
                {field: [str(m) for m in ValidationError(errs).messages] for field, errs in exc.error_dict.items()}
            )
        return invalid({"__all__": exc.messages})

    @on(NinjaValidationError)
    def _ninja_invalid(exc: NinjaValidationError) -> ApiError:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(tuple(error.get("loc", ()))), []).append(_pydantic_message(error))
        details = "；".join(f"{field}：{messages[0].rstrip('。')}" for field, messages in errors.items())
        return invalid(errors, message=f"提交的数据不符合要求：{details}。")

    @on(AuthenticationError)
    def _unauthenticated(exc: AuthenticationError) -> ApiError:
        return ApiError("unauthenticated", "请在 Authorization 头中提供有效的 API 令牌（Bearer）。")

    @on(Throttled)
    def _throttled(exc: Throttled) -> ApiError:
        wait = f"约 {math.ceil(exc.wait)} 秒后" if exc.wait else "稍后"
        limit = security_policy().api_rate_per_minute
        return ApiError("throttled", f"请求过于频繁（每个用户每分钟最多 {limit} 次，其全部令牌合计），请{wait}再试。")

    @on(HttpError)
    def _http_error(exc: HttpError) -> ApiError:
        if exc.status_code == 405:
            return ApiError("method_not_allowed", "不支持该请求方法。")
        if exc.status_code in (401, 403, 404):
            return {401: _unauthenticated(exc), 403: forbidden(), 404: not_found()}[exc.status_code]
        return ApiError("bad_request", "请求无法解析，请检查 JSON 或表单格式。")

    @on(Http404)
    def _not_found(exc: Http404) -> ApiError:
        return not_found()

    @on(PermissionDenied)
    def _permission_denied(exc: PermissionDenied) -> ApiError:
        return forbidden(str(exc) or "您的角色无权使用该接口。")

    @on(RequestDataTooBig)
    def _too_large(exc: RequestDataTooBig) -> ApiError:
        return ApiError("too_large", "请求体过大。")

    @on(SuspiciousOperation)
    def _suspicious(exc: SuspiciousOperation) -> ApiError:
        return ApiError("bad_request", "请求无法解析。")

    @on(MultiPartParserError)
    def _multipart(exc: MultiPartParserError) -> ApiError:
        return ApiError("bad_request", "表单（multipart）无法解析。")

    @on(UnicodeDecodeError)
    def _undecodable(exc: UnicodeDecodeError) -> ApiError:
        return ApiError("bad_request", "请求不是有效的 UTF-8 文本。")

    @on(OperationalError)
    def _database(exc: OperationalError) -> ApiError:
        if database_busy(exc):
            return ApiError("busy", "系统繁忙，本次请求未保存任何内容，请稍后重试。")
        return _unexpected(exc)

    @on(Exception)
    def _unexpected(exc: Exception) -> ApiError:
        logger.exception("API error", exc_info=exc)
        return ApiError("server_error", "服务器内部错误，请稍后再试或联系系统管理员。")
