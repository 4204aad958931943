"""Where the results are used: 第二十六条 the ex-ante opinion on the declaration in initial review, 第二十七条 the
unit's ex-post results on its later declarations (projects.unit_records)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.conftest import declaration_at
from egovpm.evaluation import services
from egovpm.projects.unit_records import unit_records

from .conftest import score_all

pytestmark = pytest.mark.django_db


@pytest.mark.article("第二十六条")
def test_the_ex_ante_opinion_is_shown_in_the_initial_review(client, city, criteria):
    u = city.users
    declaration = declaration_at(city, "in_initial_review")
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"],
        project=declaration.project,
        kind="ex_ante",
        evaluator=u["assessor"],
        declaration=declaration,
    )
    evaluation = score_all(city, evaluation, "85")
    services.evaluation_conclude(actor=u["office_head"], evaluation=evaluation)
    client.force_login(u["office_reviewer"])
    page = client.get(reverse("intake:declaration_detail", kwargs={"pk": declaration.pk})).content.decode()
    assert 'data-testid="ex-ante"' in page and "85.00" in page and "评估意见：见各项评分。" in page


@pytest.mark.article("第二十七条")
def test_the_units_ex_post_result_is_on_its_record(city, criteria, accepted, completed):
    u = city.users
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=accepted(completed), kind="ex_post", evaluator=u["assessor"]
    )
    services.evaluation_conclude(actor=u["office_head"], evaluation=score_all(city, evaluation, "50"))
    records = unit_records([completed.unit_id])
    assert [(r.label, r.article) for r in records if r.article == "第二十七条"] == [("事后评估结果", "第二十七条")]
    assert "低于合格分数线" in next(r.text for r in records if r.article == "第二十七条")
