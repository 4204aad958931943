"""What the construction pages show: the page of one project's construction in a fixed number of queries,
the estimate versions side by side, and the projects a unit may open for construction."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch

from egovpm.audit.labels import action_label
from egovpm.audit.selectors import audit_events_for
from egovpm.intake.models import Declaration
from egovpm.projects.engine import available_actions, may
from egovpm.projects.models import Project
from egovpm.projects.project_pages import project_pages, project_sections
from egovpm.projects.selectors import active_restrictions, participants_of

from .models import AdjustmentItem, Construction, EstimateItem, EstimateItemKind
from .selectors import approved_amounts, catalog_entries_of, expected_percent, is_behind_plan, latest_percent

# The activities whose links the page offers, when the user may do them now.
PAGE_ACTIVITIES = (
    "record_responsibility",
    "submit_estimate",
    "decide_estimate",
    "report_progress",
    "report_design_change",
    "request_adjustment",
    "decide_adjustment",
    "report_incident",
    "record_sharing",
    "exempt_sharing",
    "upload",
)


def openable_projects(user):
    """第十一条: the unit's projects with a funded declaration and no construction yet."""
    if user.unit_id is None:
        return Project.objects.none()
    funded = Declaration.objects.filter(project=OuterRef("pk"), stage="funded")
    return (
        Project.objects.filter(unit_id=user.unit_id, construction__isnull=True).filter(Exists(funded)).order_by("code")
    )


def item_rows(record, *, with_baseline: bool) -> dict:
    """The items of an estimate or adjustment request in EstimateItemKind order, each beside the amount of
    the approved baseline when `with_baseline` (an adjustment request is judged against it)."""
    baseline = approved_amounts(record.construction.project) if with_baseline else {}
    rows = [
        {
            "label": item.get_kind_display(),
            "description": item.description,
            "amount": item.amount,
            "baseline": baseline.get(item.kind),
        }
        for item in record.items_in_order
    ]
    return {"item_rows": rows, "with_baseline": with_baseline}


def estimate_table(estimates) -> dict:
    """The estimate versions side by side: one row per item kind, one column per version, each cell with
    its amount and whether it differs from the version before."""
    columns = list(reversed(estimates))  # oldest first
    rows = []
    for kind, label in EstimateItemKind.choices:
        cells, previous = [], None
        for estimate in columns:
            amount = next((i.amount for i in estimate.items.all() if i.kind == kind), None)
            cells.append({"amount": amount, "changed": previous is not None and amount != previous})
            previous = amount
        rows.append({"label": label, "cells": cells})
    totals = [{"amount": e.total} for e in columns]
    return {"columns": columns, "rows": rows, "totals": totals}


def construction_page_context(user, construction: Construction) -> dict:
    project = construction.project
    estimates = list(
        construction.estimates.select_related("approved_by", "submitted_by", "adjustment").prefetch_related(
            Prefetch("items", queryset=EstimateItem.objects.order_by("kind"))
        )
    )
    adjustments = list(
        construction.adjustments.select_related("requested_by", "decided_by").prefetch_related(
            Prefetch("items", queryset=AdjustmentItem.objects.order_by("kind"))
        )
    )
    events = list(audit_events_for(construction).select_related("actor"))
    allowed = {name: may(user, construction, name)[0] for name in PAGE_ACTIVITIES}
    return {
        "construction": construction,
        "project": project,
        "parties": participants_of(project),
        "restrictions": active_restrictions(project),
        "responsibilities": list(construction.responsibilities.select_related("recorded_by")),
        "estimates": estimates,
        "estimate_table": estimate_table(estimates),
        "pending_estimate": next((e for e in estimates if e.status == "submitted"), None),
        "progress_reports": list(construction.progress_reports.select_related("reported_by")),
        "design_changes": list(construction.design_changes.select_related("reported_by", "adjustment")),
        "adjustments": adjustments,
        "incidents": list(construction.incidents.select_related("reported_by")),
        "sharing_connections": list(construction.sharing_connections.prefetch_related("catalog_entries")),
        "catalog_entries": list(catalog_entries_of(project)),
        "documents": list(construction.documents.select_related("uploaded_by").order_by("kind", "-version")),
        "behind_plan": is_behind_plan(construction),
        "latest_percent": latest_percent(construction),
        "expected_percent": expected_percent(construction),
        "actions": available_actions(user=user, obj=construction),
        "allowed": allowed,
        "is_unit": user.unit_id == construction.unit_id,
        "stage_label": construction.workflow.stage(construction.stage).applicant_label
        if user.unit_id == construction.unit_id
        else construction.get_stage_display(),
        "history": [(e, action_label(e.action)) for e in events],
        "project_pages": project_pages(user, project, current="construction"),
        # the sections the apps above register for this page (procurement's money overview, 第十四条)
        "project_sections": project_sections(user, project, page="construction"),
    }
