"""第二十五条 to 第二十七条: a concluded evaluation is issued as a numbered evaluation report."""

import pytest
from django.urls import reverse

from egovpm.evaluation import services
from egovpm.official.models import IssuedDocument
from egovpm.official.tests.helpers import docx_of, texts

from .conftest import score_all

pytestmark = pytest.mark.django_db


@pytest.mark.article("第二十七条")
def test_a_concluded_ex_post_evaluation_issues_its_report_with_the_order_to_rectify(
    client, city, criteria, accepted, completed
):
    u = city.users
    evaluation = services.evaluation_order(
        actor=u["office_reviewer"], project=accepted(completed), kind="ex_post", evaluator=u["assessor"]
    )
    evaluation = services.evaluation_conclude(actor=u["office_head"], evaluation=score_all(city, evaluation, "50"))
    report = IssuedDocument.objects.get(kind="evaluation_report", owner_id=evaluation.pk)
    assert report.number == "启政整办评〔2026〕1号"
    client.force_login(u["clerk"])
    page = client.get(reverse("evaluation:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert reverse("official:docx", args=[report.pk]) in page
    lines = texts(docx_of(client.get(reverse("official:docx", args=[report.pk])).content))
    assert "关于互联网医院事后评估的评估报告" in lines and "市人民医院：" in lines
    assert any(line.startswith("加权总分50.00分") and "低于合格分数线" in line for line in lines)
    assert "三、整改要求" in lines
    assert any(f"请你单位于{evaluation.rectification_due.year}年" in line for line in lines)
    client.force_login(u["culture_clerk"])
    assert client.get(reverse("official:docx", args=[report.pk])).status_code == 404
