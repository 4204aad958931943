"""Pure rules of performance evaluation (第二十五条 to 第二十九条): the criteria (weighted indicators grouped under
the contents of 第二十五条, each with its scoring scale and guidance, and an implementation plan per kind), the
weighted total of an evaluation's scores, the result below the pass score, and the evaluator's conflict of
interest. No Django: services and facts providers pass the facts in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from egovpm.lifecycle.engine import Actor, Facts, Guard, Party

# 第二十五条 效果评估包括事前评估、事后评估和应用评估。
EX_ANTE, EX_POST, IN_USE = "ex_ante", "ex_post", "in_use"
KINDS = ((EX_ANTE, "事前评估"), (EX_POST, "事后评估"), (IN_USE, "应用评估"))
KIND_ARTICLES = {EX_ANTE: "第二十六条", EX_POST: "第二十七条", IN_USE: "第二十八条"}

# 第二十五条 效果评估内容包括…可行性、实效性，是否符合资源整合、信息共享的要求，是否符合推行政务公开和提高行政效能的要求等。
GROUPS = (
    ("feasibility", "可行性"),
    ("effectiveness", "实效性"),
    ("integration", "资源整合、信息共享"),
    ("openness", "政务公开、提高行政效能"),
)
GROUP_CODES = frozenset(code for code, _ in GROUPS)
TOTAL_WEIGHT = Decimal("100")
HUNDREDTH = Decimal("0.01")

# Guards.
CRITERIA_CONCURRED = "criteria_concurred"
CRITERIA_SUCCESSOR = "criteria_successor_concurred"
ALL_SCORED = "evaluation_all_scored"
EX_POST_ACCEPTED = "evaluation_project_accepted"
RECTIFICATION_LAPSED = "evaluation_rectification_lapsed"
COMPLETION_ACCEPTED = "completion_accepted"  # contributed by the acceptance app

NOT_CONCURRED = "评价标准须经市财政局和市审计局会签同意后方可生效（第二十九条 会同市财政、审计等有关部门制定）。"
NOT_ALL_SCORED = "请先对每一项评价指标评分，并填写评分依据和评价意见（第二十五条 科学、公正、客观、实用）。"
NOT_ACCEPTED = "该项目尚未通过竣工验收：事后评估在项目验收后进行（第二十七条）。"

GUARDS = (
    Guard(CRITERIA_CONCURRED, NOT_CONCURRED),
    Guard(
        CRITERIA_SUCCESSOR, "只有经市财政局、市审计局会签的新版本发布时，生效的版本才被替代（第二十九条）。", hides=True
    ),
    Guard(ALL_SCORED, NOT_ALL_SCORED),
    Guard(EX_POST_ACCEPTED, NOT_ACCEPTED),
    Guard(RECTIFICATION_LAPSED, "整改期限未过：逾期未整改的，方可因拒不整改通报批评（第二十七条）。"),
)

CONFLICT_SAME_UNIT = "评价人员所在单位是该项目的建设单位，存在利益冲突，不能承担该项目的评估（第二十五条 公正、客观）。"
CONFLICT_SUPPLIER = "评价人员所在单位是该项目的供应商，存在利益冲突，不能承担该项目的评估（第二十五条 公正、客观）。"
CONFLICT_FIRM = "评价人员所在单位是该项目的监理单位，存在利益冲突，不能承担该项目的评估（第二十五条 公正、客观）。"


def _assigned_evaluator(actor: Actor, facts: Facts) -> tuple[bool, str]:
    if actor.unit_id is not None and actor.unit_id in facts.party_units.get("evaluator", frozenset()):
        return True, ""
    return False, "只有承担该评估的评价人员可以评分和报送（第二十五条）。"


# The evaluator the Office assigned: its unit (the Office, an expert's unit or a third-party assessor).
EVALUATOR = Party("evaluator", "评价人员", _assigned_evaluator)


class CriteriaError(ValueError):
    """The criteria as drafted are not whole; its message is the Chinese one the Office reads."""


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    name: str
    weight: Decimal
    scale: tuple[tuple[int, str], ...]  # (score out of 100, what earns it), highest first
    guidance: str
    kinds: frozenset[str]

    @property
    def group_label(self) -> str:
        return dict(GROUPS)[self.group]


@dataclass(frozen=True)
class Criteria:
    pass_score: Decimal
    indicators: tuple[Indicator, ...]
    plans: dict[str, str]  # kind → implementation plan

    def for_kind(self, kind: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if kind in i.kinds)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


def _decimal(value, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise CriteriaError(f"{what}不是数字。") from exc
    if not number.is_finite():
        raise CriteriaError(f"{what}不是数字。")
    return number


def parse_criteria(data: dict) -> Criteria:
    """The criteria of one version as stored (JSON), checked whole: every indicator under a content of
    第二十五条 with a weight, a scale and guidance; for each kind the weights of its indicators add up to 100;
    an implementation plan per kind (第二十九条 评价标准和实施方案)."""
    if not isinstance(data, dict):
        raise CriteriaError("评价标准的格式不正确。")
    pass_score = _decimal(data.get("pass_score"), "合格分数线")
    if not Decimal("0") < pass_score <= TOTAL_WEIGHT:
        raise CriteriaError("合格分数线应在0到100分之间。")
    indicators, codes = [], set()
    for raw in data.get("indicators") or ():
        code = str(raw.get("code", "")).strip()
        name = str(raw.get("name", "")).strip()
        if not code or not name:
            raise CriteriaError("每一项评价指标都要有编号和名称。")
        if code in codes:
            raise CriteriaError(f"评价指标编号“{code}”重复。")
        codes.add(code)
        if raw.get("group") not in GROUP_CODES:
            raise CriteriaError(f"评价指标“{name}”应归入第二十五条规定的评估内容之一。")
        weight = _decimal(raw.get("weight"), f"评价指标“{name}”的权重")
        if weight <= 0:
            raise CriteriaError(f"评价指标“{name}”的权重应大于0。")
        scale = tuple((int(s), str(t).strip()) for s, t in (raw.get("scale") or ()))
        if not scale or any(not 0 <= s <= 100 or not t for s, t in scale):
            raise CriteriaError(f"评价指标“{name}”应有评分标准（0到100分的档次及其说明）。")
        guidance = str(raw.get("guidance", "")).strip()
        if not guidance:
            raise CriteriaError(f"评价指标“{name}”应有评分指引。")
        kinds = frozenset(raw.get("kinds") or ())
        if not kinds or not kinds <= {k for k, _ in KINDS}:
            raise CriteriaError(f"评价指标“{name}”应注明适用的评估种类。")
        indicators.append(
            Indicator(code, raw["group"], name, weight, tuple(sorted(scale, reverse=True)), guidance, kinds)
        )
    plans = {k: str((data.get("plans") or {}).get(k, "")).strip() for k, _ in KINDS}
    criteria = Criteria(pass_score, tuple(indicators), plans)
    for kind, label in KINDS:
        if not plans[kind]:
            raise CriteriaError(f"请填写{label}的实施方案（第二十九条）。")
        total = sum((i.weight for i in criteria.for_kind(kind)), Decimal("0"))
        if total != TOTAL_WEIGHT:
            raise CriteriaError(f"{label}各项评价指标的权重合计应为100（当前为{total.normalize():f}）。")
    return criteria


def weighted_total(criteria: Criteria, kind: str, scores: dict[str, Decimal]) -> Decimal | None:
    """The weighted total out of 100 of an evaluation's scores (each out of 100), or None while an indicator
    of the kind has no score."""
    indicators = criteria.for_kind(kind)
    if any(i.code not in scores for i in indicators):
        return None
    total = sum((scores[i.code] * i.weight / TOTAL_WEIGHT for i in indicators), Decimal("0"))
    return total.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def score_problems(value, *, evidence: str, comment: str) -> dict[str, str]:
    """第二十五条 科学、公正、客观、实用: a score out of 100 with its evidence and the evaluator's comment."""
    problems = {}
    try:
        number = Decimal(str(value))
        if not number.is_finite() or not 0 <= number <= 100:
            raise ValueError
        if number != number.quantize(HUNDREDTH):
            problems["score"] = "评分最多保留两位小数。"
    except (InvalidOperation, ValueError):
        problems["score"] = "请填写0到100之间的评分。"
    if not evidence.strip():
        problems["evidence"] = "请填写评分依据（证据）。"
    if not comment.strip():
        problems["comment"] = "请填写评价意见。"
    return problems


def below_threshold(total: Decimal, criteria: Criteria) -> bool:
    """第二十七条 未实现建设目标或未达到预期效果: a total below the version's pass score."""
    return total < criteria.pass_score


def conflict_of_interest(
    *, evaluator_unit_id: int | None, evaluator_unit_name: str, project_unit_id: int, suppliers, firm_unit_ids
) -> str:
    """The refusal, or "" when the evaluator's unit is neither the project's unit, nor one of its suppliers (by
    the procurement's supplier name), nor its supervision firm."""
    if evaluator_unit_id == project_unit_id:
        return CONFLICT_SAME_UNIT
    name = (evaluator_unit_name or "").strip()
    if name and name in {s.strip() for s in suppliers}:
        return CONFLICT_SUPPLIER
    if evaluator_unit_id is not None and evaluator_unit_id in set(firm_unit_ids):
        return CONFLICT_FIRM
    return ""
