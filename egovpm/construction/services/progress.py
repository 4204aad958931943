"""第十二条, 第十四条, 第十五条: progress reports, design changes and incidents (工程严重逾期、投资重大损失)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError

from egovpm.core import clock
from egovpm.projects.engine import perform

from .. import domain
from ..models import (
    Adjustment,
    AdjustmentStatus,
    Construction,
    DesignChange,
    Incident,
    IncidentKind,
    ProgressReport,
)
from ._common import (
    LABELS,
    _clean_text,
    _create,
    _not_after_today,
    _required,
)

PROGRESS_TEXT = {
    "milestones": "已完成的里程碑",
    "schedule_status": "建设进度情况",
    "estimate_control": "概算控制情况",
}
PROGRESS_OPTIONAL = ("issues", "design_changes")


def progress_report_submit(*, actor, construction: Construction, data: Mapping) -> ProgressReport:
    """第十二条: the project leader reports to the 项目审批部门 the progress (0–100 %), milestones and issues,
    with the design changes, the progress and the control of the estimate."""
    problems = _required(data, PROGRESS_TEXT) | _not_after_today(data.get("period_end"), "period_end", "报告期截至日期")
    percent = data.get("percent")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        problems["percent"] = "完成进度须为 0 到 100 之间的整数（%）。"
    problems |= _clean_text(data, (*PROGRESS_TEXT, *PROGRESS_OPTIONAL))
    if problems:
        raise ValidationError(problems)
    values = {f: str(data.get(f) or "").strip() for f in (*PROGRESS_TEXT, *PROGRESS_OPTIONAL)}

    def apply(locked: Construction):
        report = _create(
            ProgressReport,
            construction=locked,
            period_end=data["period_end"],
            percent=percent,
            reported_by=actor,
            reported_at=clock.now(),
            **values,
        )
        return (
            report,
            {},
            {"progress_report": report.pk, "period_end": report.period_end.isoformat(), "percent": percent},
        )

    return perform(actor=actor, obj=construction, activity="report_progress", apply=apply)


def design_change_report(
    *,
    actor,
    construction: Construction,
    description: str,
    major: bool,
    items,
    adjustment: Adjustment | None = None,
) -> DesignChange:
    """第十二条, 第十四条: the unit reports a design change. A major one not covered by an approved adjustment
    request (事先报批) is recorded as post hoc (事后): the items it touches take no later raise."""
    items = sorted(set(items or ()))
    problems = {}
    if not description.strip():
        problems["description"] = "请填写设计变更的内容。"
    problems |= _clean_text({"description": description}, ["description"])
    if any(kind not in LABELS for kind in items):
        problems["items"] = "请选择变更涉及的概算项目。"
    elif major and not items:
        problems["items"] = "重大设计变更请选择其涉及的概算项目（第十四条）。"
    covered = adjustment is not None
    if covered and (adjustment.construction_id != construction.pk or adjustment.status != AdjustmentStatus.APPROVED):
        problems["adjustment"] = "只能选择本项目已批准的概算调整报告。"
    if problems:
        raise ValidationError(problems)
    post_hoc = domain.is_post_hoc(major=major, covered_by_approved_adjustment=covered)

    def apply(locked: Construction):
        change = _create(
            DesignChange,
            construction=locked,
            description=description.strip(),
            major=major,
            items=items,
            adjustment=adjustment,
            post_hoc=post_hoc,
            reported_by=actor,
            reported_at=clock.now(),
        )
        after = {"design_change": change.pk, "major": major, "items": items, "post_hoc": post_hoc}
        return change, {}, after

    return perform(actor=actor, obj=construction, activity="report_design_change", apply=apply)


def incident_report(
    *, actor, construction: Construction, kind: str, occurred_on: dt.date | None, description: str, measures: str = ""
) -> Incident:
    """第十五条: the unit reports a serious delay or a major loss to the 项目审批部门 in time; the 项目审批部门
    may then order rectification or suspend construction (the supervision app's sanctions)."""
    problems = _required({"description": description}, {"description": "情况说明"})
    problems |= _not_after_today(occurred_on, "occurred_on", "发生日期")
    problems |= _clean_text({"description": description, "measures": measures}, ["description", "measures"])
    if kind not in IncidentKind.values:
        problems["kind"] = "请选择问题类型。"
    if problems:
        raise ValidationError(problems)

    def apply(locked: Construction):
        incident = _create(
            Incident,
            construction=locked,
            kind=kind,
            occurred_on=occurred_on,
            description=description.strip(),
            measures=measures.strip(),
            reported_by=actor,
            reported_at=clock.now(),
        )
        return incident, {}, {"incident": incident.pk, "kind": kind, "occurred_on": occurred_on.isoformat()}

    return perform(actor=actor, obj=construction, activity="report_incident", apply=apply)
