"""Notification pages: my notifications (mark read, all read), my channels, and the Office's 催办 of a unit
about one item of its project. Every view checks the role, then the object (404 outside the user's own)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from egovpm.accountability.selectors import projects_for
from egovpm.lifecycle.roles import BUSINESS_ROLES, OFFICE_ROLES
from egovpm.security.http import roles_required, run_service

from . import selectors, services
from .forms import ChannelsForm, UrgeForm

PAGE_SIZE = 30


@roles_required(*BUSINESS_ROLES)
def notification_list(request):
    unread = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications_of(request.user, unread=unread).select_related("project"), PAGE_SIZE)
    return render(
        request,
        "notifications/list.html",
        {"page": page.get_page(request.GET.get("page")), "unread": unread},
    )


@roles_required(*BUSINESS_ROLES)
def badge(request):
    """The header link's text with the unread count (htmx; the link itself leads to the list)."""
    return render(request, "notifications/_badge.html", {"unread": selectors.unread_count(request.user)})


def _safe(request, url: str, fallback: str) -> str:
    ok = url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False)
    return url if ok else fallback


@roles_required(*BUSINESS_ROLES)
def notification_read(request, pk: int):
    """POST: mark one notification read and open what it is about."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notification = selectors.notification_get(request.user, pk)
    if notification is None:
        raise Http404("该通知不存在。")
    run_service(request, services.notification_mark_read, actor=request.user, notification=notification)
    target = notification.url if request.POST.get("open") else ""
    return redirect(_safe(request, target, "notifications:list"))


@roles_required(*BUSINESS_ROLES)
def notification_read_all(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run_service(request, services.notifications_mark_all_read, actor=request.user, success="已全部标为已读。")
    return redirect("notifications:list")


@roles_required(*BUSINESS_ROLES)
def channels(request):
    pref = services.preference_of(request.user)
    form = ChannelsForm(request.POST or None, initial={"email": pref.email, "sms": pref.sms})
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.channel_preference_update,
            form=form,
            success="通知方式已保存。",
            actor=request.user,
            email=form.cleaned_data["email"],
            sms=form.cleaned_data["sms"],
        )
        if ok:
            return redirect("notifications:channels")
    return render(request, "notifications/channels.html", {"form": form, "pref": pref})


@roles_required(*OFFICE_ROLES)
def urge(request, pk: int):
    """催办: the Office reminds the project's unit of one item (the to-do line it came from)."""
    project = projects_for(request.user).select_related("unit").filter(pk=pk).first()
    if project is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    initial = {"subject": request.GET.get("subject", "")[:150], "url": request.GET.get("url", "")[:300]}
    form = UrgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        url = _safe(request, form.cleaned_data["url"], "")
        ok, _ = run_service(
            request,
            services.urge_send,
            form=form,
            success=f"已向{project.unit.name}催办。",
            actor=request.user,
            project=project,
            subject=form.cleaned_data["subject"],
            message=form.cleaned_data["message"],
            url=url,
        )
        if ok:
            return redirect(url or "cockpit:todo")
    return render(request, "notifications/urge.html", {"form": form, "project": project})
