"""The one view step of every workflow: a transition of the table posted from projects/_actions.html,
taken through the service the table names (projects.engine.run_step)."""

from __future__ import annotations

from django.http import Http404

from egovpm.security.http import run_service

from .engine import run_step


def run_posted_step(request, obj, action: str) -> bool:
    """Take the posted transition `action` on `obj` with the reason and file the form sent; 404 for a
    step the table does not take this way. True when it was taken (the refusal is flashed otherwise)."""
    transition = next((t for t in obj.workflow.transitions if t.action == action), None)
    if transition is None or not transition.service or transition.form:
        raise Http404("没有这个操作。")
    ok, _ = run_service(
        request,
        run_step,
        success=f"已完成：{transition.label}。",
        actor=request.user,
        obj=obj,
        action=action,
        reason=request.POST.get("reason", ""),
        file=request.FILES.get("file"),
    )
    return ok
