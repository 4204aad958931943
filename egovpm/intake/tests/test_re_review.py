"""第七条(四): the Office re-reviews the feasibility materials; a passing project gets a numbered, dated
written opinion; a failing one is returned and not re-reviewed again that year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from egovpm.conftest import declaration_at
from egovpm.intake.models import ApprovalOpinion


def approve(client, decl, *, opinion="经复核，同意建设。", amount="280.50"):
    return client.post(
        reverse("intake:re_review_approve", args=[decl.pk]), {"opinion": opinion, "approved_amount": amount}
    )


@pytest.mark.article("第七条(四)")
def test_approval_issues_a_numbered_dated_opinion_that_prints(city, frozen_clock, client):
    first = declaration_at(city, "in_re_review")
    second = declaration_at(city, "in_re_review", name="智慧文旅", clerk="culture_clerk")
    frozen_clock(dt.date(2026, 12, 10))
    client.force_login(city.users["office_head"])

    response = approve(client, first)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:approval_opinion", args=[first.pk])
    frozen_clock(dt.date(2026, 12, 20))
    approve(client, second, amount="150")

    one, two = ApprovalOpinion.objects.get(declaration=first), ApprovalOpinion.objects.get(declaration=second)
    assert (one.number, one.seq, one.issued_on) == ("启政信办复〔2026〕001号", 1, dt.date(2026, 12, 10))
    assert (two.number, two.seq, two.issued_on) == ("启政信办复〔2026〕002号", 2, dt.date(2026, 12, 20))
    assert one.approved_amount == Decimal("280.50")
    first.refresh_from_db()
    assert first.stage == "approved"

    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:approval_opinion", args=[first.pk])).content.decode()
    assert "opinion-print" in page
    assert "关于互联网医院的复核意见" in page
    assert "启政信办复〔2026〕001号" in page
    assert "2026年12月10日" in page
    assert "市人民医院：" in page
    assert "280.50" in page
    assert "市政务信息系统整合共享工作领导小组办公室" in page
    assert 'href="?print=1"' in page
    printable = client.get(reverse("intake:approval_opinion", args=[first.pk]), {"print": "1"}).content.decode()
    assert "启政信办复〔2026〕001号" in printable
    assert 'class="topbar"' not in printable
    assert "<script" not in printable


@pytest.mark.article("第七条(四)")
def test_only_the_office_head_may_approve(city, frozen_clock, client):
    decl = declaration_at(city, "in_re_review")
    client.force_login(city.users["office_reviewer"])

    assert client.get(reverse("intake:re_review_approve", args=[decl.pk])).status_code == 403
    assert approve(client, decl).status_code == 403

    decl.refresh_from_db()
    assert decl.stage == "in_re_review"
    assert not ApprovalOpinion.objects.exists()


@pytest.mark.article("第七条(四)")
@pytest.mark.parametrize(
    ("opinion", "amount", "field", "message"),
    [
        ("同意。", "", "approved_amount", "请填写核定投资。"),
        ("同意。", "0", "approved_amount", "核定投资须大于零。"),
        ("同意。", "300.01", "approved_amount", "核定投资不能超过申报的预计总投资。"),
        ("", "100", "opinion", "请填写书面意见。"),
    ],
)
def test_a_bad_approval_is_refused_at_the_field(city, frozen_clock, client, opinion, amount, field, message):
    decl = declaration_at(city, "in_re_review")
    client.force_login(city.users["office_head"])

    response = approve(client, decl, opinion=opinion, amount=amount)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    decl.refresh_from_db()
    assert decl.stage == "in_re_review"
    assert not ApprovalOpinion.objects.exists()


def test_approval_is_refused_outside_the_re_review(city, frozen_clock, client):
    decl = declaration_at(city, "feasibility_submitted")
    client.force_login(city.users["office_head"])

    response = approve(client, decl)

    assert "项目当前状态不允许执行“复核通过并出具书面意见”。" in response.content.decode()
    decl.refresh_from_db()
    assert decl.stage == "feasibility_submitted"
    assert not ApprovalOpinion.objects.exists()


@pytest.mark.article("第七条(四)")
def test_a_returned_project_shows_its_reason_and_is_not_re_reviewed_again(city, frozen_clock, client):
    decl = declaration_at(city, "in_re_review")
    client.force_login(city.users["office_head"])
    client.post(
        reverse("intake:declaration_act", args=[decl.pk, "return_re_review"]),
        {"reason": "可研报告投资估算依据不足。"},
    )
    decl.refresh_from_db()
    assert decl.stage == "returned"
    assert decl.re_review_count == 1

    client.force_login(city.users["clerk"])
    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()
    assert "可研报告投资估算依据不足。" in page
    assert "年内不再复核" in page

    client.force_login(city.users["office_reviewer"])
    response = client.post(reverse("intake:declaration_act", args=[decl.pk, "start_re_review"]), follow=True)
    assert "年内不再复核" in response.content.decode()
    decl.refresh_from_db()
    assert decl.stage == "returned"
    assert decl.re_review_count == 1
    assert decl.return_reason == "可研报告投资估算依据不足。"


def test_the_opinion_is_hidden_from_other_units(city, frozen_clock, client):
    decl = declaration_at(city, "approved")
    client.force_login(city.users["culture_clerk"])

    assert client.get(reverse("intake:approval_opinion", args=[decl.pk])).status_code == 404


def test_the_declaration_page_summarises_the_opinion(city, frozen_clock, client):
    decl = declaration_at(city, "approved")
    opinion = decl.approval_opinion
    client.force_login(city.users["clerk"])

    page = client.get(reverse("intake:declaration_detail", args=[decl.pk])).content.decode()

    assert opinion.number in page
    assert reverse("intake:approval_opinion", args=[decl.pk]) in page
    assert "办公室尚未报送市财政局" in page
