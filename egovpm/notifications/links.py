"""Where a notification about a record of each workflow leads: the page that shows the record."""

from __future__ import annotations

from django.urls import reverse


def _pk(name: str):
    return lambda obj: reverse(name, kwargs={"pk": obj.pk})


def _project(name: str):
    return lambda obj: reverse(name, kwargs={"pk": obj.project_id})


LINKS = {
    "declaration": _pk("intake:declaration_detail"),
    "special": _pk("intake:declaration_detail"),
    "filing": _pk("filings:filing_detail"),
    "construction": _pk("construction:detail"),
    "contract": _project("procurement:project_detail"),
    "supervision": _project("supervision:project_detail"),
    "information_request": _project("supervision:project_detail"),
    "inspection": _project("supervision:project_detail"),
    "rectification": _project("supervision:project_detail"),
    "acceptance": _pk("acceptance:detail"),
    "acceptance_extension": lambda obj: reverse("acceptance:detail", kwargs={"pk": obj.acceptance_id}),
    "operation": _project("operations:project_detail"),
    "final_audit": _project("operations:project_detail"),
    "violation": _pk("accountability:violation_detail"),
    "evaluation": _pk("evaluation:evaluation_detail"),
    "evaluation_rectification": lambda obj: reverse("evaluation:evaluation_detail", kwargs={"pk": obj.evaluation_id}),
    "evaluation_criteria": _pk("evaluation:criteria_detail"),
}


def link_of(obj) -> str:
    """The page of `obj` (a record of a workflow), or the to-do page when its workflow names none."""
    found = LINKS.get(obj.workflow.name)
    return found(obj) if found else reverse("cockpit:todo")
