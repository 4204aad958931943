from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Min, Q, QuerySet

from egovpm.core import clock

from . import anchors as audit_anchors
from . import keys as audit_keys
from .domain import GENESIS, ChainReport, check_chain
from .models import AuditEvent, object_type_of


def audit_chain_report(*, with_anchors: bool = True) -> ChainReport:
    """Verify the whole chain with the key ring, and against the anchors kept outside the database
    (`with_anchors` False: the chain alone, as a restore of an older backup checks itself)."""
    anchors, problem = audit_anchors.load_anchors() if with_anchors else ([], None)
    if problem:
        return ChainReport(AuditEvent.objects.count(), problem, None, len(anchors), None)
    keys, _ = audit_keys.keyring()
    events = (e.payload() for e in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000))
    required = getattr(settings, "EGOVPM_AUDIT_KEYED_FROM", None)
    report = check_chain(events, keys=keys, anchors=anchors, keyed_from_required=required)
    if report.broken:
        # the count is of the whole chain, not of the events read up to the break
        return ChainReport(
            AuditEvent.objects.count(), report.broken, report.keyed_from, report.anchors, report.last_anchor
        )
    return report


def audit_chain_verify(*, with_anchors: bool = True) -> tuple[int, tuple[int, str] | None]:
    """(number of events, first broken link or None): audit_chain_report in short."""
    report = audit_chain_report(with_anchors=with_anchors)
    return report.count, report.broken


def audit_events_for(obj):
    return AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).order_by("seq")


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of `day` in Asia/Shanghai: the audit administrator's dates are Beijing dates."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.TZ)


def audit_event_search(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    actor: str = "",
    unit: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    outcome: str = "",
    ip: str = "",
) -> QuerySet[AuditEvent]:
    """Events of the chain matching every given filter, newest first (one query: the event row carries
    the actor's name and unit as they were)."""
    events = AuditEvent.objects.order_by("-seq")
    if date_from:
        events = events.filter(created_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(created_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    if actor:
        events = events.filter(Q(actor_name__icontains=actor) | Q(actor__username__iexact=actor))
    if unit:
        events = events.filter(actor_unit__icontains=unit)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if outcome:
        events = events.filter(outcome=outcome)
    if ip:
        events = events.filter(ip=ip)
    return events


@dataclass(frozen=True)
class Segment:
    """The contiguous run of the chain from the first event on `date_from` to the last one on `date_to`
    (Beijing dates); `prev_hash` is the hash of the link before it (GENESIS at the start)."""

    date_from: dt.date
    date_to: dt.date
    first_seq: int
    last_seq: int
    prev_hash: str

    @property
    def count(self) -> int:
        return self.last_seq - self.first_seq + 1

    def events(self) -> Iterator[AuditEvent]:
        return AuditEvent.objects.filter(seq__gte=self.first_seq, seq__lte=self.last_seq).order_by("seq").iterator()


def audit_segment(date_from: dt.date, date_to: dt.date) -> Segment:
    in_range = AuditEvent.objects.filter(
        created_at__gte=_start_of(date_from), created_at__lt=_start_of(date_to + dt.timedelta(days=1))
    )
    bounds = in_range.aggregate(first=Min("seq"), last=Max("seq"))
    if bounds["first"] is None:
        # Nothing in the range: an empty segment anchored after the last event before the range.
        before = AuditEvent.objects.filter(created_at__lt=_start_of(date_from)).aggregate(last=Max("seq"))["last"]
        bounds = {"first": (before or 0) + 1, "last": before or 0}
    prev_hash = AuditEvent.objects.filter(seq=bounds["first"] - 1).values_list("hash", flat=True).first() or GENESIS
    return Segment(date_from, date_to, bounds["first"], bounds["last"], prev_hash)
