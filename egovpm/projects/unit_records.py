"""第十八条, 第三十条: a unit's record — the criticisms and violations recorded against it — shown wherever its
new declarations are judged. The apps that record them (supervision's 通报批评, later accountability's
violations) register a source from their AppConfig.ready(); intake's pages read the records without knowing
those apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitRecord:
    unit_id: int
    date: dt.date
    label: str  # 通报批评…
    article: str
    text: str
    project: str = ""


_sources: list[Callable[[Iterable[int]], list[UnitRecord]]] = []


def register_unit_record_source(source: Callable[[Iterable[int]], list[UnitRecord]]) -> None:
    if source not in _sources:
        _sources.append(source)


def unit_records(unit_ids: Iterable[int]) -> list[UnitRecord]:
    """Every record against these units, newest first."""
    ids = list(unit_ids)
    found = [record for source in _sources for record in source(ids)]
    return sorted(found, key=lambda r: r.date, reverse=True)
