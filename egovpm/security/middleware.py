"""Per-request identity rules: idle sessions end (GB/T 22239-2019 8.1.4.1 b), and a logged-in user who must
change the password or prove a second factor does nothing else first (8.1.4.1 a, d)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from egovpm.audit.services import audit_security_event
from egovpm.core import clock

from .policy import security_policy
from .selectors_accounts import password_state, two_factor_enabled, two_factor_is_required

LAST_SEEN_KEY = "egovpm_last_seen"
# The session records activity at most once a minute: one write a minute, not one per request.
REFRESH = dt.timedelta(minutes=1)
# Never held up: static files and the API (token-authenticated, no session).
EXEMPT_PREFIXES = ("/static/", "/favicon.ico", "/api/v1/")


class NoStoreMiddleware:
    """Business pages, downloads and API answers are never kept by a browser or a shared cache: every
    response carries `Cache-Control: no-store`, but static files, which are cached normally (in production
    WhiteNoise answers them before this middleware is reached; in development django.contrib.staticfiles
    under STATIC_URL). The login page is no-store too (Django's LoginView says so: it carries a CSRF token)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cacheable = ("/" + settings.STATIC_URL.lstrip("/"), "/favicon.ico")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.cacheable):
            response["Cache-Control"] = "no-store"
        return response


class SessionIdleMiddleware:
    """A session idle for longer than policy.session_idle_minutes ends (server side: the row is deleted)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.EGOVPM_ENFORCE_SESSION_IDLE and request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request) -> None:
        now = clock.now()
        seen = request.session.get(LAST_SEEN_KEY)
        last = dt.datetime.fromisoformat(seen) if seen else None
        if last is not None and now - last < REFRESH:
            return
        minutes = security_policy().session_idle_minutes
        if last is not None and now - last > dt.timedelta(minutes=minutes):
            user = request.user
            logout(request)
            audit_security_event(
                actor=user, action="auth.session_timeout", outcome="success", obj=user, reason="会话空闲超时"
            )
            messages.info(request, f"您已超过 {minutes} 分钟未操作，会话已结束，请重新登录。")
            return
        request.session[LAST_SEEN_KEY] = now.isoformat()


def session_activity_start(request) -> None:
    """Called at login: the idle time runs from now."""
    request.session[LAST_SEEN_KEY] = clock.now().isoformat()


class CredentialsMiddleware:
    """Sends a logged-in user to the one page they must pass first: the second factor (when they have an
    authenticator), a password change (first login, or older than the policy's maximum age), then the
    binding of an authenticator (when their role requires one). After an administrator reset the password,
    the owner's second factor comes first whatever the settings: the code of the authenticator they kept
    (resetting a password never resets the device), or, without one, binding an authenticator — then the
    password change; whoever only knows the password the administrator set gets no further."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            step = credentials_step(request)
            if step and request.path not in (reverse(step), reverse("accounts:logout")):
                if getattr(request, "htmx", False):
                    # a fragment (the unread badge, a partial) is not the place for the step's page: answer
                    # nothing, so that htmx swaps nothing in (it would nest the whole page, again and again)
                    return HttpResponse(status=204)
                target = reverse(step)
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)


def credentials_step(request) -> str:
    """The URL name of the page the user must pass before any other; "" when none."""
    two_factor, password = settings.EGOVPM_ENFORCE_TWO_FACTOR, settings.EGOVPM_ENFORCE_PASSWORD_CHANGE
    if not (two_factor or password):
        return ""
    user, policy = request.user, security_policy()
    has_device = two_factor_enabled(user)
    enabled = two_factor and has_device
    if enabled and not user.is_verified():
        return "accounts:two_factor_verify"
    state = password_state(user, policy) if password else None
    if state and state.reset_by_admin:
        if not has_device:
            return "accounts:two_factor_enrol"
        if not user.is_verified():
            return "accounts:two_factor_verify"
    if state and state.change_reason:
        return "accounts:password_change"
    if two_factor and not enabled and two_factor_is_required(user, policy):
        return "accounts:two_factor_enrol"
    return ""
