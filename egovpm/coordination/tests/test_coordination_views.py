"""第六条 pages: the flag on every review screen, the Office's two decisions, its list of flagged projects
and its coordinated plan; who may open them; the list's query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.coordination import services as coordination
from egovpm.coordination.models import CoordinatedItem, InfrastructureDecision
from egovpm.intake import services
from egovpm.intake.models import Declaration, ReviewRound
from egovpm.intake.tests.test_declaration_rules import form_data
from egovpm.lifecycle.engine import GUARDS

from .test_coordination import STORAGE, advance, answer_all, flagged, fresh, item

FLAG = "⚑ 涉及基础性系统：云存储"


def page(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name if ":" in name else f"intake:{name}", kwargs=kwargs))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, testid: str, end: str = "</section>") -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index(end, start)]


# -- 第六条: flagged at declaration and at every review screen ---------------------------------------------


@pytest.mark.article("第六条")
def test_a_project_touching_cloud_storage_is_flagged_at_declaration_and_every_review_screen(client, city, plan_year):
    decl = flagged(city, plan_year)
    plain = flagged(city, plan_year, name="文旅导览小程序", areas=())
    u = city.users

    client.force_login(u["culture_clerk"])
    mine = page(client, "declaration_detail", pk=decl.pk)
    assert "⚑ 涉及基础性系统（第六条）：云存储" in section(mine, "infrastructure")
    assert "待办公室决定" in section(mine, "infrastructure")
    assert "⚑ 云存储" in section(mine, "infrastructure-areas", "</td>")
    listing = client.get(reverse("intake:declaration_list")).content.decode()
    assert listing.count('data-testid="infrastructure-flag"') == 1
    assert 'data-testid="infrastructure"' not in page(client, "declaration_detail", pk=plain.pk)

    client.force_login(u["office_reviewer"])
    assert FLAG in section(page(client, "initial_review_start", pk=decl.pk), "infrastructure-flag")
    assert "⚑ 涉及基础性系统（第六条）：云存储" in page(client, "declaration_detail", pk=decl.pk)

    advance(city, decl, "in_initial_review")
    advance(city, plain, "in_initial_review")
    rnd = ReviewRound.objects.get()
    rows = section(page(client, "round_detail", pk=rnd.pk), "round-declarations")
    assert rows.count(FLAG) == 1

    client.force_login(u["expert"])
    invitation = decl.invitations.get(reviewer=u["expert"])
    assert FLAG in section(page(client, "invitation_detail", pk=invitation.pk), "infrastructure-flag")
    other = plain.invitations.get(reviewer=u["expert"])
    assert "涉及基础性系统：" not in page(client, "invitation_detail", pk=other.pk)


# -- the Office's two decisions ------------------------------------------------------------------------


@pytest.mark.article("第六条")
def test_the_office_folds_it_from_the_declaration_page_and_the_unit_sees_it_left(client, city, plan_year):
    decl = flagged(city, plan_year, to="in_initial_review")
    target = item(city, plan_year)
    client.force_login(city.users["office_reviewer"])
    detail = page(client, "declaration_detail", pk=decl.pk)
    fold_url = reverse("coordination:coordination_fold", kwargs={"pk": decl.pk})
    # the table's action (form="coordination:coordination_fold") and the section's link both lead to the form
    box = detail[detail.index('data-action="fold_into_coordination"') :]
    assert f'href="{fold_url}"' in box[: box.index("</div>")]
    assert f'href="{fold_url}"' in section(detail, "infrastructure-decide", "</p>")

    form_page = page(client, "coordination:coordination_fold", pk=decl.pk)
    assert STORAGE in form_page
    response = client.post(fold_url, {"coordinated_item": target.pk, "reason": "并入全市政务云统一扩容。"})

    assert response.status_code == 302
    assert fresh(decl).stage == "coordinated"
    assert InfrastructureDecision.objects.get(declaration=decl).coordinated_item == target
    assert AuditEvent.objects.filter(action="declaration.fold_into_coordination", object_id=str(decl.pk)).count() == 1
    client.force_login(city.users["culture_clerk"])
    mine = page(client, "declaration_detail", pk=decl.pk)
    assert 'data-testid="stage">已纳入办公室统筹建设<' in mine
    assert "该项目已纳入办公室全市统筹建设，不再作为本单位的申报项目单独立项。" in mine
    assert STORAGE in section(mine, "infrastructure-decision", "</table>")
    assert "并入全市政务云统一扩容。" in mine


@pytest.mark.article("第六条")
def test_folding_without_an_item_or_a_reason_is_refused_at_the_fields(client, city, plan_year):
    decl = flagged(city, plan_year)
    item(city, plan_year)
    client.force_login(city.users["office_reviewer"])

    response = client.post(reverse("coordination:coordination_fold", kwargs={"pk": decl.pk}), {"reason": " "})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"coordinated_item": ["请选择统筹建设事项。"], "reason": ["请填写统筹说明。"]}
    assert "请填写统筹说明。" in response.content.decode()
    assert fresh(decl).stage == "submitted"
    assert not InfrastructureDecision.objects.exists()


@pytest.mark.article("第六条")
def test_an_item_of_another_plan_year_is_not_offered_nor_accepted(client, city, plan_year):
    decl = flagged(city, plan_year)
    other = item(city, services.plan_year_open(actor=city.users["office_reviewer"], year=2028))
    client.force_login(city.users["office_reviewer"])

    form_page = client.get(reverse("coordination:coordination_fold", kwargs={"pk": decl.pk}))
    assert list(form_page.context["form"].fields["coordinated_item"].queryset) == []
    assert "2027 年度的全市统筹建设计划中尚无事项。" in form_page.content.decode()
    response = client.post(
        reverse("coordination:coordination_fold", kwargs={"pk": decl.pk}),
        {"coordinated_item": other.pk, "reason": "统筹。"},
    )

    assert response.context["form"].errors["coordinated_item"] == ["请选择该项目计划年度的统筹建设事项。"]
    assert fresh(decl).stage == "submitted"


@pytest.mark.article("第六条")
def test_admitting_it_standalone_needs_a_reason_and_then_it_can_pass(client, city, plan_year):
    decl = flagged(city, plan_year, name="应急协同办公系统", areas=("协同办公",), to="in_initial_review")
    answer_all(decl)
    client.force_login(city.users["office_reviewer"])
    act = reverse("intake:declaration_act", kwargs={"pk": decl.pk, "action": "pass_initial_review"})

    refused = client.post(act, {"reason": "同意。"}, follow=True).content.decode()
    assert GUARDS["infrastructure_settled"].refusal in refused
    assert fresh(decl).stage == "in_initial_review"

    url = reverse("coordination:coordination_standalone", kwargs={"pk": decl.pk})
    empty = client.post(url, {"reason": "  "})
    assert empty.context["form"].errors == {"reason": ["请填写同意单独立项的理由。"]}
    assert not InfrastructureDecision.objects.exists()

    assert client.post(url, {"reason": "须在断网条件下独立运行。"}).status_code == 302
    decision = InfrastructureDecision.objects.get(declaration=decl)
    assert (decision.decision, decision.reason) == ("standalone", "须在断网条件下独立运行。")
    shown = page(client, "declaration_detail", pk=decl.pk)
    assert "须在断网条件下独立运行。" in section(shown, "infrastructure-decision", "</table>")
    assert 'data-testid="infrastructure-decide"' not in shown
    # a second decision is refused before any form is shown
    again = client.get(url, follow=True).content.decode()
    assert "办公室已对该项目作出决定：同意单独立项。" in again

    client.post(act, {"reason": "同意，须对接统一身份认证。"})
    assert fresh(decl).stage == "initially_passed"


# -- the Office's list and its plan --------------------------------------------------------------------


def three_decisions(city, plan_year) -> dict[str, Declaration]:
    office = city.users["office_reviewer"]
    folded = flagged(city, plan_year, name="文旅数据云存储扩容")
    alone = flagged(city, plan_year, name="文旅协同办公系统", areas=("协同办公",))
    waiting = flagged(city, plan_year, name="文旅专网链路升级", areas=("网络传输", "安全防护"))
    flagged(city, plan_year, name="文旅导览小程序", areas=())
    coordination.coordination_fold(
        actor=office, declaration=folded, coordinated_item=item(city, plan_year), reason="并入全市统一扩容。"
    )
    coordination.coordination_standalone(actor=office, declaration=alone, reason="业务独立，同意单独立项。")
    return {"folded": folded, "alone": alone, "waiting": waiting}


@pytest.mark.supports("第六条")
def test_the_offices_list_shows_every_flagged_project_and_its_decision(client, city, plan_year):
    decls = three_decisions(city, plan_year)
    client.force_login(city.users["office_head"])

    response = client.get(reverse("coordination:coordination_list"))  # the current cycle: plan year 2027

    assert response.context["year"] == 2027
    rows = {row["declaration"].pk: row for row in response.context["rows"]}
    assert set(rows) == {d.pk for d in decls.values()}
    html = response.content.decode()
    assert "共 3 个：纳入统筹 1 个，单独立项 1 个，待决定 1 个。" in html
    flagged_table = section(html, "flagged", "</table>")
    assert f"纳入统筹</span> → {STORAGE}" in flagged_table
    assert "理由：业务独立，同意单独立项。" in flagged_table
    assert "网络传输、安全防护" in flagged_table and "待决定" in flagged_table
    assert reverse("coordination:coordination_fold", kwargs={"pk": decls["waiting"].pk}) in flagged_table
    assert "文旅导览小程序" not in html
    plan = section(html, "plan-area", "</table>")
    assert STORAGE in plan and "文旅数据云存储扩容" in plan
    services.plan_year_open(actor=city.users["office_reviewer"], year=2028)
    assert not client.get(reverse("coordination:coordination_list"), {"plan_year": "2028"}).context["rows"]
    every_year = client.get(reverse("coordination:coordination_list"), {"plan_year": ""})
    assert every_year.context["year"] is None and len(every_year.context["rows"]) == 3


@pytest.mark.article("第六条")
def test_the_office_adds_an_item_to_the_plan_from_its_page(client, city, plan_year):
    client.force_login(city.users["office_reviewer"])
    url = reverse("coordination:coordinated_item_create")

    bad = client.post(url, {"plan_year": plan_year.pk, "name": "", "area": "机房"})
    assert bad.status_code == 200
    assert set(bad.context["item_form"].errors) == {"name", "area"}
    assert not CoordinatedItem.objects.exists()

    good = client.post(url, {"plan_year": plan_year.pk, "name": STORAGE, "area": "云存储", "description": "统一建设。"})
    assert good.status_code == 302
    assert CoordinatedItem.objects.get().name == STORAGE
    again = client.post(url, {"plan_year": plan_year.pk, "name": STORAGE, "area": "云存储"})
    assert again.context["item_form"].errors["name"] == [f"2027 年度统筹建设计划中已有“{STORAGE}”。"]
    assert CoordinatedItem.objects.count() == 1


# -- deny by default -----------------------------------------------------------------------------------


@pytest.mark.article("第六条")
@pytest.mark.parametrize(
    "user", ["clerk", "culture_clerk", "hospital_leader", "supervisor", "finance", "audit", "expert", "sysadmin"]
)
def test_non_office_roles_get_403_on_the_coordination_pages(client, city, plan_year, user):
    decl = flagged(city, plan_year)
    target = item(city, plan_year)
    client.force_login(city.users[user])
    fold = reverse("coordination:coordination_fold", kwargs={"pk": decl.pk})
    standalone = reverse("coordination:coordination_standalone", kwargs={"pk": decl.pk})

    assert client.get(reverse("coordination:coordination_list")).status_code == 403
    assert (
        client.post(reverse("coordination:coordinated_item_create"), {"name": "x", "area": "云存储"}).status_code == 403
    )
    for url in (fold, standalone):
        assert client.get(url).status_code == 403
    assert client.post(fold, {"coordinated_item": target.pk, "reason": "统筹。"}).status_code == 403
    assert client.post(standalone, {"reason": "理由。"}).status_code == 403
    assert fresh(decl).stage == "submitted"
    assert not InfrastructureDecision.objects.exists()
    assert CoordinatedItem.objects.count() == 1


@pytest.mark.article("第六条")
def test_the_office_gets_404_for_a_declaration_it_cannot_see(client, city, plan_year):
    draft = flagged(city, plan_year, to="draft")  # a draft has not reached the Office
    client.force_login(city.users["office_reviewer"])

    assert client.get(reverse("coordination:coordination_fold", kwargs={"pk": draft.pk})).status_code == 404
    assert (
        client.post(
            reverse("coordination:coordination_standalone", kwargs={"pk": draft.pk}), {"reason": "x"}
        ).status_code
        == 404
    )
    assert not InfrastructureDecision.objects.exists()


# -- query counts --------------------------------------------------------------------------------------


@pytest.mark.supports("第六条")
@pytest.mark.parametrize("n", [1, 6])
def test_the_coordination_list_costs_the_same_queries_for_few_or_many(
    client, city, plan_year, django_assert_max_num_queries, n
):
    office = city.users["office_reviewer"]
    target = item(city, plan_year)
    for i in range(n):
        folded = flagged(city, plan_year, name=f"云存储项目{i}")
        coordination.coordination_fold(actor=office, declaration=folded, coordinated_item=target, reason="统筹。")
        alone = flagged(city, plan_year, name=f"协同办公项目{i}", areas=("协同办公",))
        coordination.coordination_standalone(actor=office, declaration=alone, reason="理由。")
        flagged(city, plan_year, name=f"待决定项目{i}", areas=("云计算",))
        item(city, plan_year, name=f"统筹事项{i}", area="云计算")
    client.force_login(office)

    # (one of them finds the plan year of the oldest pending decision, the year the page opens on)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("coordination:coordination_list"))

    assert len(response.context["rows"]) == 3 * n


@pytest.mark.supports("第六条")
@pytest.mark.parametrize("n", [1, 6])
def test_flagged_rows_keep_the_declaration_lists_query_count(client, city, plan_year, django_assert_max_num_queries, n):
    for i in range(n):
        flagged(city, plan_year, name=f"云存储项目{i}")
        flagged(city, plan_year, name=f"普通项目{i}", areas=())
    client.force_login(city.users["office_reviewer"])

    with django_assert_max_num_queries(9):
        response = client.get(reverse("intake:declaration_list"))

    assert response.content.decode().count('data-testid="infrastructure-flag"') == n


@pytest.mark.article("第六条")
def test_the_clerk_ticks_the_infrastructure_areas_on_the_application_form(client, city, plan_year):
    client.force_login(city.users["culture_clerk"])
    url = reverse("intake:declaration_create")

    bad = client.post(url, {**form_data(plan_year=plan_year.pk), "infrastructure_areas": ["云存储", "机房"]})
    assert bad.context["form"].errors["infrastructure_areas"] == ["“机房”不是第六条所列的基础性系统。"]
    assert not Declaration.objects.exists()

    good = client.post(url, {**form_data(plan_year=plan_year.pk), "infrastructure_areas": ["安全防护", "云存储"]})
    assert good.status_code == 302
    decl = Declaration.objects.get()
    assert decl.infrastructure_areas == ["云存储", "安全防护"]
    edit = client.get(reverse("intake:declaration_edit", kwargs={"pk": decl.pk})).content.decode()
    assert 'value="云存储" id="id_infrastructure_areas_1" checked' in edit
    assert AuditEvent.objects.get(action="declaration.create").after["infrastructure_areas"] == ["云存储", "安全防护"]
