"""第十八条: an inspection's finding that orders rectification is issued as a numbered official document."""

import pytest
from django.urls import reverse

from egovpm.official.models import IssuedDocument
from egovpm.official.tests.helpers import docx_of, east_asia_font, texts

from .conftest import order


@pytest.mark.article("第十八条")
def test_a_rectification_order_is_a_numbered_notice_with_requirement_and_deadline(city, frozen_clock, client, project):
    _, rectification = order(city, project)
    notice = IssuedDocument.objects.get(kind="rectification_order", owner_id=rectification.pk)
    assert (notice.number, notice.title) == ("启政整办改〔2026〕1号", "关于互联网医院限期整改的通知")
    client.force_login(city.users["clerk"])
    page = client.get(reverse("supervision:project_detail", args=[project.pk])).content.decode()
    assert reverse("official:pdf", args=[notice.pk]) in page
    doc = docx_of(client.get(reverse("official:docx", args=[notice.pk])).content)
    lines = texts(doc)
    assert "启政整办改〔2026〕1号" in lines and "市人民医院：" in lines
    assert "资金使用未按合同约定。" in lines and "按合同约定整改资金支付。" in lines
    assert any(line.startswith("请于2026年11月14日前完成整改") for line in lines)
    assert east_asia_font(next(p for p in doc.paragraphs if p.text == "二、整改要求")) == "黑体"
    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("official:docx", args=[notice.pk])).status_code == 404
