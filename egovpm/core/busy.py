"""A database that stays locked longer than the wait (SQLite's one writer, settings SQLITE_OPTIONS) is not a
fault of the platform: the request answers 503 「系统繁忙，请稍后重试」 with Retry-After, never a 500 and never a
half-saved form (the transaction has rolled back). The page names no database error and reads nothing from
the database, which is busy."""

from __future__ import annotations

import sys

from django.db import OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = "系统繁忙：同时提交的请求较多，本次未保存任何内容，请稍等几秒后重新提交。"


def database_busy(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError) and any(w in str(exc).lower() for w in ("locked", "busy"))


def busy_response() -> HttpResponse:
    response = HttpResponse(loader.get_template("busy.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """A view that met a locked database answers 503 (also with DEBUG on, where handler500 is not used)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_response() if database_busy(exception) else None


def server_error(request):
    """handler500: a locked database met outside a view (a middleware saving the session) is a 503 too;
    anything else is the Chinese 500 page."""
    if database_busy(sys.exc_info()[1]):
        return busy_response()
    return HttpResponseServerError(loader.get_template("500.html").render())
