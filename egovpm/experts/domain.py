"""第七条(二), 第九条(三): the expert library's rules. Pure Python (no Django): who must recuse themselves from a
review and why, the draw by lot (a deterministic ranking over a stable ordering, so that anyone holding the
recorded seed and pool can re-run it), and the scoring sheet's totals and aggregate."""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# The library's fields of expertise (专业领域), in the order the pages list them.
FIELDS = (
    ("planning", "电子政务规划与顶层设计"),
    ("security", "网络与信息安全、等级保护"),
    ("investment", "投资评审与造价"),
    ("data", "数据治理与资源共享"),
    ("software", "软件工程与系统集成"),
    ("services", "政务服务与业务流程"),
    ("infrastructure", "云计算与基础设施"),
)
FIELD_LABELS = dict(FIELDS)

# Review kinds a draw is made for (the policy's sheets and recusal rules are keyed by them).
KINDS = (("initial_review", "初审（第七条(二)）"), ("joint_review", "会审（第九条(三)）"))
KIND_ARTICLES = {"initial_review": "第七条(二)", "joint_review": "第九条(三)"}

TWO = Decimal("0.01")


@dataclass(frozen=True)
class ExpertFacts:
    """What the recusal rules need to know of one expert, for one review."""

    expert_id: int
    active: bool
    fields: frozenset[str]
    employer_unit_id: int | None = None
    # (unit id, the day the expert stopped working there, None while they still do)
    former_units: tuple[tuple[int, dt.date | None], ...] = ()
    tied_names: frozenset[str] = frozenset()  # suppliers and supervision firms, normalised (tie_key)
    tied_unit_ids: frozenset[int] = frozenset()
    unavailable: tuple[tuple[dt.date, dt.date], ...] = ()
    reviews_this_year: int = 0
    earlier_kinds: frozenset[str] = frozenset()  # kinds of this project's earlier reviews they sat on
    in_this_draw: bool = False


@dataclass(frozen=True)
class ReviewFacts:
    """The review a draw is for."""

    kind: str
    unit_id: int
    supervisor_id: int | None
    supplier_names: frozenset[str] = frozenset()
    firm_unit_ids: frozenset[int] = frozenset()
    firm_names: frozenset[str] = frozenset()
    period: tuple[dt.date, dt.date] = (dt.date.min, dt.date.min)
    former_employer_years: int = 3
    yearly_cap: int = 12
    recuse_earlier: frozenset[str] = frozenset()


def tie_key(name: str) -> str:
    """Names of suppliers and firms compared without spaces and case."""
    return "".join((name or "").split()).casefold()


def exclusion(expert: ExpertFacts, review: ReviewFacts) -> tuple[str, str] | None:
    """(code, Chinese reason) why the expert may not sit on this review, or None. The first reason found,
    in the order the regulation's recusal is usually argued: the library, ties, earlier review, time."""
    if expert.in_this_draw:
        return "already_drawn", "已在本次抽取中"
    if not expert.active:
        return "inactive", "未经核实、已暂停或已移出专家库"
    own = {review.unit_id, review.supervisor_id} - {None}
    if expert.employer_unit_id in own:
        return "employer", "现工作单位为申报单位或其主管部门，应当回避"
    since = review.period[0]
    limit = dt.date(since.year - review.former_employer_years, since.month, min(since.day, 28))
    for unit_id, ended in expert.former_units:
        if unit_id in own and (ended is None or ended >= limit):
            return "former_employer", f"近 {review.former_employer_years} 年内曾在申报单位或其主管部门工作，应当回避"
    if expert.tied_names & review.supplier_names:
        return "supplier", "与本项目的供应商存在关联，应当回避"
    if expert.tied_unit_ids & review.firm_unit_ids or expert.tied_names & review.firm_names:
        return "supervision_firm", "与本项目的监理单位存在关联，应当回避"
    if expert.earlier_kinds & review.recuse_earlier:
        return "earlier_review", "曾参加本项目前一阶段的评审，按规定回避"
    start, end = review.period
    if any(a <= end and b >= start for a, b in expert.unavailable):
        return "unavailable", "评审期间不能参加（专家申报的不可参加时段）"
    if expert.reviews_this_year >= review.yearly_cap:
        return "workload", f"本年度已参加 {expert.reviews_this_year} 次评审，达到年度上限 {review.yearly_cap} 次"
    return None


def rank(seed: str, round_number: int, field_code: str, expert_id: int) -> str:
    """The lot of one expert in one round: SHA-256 of "seed|round|field|expert id" (hex). The lowest lots
    are drawn. Anyone can recompute it with the recorded seed."""
    return hashlib.sha256(f"{seed}|{round_number}|{field_code}|{expert_id}".encode()).hexdigest()


def draw(pool: list[int], *, seed: str, round_number: int, field_code: str, count: int) -> list[int]:
    """The `count` experts drawn from `pool` (the eligible experts of the field, by id): ordered by their
    lot, ties impossible in practice and broken by id. Deterministic: the same inputs draw the same."""
    ordered = sorted(set(pool), key=lambda pk: (rank(seed, round_number, field_code, pk), pk))
    return ordered[:count]


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    weight: int


@dataclass(frozen=True)
class Sheet:
    """A scoring sheet of the policy: each criterion is scored from 0 to its weight; the total is out of 100."""

    kind: str
    version: str
    label: str
    criteria: tuple[Criterion, ...]
    trimmed_mean: bool = False
    outlier_points: int = 15

    @classmethod
    def of(cls, kind: str, data: dict) -> Sheet:
        return cls(
            kind=kind,
            version=str(data["version"]),
            label=data.get("label", ""),
            criteria=tuple(Criterion(c["code"], c["label"], int(c["weight"])) for c in data["criteria"]),
            trimmed_mean=bool(data.get("trimmed_mean")),
            outlier_points=int(data.get("outlier_points", 15)),
        )


def sheet_scores(sheet: Sheet, raw: dict) -> tuple[dict[str, Decimal], dict[str, str]]:
    """The scores typed for each criterion, as Decimal with two places, and the errors by criterion code."""
    scores, errors = {}, {}
    for c in sheet.criteria:
        text = str(raw.get(c.code, "") or "").strip()
        try:
            value = Decimal(text).quantize(TWO, ROUND_HALF_UP)
        except (InvalidOperation, ValueError):
            errors[c.code] = f"请填写“{c.label}”的得分（0 至 {c.weight} 分）。"
            continue
        if not value.is_finite() or not Decimal(0) <= value <= c.weight:
            errors[c.code] = f"“{c.label}”的得分应在 0 至 {c.weight} 分之间。"
            continue
        scores[c.code] = value
    return scores, errors


def sheet_total(scores: dict[str, Decimal]) -> Decimal:
    return sum(scores.values(), Decimal("0.00")).quantize(TWO)


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None = None
    trimmed_mean: Decimal | None = None
    median: Decimal | None = None
    spread: Decimal | None = None  # highest minus lowest total
    stdev: Decimal | None = None
    outliers: tuple[int, ...] = field(default=())  # indexes of totals flagged


def aggregate(totals: list[Decimal], *, trimmed: bool, outlier_points: int) -> Aggregate:
    """Mean, median, spread and standard deviation of the experts' totals; with `trimmed`, the mean without
    the highest and the lowest total (once there are at least three); a total more than `outlier_points`
    from the median is flagged."""
    if not totals:
        return Aggregate(count=0)

    def q(x) -> Decimal:
        return Decimal(x).quantize(TWO, ROUND_HALF_UP)

    ordered = sorted(totals)
    mean = q(sum(totals) / len(totals))
    median = q(statistics.median(ordered))
    trimmed_mean = q(sum(ordered[1:-1]) / (len(ordered) - 2)) if trimmed and len(ordered) >= 3 else None
    stdev = q(statistics.pstdev(totals)) if len(totals) > 1 else Decimal("0.00")
    outliers = tuple(i for i, t in enumerate(totals) if abs(t - median) > outlier_points)
    return Aggregate(
        count=len(totals),
        mean=mean,
        trimmed_mean=trimmed_mean,
        median=median,
        spread=q(ordered[-1] - ordered[0]),
        stdev=stdev,
        outliers=outliers,
    )
