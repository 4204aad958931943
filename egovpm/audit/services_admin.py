"""The audit administrator's use cases (三员分立: read, verify, export — nothing else). Each one is itself
an event of the chain, written in the same transaction as the read it records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction

from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role

from . import anchors, exports, selectors
from .domain import ChainReport
from .services import audit_record

PAGE_SIZE = 50
FORMATS = {"jsonl": "JSON Lines（异地归档，可独立验证）", "xlsx": "Excel（阅读）"}


def _require_auditadmin(actor, what: str) -> None:
    if not actor.has_role(Role.AUDITADMIN):
        raise Refused(f"只有审计管理员可以{what}。", code="forbidden")


def _printable(filters: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in filters.items() if v}


def audit_search(*, actor, filters: dict, page: str | int | None = None) -> Page:
    """One page of the events matching `filters` (selectors.audit_event_search), newest first."""
    _require_auditadmin(actor, "查询审计日志")
    with transaction.atomic():
        result = Paginator(selectors.audit_event_search(**filters), PAGE_SIZE).get_page(page)
        result.object_list = list(result.object_list)
        audit_record(
            actor=actor,
            action="audit.search",
            object_type="audit.auditevent",
            after={"filters": _printable(filters), "page": result.number, "matches": result.paginator.count},
        )
    return result


def audit_verify(*, actor) -> ChainReport:
    """Verify the whole chain (keys and anchors: selectors.audit_chain_report); the verification and its
    result join the chain."""
    _require_auditadmin(actor, "验证审计链")
    with transaction.atomic():
        report = selectors.audit_chain_report()
        broken = report.broken
        audit_record(
            actor=actor,
            action="audit.verify",
            object_type="audit.auditevent",
            outcome="failure" if broken else "success",
            after={
                "count": report.count,
                "broken_seq": broken[0] if broken else None,
                "keyed_from": report.keyed_from,
                "anchors": report.anchors,
                "last_anchor_seq": report.last_anchor.seq if report.last_anchor else None,
            },
            reason=broken[1] if broken else "",
        )
    return report


@dataclass(frozen=True)
class Export:
    filename: str
    fallback: str
    content_type: str
    content: bytes
    segment: selectors.Segment


def audit_export(*, actor, date_from: dt.date, date_to: dt.date, fmt: str) -> Export:
    """The chain's events of a date range (Beijing dates) as JSON Lines or XLSX. `actor` None is the
    operator of the server (manage.py export_audit)."""
    if actor is not None:
        _require_auditadmin(actor, "导出审计日志")
    if fmt not in FORMATS:
        raise ValidationError({"fmt": "请选择导出格式。"})
    if date_from > date_to:
        raise ValidationError({"date_to": "结束日期不得早于开始日期。"})
    with transaction.atomic():
        segment = selectors.audit_segment(date_from, date_to)
        if fmt == "jsonl":
            content, content_type = "".join(exports.segment_lines(segment)).encode(), exports.JSONL_CONTENT_TYPE
        else:
            content, content_type = exports.segment_xlsx(segment), exports.XLSX_CONTENT_TYPE
        audit_record(
            actor=actor,
            action="audit.export",
            object_type="audit.auditevent",
            object_repr=f"{date_from.isoformat()} 至 {date_to.isoformat()}",
            after={
                "from": date_from.isoformat(),
                "to": date_to.isoformat(),
                "format": fmt,
                "first_seq": segment.first_seq,
                "last_seq": segment.last_seq,
            },
        )
        # every export anchors the head (its own event included) outside the database
        anchors.anchor_after_commit(reason="export")
    stem = f"audit-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
    return Export(f"审计日志-{stem[6:]}.{fmt}", f"{stem}.{fmt}", content_type, content, segment)
