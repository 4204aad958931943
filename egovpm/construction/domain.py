"""Pure rules of the construction phase (第十二条 to 第十六条). No Django: services pass the facts in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

ZERO = Decimal("0.00")


def estimate_problems(amounts: Mapping[str, Decimal | None], labels: Mapping[str, str]) -> dict[str, str]:
    """第十四条 投资概算 by item: each item a sum in 万元, not negative; the whole more than zero. Keys are
    the form's fields (`item_<kind>`, or `items` for the whole)."""
    found = {}
    for kind, label in labels.items():
        amount = amounts.get(kind)
        if amount is None:
            found[f"item_{kind}"] = f"请填写“{label}”的金额（万元），没有的填 0。"
        elif amount < 0:
            found[f"item_{kind}"] = f"“{label}”的金额不能为负数。"
    if not found and sum(amounts.values(), ZERO) <= 0:
        found["items"] = "投资概算合计须大于零。"
    return found


def post_hoc_kinds(changes) -> set[str]:
    """第十四条: the estimate items overrun by a major design change made without an approved adjustment
    (`changes`: (post_hoc, items) pairs)."""
    return {kind for post_hoc, items in changes if post_hoc for kind in items}


def adjustment_refusal(
    *,
    proposed: Mapping[str, Decimal],
    baseline: Mapping[str, Decimal],
    blocked_kinds: set[str],
    labels: Mapping[str, str],
) -> str:
    """第十四条 "对未经批准擅自进行重大设计变更而导致超概算的，项目审批部门不再受理事后调整概算申请": an adjustment
    request is refused when it raises, above the approved baseline, any item that a post-hoc major design
    change touched. Lowering or keeping those items, and raising other items, stays possible. "" when
    the request may be accepted."""
    raised = sorted(k for k in blocked_kinds if proposed.get(k, ZERO) > baseline.get(k, ZERO))
    if not raised:
        return ""
    names = "、".join(labels.get(k, k) for k in raised)
    return (
        f"对未经批准擅自进行重大设计变更而导致超概算的，项目审批部门不再受理事后调整概算申请（第十四条）："
        f"本次申请调增了事后报告的重大设计变更所涉及的概算项目（{names}）。"
    )


def is_post_hoc(*, major: bool, covered_by_approved_adjustment: bool) -> bool:
    """第十四条: a major design change without an approved adjustment request before it is post hoc."""
    return major and not covered_by_approved_adjustment


def expected_percent(*, started_on: dt.date, planned_end: dt.date, today: dt.date) -> int:
    """The progress the plan expects on `today`: linear from the start date to the planned end date."""
    if today >= planned_end or planned_end <= started_on:
        return 100
    if today <= started_on:
        return 0
    return int(100 * (today - started_on).days / (planned_end - started_on).days)


def behind_plan(
    *, started_on: dt.date, planned_end: dt.date, today: dt.date, reported_percent: int, margin: int
) -> bool:
    """第十五条 工程严重逾期: the reported progress is behind the plan by more than the policy's margin
    (percentage points)."""
    expected = expected_percent(started_on=started_on, planned_end=planned_end, today=today)
    return expected - reported_percent > margin


def responsibility_problems(data: Mapping[str, str]) -> dict[str, str]:
    """第十二条: the implementation body, the project leader (with a phone) and the 主管领导 who 负总责."""
    required = {
        "implementation_body": "请填写项目实施机构。",
        "leader_name": "请填写项目负责人。",
        "leader_phone": "请填写项目负责人的联系电话。",
        "responsible_leader": "请填写对项目建设进度、质量、资金管理及运行管理负总责的主管领导。",
        "responsible_leader_title": "请填写主管领导的职务。",
    }
    return {field: message for field, message in required.items() if not str(data.get(field, "")).strip()}
