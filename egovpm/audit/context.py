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
    """The client's address, the one helper of the audit chain, the lockout and the login rate limit.
    REMOTE_ADDR; behind settings.EGOVPM_TRUSTED_PROXIES proxies, the address the outermost of them appended
    to X-Forwarded-For: the N-th from the right. Whatever stands further left was sent by the client and
    is never believed; a header with fewer addresses than proxies did not pass them all: REMOTE_ADDR.
    None when it is not an IP address."""
    value = request.META.get("REMOTE_ADDR", "")
    proxies = settings.EGOVPM_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            value = hops[-proxies]
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
