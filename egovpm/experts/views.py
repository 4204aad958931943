"""Pages of the expert library (第七条(二), 第九条(三)): the Office's library and its draws, the Audit bureau's
re-run of a draw, and the experts' own workspace (their invitations, answers, scoring sheets and history).
Every view checks the role, then the object (404 outside what the user may see)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.security.http import roles_required, run_service

from . import domain, forms, selectors, services
from .models import AssignmentStatus, ExpertStatus

NOT_FOUND = "该记录不存在或不在您的查看范围内。"
DRAW_VIEWERS = (*OFFICE_ROLES, Role.AUDIT_REVIEWER)


def _or_404(found):
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@roles_required(*OFFICE_ROLES)
def expert_list(request):
    field = request.GET.get("field", "")
    status = request.GET.get("status", "")
    rows = selectors.expert_list(
        request.user,
        field=field if field in domain.FIELD_LABELS else "",
        status=status if status in ExpertStatus.values else "",
        q=request.GET.get("q", "").strip()[:50],
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "experts/expert_list.html",
        {"page": page, "field": field, "status": status, "fields": domain.FIELDS, "statuses": ExpertStatus.choices},
    )


@roles_required(*OFFICE_ROLES)
def expert_enrol(request):
    form = forms.EnrolForm(request.POST if request.method == "POST" else None, users=selectors.enrollable_users())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        user = data.pop("user")
        ok, profile = run_service(
            request,
            services.expert_enrol,
            form=form,
            success="已纳入专家库，待核实。",
            actor=request.user,
            user=user,
            data=data,
        )
        if ok:
            return redirect("experts:expert_detail", pk=profile.pk)
    return render(request, "experts/profile_form.html", {"form": form, "enrol": True})


@roles_required(*OFFICE_ROLES, Role.EXPERT)
def expert_detail(request, pk: int):
    profile = _or_404(selectors.expert_get(request.user, pk))
    return render(
        request,
        "experts/expert_detail.html",
        {
            "profile": profile,
            "status_form": forms.StatusForm(),
            "tie_form": forms.TieForm(),
            "window_form": forms.UnavailabilityForm(),
            "moves": services.STATUS_MOVES,
        },
    )


@roles_required(*OFFICE_ROLES)
def expert_status(request, pk: int):
    """POST: verify, suspend, reinstate or remove an expert, with the reason."""
    if (refused := _post_only(request)) is not None:
        return refused
    profile = _or_404(selectors.expert_get(request.user, pk))
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.expert_status_change,
            success="已保存。",
            actor=request.user,
            profile=profile,
            **form.cleaned_data,
        )
    else:
        _flash_errors(request, form)
    return redirect("experts:expert_detail", pk=profile.pk)


def _flash_errors(request, form) -> None:
    """A small form posted from a detail page: its errors flashed above the page."""
    messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))


@roles_required(*OFFICE_ROLES, Role.EXPERT)
def tie_add(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    profile = _or_404(selectors.expert_get(request.user, pk))
    form = forms.TieForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.expert_tie_add,
            success="已登记回避关系。",
            actor=request.user,
            profile=profile,
            **form.cleaned_data,
        )
    else:
        _flash_errors(request, form)
    return redirect("experts:expert_detail", pk=profile.pk)


@roles_required(*OFFICE_ROLES, Role.EXPERT)
def unavailability_add(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    profile = _or_404(selectors.expert_get(request.user, pk))
    form = forms.UnavailabilityForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.expert_unavailability_add,
            success="已登记不可参加评审的时段。",
            actor=request.user,
            profile=profile,
            **form.cleaned_data,
        )
    else:
        _flash_errors(request, form)
    return redirect("experts:expert_detail", pk=profile.pk)


@roles_required(Role.EXPERT)
def workspace(request):
    """The expert's own: invitations to answer, reviews to score, and their history."""
    rows = list(selectors.assignments_of(request.user))
    open_rows = [
        a for a in rows if not a.draw.closed_at and a.status in (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)
    ]
    return render(
        request,
        "experts/workspace.html",
        {
            "profile": selectors.own_profile(request.user),
            "invited": [a for a in open_rows if a.status == AssignmentStatus.INVITED],
            "accepted": [a for a in open_rows if a.status == AssignmentStatus.ACCEPTED],
            "history": [a for a in rows if a not in open_rows],
        },
    )


@roles_required(Role.EXPERT)
def profile_edit(request):
    profile = _or_404(selectors.own_profile(request.user))
    initial = {f: getattr(profile, f) for f in services.PROFILE_FIELDS}
    form = forms.ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.expert_profile_update,
            form=form,
            success="已保存，待办公室核实。",
            actor=request.user,
            profile=profile,
            data=form.cleaned_data,
        )
        if ok:
            return redirect("experts:workspace")
    return render(request, "experts/profile_form.html", {"form": form, "profile": profile})


@roles_required(*DRAW_VIEWERS)
def draw_list(request):
    page = Paginator(selectors.draw_list(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "experts/draw_list.html", {"page": page})


@roles_required(*DRAW_VIEWERS)
def draw_detail(request, pk: int):
    draw = _or_404(selectors.draw_get(request.user, pk))
    context = selectors.draw_detail(draw)
    if request.user.roles & OFFICE_ROLES and not draw.closed_at:
        context["pick_form"] = forms.PickForm(experts=selectors.verified_experts())
    return render(request, "experts/draw_detail.html", context)


@roles_required(*OFFICE_ROLES)
def draw_pick(request, pk: int):
    """POST: the Office picks a named expert, only with a reason (marked as a manual pick)."""
    if (refused := _post_only(request)) is not None:
        return refused
    draw = _or_404(selectors.draw_get(request.user, pk))
    form = forms.PickForm(request.POST, experts=selectors.verified_experts())
    if form.is_valid():
        run_service(
            request,
            services.assignment_pick,
            success="已人工指定专家（已标注为人工指定）。",
            actor=request.user,
            draw=draw,
            profile=form.cleaned_data["expert"],
            field=form.cleaned_data["field"],
            reason=form.cleaned_data["reason"],
        )
    else:
        _flash_errors(request, form)
    return redirect("experts:draw_detail", pk=draw.pk)


@roles_required(*DRAW_VIEWERS)
def draw_verify(request, pk: int):
    """POST: re-run every round of the draw from its recorded seed and pool, and show the comparison."""
    if (refused := _post_only(request)) is not None:
        return refused
    draw = _or_404(selectors.draw_get(request.user, pk))
    ok, results = run_service(request, services.expert_draw_verify, actor=request.user, draw=draw)
    context = selectors.draw_detail(draw)
    context["verification"] = results if ok else None
    return render(request, "experts/draw_detail.html", context)


@roles_required(Role.EXPERT)
def assignment_respond(request, pk: int):
    """The drawn expert accepts (declaring no conflict) or declines, or declares a conflict."""
    a = _or_404(selectors.assignment_get(request.user, pk))
    form = forms.RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        if answer == "accept":
            ok, _ = run_service(
                request,
                services.assignment_accept,
                form=form,
                success="已接受邀请，可查阅项目材料并打分。",
                actor=request.user,
                assignment=a,
                no_conflict=form.cleaned_data["no_conflict"],
            )
        else:
            ok, _ = run_service(
                request,
                services.assignment_decline,
                form=form,
                success="已答复，办公室将另行抽取专家。",
                actor=request.user,
                assignment=a,
                reason=form.cleaned_data["reason"],
                conflict=answer == "conflict",
            )
        if ok:
            return redirect("experts:workspace")
    return render(request, "experts/assignment.html", {"assignment": a, "form": form})


@roles_required(Role.EXPERT)
def score_sheet(request, pk: int):
    a = _or_404(selectors.assignment_get(request.user, pk))
    sheet = services.sheet_of(a.draw.kind)
    form = forms.ScoreSheetForm(request.POST if request.method == "POST" else None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.score_sheet_submit,
            form=form,
            success="打分表已提交。",
            actor=request.user,
            assignment=a,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
        if ok:
            return redirect("experts:workspace")
    return render(
        request,
        "experts/score_sheet.html",
        {"assignment": a, "form": form, "sheet": sheet, "submitted": getattr(a, "sheet", None)},
    )
