"""Evaluation pages (第二十五条 to 第二十九条): the evaluations each party may see, one page per evaluation (the
assessor scores there), the criteria versions with their concurrences, and the Office's order of an
evaluation for a project. Every view checks the role, then the object (404 outside what the user may see)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.lifecycle.roles import FINANCE_ROLES, OFFICE_ROLES
from egovpm.orgs.models import User
from egovpm.projects.engine import available_actions, may
from egovpm.projects.models import Project
from egovpm.projects.views import take_step
from egovpm.security.http import roles_required, run_service

from . import domain, forms, selectors, services
from .workflow import AUDIT_ROLES, EVALUATION, EVALUATOR_ROLES

PAGE_SIZE = 50
NOT_FOUND = "该记录不存在或不在您的查看范围内。"


def _or_404(found):
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@roles_required(*selectors.VIEWER_ROLES)
def evaluation_list(request):
    kind = request.GET.get("kind", "")
    stage = request.GET.get("stage", "")
    rows = selectors.evaluation_list(
        request.user,
        kind=kind if kind in dict(domain.KINDS) else "",
        stage=stage if stage in dict(EVALUATION.choices()) else "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/evaluation_list.html",
        {"page": page, "kind": kind, "stage": stage, "kinds": domain.KINDS, "stages": EVALUATION.stages},
    )


@roles_required(*selectors.VIEWER_ROLES)
def evaluation_detail(request, pk: int):
    evaluation = _or_404(selectors.evaluation_get(request.user, pk))
    context = selectors.evaluation_page(request.user, evaluation)
    context["score_form"] = forms.ScoreForm()
    return render(request, "evaluation/evaluation_detail.html", context)


@roles_required(*EVALUATOR_ROLES)
def score(request, pk: int):
    """POST: the evaluator scores one indicator with evidence and comment."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    evaluation = _or_404(selectors.evaluation_get(request.user, pk))
    form = forms.ScoreForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.score_record,
            success="评分已保存。",
            actor=request.user,
            evaluation=evaluation,
            **form.cleaned_data,
        )
    else:
        from django.contrib import messages

        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


def act(request, pk: int, action: str):
    """POST: a transition of the table on an evaluation, through the service the table names."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    evaluation = _or_404(selectors.evaluation_get(request.user, pk))
    take_step(request, evaluation, action)
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


act = roles_required(*selectors.VIEWER_ROLES)(act)


@roles_required(*selectors.VIEWER_ROLES)
def rectification_act(request, pk: int, action: str):
    """POST: a transition of 第二十七条's rectification (the unit answers, the Office accepts or criticises)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    rectification = _or_404(selectors.rectification_get(request.user, pk))
    take_step(request, rectification, action)
    return redirect("evaluation:evaluation_detail", pk=rectification.evaluation_id)


@roles_required(*OFFICE_ROLES)
def order(request, pk: int):
    """The Office orders an evaluation of a project (事前评估 of its latest declaration)."""
    project = _or_404(Project.objects.select_related("unit").filter(pk=pk).first())
    evaluators = (
        User.objects.filter(is_active=True, unit__isnull=False, role_grants__role__in=list(EVALUATOR_ROLES))
        .select_related("unit")
        .distinct()
        .order_by("unit__code", "username")
    )
    form = forms.OrderForm(request.POST or None, evaluators=evaluators)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        declaration = None
        if data["kind"] == domain.EX_ANTE:
            declaration = project.declarations.order_by("-id").first()
        ok, evaluation = run_service(
            request,
            services.evaluation_order,
            form=form,
            success="已组织效果评估并委托评价人员。",
            actor=request.user,
            project=project,
            declaration=declaration,
            **data,
        )
        if ok:
            return redirect("evaluation:evaluation_detail", pk=evaluation.pk)
    return render(request, "evaluation/order.html", {"project": project, "form": form})


@roles_required(*selectors.CRITERIA_ROLES)
def criteria_list(request):
    return render(request, "evaluation/criteria_list.html", {"versions": selectors.criteria_list()})


@roles_required(*selectors.CRITERIA_ROLES)
def criteria_detail(request, pk: int):
    version = _or_404(selectors.criteria_get(request.user, pk))
    criteria = version.criteria
    version.actions = available_actions(user=request.user, obj=version)
    groups = [(label, [i for i in criteria.indicators if i.group == code]) for code, label in domain.GROUPS]
    return render(
        request,
        "evaluation/criteria_detail.html",
        {
            "version": version,
            "criteria": criteria,
            "groups": groups,
            "plans": [(label, criteria.plans[code]) for code, label in domain.KINDS],
            "may_concur_finance": may(request.user, version, "concur_finance")[0],
            "may_concur_audit": may(request.user, version, "concur_audit")[0],
            "concur_form": forms.ConcurForm(),
        },
    )


@roles_required(*(FINANCE_ROLES | AUDIT_ROLES))
def concur(request, pk: int):
    """POST: the Finance bureau's or the Audit bureau's concurrence (第二十九条)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = _or_404(selectors.criteria_get(request.user, pk))
    form = forms.ConcurForm(request.POST)
    service = services.criteria_concur_finance if request.user.roles & FINANCE_ROLES else services.criteria_concur_audit
    if form.is_valid():
        run_service(
            request, service, success="会签意见已记录。", actor=request.user, version=version, **form.cleaned_data
        )
    else:
        from django.contrib import messages

        messages.error(request, "请填写会签意见。")
    return redirect("evaluation:criteria_detail", pk=version.pk)


@roles_required(*OFFICE_ROLES)
def criteria_act(request, pk: int, action: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = _or_404(selectors.criteria_get(request.user, pk))
    take_step(request, version, action)
    return redirect("evaluation:criteria_detail", pk=version.pk)
