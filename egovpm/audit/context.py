"""The request being served, as far as the audit chain needs it: the client's IP address. Set by
AuditContextMiddleware for the duration of a request, so that services record it without taking
the request as an argument."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar

from django.conf import settings

_client_ip: ContextVar[str | None] = ContextVar("egovpm_client_ip", default=None)


def client_ip() -> str | None:
    return _client_ip.get()


def ip_of(request) -> str | None:
    """REMOTE_ADDR, or the first X-Forwarded-For address when the deployment says its proxy sets it
    (EGOVPM_TRUST_X_FORWARDED_FOR); None when it is not an IP address."""
    value = request.META.get("REMOTE_ADDR", "")
    if settings.EGOVPM_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            value = forwarded.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(ip_of(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
