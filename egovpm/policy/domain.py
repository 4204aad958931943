"""The measure as data: dates, windows and durations of the regulation.

Pure Python (no Django). Another city runs the platform with its own JSON file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ENFORCEMENTS = ("refuse", "warn")


@dataclass(frozen=True)
class Deadline:
    """A yearly deadline, stated relative to the plan year (plan year N is declared in N-1)."""

    key: str
    month: int
    day: int
    year_offset: int
    enforcement: str
    article: str
    label: str
    # What a late party is told; {plan_year}, {due} and {article} are filled in. Default: the label's.
    refusal: str = ""

    def for_plan_year(self, plan_year: int) -> dt.date:
        return dt.date(plan_year + self.year_offset, self.month, self.day)

    def is_past(self, plan_year: int, today: dt.date) -> bool:
        return today > self.for_plan_year(plan_year)


@dataclass(frozen=True)
class Policy:
    name: str
    document_number: str
    effective_date: dt.date
    deadlines: dict[str, Deadline]
    service_days: dict[str, int]
    proposal_required_natures: tuple[str, ...]
    feasibility_required_natures: tuple[str, ...]
    maintenance_natures: tuple[str, ...]
    infrastructure_categories: tuple[str, ...]
    initial_acceptance_months: int
    special_procedure_per_year: int
    approval_opinion_number_format: str
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def deadline(self, key: str) -> Deadline:
        return self.deadlines[key]

    def due(self, key: str, plan_year: int) -> dt.date:
        return self.deadlines[key].for_plan_year(plan_year)

    def service_due(self, key: str, since: dt.date) -> dt.date:
        return since + dt.timedelta(days=self.service_days[key])

    def current_plan_year(self, today: dt.date) -> int:
        """The plan year whose general procedure is running on `today`: the first whose last deadline is
        not past (with the Qidong policy, plan year N from January to December of N-1)."""
        for year in range(today.year - 1, today.year + 3):
            if today <= max(self.due(key, year) for key in self.deadlines):
                return year
        return today.year + 1

    def approval_opinion_number(self, *, year: int, seq: int) -> str:
        return self.approval_opinion_number_format.format(year=year, seq=seq)


def deadline_open(key: str, plan_year: int, today: dt.date, policy: Policy) -> tuple[bool, str]:
    """(True, "") unless the policy's deadline `key` refuses late actions and has passed."""
    deadline = policy.deadline(key)
    if deadline.enforcement != "refuse" or not deadline.is_past(plan_year, today):
        return True, ""
    due = deadline.for_plan_year(plan_year)
    template = deadline.refusal or "{label}日期 {due:%Y年%m月%d日} 已过（{article}），不能再报送。"
    return False, template.format(plan_year=plan_year, due=due, article=deadline.article, label=deadline.label)


class PolicyError(ValueError):
    pass


def parse_policy(data: dict) -> Policy:
    """Build a Policy from plain data; raise PolicyError naming what is wrong."""
    try:
        deadlines = {key: Deadline(key=key, **value) for key, value in data["deadlines"].items()}
        return Policy(
            name=data["name"],
            document_number=data["document_number"],
            effective_date=dt.date.fromisoformat(data["effective_date"]),
            deadlines=deadlines,
            service_days=dict(data["service_days"]),
            proposal_required_natures=tuple(data["proposal_required_natures"]),
            feasibility_required_natures=tuple(data["feasibility_required_natures"]),
            maintenance_natures=tuple(data["maintenance_natures"]),
            infrastructure_categories=tuple(data["infrastructure_categories"]),
            initial_acceptance_months=int(data["initial_acceptance_months"]),
            special_procedure_per_year=int(data["special_procedure_per_year"]),
            approval_opinion_number_format=data["approval_opinion_number_format"],
            raw=data,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PolicyError(f"policy data is malformed: {exc!r}") from exc


REQUIRED_DEADLINES = ("declaration", "feasibility", "re_review")
REQUIRED_SERVICE_DAYS = (
    "consent",
    "initial_review_start",
    "review_opinion",
    "initial_review_conclusion",
    "budget_library",
)
KNOWN_NATURES = ("new", "continuing", "carried_over", "maintenance", "other")


def problems(policy: Policy) -> list[str]:
    """Every inconsistency of a policy, as messages; empty when it is sound."""
    found: list[str] = []
    for key in REQUIRED_DEADLINES:
        if key not in policy.deadlines:
            found.append(f"deadline '{key}' is missing")
    for key, d in policy.deadlines.items():
        if d.enforcement not in ENFORCEMENTS:
            found.append(f"deadline '{key}': enforcement must be one of {ENFORCEMENTS}")
        try:
            d.for_plan_year(2028)  # a leap year: 02-29 is allowed only if it always exists
            d.for_plan_year(2027)
        except ValueError:
            found.append(f"deadline '{key}': {d.month:02d}-{d.day:02d} is not a date in every year")
    if not found:
        order = [policy.due(k, 2027) for k in REQUIRED_DEADLINES]
        if order != sorted(order) or len(set(order)) != len(order):
            found.append("deadlines must fall in the order declaration < feasibility < re_review")
        if policy.due("re_review", 2027) >= dt.date(2027, 1, 1):
            found.append("re-review must end before the plan year begins")
    for key in REQUIRED_SERVICE_DAYS:
        if key not in policy.service_days:
            found.append(f"service_days '{key}' is missing")
    for key, days in policy.service_days.items():
        if not isinstance(days, int) or days <= 0:
            found.append(f"service_days '{key}' must be a positive whole number of days")
    for nature in (
        *policy.proposal_required_natures,
        *policy.feasibility_required_natures,
        *policy.maintenance_natures,
    ):
        if nature not in KNOWN_NATURES:
            found.append(f"unknown project nature '{nature}'")
    if set(policy.proposal_required_natures) & set(policy.maintenance_natures):
        found.append("a nature cannot need both a proposal and maintenance documents")
    if policy.initial_acceptance_months <= 0:
        found.append("initial_acceptance_months must be positive")
    if policy.special_procedure_per_year <= 0:
        found.append("special_procedure_per_year must be positive")
    try:
        policy.approval_opinion_number(year=2027, seq=1)
    except (KeyError, IndexError, ValueError) as exc:
        found.append(f"approval_opinion_number_format is invalid: {exc!r}")
    return found
