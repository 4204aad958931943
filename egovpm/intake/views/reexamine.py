"""第七条(四) re-review: the numbered written opinion prints (the Office head issues it in views.decisions)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from egovpm.intake import selectors_plan
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.official.selectors import issued_for
from egovpm.policy.loader import get_policy
from egovpm.security.http import roles_required

from .detail import get_declaration_or_404

# Whoever can see the declaration may read its written opinion (declaration_get decides).


@roles_required(*BUSINESS_ROLES)
def approval_opinion(request, pk: int):
    """The written opinion laid out for printing; `?print=1` gives the page without the site's frame."""
    decl = get_declaration_or_404(request, pk)
    opinion = selectors_plan.approval_opinion_of(decl)
    if opinion is None:
        raise Http404("该项目尚未出具复核书面意见。")
    template = "intake/approval_opinion.html"
    if request.GET.get("print"):
        template += "#print_page"
    context = {
        "declaration": decl,
        "opinion": opinion,
        "issued": issued_for(opinion, "approval_opinion"),
        "issuer": get_policy().documents.issuer,
    }
    return render(request, template, context)
