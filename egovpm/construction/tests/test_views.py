"""The construction pages: each party sees and does what the table gives it, nobody else (404/403); the
phone of the project leader is masked for those who do not need it; the list costs constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.conftest import declaration_at
from egovpm.construction import services
from egovpm.construction.models import Construction
from egovpm.lifecycle.roles import Role
from egovpm.projects.services import participant_assign
from egovpm.security.services_accounts import unit_create, user_create
from egovpm.testing.city import PASSWORD

from .conftest import AMOUNTS, RESPONSIBILITY, started


def _firm(city, name="江苏信诚工程监理有限公司", code="9001"):
    unit = unit_create(name=name, code=code, short_name=name[:4])
    user = user_create(
        username=f"firm{code}", password=PASSWORD, full_name="钱监理", unit=unit, roles=[Role.UNIT_CLERK]
    )
    return unit, user


def _items(**overrides):
    data = {}
    for kind, amount in AMOUNTS.items():
        data[f"item_{kind}"] = str(amount)
        data[f"desc_{kind}"] = ""
    data.update(overrides)
    return data


@pytest.mark.supports("第十四条")
def test_the_unit_opens_records_and_submits_and_the_office_approves_through_the_pages(
    client, city, funded, supervision
):
    u = city.users
    client.force_login(u["clerk"])
    response = client.post(reverse("construction:open"), {"project": funded.project_id})
    construction = Construction.objects.get(project=funded.project)
    assert response.status_code == 302 and response.url == reverse(
        "construction:detail", kwargs={"pk": construction.pk}
    )
    response = client.post(reverse("construction:responsibility", kwargs={"pk": construction.pk}), RESPONSIBILITY)
    assert response.status_code == 302
    response = client.post(
        reverse("construction:estimate", kwargs={"pk": construction.pk}),
        {"design_summary": "政务云部署。", **_items(item_hardware="-5")},
    )
    assert response.status_code == 200 and "不能为负数" in response.content.decode()
    assert not construction.estimates.exists()
    client.post(
        reverse("construction:estimate", kwargs={"pk": construction.pk}), {"design_summary": "政务云部署。", **_items()}
    )
    estimate = construction.estimates.get()
    # the unit cannot decide its own estimate
    assert (
        client.get(reverse("construction:decide", kwargs={"subject": "estimate", "pk": estimate.pk})).status_code == 403
    )
    client.force_login(u["office_reviewer"])
    page = client.get(reverse("construction:detail", kwargs={"pk": construction.pk})).content.decode()
    assert reverse("construction:decide", kwargs={"subject": "estimate", "pk": estimate.pk}) in page
    response = client.post(
        reverse("construction:decide", kwargs={"subject": "estimate", "pk": estimate.pk}), {"decision": "return"}
    )
    assert "请填写退回理由" in response.content.decode()
    client.post(
        reverse("construction:decide", kwargs={"subject": "estimate", "pk": estimate.pk}),
        {"decision": "approve", "reason": "同意。"},
    )
    estimate.refresh_from_db()
    assert estimate.status == "approved"
    client.force_login(u["clerk"])
    client.post(reverse("construction:act", kwargs={"pk": construction.pk, "action": "start_construction"}))
    construction.refresh_from_db()
    assert construction.stage == "under_construction"


@pytest.mark.supports("第十三条")
def test_the_start_button_says_why_it_is_refused(client, city, construction, supervision):
    supervision["supervision_firm_qualified"] = False
    client.force_login(city.users["clerk"])
    page = client.get(reverse("construction:detail", kwargs={"pk": construction.pk})).content.decode()
    assert "开工建设" in page and "项目实施机构" in page


@pytest.mark.article("第四条")
def test_another_unit_sees_nothing_and_cannot_act(client, city, construction):
    client.force_login(city.users["culture_clerk"])
    for name in ("detail", "responsibility", "estimate", "progress", "upload"):
        assert client.get(reverse(f"construction:{name}", kwargs={"pk": construction.pk})).status_code == 404
    url = reverse("construction:act", kwargs={"pk": construction.pk, "action": "start_construction"})
    assert client.post(url).status_code == 404
    listing = client.get(reverse("construction:list"))
    assert construction not in [c for c, _ in listing.context["rows"]]


@pytest.mark.article("第十三条")
def test_a_supervision_firm_sees_only_the_projects_it_is_assigned_to(client, city, construction):
    construction = started(city, construction)
    firm, firm_user = _firm(city)
    other, other_user = _firm(city, name="南通某监理咨询有限公司", code="9002")
    participant_assign(
        actor=city.users["office_head"],
        project=construction.project,
        role="supervision_firm",
        unit=firm,
        reason="中标。",
    )
    detail = reverse("construction:detail", kwargs={"pk": construction.pk})
    client.force_login(other_user)
    assert client.get(detail).status_code == 404
    client.force_login(firm_user)
    page = client.get(detail).content.decode()
    assert "江苏信诚" in page
    # the project leader's phone is the unit's business: masked for the firm
    assert RESPONSIBILITY["leader_phone"] not in page and "139****5678" in page
    # and it takes no step of the unit's
    assert client.get(reverse("construction:progress", kwargs={"pk": construction.pk})).status_code == 403
    client.post(reverse("construction:act", kwargs={"pk": construction.pk, "action": "declare_completion"}))
    construction.refresh_from_db()
    assert construction.stage == "under_construction"


@pytest.mark.supports("第十二条")
def test_the_unit_and_the_office_read_the_phone_in_full(client, city, construction):
    services.responsibility_record(actor=city.users["clerk"], construction=construction, data=RESPONSIBILITY)
    for who in ("clerk", "office_reviewer"):
        client.force_login(city.users[who])
        page = client.get(reverse("construction:detail", kwargs={"pk": construction.pk})).content.decode()
        assert RESPONSIBILITY["leader_phone"] in page


@pytest.mark.article("第十一条")
@pytest.mark.article("第三十一条")
def test_the_upload_page_of_a_secret_project_says_why_and_stores_nothing(client, city, funded, supervision):
    from egovpm.testing.scenario import pdf_file

    construction = services.construction_open(actor=city.users["clerk"], project=funded.project, involves_secrets=True)
    client.force_login(city.users["clerk"])
    url = reverse("construction:upload", kwargs={"pk": construction.pk})
    assert "涉及国家秘密" in client.get(url).content.decode()
    response = client.post(url, {"kind": "management_rules", "file": pdf_file()})
    assert response.status_code == 200 and "涉及国家秘密" in response.content.decode()
    assert not construction.documents.exists()


@pytest.mark.supports("第十五条")
def test_the_construction_list_costs_a_constant_number_of_queries(
    client, city, frozen_clock, supervision, django_assert_max_num_queries
):
    client.force_login(city.users["office_reviewer"])
    url = reverse("construction:list")

    def fill(n, start):
        for i in range(start, start + n):
            decl = declaration_at(city, "funded", name=f"项目{i}")
            c = services.construction_open(actor=city.users["clerk"], project=decl.project)
            if i % 2:
                started(city, c)

    fill(1, 0)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    fill(3, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 4


@pytest.mark.supports("第十四条")
def test_the_office_reads_the_design_document_beside_the_estimate(client, city, construction):
    from egovpm.testing.scenario import pdf_file

    estimate = services.estimate_submit(
        actor=city.users["clerk"],
        construction=construction,
        design_summary="方案",
        amounts=AMOUNTS,
        design_document=pdf_file("初步设计方案.pdf"),
    )
    client.force_login(city.users["office_reviewer"])
    page = client.get(reverse("construction:decide", kwargs={"subject": "estimate", "pk": estimate.pk}))
    doc = estimate.documents.get()
    assert doc.kind == "preliminary_design"
    assert reverse("documents:download", kwargs={"pk": doc.pk}) in page.content.decode()
    assert client.get(reverse("documents:download", kwargs={"pk": doc.pk})).status_code == 200
    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("documents:download", kwargs={"pk": doc.pk})).status_code in (403, 404)
