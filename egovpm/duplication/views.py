"""第五条 pages: the Office's judgement of a similar pair and the unit's statement why its project is not a
duplicate, each for a similar project listed on the declaration page (another project → 404)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from egovpm.duplication import selectors, services
from egovpm.duplication.forms import JudgementForm, StatementForm
from egovpm.intake.views.detail import get_declaration_or_404
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.security.http import roles_required, run_service


def _similar_or_404(request, pk: int, other: int):
    declaration = get_declaration_or_404(request, pk)
    row = selectors.similar_pair(request.user, declaration, other)
    if row is None:
        raise Http404("该项目不在相似项目之列。")
    return declaration, row


def _back(declaration) -> str:
    return reverse("intake:declaration_detail", kwargs={"pk": declaration.pk}) + "#similar"


@roles_required(*OFFICE_ROLES)
def judgement_create(request, pk: int, other: int):
    declaration, row = _similar_or_404(request, pk, other)
    form = JudgementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.judgement_record,
            form=form,
            success="已记录重复建设判定，申报单位可见。",
            actor=request.user,
            declaration=declaration,
            other=row.project,
            score=row.match.score,
            **form.cleaned_data,
        )
        if ok:
            return redirect(_back(declaration))
    return render(request, "duplication/judgement_form.html", {"declaration": declaration, "row": row, "form": form})


@roles_required(*APPLICANT_ROLES)
def statement_create(request, pk: int, other: int):
    declaration, row = _similar_or_404(request, pk, other)
    initial = {"reason": row.statement.reason} if row.statement else None
    form = StatementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.statement_record,
            form=form,
            success="已记录不重复的理由，审核人员可见。",
            actor=request.user,
            declaration=declaration,
            other=row.project,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            return redirect(_back(declaration))
    return render(request, "duplication/statement_form.html", {"declaration": declaration, "row": row, "form": form})
