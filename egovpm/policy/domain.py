"""The measure as data: dates, windows and durations of the regulation, in one section per concern
(intake, construction, supervision, acceptance, operations, evaluation).

Pure Python (no Django). Another city runs the platform with its own JSON file.

Every deadline of the platform has a qualified key, "<section>.<name>" (``intake.feasibility``,
``acceptance.initial_acceptance``), which the lifecycle table, the extensions the Office grants and the
facts of the engine all use. A deadline is one of three kinds:

- a fixed date of the plan year (第七条: 10-31, 11-30, 12-31 of year N-1 for plan year N);
- a period after an event (第二十条: six calendar months after construction completion);
- a date the record itself sets (第十八条: the deadline a rectification order sets), the policy giving
  only its default and limits.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation

ENFORCEMENTS = ("refuse", "warn")
DEFAULT_REFUSAL = "{label}日期 {due:%Y年%m月%d日} 已过（{article}），不能再报送。"


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months: the same day of the month `months` later, or that month's last day when it is
    shorter (2026-08-31 + 6 months = 2027-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_past(due: dt.date, today: dt.date) -> bool:
    """Whether a deadline is past on `today`, the caller's Asia/Shanghai calendar day (core.clock.today):
    the due day itself is still in time."""
    return today > due


@dataclass(frozen=True, kw_only=True)
class _Deadline:
    key: str
    enforcement: str
    article: str
    label: str
    # What a late party is told; {plan_year}, {due}, {label} and {article} are filled in.
    refusal: str = ""

    def verdict(self, due: dt.date, today: dt.date, *, plan_year: int | None = None) -> tuple[bool, str]:
        """(True, "") unless this deadline refuses late actions and `due` is past on `today`."""
        if self.enforcement != "refuse" or not is_past(due, today):
            return True, ""
        template = self.refusal or DEFAULT_REFUSAL
        return False, template.format(plan_year=plan_year, due=due, article=self.article, label=self.label)


@dataclass(frozen=True, kw_only=True)
class YearlyDeadline(_Deadline):
    """A fixed date of the plan year (plan year N is declared in N-1)."""

    month: int
    day: int
    year_offset: int

    def for_plan_year(self, plan_year: int) -> dt.date:
        return dt.date(plan_year + self.year_offset, self.month, self.day)


@dataclass(frozen=True, kw_only=True)
class EventDeadline(_Deadline):
    """A period of calendar months and days after an event the record dates (`after`)."""

    after: str
    months: int = 0
    days: int = 0

    def due_after(self, event_date: dt.date) -> dt.date:
        return add_months(event_date, self.months) + dt.timedelta(days=self.days)


@dataclass(frozen=True, kw_only=True)
class RecordDeadline(_Deadline):
    """A date the record sets (`set_by`, e.g. the rectification order); the policy gives the default
    period and the longest one allowed, in days from the day the record is made."""

    set_by: str
    default_days: int
    max_days: int

    def default_due(self, made_on: dt.date) -> dt.date:
        return made_on + dt.timedelta(days=self.default_days)

    def problems_with(self, made_on: dt.date, due: dt.date) -> list[str]:
        """Why a record made on `made_on` may not set `due`, in Chinese; [] when it may."""
        if due <= made_on:
            return [f"{self.label}须晚于 {made_on:%Y年%m月%d日}。"]
        if due > made_on + dt.timedelta(days=self.max_days):
            return [f"{self.label}最长为 {self.max_days} 天（{self.article}）。"]
        return []


Deadline = YearlyDeadline | EventDeadline | RecordDeadline


@dataclass(frozen=True)
class StagePolicy:
    """A section of the policy: the deadlines of one concern (construction, supervision, acceptance…)."""

    deadlines: dict[str, Deadline] = field(default_factory=dict)


@dataclass(frozen=True)
class SimilarityPolicy:
    """第一条, 第五条: from which score (0 to 1) another project is listed as similar, from which it is a close
    match the unit is told of before submitting, and how many are listed."""

    listed: float = 0.15
    close_match: float = 0.38
    shown: int = 10


@dataclass(frozen=True)
class IntakePolicy(StagePolicy):
    """第六条 to 第十条: the yearly cycle of declaration and review."""

    service_days: dict[str, int] = field(default_factory=dict)
    proposal_required_natures: tuple[str, ...] = ()
    feasibility_required_natures: tuple[str, ...] = ()
    maintenance_natures: tuple[str, ...] = ()
    infrastructure_categories: tuple[str, ...] = ()
    special_procedure_per_year: int = 1
    similarity: SimilarityPolicy = field(default_factory=SimilarityPolicy)
    # 第七条(二): the number of the issued centralized procurement plan
    central_procurement_number_format: str = "集中采购计划〔{year}〕{seq:03d}号"

    def due(self, name: str, plan_year: int) -> dt.date:
        """The date of the yearly deadline `name` (intake.<name>) for a plan year."""
        return self.deadlines[name].for_plan_year(plan_year)

    def service_due(self, name: str, since: dt.date) -> dt.date:
        return since + dt.timedelta(days=self.service_days[name])

    def current_plan_year(self, today: dt.date) -> int:
        """The plan year whose general procedure is running on `today`: the first whose last deadline is
        not past (with the Qidong policy, plan year N from January to December of N-1)."""
        for year in range(today.year - 1, today.year + 3):
            if today <= max(self.due(name, year) for name in self.deadlines):
                return year
        return today.year + 1


@dataclass(frozen=True)
class ConstructionPolicy(StagePolicy):
    """第十一条 to 第十六条: how far (percentage points) reported progress may trail the plan before the
    platform flags the project as behind it (第十五条 工程严重逾期)."""

    behind_plan_margin: int = 20


@dataclass(frozen=True)
class AcceptancePolicy(StagePolicy):
    """第十九条 to 第二十一条: how many days before the six-month deadline the unit is reminded, and the
    approved estimate (万元, a decimal string) up to which a project counts as 建设规模较小, so that the
    Office may delegate its completion acceptance to the unit without a further reason (第十九条)."""

    remind_days_before: int = 30
    delegation_threshold: str = "0"

    @property
    def delegation_threshold_wan(self) -> Decimal:
        return Decimal(self.delegation_threshold)


@dataclass(frozen=True)
class ReminderPolicy:
    """The platform's reminders (egovpm.notifications): each party is reminded `days_before` days before
    a deadline of what waits for them, and again on the day it lapses (the due day, still in time)."""

    days_before: int = 7

    def kind_on(self, due: dt.date, today: dt.date) -> str:
        """ "lapse" on the due day, "before" within `days_before` days of it, else ""."""
        if today == due:
            return "lapse"
        if today < due <= today + dt.timedelta(days=self.days_before):
            return "before"
        return ""


@dataclass(frozen=True)
class DocumentsPolicy:
    """The official documents (公文, GB/T 9704-2012) the platform issues: the issuing authority printed in red
    at their head, and the numbering scheme of each kind (文号: a format with the calendar year and the
    year's sequence number, e.g. "启政整办〔{year}〕{seq}号")."""

    issuer: str = ""
    numbers: dict[str, str] = field(default_factory=dict)

    def number(self, kind: str, *, year: int, seq: int) -> str:
        """The document number of the `seq`-th document of `kind` issued in `year`."""
        return self.numbers[kind].format(year=year, seq=seq)


@dataclass(frozen=True)
class ExpertsPolicy(StagePolicy):
    """第七条(二), 第九条(三): the expert library and the draw by lot. `former_employer_years`: a unit the
    expert worked for within that many years requires recusal; `yearly_cap`: reviews an expert accepts in a
    calendar year at most; `accept_days`: days a drawn expert has to accept or decline; `recuse_earlier`:
    per kind of review, the kinds of an earlier review of the same project whose experts are excluded;
    `sheets`: per kind of review, the scoring sheet (versioned weighted criteria, whether the trimmed mean
    is used, the points from the median beyond which a total is flagged)."""

    former_employer_years: int = 3
    yearly_cap: int = 12
    accept_days: int = 3
    recuse_earlier: dict = field(default_factory=dict)
    sheets: dict = field(default_factory=dict)


# The sections with settings beyond their deadlines, and their types.
STAGE_POLICIES = {"construction": ConstructionPolicy, "acceptance": AcceptancePolicy, "experts": ExpertsPolicy}

STAGE_SECTIONS = ("construction", "supervision", "acceptance", "operations", "evaluation", "experts")
SECTIONS = ("intake", *STAGE_SECTIONS)


@dataclass(frozen=True)
class Policy:
    name: str
    document_number: str
    effective_date: dt.date
    intake: IntakePolicy
    construction: ConstructionPolicy = field(default_factory=ConstructionPolicy)
    supervision: StagePolicy = field(default_factory=StagePolicy)
    acceptance: AcceptancePolicy = field(default_factory=AcceptancePolicy)
    operations: StagePolicy = field(default_factory=StagePolicy)
    evaluation: StagePolicy = field(default_factory=StagePolicy)
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    documents: DocumentsPolicy = field(default_factory=DocumentsPolicy)
    experts: ExpertsPolicy = field(default_factory=ExpertsPolicy)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def deadline(self, key: str) -> Deadline:
        """The deadline with the qualified key "<section>.<name>"; KeyError when there is none."""
        section, _, name = key.partition(".")
        if section not in SECTIONS:
            raise KeyError(key)
        return getattr(self, section).deadlines[name]

    def deadline_keys(self) -> frozenset[str]:
        return frozenset(d.key for section in SECTIONS for d in getattr(self, section).deadlines.values())

    def base_due(
        self,
        key: str,
        *,
        plan_year: int | None = None,
        event_dates: dict[str, dt.date] | None = None,
        set_due: dict[str, dt.date] | None = None,
    ) -> dt.date | None:
        """The due date of deadline `key` for an object, before any extension, from what the object's
        facts know: its plan year, the dates of its events, the dates its records set. None while the
        deadline does not run yet (the event has not happened, the order set no date)."""
        deadline = self.deadline(key)
        if isinstance(deadline, YearlyDeadline):
            return None if plan_year is None else deadline.for_plan_year(plan_year)
        if isinstance(deadline, EventDeadline):
            event = (event_dates or {}).get(deadline.after)
            return None if event is None else deadline.due_after(event)
        return (set_due or {}).get(key)


def effective_due(base: dt.date | None, extended: dt.date | None) -> dt.date | None:
    """The due date in force: the latest extension the Office granted, else the policy's."""
    return extended if extended is not None else base


def deadline_open(
    key: str,
    today: dt.date,
    policy: Policy,
    *,
    plan_year: int | None = None,
    event_dates: dict[str, dt.date] | None = None,
    set_due: dict[str, dt.date] | None = None,
    extended_due: dict[str, dt.date] | None = None,
) -> tuple[bool, str]:
    """(True, "") unless deadline `key` refuses late actions and its due date in force (with the
    extension granted, if any) is past on `today` (the Asia/Shanghai day). A deadline that does not run
    yet is open."""
    base = policy.base_due(key, plan_year=plan_year, event_dates=event_dates, set_due=set_due)
    due = effective_due(base, (extended_due or {}).get(key))
    if due is None:
        return True, ""
    return policy.deadline(key).verdict(due, today, plan_year=plan_year)


class PolicyError(ValueError):
    pass


DEADLINE_KINDS = {"month": YearlyDeadline, "after": EventDeadline, "set_by": RecordDeadline}


def _parse_deadline(section: str, name: str, data: dict) -> Deadline:
    kinds = [cls for marker, cls in DEADLINE_KINDS.items() if marker in data]
    if len(kinds) != 1:
        raise PolicyError(f"deadline '{section}.{name}' must have exactly one of {tuple(DEADLINE_KINDS)}")
    return kinds[0](key=f"{section}.{name}", **data)


def _parse_deadlines(section: str, data: dict) -> dict[str, Deadline]:
    return {name: _parse_deadline(section, name, value) for name, value in data.get("deadlines", {}).items()}


def parse_policy(data: dict) -> Policy:
    """Build a Policy from plain data; raise PolicyError naming what is wrong."""
    try:
        unknown = set(data) - {"name", "document_number", "effective_date", "reminders", "documents", *SECTIONS}
        if unknown:
            raise PolicyError(f"policy data has unknown sections {sorted(unknown)}")
        intake = data["intake"]
        stages = {}
        for section in STAGE_SECTIONS:
            value = data.get(section, {})
            kind = STAGE_POLICIES.get(section, StagePolicy)
            known = {f.name for f in fields(kind)}
            if set(value) - known:
                raise PolicyError(f"section '{section}' has unknown keys {sorted(set(value) - known)}")
            settings = {k: v for k, v in value.items() if k != "deadlines"}
            stages[section] = kind(deadlines=_parse_deadlines(section, value), **settings)
        return Policy(
            name=data["name"],
            document_number=data["document_number"],
            effective_date=dt.date.fromisoformat(data["effective_date"]),
            intake=IntakePolicy(
                deadlines=_parse_deadlines("intake", intake),
                service_days=dict(intake["service_days"]),
                proposal_required_natures=tuple(intake["proposal_required_natures"]),
                feasibility_required_natures=tuple(intake["feasibility_required_natures"]),
                maintenance_natures=tuple(intake["maintenance_natures"]),
                infrastructure_categories=tuple(intake["infrastructure_categories"]),
                special_procedure_per_year=int(intake["special_procedure_per_year"]),
                similarity=SimilarityPolicy(**intake.get("similarity", {})),
                central_procurement_number_format=intake.get(
                    "central_procurement_number_format", "集中采购计划〔{year}〕{seq:03d}号"
                ),
            ),
            documents=DocumentsPolicy(issuer=data["documents"]["issuer"], numbers=dict(data["documents"]["numbers"])),
            **stages,
            reminders=ReminderPolicy(days_before=int(data.get("reminders", {}).get("days_before", 7))),
            raw=data,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, PolicyError):
            raise
        raise PolicyError(f"policy data is malformed: {exc!r}") from exc


REQUIRED_DEADLINES = ("intake.declaration", "intake.feasibility", "intake.re_review", "acceptance.initial_acceptance")
YEARLY_ORDER = ("declaration", "feasibility", "re_review")
REQUIRED_SERVICE_DAYS = (
    "consent",
    "initial_review_start",
    "review_opinion",
    "initial_review_conclusion",
    "budget_library",
)
KNOWN_NATURES = ("new", "continuing", "carried_over", "maintenance", "other")


def _deadline_problems(d: Deadline) -> list[str]:
    found = []
    if d.enforcement not in ENFORCEMENTS:
        found.append(f"deadline '{d.key}': enforcement must be one of {ENFORCEMENTS}")
    try:
        (d.refusal or DEFAULT_REFUSAL).format(plan_year=2027, due=dt.date(2026, 11, 30), article="", label="")
    except (KeyError, IndexError, ValueError) as exc:
        found.append(f"deadline '{d.key}': the refusal text is invalid: {exc!r}")
    if isinstance(d, YearlyDeadline):
        try:
            d.for_plan_year(2028)  # a leap year: 02-29 is allowed only if it always exists
            d.for_plan_year(2027)
        except ValueError:
            found.append(f"deadline '{d.key}': {d.month:02d}-{d.day:02d} is not a date in every year")
    elif isinstance(d, EventDeadline):
        if not d.after:
            found.append(f"deadline '{d.key}': 'after' must name the event it counts from")
        if not all(isinstance(n, int) and n >= 0 for n in (d.months, d.days)) or d.months + d.days <= 0:
            found.append(f"deadline '{d.key}': months and days must be whole numbers, not negative, not both zero")
    else:
        if not d.set_by:
            found.append(f"deadline '{d.key}': 'set_by' must name the record that sets it")
        if not all(isinstance(n, int) for n in (d.default_days, d.max_days)) or not (0 < d.default_days <= d.max_days):
            found.append(f"deadline '{d.key}': 0 < default_days <= max_days must hold")
    return found


def problems(policy: Policy) -> list[str]:
    """Every inconsistency of a policy, as messages; empty when it is sound."""
    found: list[str] = []
    keys = policy.deadline_keys()
    for key in REQUIRED_DEADLINES:
        if key not in keys:
            found.append(f"deadline '{key}' is missing")
    for section in SECTIONS:
        for d in getattr(policy, section).deadlines.values():
            found += _deadline_problems(d)
    intake = policy.intake
    for name, d in intake.deadlines.items():
        # 第七条: the intake cycle is yearly; its deadlines are dates of the plan year
        if not isinstance(d, YearlyDeadline):
            found.append(f"deadline 'intake.{name}' must be a date of the plan year (month, day, year_offset)")
    if not found:
        order = [intake.due(n, 2027) for n in YEARLY_ORDER]
        if order != sorted(order) or len(set(order)) != len(order):
            found.append("deadlines must fall in the order declaration < feasibility < re_review")
        if intake.due("re_review", 2027) >= dt.date(2027, 1, 1):
            found.append("re-review must end before the plan year begins")
    for key in REQUIRED_SERVICE_DAYS:
        if key not in intake.service_days:
            found.append(f"service_days '{key}' is missing")
    for key, days in intake.service_days.items():
        if not isinstance(days, int) or days <= 0:
            found.append(f"service_days '{key}' must be a positive whole number of days")
    for nature in (
        *intake.proposal_required_natures,
        *intake.feasibility_required_natures,
        *intake.maintenance_natures,
    ):
        if nature not in KNOWN_NATURES:
            found.append(f"unknown project nature '{nature}'")
    if set(intake.proposal_required_natures) & set(intake.maintenance_natures):
        found.append("a nature cannot need both a proposal and maintenance documents")
    if intake.special_procedure_per_year <= 0:
        found.append("special_procedure_per_year must be positive")
    margin = policy.construction.behind_plan_margin
    if not isinstance(margin, int) or not 0 <= margin <= 100:
        found.append("construction.behind_plan_margin must be a whole number of percentage points from 0 to 100")
    acceptance = policy.acceptance
    if not isinstance(acceptance.remind_days_before, int) or acceptance.remind_days_before < 0:
        found.append("acceptance.remind_days_before must be a whole number of days, not negative")
    try:
        if acceptance.delegation_threshold_wan < 0:
            found.append("acceptance.delegation_threshold must not be negative")
    except (InvalidOperation, TypeError):
        found.append("acceptance.delegation_threshold must be a decimal amount in 万元, as a string")
    found += _experts_problems(policy.experts)
    found += _documents_problems(policy.documents)
    return found


# The kinds of official document the apps issue (egovpm.official): each needs its numbering scheme.
DOCUMENT_KINDS = (
    "approval_opinion",
    "review_feedback",
    "plan_letter",
    "rectification_order",
    "acceptance_report",
    "evaluation_report",
)


def _documents_problems(documents: DocumentsPolicy) -> list[str]:
    found = []
    if not documents.issuer.strip():
        found.append("documents.issuer must name the issuing authority")
    numbers = {}
    for kind in DOCUMENT_KINDS:
        if kind not in documents.numbers:
            found.append(f"documents.numbers '{kind}' is missing")
            continue
        try:
            numbers[kind] = (documents.number(kind, year=2027, seq=1), documents.number(kind, year=2027, seq=2))
        except (KeyError, IndexError, ValueError) as exc:
            found.append(f"documents.numbers '{kind}' is invalid: {exc!r}")
            continue
        if numbers[kind][0] == numbers[kind][1]:
            found.append(f"documents.numbers '{kind}' must contain the sequence number {{seq}}")
    firsts = [first for first, _ in numbers.values()]
    if len(set(firsts)) != len(firsts):
        found.append("documents.numbers: two kinds of document would share their numbers")
    return found


def _experts_problems(experts: ExpertsPolicy) -> list[str]:
    found = []
    for name in ("former_employer_years", "yearly_cap", "accept_days"):
        value = getattr(experts, name)
        if not isinstance(value, int) or value <= 0:
            found.append(f"experts.{name} must be a positive whole number")
    for kind, sheet in experts.sheets.items():
        criteria = sheet.get("criteria") or []
        if not sheet.get("version") or not criteria:
            found.append(f"experts.sheets.{kind} needs a version and criteria")
            continue
        if sum(int(c.get("weight", 0)) for c in criteria) != 100:
            found.append(f"experts.sheets.{kind}: the weights must add up to 100")
    return found
