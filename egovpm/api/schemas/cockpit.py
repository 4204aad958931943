"""The cockpit's figures (驾驶舱): what the page shows, each figure with the list URL behind it. Money in 万元."""

from __future__ import annotations

from ninja import Schema

from .base import Money


class StageFigure(Schema):
    stage: str
    label: str
    count: int
    money: Money | None
    url: str


class PhaseFigures(Schema):
    workflow: str
    label: str
    across_years: bool
    count: int
    money: Money | None
    stages: list[StageFigure]


class DepartmentFigures(Schema):
    unit_id: int
    unit: str
    count: int
    requested: Money
    approved: Money
    arranged: Money
    paid: Money
    url: str


class SourceFigures(Schema):
    source: str
    label: str
    requested: Money
    paid: Money


class OverdueFigures(Schema):
    unit_id: int
    unit: str
    rectification: int
    information: int
    acceptance: int
    total: int


class DutyFigure(Schema):
    key: str
    label: str
    count: int
    money: Money | None = None
    url: str


class CockpitOut(Schema):
    plan_year: int | None
    pipeline: list[PhaseFigures] | None
    departments: list[DepartmentFigures]
    sources: list[SourceFigures]
    overdue: list[OverdueFigures] | None
    infrastructure: list[DutyFigure] | None
    finance: list[DutyFigure] | None
    audit: list[DutyFigure] | None
