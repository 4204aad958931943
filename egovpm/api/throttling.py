"""Rate limit of /api/v1/ (GB/T 22239-2019 8.1.4.9 资源控制): at most the security policy's
api_rate_per_minute calls per user — all of the user's tokens together — in any 60 seconds; more answer
429 `throttled` with Retry-After.
Counts live in the cache (Redis in production, so every worker shares them)."""

from __future__ import annotations

from ninja.throttling import SimpleRateThrottle

from egovpm.core import clock
from egovpm.security.policy import security_policy

WINDOW_SECONDS = 60


class TokenRateThrottle(SimpleRateThrottle):
    """Keyed by the token's user, not the token nor the address: a user who creates more tokens gets no
    more calls, and integrators behind one proxy do not share a budget."""

    scope = "api_token"

    def __init__(self):
        # The rate is read from the policy on every call, so the security administrator's change applies
        # at once (see allow_request); ninja's fixed rate string is not used.
        self.rate = None
        self.num_requests, self.duration = None, WINDOW_SECONDS

    def timer(self) -> float:
        return clock.now().timestamp()

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "api_token", None)
        if token is None:
            return None  # unauthenticated calls are refused (401) before any work is done
        return f"throttle_{self.scope}_user_{token.user_id}"

    def allow_request(self, request) -> bool:
        self.num_requests = security_policy().api_rate_per_minute
        self.duration = WINDOW_SECONDS
        return super().allow_request(request)
