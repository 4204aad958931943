"""What every workflow's pages share: taking a transition that needs no page of its own."""

from __future__ import annotations

from django.http import Http404

from egovpm.security.http import run_service

from . import engine


def take_step(request, obj, action: str) -> bool:
    """POST of a transition's button (projects/_actions.html): the reason and the file the table asks for,
    through the service it names. Returns whether it was taken; the message tells the user either way."""
    transition = next((t for t in obj.workflow.transitions if t.action == action), None)
    if transition is None or not transition.service or transition.form:
        raise Http404("没有这个操作。")
    ok, _ = run_service(
        request,
        engine.run_step,
        success=f"已完成：{transition.label}。",
        actor=request.user,
        obj=obj,
        action=action,
        reason=request.POST.get("reason", ""),
        file=request.FILES.get("file"),
    )
    return ok
