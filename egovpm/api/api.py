"""The REST API /api/v1/ for the city sharing platform, Finance's systems and integrators.

Every call runs as the user of its token, with that user's roles and object permissions, through the
same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.utils import timezone
from ninja import NinjaAPI
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .auth import TokenAuth, docs_login_required
from .errors import ERROR_CODES, register_handlers
from .routers import (
    acceptance,
    accountability,
    audit,
    catalog,
    central_procurement,
    cockpit,
    construction,
    declarations,
    documents,
    duplication,
    evaluation,
    experts,
    filings,
    general,
    notifications,
    official,
    operations,
    plan,
    procurement,
    projects,
    review,
    special,
    supervision,
)
from .throttling import TokenRateThrottle


class DecimalParser(Parser):
    """JSON numbers with a fraction become Decimal, never float (money is Decimal 万元)."""

    def parse_body(self, request):
        return json.loads(request.body, parse_float=Decimal)


class LocalTimeEncoder(NinjaJSONEncoder):
    """Times in Asia/Shanghai with their offset, as the pages show them."""

    def default(self, o):
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


def _error_table() -> str:
    rows = "\n".join(f"| `{code}` | {status} | {text} |" for code, (status, text) in ERROR_CODES.items())
    return f"| code | HTTP | 说明 / Meaning |\n|---|---|---|\n{rows}"


DESCRIPTION = f"""
启东市电子政务工程建设项目管理平台的接口，供市共享交换平台、财政系统与集成方使用。 / The API of the Qidong e-government project platform, for the city sharing platform, Finance's systems and integrators.

**认证 / Authentication** — `Authorization: Bearer <令牌>`。令牌在“API 令牌”页面（/api/tokens/）由本人创建（须再次输入身份验证器的验证码），只显示一次；平台只保存其哈希。令牌按安全策略到期（默认 90 天），每人有效令牌数有上限，口令变更或账户停用时全部吊销；频率上限按用户计（其全部令牌合计）。只读（read）令牌只能读取，读写（write）令牌还能办理。每次调用都以令牌所属用户的角色与数据权限执行，与页面相同。 / Tokens are created on the token page by their user, with a fresh second-factor code, and shown once; only a hash is stored. A token expires (policy, 90 days by default), a user holds a limited number, and all are revoked when the password changes or the account is disabled; the rate limit counts per user, all tokens together. A read token reads; a write token may also act. Every call runs with the token user's roles and object permissions, exactly as the pages do.

**分页 / Paging** — 列表接口接受 `limit`（1–200，默认 50）与 `offset`，返回 `{{count, items}}`，排序稳定。 / List endpoints take `limit` (1–200, default 50) and `offset` and answer `{{count, items}}` in a stable order.

**金额与时间 / Money and time** — 金额为万元，两位小数，以字符串返回（如 `"200.00"`）；提交时可用字符串或数字，绝不按浮点处理。时间为北京时间（+08:00）。 / Money is 10k yuan with two decimals, returned as strings; send strings or numbers, never handled as floats. Times are in Beijing time (+08:00).

**错误 / Errors** — 一律为 JSON `{{code, message, errors}}`：`code` 稳定，`message` 为中文，`errors` 按字段列出中文说明。 / Always JSON `{{code, message, errors}}`: a stable `code`, a Chinese `message`, Chinese messages per field.

{_error_table()}
"""

api = NinjaAPI(
    title="egovpm API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    docs_decorator=docs_login_required,
    urls_namespace="api:v1",
    parser=DecimalParser(),
    renderer=Renderer(),
    throttle=[TokenRateThrottle()],
)
register_handlers(api)
api.add_router("", general.router)
api.add_router("/declarations", declarations.router)
api.add_router("/projects", projects.router)
api.add_router("/documents", documents.router)
api.add_router("/catalog", catalog.router)
api.add_router("/duplication", duplication.router)
api.add_router("", central_procurement.router)
api.add_router("/constructions", construction.router)
api.add_router("", review.router)
api.add_router("", plan.router)
api.add_router("", audit.router)
api.add_router("", special.router)
api.add_router("/filings", filings.router)
api.add_router("/procurement", procurement.router)
api.add_router("/supervision", supervision.router)
api.add_router("/acceptances", acceptance.router)
api.add_router("/operations", operations.router)
api.add_router("/final-audits", operations.audits)
api.add_router("", accountability.router)
api.add_router("/evaluations", evaluation.router)
api.add_router("/notifications", notifications.router)
api.add_router("", cockpit.router)
api.add_router("/official", official.router)
api.add_router("", experts.router)
