"""Fixtures of the evaluation tests: the first criteria version drafted by the Office and put in force after
Finance's and Audit's concurrence (through the services), and the projects of the operations tests (completed,
accepted, in operation)."""

from __future__ import annotations

import pytest

from egovpm.evaluation import services
from egovpm.operations.tests.conftest import accepted, completed, contributed, in_operation  # noqa: F401


def in_force(city, content=None):
    u = city.users
    version = services.criteria_draft(actor=u["office_reviewer"], content=content or services.seed_content())
    services.criteria_concur_finance(actor=u["finance"], version=version, opinion="同意。")
    services.criteria_concur_audit(actor=u["audit"], version=version, opinion="同意。")
    return services.criteria_put_in_force(actor=u["office_head"], criteria=version)


@pytest.fixture
def criteria(city, frozen_clock):
    return in_force(city)


def score_all(city, evaluation, value, *, actor="assessor"):
    """Score every indicator of the evaluation's kind `value` (with evidence and comment) and submit."""
    user = city.users[actor] if isinstance(actor, str) else actor
    evaluation = services.evaluation_start(actor=user, evaluation=evaluation)
    for indicator in evaluation.criteria.criteria.for_kind(evaluation.kind):
        services.score_record(
            actor=user,
            evaluation=evaluation,
            indicator=indicator.code,
            score=value,
            evidence="运行记录和用户满意度调查。",
            comment="见评分依据。",
        )
    return services.evaluation_submit(actor=user, evaluation=evaluation, opinion="评估意见：见各项评分。")
