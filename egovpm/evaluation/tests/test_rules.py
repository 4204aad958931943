"""The pure rules of evaluation: the criteria as data, weighted totals, the pass score, conflicts."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from egovpm.evaluation import domain
from egovpm.evaluation.services import seed_content


@pytest.mark.article("第二十九条")
def test_the_seeded_criteria_are_whole_for_each_kind():
    criteria = domain.parse_criteria(seed_content())
    for kind, _ in domain.KINDS:
        indicators = criteria.for_kind(kind)
        assert sum(i.weight for i in indicators) == Decimal("100")
        assert criteria.plans[kind]
        assert all(i.scale and i.guidance for i in indicators)
    assert {i.group for i in criteria.indicators} == domain.GROUP_CODES


@pytest.mark.article("第二十五条")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["indicators"][0].update(weight="30"), "权重合计应为100"),
        (lambda d: d["indicators"][0].update(group="speed"), "第二十五条规定的评估内容"),
        (lambda d: d["indicators"][0].update(guidance=" "), "评分指引"),
        (lambda d: d["plans"].update(in_use=""), "应用评估的实施方案"),
    ],
)
def test_criteria_not_whole_are_refused_in_chinese(change, message):
    data = copy.deepcopy(seed_content())
    change(data)
    with pytest.raises(domain.CriteriaError, match=message):
        domain.parse_criteria(data)


@pytest.mark.article("第二十五条")
def test_the_total_is_weighted_and_below_the_pass_score():
    criteria = domain.parse_criteria(seed_content())
    scores = {"E2": Decimal("40"), "E3": Decimal("50"), "I2": Decimal("60"), "O2": Decimal("90")}
    # 40×25% + 50×30% + 60×25% + 90×20% = 10 + 15 + 15 + 18
    assert domain.weighted_total(criteria, domain.EX_POST, scores) == Decimal("58.00")
    assert domain.below_threshold(Decimal("58.00"), criteria)
    assert not domain.below_threshold(Decimal("60.00"), criteria)
    assert domain.weighted_total(criteria, domain.EX_POST, {"E2": Decimal("40")}) is None


@pytest.mark.article("第二十五条")
def test_a_score_needs_its_evidence_and_comment():
    assert domain.score_problems("101", evidence="", comment="") == {
        "score": "请填写0到100之间的评分。",
        "evidence": "请填写评分依据（证据）。",
        "comment": "请填写评价意见。",
    }
    assert domain.score_problems("85.5", evidence="x", comment="y") == {}
