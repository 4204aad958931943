"""View helpers: deny by default, and one way of turning a service's refusal into a message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import Http404, HttpResponse

from egovpm.audit.context import ip_of
from egovpm.audit.refusals import refusal_count, window_data
from egovpm.audit.services import audit_security_event
from egovpm.core.busy import BUSY_MESSAGE, database_busy
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role


def roles_required(*roles: Role):
    """The view opens only for users holding one of `roles` (object checks come after, in the view)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Every 403 of a page passes here, the role check's and the view's own object checks alike.
            try:
                if not request.user.is_authenticated or not request.user.has_role(*roles):
                    raise PermissionDenied("您的角色无权访问此页面。")
                return view(request, *args, **kwargs)
            except PermissionDenied:
                audit_denied(request, object_type="page")
                raise
            except Http404:
                # past the role check, a 404 is the view's object check: an object out of the user's scope
                # (or none at all, which the user cannot tell apart) — audited in aggregate.
                audit_not_found(request)
                raise

        wrapper.required_roles = frozenset(roles)
        return wrapper

    return decorator


def run_service(request, fn: Callable, *, form=None, success: str = "", **kwargs):
    """Call a service. On success flash `success` and return (True, result). On a refusal, invalid
    data or a database still locked after the wait (egovpm.core.busy), put the Chinese message on the
    form's fields (or flash it) and return (False, None);
    the service's transaction guarantees nothing was half saved."""
    try:
        result = fn(**kwargs)
    except ValidationError as exc:
        if form is not None:
            _add_errors(form, exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
        return False, None
    except Refused as exc:
        audit_refused(request, exc, service=getattr(fn, "__name__", ""), obj=_subject(kwargs))
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
        return False, None
    except OperationalError as exc:
        if not database_busy(exc):
            raise
        # the service's transaction rolled back: the form keeps what was typed, to be sent again
        if form is not None:
            form.add_error(None, BUSY_MESSAGE)
        else:
            messages.error(request, BUSY_MESSAGE)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def attachment(response: HttpResponse, filename: str, fallback: str) -> HttpResponse:
    """Make `response` a download named `filename` (RFC 5987 filename*, so Chinese names survive) with
    the ASCII `fallback` for old clients; a download is never cached."""
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def _subject(kwargs: dict):
    """The record a service call is about: the first model instance among its arguments but the actor."""
    return next((v for k, v in kwargs.items() if k != "actor" and hasattr(v, "_meta") and getattr(v, "pk", None)), None)


def audit_refused(request, exc: Refused, *, service: str = "", obj=None) -> None:
    """A rule's refusal joins the audit chain with its reason, in a transaction of its own (the service's
    own transaction rolled back with nothing half saved)."""
    audit_security_event(
        actor=request.user,
        action="action.refused",
        outcome="denied",
        obj=obj,
        object_type="" if obj is not None else "api",
        object_id="" if obj is not None else request.path[:64],
        object_repr="" if obj is not None else f"{request.method} {request.path}"[:300],
        after={"service": service, "code": exc.code},
        reason=exc.message,
    )


def audit_denied(request, *, object_type: str) -> None:
    """Permission denied joins the audit chain (GB/T 22239-2019 8.1.4.3): the page or API path refused.
    Once per request, though the refusal may pass through nested role checks."""
    if getattr(request, "_egovpm_denial_audited", False):
        return
    request._egovpm_denial_audited = True
    audit_security_event(
        actor=request.user,
        action="access.denied",
        outcome="denied",
        object_type=object_type,
        object_id=request.path[:64],
        object_repr=f"{request.method} {request.path}"[:300],
    )


def audit_not_found(request) -> None:
    """A page's 404 for a logged-in user joins the audit chain in aggregate (egovpm.audit.refusals): the
    first of a window as an `access.not_found` event, the rest counted into one `page.refusals` event, so
    that walking through other units' object ids shows on the chain without flooding it."""
    if getattr(request, "_egovpm_denial_audited", False):
        return
    request._egovpm_denial_audited = True
    path = f"{request.method} {request.path}"
    first, start = refusal_count(scope="page", code="not_found", user=request.user, ip=ip_of(request), path=path)
    if first:
        audit_security_event(
            actor=request.user,
            action="access.not_found",
            outcome="denied",
            object_type="page",
            object_id=request.path[:64],
            object_repr=path[:300],
            after={"code": "not_found", **window_data(start)},
        )


def audit_download(
    request,
    action: str,
    *,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    filters: dict | None = None,
) -> None:
    """Record a download or export on the audit chain before the file is built: when the event cannot be
    written the download fails and no file leaves the platform. `filters` are the parameters that chose
    the rows of an export."""
    audit_security_event(
        actor=request.user,
        action=action,
        outcome="success",
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        after=filters or {},
    )
