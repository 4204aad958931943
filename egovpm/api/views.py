"""The token page: a user lists, creates (with a fresh second-factor code; the secret is shown once) and
revokes their own API tokens."""

from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.roles import Role
from egovpm.security.http import roles_required, run_service
from egovpm.security.policy import security_policy

from . import selectors, services
from .forms import ApiTokenForm

EVERYONE = tuple(Role)


@roles_required(*EVERYONE)
def token_list(request):
    """GET: my tokens. POST: create one; the page shows its secret this once (never stored, never in a
    message or the session)."""
    form = ApiTokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        ok, created = run_service(
            request,
            services.api_token_create,
            form=form,
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            otp_token=form.cleaned_data["otp_token"],
        )
        if ok:
            secret = created[1]
            form = ApiTokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_tokens_of(request.user),
            "secret": secret,
            "now": clock.now(),
            "policy": security_policy(),
            "docs_url": reverse("api:v1:openapi-view"),
            "openapi_url": reverse("api:v1:openapi-json"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@roles_required(*EVERYONE)
def token_revoke(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = selectors.api_tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("该令牌不存在。")
    run_service(
        request,
        services.api_token_revoke,
        success=f"已吊销令牌“{token.name}”。",
        actor=request.user,
        token=token,
    )
    return redirect("api:token_list")


def api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def api_not_found(request, rest: str = ""):
    """Any other path under /api/v1/: the API's JSON 404, not the site's page."""
    return api_error(404, "not_found", "没有这个接口，请查阅 /api/v1/docs。")


def api_method_not_allowed(allow: str) -> JsonResponse:
    response = api_error(405, "method_not_allowed", f"不支持该请求方法，可用：{allow}。")
    response["Allow"] = allow
    return response
