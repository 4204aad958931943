"""The evaluation pages: the assessor sees only the evaluations assigned to its unit (404 on others'), scores on
the evaluation's page, Finance and Audit concur on the criteria page; the list keeps its queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.evaluation import services
from egovpm.evaluation.models import CriteriaVersion
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordered(city, criteria, accepted, completed):
    return services.evaluation_order(
        actor=city.users["office_reviewer"],
        project=accepted(completed),
        kind="ex_post",
        evaluator=city.users["assessor"],
        contract_number="PG-2027-01",
    )


@pytest.mark.article("第二十五条")
def test_an_assessor_sees_only_the_evaluations_assigned_to_it(client, city, ordered):
    other_unit = unit_create(name="南通某评估公司", code="0303", kind="assessor", short_name="某评估")
    other = user_create(
        username="other_assessor", password="x" * 16, full_name="乙", unit=other_unit, roles=[Role.ASSESSOR]
    )
    client.force_login(other)
    assert client.get(reverse("evaluation:evaluation_detail", kwargs={"pk": ordered.pk})).status_code == 404
    response = client.post(
        reverse("evaluation:score", kwargs={"pk": ordered.pk}),
        {"indicator": "E2", "score": "10", "evidence": "x", "comment": "y"},
    )
    assert response.status_code == 404
    assert list(client.get(reverse("evaluation:evaluation_list")).context["page"].object_list) == []
    # the unit sees its evaluation only once concluded; the assigned assessor sees it with contract and deadline
    client.force_login(city.users["clerk"])
    assert client.get(reverse("evaluation:evaluation_detail", kwargs={"pk": ordered.pk})).status_code == 404
    client.force_login(city.users["assessor"])
    response = client.get(reverse("evaluation:evaluation_list"))
    assert [e.pk for e in response.context["page"].object_list] == [ordered.pk]
    assert "PG-2027-01" in response.content.decode()
    client.force_login(city.users["engineer"])
    assert client.get(reverse("evaluation:evaluation_list")).status_code == 403


@pytest.mark.article("第二十五条")
def test_the_assessor_scores_on_the_page(client, city, ordered):
    user = city.users["assessor"]
    client.force_login(user)
    services.evaluation_start(actor=user, evaluation=ordered)
    response = client.post(
        reverse("evaluation:score", kwargs={"pk": ordered.pk}),
        {"indicator": "E2", "score": "80", "evidence": "运行记录。", "comment": "稳定。"},
    )
    assert response.status_code == 302
    assert ordered.scores.get().score == 80
    response = client.post(
        reverse("evaluation:score", kwargs={"pk": ordered.pk}),
        {"indicator": "E3", "score": "80", "evidence": "", "comment": "稳定。"},
        follow=True,
    )
    assert ordered.scores.count() == 1
    assert "评分依据" in response.content.decode()
    page = client.get(reverse("evaluation:evaluation_detail", kwargs={"pk": ordered.pk}))
    assert page.context["may_score"] and "系统运行效率" in page.content.decode()


@pytest.mark.article("第二十九条")
def test_finance_and_audit_concur_on_the_criteria_page(client, city, frozen_clock):
    version = services.criteria_draft(actor=city.users["office_reviewer"], content=services.seed_content())
    url = reverse("evaluation:concur", kwargs={"pk": version.pk})
    for username in ("finance", "audit"):
        client.force_login(city.users[username])
        assert client.get(reverse("evaluation:criteria_detail", kwargs={"pk": version.pk})).context[
            "may_concur_finance" if username == "finance" else "may_concur_audit"
        ]
        assert client.post(url, {"opinion": "同意。"}).status_code == 302
    client.force_login(city.users["office_head"])
    client.post(reverse("evaluation:criteria_act", kwargs={"pk": version.pk, "action": "put_in_force"}))
    assert CriteriaVersion.objects.get(pk=version.pk).stage == "in_force"
    client.force_login(city.users["clerk"])
    assert client.get(reverse("evaluation:criteria_list")).status_code == 403


@pytest.mark.supports("第二十五条")
def test_the_evaluation_list_keeps_its_queries(client, city, ordered, django_assert_max_num_queries):
    client.force_login(city.users["office_reviewer"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("evaluation:evaluation_list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 1
