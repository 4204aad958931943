"""Login, logout and every user's own credentials: password, authenticator, recovery codes (身份鉴别)."""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_ratelimit.decorators import ratelimit

from egovpm.audit.context import ip_of
from egovpm.audit.refusals import refusal_count, window_data
from egovpm.audit.services import audit_security_event
from egovpm.lifecycle.roles import Role
from egovpm.security.http import roles_required, run_service

from . import services
from .forms import LoginForm, PasswordChangeForm, TokenForm
from .lockout import address_locked, lockout_response
from .middleware import credentials_step, session_activity_start
from .passwords import GuessablePasswordValidator, PolicyPasswordValidator
from .policy import security_policy
from .selectors_accounts import (
    ADMIN_ACCOUNT_CHANGES,
    admin_account_changes,
    password_state,
    recovery_codes_left,
    two_factor_enabled,
    two_factor_is_required,
)
from .services import WRONG_OLD_PASSWORD
from .signals import login_subject

EVERY_ROLE = tuple(Role)
RECOVERY_CODES_KEY = "egovpm_recovery_codes"
# Set when the password has passed and the second factor is still to come (the login is not complete).
LOGIN_PENDING_KEY = "egovpm_login_pending"
SECOND_FACTOR_STEPS = frozenset({"accounts:two_factor_verify", "accounts:two_factor_enrol"})


def _login_rate(group, request) -> str:
    return f"{security_policy().login_rate_per_minute}/m"


def _client_key(group, request) -> str:
    return ip_of(request) or "unknown"


class LoginView(auth_views.LoginView):
    template_name = "security/login.html"
    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        previous_login = user.last_login
        response = super().form_valid(form)
        session_activity_start(self.request)
        # what django-otp's middleware will say of this session at the next request: no device proven yet
        user.otp_device = None
        user.is_verified = lambda: False
        if credentials_step(self.request) in SECOND_FACTOR_STEPS:
            # the password alone is not a login yet: auth.login, and the end of the failures counted towards
            # the lockout, wait for the second factor (a right password does not wipe out wrong codes)
            self.request.session[LOGIN_PENDING_KEY] = True
            audit_security_event(
                actor=user, action="auth.login_password", outcome="success", obj=user, reason="待双因素认证"
            )
        else:
            _login_complete(self.request, user)
        changes = admin_account_changes(user, since=previous_login)
        if changes:
            # shown on the first page after the login (the second factor or the password change included)
            messages.warning(
                self.request,
                f"自您上次登录以来，管理员对您的账户做了 {len(changes)} 项更改（最近一项：{changes[0].actor_name} "
                f"{ADMIN_ACCOUNT_CHANGES[changes[0].action]}）。请在「账户安全」页核对；如非您所知，请立即联系安全管理员。",
            )
        return response


def _login_complete(request, user, *, method: str = "") -> None:
    """Every factor has passed: the login event, and the failures counted towards the lockout end."""
    request.session.pop(LOGIN_PENDING_KEY, None)
    AxesProxyHandler.reset_attempts(username=user.get_username())
    audit_security_event(
        actor=user, action="auth.login", outcome="success", obj=user, after={"second_factor": method} if method else {}
    )


def _count_failure(request, user) -> bool:
    """A wrong code or old password of a logged-in user counts towards the lockout of the username, as a
    wrong password does. Returns whether it locked the account (then the user is logged out)."""
    AxesProxyHandler.user_login_failed(__name__, {"username": user.get_username()}, request)
    if getattr(request, "axes_locked_out", False):
        logout(request)  # and AxesMiddleware answers with the lockout page
        return True
    return False


@ratelimit(key=_client_key, rate=_login_rate, method="POST", block=False)
def login(request):
    """Public. Login POSTs from one address are limited to policy.login_rate_per_minute."""
    if request.limited:
        _audit_login_throttled(request)
        context = {"form": LoginForm(request), "refused": "登录请求过于频繁，请一分钟后再试。"}
        return render(request, "security/login.html", context, status=429)
    if request.method == "POST" and address_locked(request):
        # refused before the password is looked at, like a locked username
        username = request.POST.get("username", "")
        audit_security_event(
            actor=None, action="auth.login_failed", outcome="denied", reason="来源地址已锁定", **login_subject(username)
        )
        return lockout_response(request, address=True)
    return LoginView.as_view()(request)


def _audit_login_throttled(request) -> None:
    """A login refused by the rate limit joins the audit chain, in aggregate (egovpm.audit.refusals): the
    first of a window per address as an auth.login_throttled event, the rest as one login.refusals count."""
    ip = ip_of(request)
    first, start = refusal_count(scope="login", code="throttled", user=None, ip=ip, path=f"POST {request.path}")
    if first:
        audit_security_event(
            actor=None,
            action="auth.login_throttled",
            outcome="denied",
            object_type="address",
            object_repr=ip or "",
            reason="登录请求过于频繁",
            after={"code": "throttled", **window_data(start)},
        )


@require_POST
def logout_view(request):
    """Open to every logged-in user (and harmless to others): the session row is deleted."""
    user = request.user
    if user.is_authenticated:
        logout(request)
        audit_security_event(actor=user, action="auth.logout", outcome="success", obj=user)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(default)


@roles_required(*EVERY_ROLE)
def account(request):
    user = request.user
    policy = security_policy()
    context = {
        "password": password_state(user, policy),
        "enabled": two_factor_enabled(user),
        "required": two_factor_is_required(user, policy),
        "codes_left": recovery_codes_left(user),
        "policy": policy,
        "admin_changes": [(e, ADMIN_ACCOUNT_CHANGES[e.action]) for e in admin_account_changes(user)],
    }
    return render(request, "security/account.html", context)


@roles_required(*EVERY_ROLE)
def password_change(request):
    user = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _ = run_service(
            request,
            services.password_change,
            form=form,
            success="口令已修改。",
            user=user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password"],
            second_factor_verified=user.is_verified(),
        )
        if done:
            update_session_auth_hash(request, user)
            return redirect(_next(request, "accounts:account"))
        if form.has_error("old_password", WRONG_OLD_PASSWORD) and _count_failure(request, user):
            return redirect("accounts:login")
    context = {
        "form": form,
        "state": password_state(user),
        "rules": f"{PolicyPasswordValidator().get_help_text()}{GuessablePasswordValidator().get_help_text()}",
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "security/password_change.html", context)


@roles_required(*EVERY_ROLE)
def two_factor_verify(request):
    """The second step of login. A failed code counts as a failed login towards the lockout."""
    user = request.user
    if not two_factor_enabled(user):
        return redirect("accounts:two_factor_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if request.session.get(LOGIN_PENDING_KEY):
                _login_complete(request, user, method=type(device).__name__)
            return redirect(_next(request, "cockpit:todo"))
        form.add_error("token", "验证码不正确。连续出错后须稍等几秒再试。")
        _count_failure(request, user)
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "security/two_factor_verify.html", context)


@roles_required(*EVERY_ROLE)
def two_factor_enrol(request):
    """Bind an authenticator app: scan the QR code (or type the secret), confirm with a code."""
    user = request.user
    if two_factor_enabled(user) and not user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = services.totp_device_begin(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, result = run_service(
            request, services.totp_device_confirm, form=form, user=user, token=form.cleaned_data["token"]
        )
        if done:
            confirmed, codes = result
            otp_login(request, confirmed)
            if request.session.get(LOGIN_PENDING_KEY):
                _login_complete(request, user, method=type(confirmed).__name__)
            request.session[RECOVERY_CODES_KEY] = codes
            return redirect("accounts:recovery_codes")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped(_base32(device.bin_key)),
        "required": two_factor_is_required(user),
        "sm3": settings.EGOVPM_OTP_ALGORITHM == "sm3",
        "step": device.step,
    }
    return render(request, "security/two_factor_enrol.html", context)


@roles_required(*EVERY_ROLE)
def recovery_codes(request):
    """The recovery codes just issued, shown once: they leave the session as the page is rendered."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(request, "security/recovery_codes.html", {"codes": codes})


@roles_required(*EVERY_ROLE)
@require_POST
def recovery_codes_regenerate(request):
    done, codes = run_service(request, services.recovery_codes_regenerate, user=request.user)
    if done:
        request.session[RECOVERY_CODES_KEY] = codes
        return redirect("accounts:recovery_codes")
    return redirect("accounts:account")


@roles_required(*EVERY_ROLE)
@require_POST
def two_factor_disable(request):
    done, _ = run_service(request, services.two_factor_disable, success="已关闭双因素认证。", user=request.user)
    if done:
        request.session.pop("otp_device_id", None)
    return redirect("accounts:account")


def _qr_svg(url: str) -> str:
    """The otpauth:// URL as an inline SVG drawn on the server (no script, no image request)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def _base32(key: bytes) -> str:
    return b32encode(key).decode("ascii").rstrip("=")


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
